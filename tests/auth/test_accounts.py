"""Log-in, lock-out, rate limit, invitation and reset links, sessions."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import PASSWORD, csrf_token

from award import create_app
from award.audit.models import AuditEntry
from award.auth import background
from award.auth import services as accounts
from award.auth.models import TokenPurpose, User
from award.extensions import db
from award.mail.models import OutboxMessage


def log_in(client, email, password, next_url=None, address="127.0.0.1"):
    path = "/log-ind" + (f"?next={next_url}" if next_url else "")
    return client.post(path, data={"csrf_token": csrf_token(client, "/log-ind"), "email": email,
                                   "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_log_in_and_out_with_a_fresh_session(app, client, make_user):
    make_user(role="juror", email="juror@example.dk")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = log_in(client, "Juror@Example.dk ", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/jury"
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session
    assert client.get("/jury").status_code == 200
    token = csrf_token(client, "/jury")
    response = client.post("/log-ud", data={"csrf_token": token})
    assert response.headers["Location"] == "/log-ind"
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/jury").status_code == 302


def test_the_session_cookie_is_httponly_and_lax(app, client, make_user):
    make_user()
    response = log_in(client, "sekretariat@example.dk", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_in_production(database_url):
    production = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                             "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                             "PUBLIC_BASE_URL": "https://pris.regioner.dk"})
    assert production.config["SESSION_COOKIE_SECURE"] is True


WRONG = ("E-mailadressen eller adgangskoden er forkert. Efter 5 forkerte forsøg i træk bliver "
         "kontoen låst i 15 minutter; du kan altid nulstille din adgangskode.")


LOCKED = "Der er skrevet en forkert adgangskode for mange gange"


def test_wrong_password_then_lock_out_after_five_failures(app, client, clock, make_user):
    user = make_user()
    for attempt in range(1, 5):
        page = log_in(client, user.email, "forkert adgangskode").get_data(as_text=True)
        assert WRONG in page, attempt
    # The fifth locks this address out of the account, and says so.
    page = log_in(client, user.email, "forkert adgangskode").get_data(as_text=True)
    assert LOCKED in page and WRONG not in page
    # Locked: even the right password is refused.
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 200 and LOCKED in response.get_data(as_text=True)
    clock.advance(minutes=14, seconds=59)
    assert log_in(client, user.email, PASSWORD).status_code == 200
    clock.advance(seconds=1)
    assert log_in(client, user.email, PASSWORD).status_code == 302
    # A failure writes nothing (an address without an account could not be told apart).
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "user").order_by(AuditEntry.id)).all()
    assert "user.login_failed" not in actions and actions[-1] == "user.logged_in"


def test_an_unknown_address_gets_the_same_answers(client, make_user):
    user = make_user()

    def answers(email, address):
        return [re.findall(r'<li>([^<]+)</li>', log_in(client, email, "forkert adgangskode",
                                                       address=address)
                           .get_data(as_text=True)) for _ in range(6)]

    unknown = answers("ingen@example.dk", "192.0.2.1")
    known = answers(user.email, "192.0.2.2")
    assert unknown == known
    assert WRONG in known[0][0] and LOCKED in known[4][0] and LOCKED in known[5][0]


def test_log_in_is_rate_limited_per_client_address(app, make_user):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user()
    client = app.test_client()
    statuses = [log_in(client, f"person{n}@example.dk", "forkert").status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_next_only_goes_to_paths_on_this_site(client, make_user):
    make_user()
    assert log_in(client, "sekretariat@example.dk", PASSWORD,
                  "https://evil.example/").headers["Location"] == "/sekretariat/"
    client.post("/log-ud", data={"csrf_token": csrf_token(client, "/sekretariat/")})
    assert log_in(client, "sekretariat@example.dk", PASSWORD,
                  "/sekretariat/2024/jury").headers["Location"] == "/sekretariat/2024/jury"


def test_a_disguised_next_does_not_leave_the_site(client, make_user):
    make_user()
    # %09 arrives as a tab, which browsers drop: "/\t/evil.example" would be "//evil.example".
    for disguised in ("/%09/evil.example", "/%5Cevil.example", "/%0A/evil.example"):
        location = log_in(client, "sekretariat@example.dk", PASSWORD, disguised).headers[
            "Location"]
        assert location == "/sekretariat/", (disguised, location)
        client.post("/log-ud", data={"csrf_token": csrf_token(client, "/sekretariat/")})


def invitation_token(app, user, clock):
    return accounts.issue_token(user, TokenPurpose.INVITATION, clock(), timedelta(days=7))


def set_password(client, path, password, confirm=None):
    return client.post(path, data={"csrf_token": csrf_token(client, path), "password": password,
                                   "confirm": confirm if confirm is not None else password})


def test_the_invitation_link_works_once(app, client, clock, make_user):
    user = make_user(role="juror", email="ny@example.dk", password=None)
    token = invitation_token(app, user, clock)
    db.session.commit()
    path = f"/konto/invitation/{token}"
    page = set_password(client, path, "for kort").get_data(as_text=True)
    assert "Adgangskoden skal være mindst 12 tegn lang." in page
    page = set_password(client, path, "en lang adgangskode", "en anden").get_data(as_text=True)
    assert "De to adgangskoder er ikke ens." in page
    response = set_password(client, path, "min nye lange adgangskode")
    assert response.headers["Location"] == "/log-ind"
    assert client.get(path).status_code == 404
    assert "Linket virker ikke længere" in client.get(path).get_data(as_text=True)
    assert log_in(client, "ny@example.dk", "min nye lange adgangskode").status_code == 302


def test_the_invitation_link_expires_after_seven_days(client, clock, app, make_user):
    user = make_user(role="juror", email="ny@example.dk", password=None)
    token = invitation_token(app, user, clock)
    db.session.commit()
    clock.advance(days=7)
    assert client.get(f"/konto/invitation/{token}").status_code == 404
    clock.advance(seconds=-1)
    assert client.get(f"/konto/invitation/{token}").status_code == 200


def test_a_reset_by_e_mail_and_a_changed_password_invalidates_the_link(app, client, clock,
                                                                       make_user, smtp):
    user = make_user()
    path = "/konto/glemt-adgangskode"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "email": "sekretariat@example.dk"})
    assert response.status_code == 302
    assert "Hvis adressen hører til en konto" in client.get("/log-ind").get_data(as_text=True)
    background.wait()  # the mail is made after the answer
    [message] = smtp.to("sekretariat@example.dk")
    link = re.search(r"http://localhost/konto/nulstil/\S+", message.get_content()).group(0)
    reset_path = link.removeprefix("http://localhost")
    assert client.get(reset_path).status_code == 200
    # The password changes by another route (the person remembered it and changed it).
    accounts.set_password(user, "en helt anden adgangskode", actor=user.email, at=clock(),
                          min_length=12)
    db.session.commit()
    assert client.get(reset_path).status_code == 404
    response = client.post(reset_path, data={
        "csrf_token": csrf_token(client, "/log-ind"), "password": "angriberens adgangskode",
        "confirm": "angriberens adgangskode"})
    assert response.status_code == 404


def test_a_reset_for_an_unknown_address_sends_nothing(client):
    path = "/konto/glemt-adgangskode"
    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "email": "ingen@example.dk"})
    assert response.status_code == 302
    background.wait()
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_new_password_ends_other_sessions(app, clock, make_user):
    user = make_user(role="juror", email="j@example.dk")
    client = app.test_client()
    assert log_in(client, user.email, PASSWORD).status_code == 302
    accounts.set_password(user, "en helt anden adgangskode", actor=user.email, at=clock(),
                          min_length=12)
    db.session.commit()
    with app.app_context():  # a request of its own, as in production (no cached user)
        assert client.get("/jury").status_code == 302


def test_user_add_command_prints_an_invitation_link(runner):
    result = runner.invoke(args=["user", "add", "--email", "Chef@Example.dk", "--name",
                                 "Chef", "--role", "secretariat"])
    assert result.exit_code == 0, result.output
    assert "http://localhost:5000/konto/invitation/" in result.output
    user = db.session.scalar(sa.select(User))
    assert user.email == "chef@example.dk" and user.role == "secretariat"
    again = runner.invoke(args=["user", "add", "--email", "chef@example.dk", "--name", "X"])
    assert again.exit_code != 0 and "exists already" in again.output


def test_user_add_command_with_a_typed_password(runner):
    result = runner.invoke(args=["user", "add", "--email", "s@example.dk", "--name", "S",
                                 "--password"], input="en lang adgangskode\nen lang adgangskode\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User))
    assert user.password_hash.startswith("scrypt:")


@pytest.mark.parametrize("password", ["kort", ""])
def test_user_add_refuses_a_short_password(runner, password):
    result = runner.invoke(args=["user", "add", "--email", "s@example.dk", "--name", "S",
                                 "--password"], input=f"{password}\n{password}\nx\nx\n")
    assert result.exit_code != 0
