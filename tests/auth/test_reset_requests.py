"""Asking for a password reset: the same answer and the same work for every address, links
that never come from the Host header, and a limit on the mails one account gets."""

import re
import threading

import pytest
import sqlalchemy as sa
from conftest import csrf_token

from award.auth import background
from award.extensions import db
from award.mail.models import OutboxMessage

PATH = "/konto/glemt-adgangskode"
SENT = "Hvis adressen hører til en konto, har vi sendt en e-mail"


def ask(client, email):
    return client.post(PATH, data={"csrf_token": csrf_token(client, PATH), "email": email})


def ask_with_host(client, email, host):
    """As an attacker would: every request of the session with the forged Host header."""
    page = client.get(PATH, headers={"Host": host}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(PATH, data={"csrf_token": token, "email": email},
                       headers={"Host": host})


@pytest.fixture
def statements_in_this_thread(app):
    """The SQL statements run by the test's own thread (the request), not by the background
    worker."""
    seen = []
    me = threading.get_ident()

    def before(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == me:
            seen.append(statement.split()[0].upper())

    sa.event.listen(db.engine, "before_cursor_execute", before)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", before)


def test_a_known_and_an_unknown_address_get_the_same_answer_and_work(
        app, client, make_user, smtp, statements_in_this_thread):
    make_user(email="sekretariat@example.dk")
    answers = {}
    for email in ("sekretariat@example.dk", "ingen@example.dk"):
        csrf_token(client, PATH)
        statements_in_this_thread.clear()
        response = ask(client, email)
        answers[email] = (response.status_code, response.headers["Location"],
                          list(statements_in_this_thread))
        assert SENT in client.get("/log-ind").get_data(as_text=True)
    # No lookup, no token, no outbox row, no audit entry inside the request, for either.
    assert answers["sekretariat@example.dk"] == answers["ingen@example.dk"] == (
        302, "/log-ind", [])
    background.wait()
    assert len(smtp.to("sekretariat@example.dk")) == 1
    assert smtp.to("ingen@example.dk") == []


def test_a_forged_host_header_does_not_reach_the_link(app, client, make_user, smtp):
    make_user(email="sekretariat@example.dk")
    response = ask_with_host(client, "sekretariat@example.dk", "evil.example")
    assert response.status_code == 302
    background.wait()
    body = smtp.to("sekretariat@example.dk")[0].get_content()
    assert "evil.example" not in body
    # Development without PUBLIC_BASE_URL: the development server's own address.
    assert re.search(r"http://localhost/konto/nulstil/[\w-]+", body)


def test_with_a_public_address_links_use_it_whatever_the_host(app, client, make_user, smtp):
    app.config["PUBLIC_BASE_URL"] = "https://pris.regioner.dk/"
    make_user(email="sekretariat@example.dk")
    ask_with_host(client, "sekretariat@example.dk", "evil.example")
    background.wait()
    body = smtp.to("sekretariat@example.dk")[0].get_content()
    assert re.search(r"https://pris\.regioner\.dk/konto/nulstil/[\w-]+", body)
    assert "evil.example" not in body


def test_links_keep_a_path_in_the_public_address(app):
    from award.auth.links import external_url

    assert (external_url("https://regioner.dk/pris", "auth.reset_password", token="abc")
            == "https://regioner.dk/pris/konto/nulstil/abc")


def test_one_account_gets_few_reset_mails_and_always_a_valid_link(app, client, clock,
                                                                  make_user, smtp):
    app.config.update(RESET_MAIL_INTERVAL_MINUTES=5, RESET_MAILS_PER_DAY=3,
                      LOGIN_RATE_LIMIT="1000 per minute")
    make_user(email="sekretariat@example.dk")

    def mails_after(asking_times):
        for _ in range(asking_times):
            response = ask(client, "Sekretariat@Example.dk ")
            # The page says the same whether a mail went or not.
            assert response.status_code == 302
            assert SENT in client.get("/log-ind").get_data(as_text=True)
        background.wait()
        return len(smtp.to("sekretariat@example.dk"))

    assert mails_after(10) == 1  # ten in a minute: one mail
    clock.advance(minutes=4, seconds=59)
    assert mails_after(1) == 1  # the first link is still in the mailbox
    clock.advance(seconds=1)
    assert mails_after(1) == 2
    clock.advance(minutes=5)
    assert mails_after(1) == 3
    clock.advance(minutes=30)
    assert mails_after(5) == 3  # three today, and a valid link in the mailbox
    # Once every link sent has expired (two hours), the juror gets a new one after all.
    clock.advance(minutes=90, seconds=1)
    assert mails_after(1) == 4
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 4
