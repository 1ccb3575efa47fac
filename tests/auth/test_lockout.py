"""The lock-out tells nobody who has an account and keeps no juror out: one password hash
per answer, locks per account and address, a daily cap per account, and the e-mailed reset
link that lifts every lock and signs in."""

import os
import re
import uuid

import pytest
from conftest import PASSWORD, csrf_token
from fixtures.database import RequestClient
from werkzeug import security

from award import create_app
from award.auth import background
from award.auth import services as accounts
from award.extensions import db

STRANGER, JUROR_HOME, ELSEWHERE = "203.0.113.66", "198.51.100.7", "192.0.2.44"
LOCKED = "Der er skrevet en forkert adgangskode for mange gange"
NEW_PASSWORD = "en ny og lang adgangskode"


def log_in(client, email, password, address):
    return client.post("/log-ind", data={"csrf_token": csrf_token(client, "/log-ind"),
                                         "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def juror(make_user):
    return make_user(role="juror", email="jurymedlem@example.dk", name="Jonas Lund")


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password hash the log-in checks, by the method it was made with."""
    checked = []

    def counting(stored, password):
        checked.append(stored.partition("$")[0])
        return security.check_password_hash(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    return checked


def test_every_answer_checks_one_password_hash_of_the_same_cost(app, client, clock, juror,
                                                                make_user, hash_checks):
    make_user(email="inviteret@example.dk", role="juror", password=None)
    # Another method than the default: the dummy hash must follow it, or an unknown address
    # would cost more or less than a real one.
    app.config["PASSWORD_HASH_METHOD"] = method = "pbkdf2:sha256:1000"
    accounts.set_password(juror, PASSWORD, actor="system", at=clock(), min_length=12)
    db.session.commit()
    cases = {
        "unknown": ("ingen@example.dk", "forkert adgangskode", "192.0.2.1"),
        "no password yet": ("inviteret@example.dk", "forkert adgangskode", "192.0.2.2"),
        "wrong": (juror.email, "forkert adgangskode", "192.0.2.3"),
    }
    for name, (email, password, address) in cases.items():
        hash_checks.clear()
        assert log_in(client, email, password, address).status_code == 200, name
        assert hash_checks == [method], name
    for _ in range(5):
        log_in(client, juror.email, "forkert adgangskode", STRANGER)
    hash_checks.clear()
    page = log_in(client, juror.email, PASSWORD, STRANGER).get_data(as_text=True)
    assert LOCKED in page
    assert hash_checks == [method], "locked: the same work as any other answer"
    hash_checks.clear()
    assert log_in(client, juror.email, PASSWORD, JUROR_HOME).status_code == 302
    assert hash_checks == [method]


def test_a_stranger_locks_out_only_themselves(app, client, clock, juror):
    for attempt in range(5):
        log_in(client, juror.email, f"gæt nummer {attempt}", STRANGER)
    assert LOCKED in log_in(client, juror.email, PASSWORD, STRANGER).get_data(as_text=True)
    # The juror, from home, is not locked out by it.
    assert log_in(app.test_client(), juror.email, PASSWORD, JUROR_HOME).status_code == 302
    # And the stranger's lock lifts after a quarter of an hour, not before.
    clock.advance(minutes=14)
    assert log_in(client, juror.email, PASSWORD, STRANGER).status_code == 200
    clock.advance(minutes=1)
    assert log_in(client, juror.email, PASSWORD, STRANGER).status_code == 302


def test_a_right_password_clears_the_wrong_ones_before_it(app, client, juror):
    for _ in range(4):
        log_in(client, juror.email, "forkert adgangskode", JUROR_HOME)
    assert log_in(client, juror.email, PASSWORD, JUROR_HOME).status_code == 302
    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/jury")})
    for _ in range(4):
        log_in(client, juror.email, "forkert adgangskode", JUROR_HOME)
    assert log_in(client, juror.email, PASSWORD, JUROR_HOME).status_code == 302


def reset_link(client, smtp, email) -> str:
    path = "/konto/glemt-adgangskode"
    client.post(path, data={"csrf_token": csrf_token(client, path), "email": email})
    background.wait()
    body = smtp.to(email)[-1].get_content()
    return re.search(r"http://localhost(/konto/nulstil/\S+)", body).group(1)


def choose_password(client, path, address):
    return client.post(path, data={"csrf_token": csrf_token(client, path),
                                   "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                       environ_base={"REMOTE_ADDR": address})


def test_guessing_from_many_addresses_is_capped_per_account_per_day(app, client, clock, juror):
    app.config["LOGIN_MAX_FAILURES_PER_DAY"] = 8
    for n in range(8):
        log_in(client, juror.email, "forkert adgangskode", f"203.0.113.{n // 2 + 1}")
    # Eight wrong passwords from four addresses, none of them locked on its own: the account
    # takes no password today, from anywhere.
    page = log_in(app.test_client(), juror.email, PASSWORD, JUROR_HOME).get_data(as_text=True)
    assert LOCKED in page
    clock.advance(days=1)
    assert log_in(app.test_client(), juror.email, PASSWORD, JUROR_HOME).status_code == 302


def test_the_reset_link_signs_in_and_lifts_every_lock(app, client, juror, smtp):
    app.config["LOGIN_MAX_FAILURES_PER_DAY"] = 8
    for _ in range(5):
        log_in(client, juror.email, "forkert adgangskode", JUROR_HOME)
    for n in range(3):
        log_in(client, juror.email, "forkert adgangskode", f"203.0.113.{n + 1}")
    own = app.test_client()
    assert LOCKED in log_in(own, juror.email, PASSWORD, JUROR_HOME).get_data(as_text=True)

    # Locked out every way a password can go, the juror asks for a link by e-mail ...
    response = choose_password(own, reset_link(own, smtp, juror.email), JUROR_HOME)
    # ... and is signed in by choosing a new password through it.
    assert response.status_code == 302 and response.headers["Location"] == "/jury"
    page = own.get("/jury").get_data(as_text=True)
    assert "Din nye adgangskode er gemt, og du er logget ind." in page
    # Both locks are gone: the new password works from home after logging out.
    own.post("/log-ud", data={"csrf_token": csrf_token(own, "/jury")})
    assert log_in(own, juror.email, NEW_PASSWORD, JUROR_HOME).status_code == 302


@pytest.mark.skipif(not os.environ.get("AWARD_TEST_REDIS_URL"),
                    reason="AWARD_TEST_REDIS_URL is not set")
def test_the_locks_work_on_redis_as_in_production(app, database_url, clock, juror):
    shared = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test",
        "CLOCK": clock, "RATELIMIT_STORAGE_URI": os.environ["AWARD_TEST_REDIS_URL"],
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}", "LOGIN_MAX_FAILURES_PER_DAY": 7,
    })
    shared.test_client_class = RequestClient
    with shared.app_context():
        stranger = shared.test_client()
        for _ in range(5):
            log_in(stranger, juror.email, "forkert adgangskode", STRANGER)
        assert LOCKED in log_in(stranger, juror.email, PASSWORD, STRANGER).get_data(
            as_text=True)
        assert log_in(shared.test_client(), juror.email, PASSWORD, JUROR_HOME).status_code == 302
        clock.advance(minutes=15)
        assert log_in(stranger, juror.email, PASSWORD, STRANGER).status_code == 302
        # Five failures today so far; two more from elsewhere reach the day's cap of seven.
        for _ in range(2):
            log_in(shared.test_client(), juror.email, "forkert adgangskode", ELSEWHERE)
        assert LOCKED in log_in(shared.test_client(), juror.email, PASSWORD,
                                JUROR_HOME).get_data(as_text=True)
