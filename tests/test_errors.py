"""Error pages: in Danish, in the site's layout where that is safe, and with the same security
headers as every other page; files are downloads that no cache keeps."""

import contextlib
import hashlib

import pytest
import sqlalchemy as sa
from conftest import answers_form, csrf_token, login

from award import create_app
from award.auth.models import User
from award.extensions import db, login_manager
from award.nominations.models import Attachment

SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


ENGLISH_NAMES = ("Not Found", "Method Not Allowed", "Forbidden", "Bad Request",
                 "Request Entity Too Large", "Too Many Requests", "Internal Server Error")


def assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert value in response.headers.get(name, ""), (name, response.headers.get(name))


def add_failing_view(app, name="fails_after_flush"):
    """A test-only page that makes a change the database refuses, then fails: the session is
    left waiting for a rollback when the error page is built."""

    def view():
        db.session.add(User(email="sekretariat@example.dk", name="Dobbelt", role="secretariat"))
        with contextlib.suppress(sa.exc.IntegrityError):  # a careless view carries on
            db.session.flush()  # the address is taken: the flush fails
        raise RuntimeError("something else went wrong")

    app.add_url_rule(f"/test/{name}", name, view)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the 500 page, not a raise
    return f"/test/{name}"


def test_the_500_page_for_a_signed_in_user_after_a_failed_flush(app, make_user):
    path = add_failing_view(app)
    client = app.test_client()
    login(client, make_user())
    response = client.get(path)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Der skete en fejl hos os" in page
    assert "Sara Sekretær" in page  # the usual layout, with the signed-in person
    assert_security_headers(response)


def test_the_500_page_when_even_the_signed_in_user_cannot_be_loaded(app, make_user,
                                                                    monkeypatch):
    path = add_failing_view(app)
    client = app.test_client()
    login(client, make_user())

    def database_gone(user_id):
        raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(login_manager, "_user_callback", database_gone)
    response = client.get(path)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Der skete en fejl hos os" in page and '<html lang="da">' in page
    assert "Log ud" not in page  # a plain page: nobody could be shown as signed in
    assert_security_headers(response)


@pytest.fixture
def juror_client(app, make_user):
    client = app.test_client()
    login(client, make_user(email="juror@example.dk", role="juror"))
    return client


def error_responses(app, client, juror_client, cycle):
    """Each error a person can meet, as (code, response)."""
    failing = add_failing_view(app)
    yield 404, client.get("/findes-ikke")
    yield 405, client.put("/")
    yield 403, juror_client.get("/sekretariat/")
    yield 400, client.post("/log-ud")  # no CSRF token
    app.config["MAX_CONTENT_LENGTH"] = 1000
    yield 413, client.post("/indstil", data={"description": "x" * 2000})
    app.config["NOMINATION_FORM_RATE_LIMIT"] = "1 per hour"
    data = answers_form(cycle, csrf_token=csrf_token(client))
    client.post("/indstil", data=data)
    yield 429, client.post("/indstil", data=data)
    yield 500, client.get(failing)


def test_every_error_page_has_the_security_headers(app, client, juror_client, cycle):
    seen = []
    for code, response in error_responses(app, client, juror_client, cycle):
        assert response.status_code == code
        assert response.mimetype == "text/html"
        assert_security_headers(response)
        page = response.get_data(as_text=True)
        assert '<html lang="da">' in page  # in Danish, never werkzeug's English page
        assert not any(name in page for name in ENGLISH_NAMES), page
        seen.append(code)
    assert seen == [404, 405, 403, 400, 413, 429, 500]


def test_the_refusal_of_an_untrusted_host_has_the_security_headers(database_url):
    production = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x",
                             "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                             "PUBLIC_BASE_URL": "https://pris.regioner.dk"})
    response = production.test_client().get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert_security_headers(response)


# ---------------------------------------------------------------- attachments

PDF = b"%PDF-1.4\n% bilag\n"


def attach_pdf(nomination):
    attachment = Attachment(filename="evaluering.pdf", media_type="application/pdf",
                            size=len(PDF), sha256=hashlib.sha256(PDF).hexdigest(), data=PDF,
                            created_at=nomination.submitted_at)
    nomination.attachments.append(attachment)
    db.session.commit()
    return attachment


def assert_private_download(response):
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert_security_headers(response)


def test_the_secretariat_downloads_an_attachment_that_no_cache_keeps(app, cycle, make_user,
                                                                     make_nomination):
    attachment = attach_pdf(make_nomination(cycle))
    client = app.test_client()
    login(client, make_user())
    assert_private_download(client.get(
        f"/sekretariat/2024/indstillinger/AP-2024-0001/bilag/{attachment.id}"))


def test_a_juror_downloads_an_attachment_that_no_cache_keeps(app, cycle, make_nomination,
                                                             make_juror, open_round):
    nomination = make_nomination(cycle)
    attachment = attach_pdf(nomination)
    juror = make_juror(cycle, "juror@example.dk")
    round_ = open_round(cycle)
    client = app.test_client()
    login(client, juror.user)
    assert_private_download(client.get(
        f"/jury/runder/{round_.id}/indstillinger/{nomination.id}/bilag/{attachment.id}"))
