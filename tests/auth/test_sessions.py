"""Sessions end at log-out everywhere, after an idle spell that depends on the role, and some
hours after the log-in; what a juror sent after the end is not lost."""

import html
import re
import time

import pytest
import sqlalchemy as sa
from conftest import PASSWORD, csrf_token
from werkzeug.datastructures import MultiDict

from award.extensions import db
from award.jury.models import Score

IDLE_SECRETARIAT = "Du er blevet logget ud, fordi du ikke har brugt siden i 30 minutter."
IDLE_JUROR = "Du er blevet logget ud, fordi du ikke har brugt siden i 2 timer."
TOO_LONG = "Du er blevet logget ud, fordi du har været logget ind i 12 timer."
NOT_SAVED = "Det, du sendte, er ikke gemt endnu."


def log_in(client, email, password=PASSWORD):
    response = client.post("/log-ind", data={"csrf_token": csrf_token(client, "/log-ind"),
                                             "email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def age(client, *, idle=0, since=None):
    """Make the session look as if its last request was `idle` seconds ago (and the log-in
    `since` seconds ago)."""
    now = int(time.time())
    with client.session_transaction() as session:
        session["_seen"] = now - idle
        if since is not None:
            session["_since"] = now - since


def test_log_out_ends_a_copied_session_cookie(app, make_user):
    make_user(role="juror", email="juror@example.dk")
    mine, copy = app.test_client(), app.test_client()
    log_in(mine, "juror@example.dk")
    copy.set_cookie("session", mine.get_cookie("session").value)
    assert copy.get("/jury").status_code == 200
    mine.post("/log-ud", data={"csrf_token": csrf_token(mine, "/jury")})
    response = copy.get("/jury")
    assert response.status_code == 302 and response.headers["Location"].startswith("/log-ind")


@pytest.mark.parametrize(("role", "email", "home", "limit", "message"), [
    ("secretariat", "sekretariat@example.dk", "/sekretariat/", 30, IDLE_SECRETARIAT),
    ("juror", "juror@example.dk", "/jury", 120, IDLE_JUROR),
])
def test_a_session_ends_after_its_role_s_idle_time(app, client, make_user, role, email, home,
                                                   limit, message):
    make_user(role=role, email=email)
    log_in(client, email)
    age(client, idle=limit * 60 - 5)
    assert client.get(home).status_code == 200  # just inside: and the clock starts again
    age(client, idle=limit * 60 + 1)
    response = client.get(home)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/log-ind?next={home}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page and "Log ind igen for at fortsætte." in page
    assert client.get(home).status_code == 302  # over for good, not only once


def test_a_session_ends_some_hours_after_the_log_in_however_busy(client, make_user):
    make_user(role="juror", email="juror@example.dk")
    log_in(client, "juror@example.dk")
    age(client, idle=0, since=12 * 3600 - 5)
    assert client.get("/jury").status_code == 200
    age(client, idle=0, since=12 * 3600 + 1)
    response = client.get("/jury", follow_redirects=True)
    assert TOO_LONG in response.get_data(as_text=True)


def test_an_ended_session_on_a_public_page_just_goes_on_without_it(client, make_user):
    make_user(email="sekretariat@example.dk")
    log_in(client, "sekretariat@example.dk")
    age(client, idle=31 * 60)
    page = client.get("/").get_data(as_text=True)
    assert IDLE_SECRETARIAT in page and "Log ud" not in page


def hidden_fields(page: str) -> list[tuple[str, str]]:
    fields = []
    for tag in re.findall(r"<input [^>]*>", page):
        if 'type="hidden"' in tag:
            name = re.search(r' name="([^"]*)"', tag).group(1)
            value = re.search(r' value="([^"]*)"', tag).group(1)
            fields.append((html.unescape(name), html.unescape(value)))
    return fields


def test_a_sheet_sent_after_the_session_ended_is_not_lost(app, cycle, make_nomination,
                                                          make_juror, open_round):
    entry = make_nomination(cycle)
    make_juror(cycle, "jurymedlem@example.dk")
    round_ = open_round(cycle)
    client = app.test_client()
    log_in(client, "jurymedlem@example.dk")
    target = f"/jury/runder/{round_.id}/indstillinger/{entry.id}"
    token = csrf_token(client, target)
    comment = 'Grundigt arbejde – "klinikken" møder borgerne <på gaden>.\nAnden linje.'
    age(client, idle=3 * 3600)  # a long think before pressing the button

    response = client.post(target, data={"csrf_token": token, "action": "draft",
                                         "score_1": "4", "comment_1": comment})
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert IDLE_JUROR in page and NOT_SAVED in page
    assert 'value="jurymedlem@example.dk"' in page  # the e-mail is filled in
    assert db.session.scalar(sa.select(sa.func.count(Score.id))) == 0

    # Logging in on that page offers to send it again; one press saves it.
    login_form = dict(hidden_fields(page))
    carried = [(name, value) for name, value in hidden_fields(page)
               if name.startswith("resume:")]
    assert ("resume:comment_1", comment) in carried
    response = client.post("/log-ind", data=MultiDict([
        ("csrf_token", login_form["csrf_token"]), ("resume_to", login_form["resume_to"]),
        *carried, ("email", "jurymedlem@example.dk"), ("password", PASSWORD)]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Send det, du skrev" in page
    action, form = re.search(r'<form method="post" action="([^"]+)" class="award-form">'
                             r'(.*?)</form>', page, re.S).groups()
    assert action == target
    response = client.post(action, data=MultiDict(hidden_fields(form)))
    assert response.status_code == 302
    score = db.session.scalar(sa.select(Score).where(Score.comment != ""))
    assert score.comment == comment and score.value == 4


def test_what_was_sent_is_offered_only_to_the_same_person(app, cycle, make_nomination,
                                                          make_juror, open_round):
    entry = make_nomination(cycle)
    make_juror(cycle, "jurymedlem@example.dk")
    make_juror(cycle, "anden@example.dk")
    round_ = open_round(cycle)
    client = app.test_client()
    log_in(client, "jurymedlem@example.dk")
    target = f"/jury/runder/{round_.id}/indstillinger/{entry.id}"
    token = csrf_token(client, target)
    age(client, idle=3 * 3600)
    page = client.post(target, data={"csrf_token": token, "action": "draft",
                                     "comment_1": "Min kommentar"}).get_data(as_text=True)
    fields = hidden_fields(page)
    response = client.post("/log-ind", data=MultiDict([
        *fields, ("email", "anden@example.dk"), ("password", PASSWORD)]))
    assert response.status_code == 302 and response.headers["Location"] == "/jury"
    assert "Min kommentar" not in client.get("/jury").get_data(as_text=True)


def test_the_session_cookie_is_not_secure_over_http_in_development(client, make_user):
    make_user()
    response = client.post("/log-ind", data={"csrf_token": csrf_token(client, "/log-ind"),
                                             "email": "sekretariat@example.dk",
                                             "password": PASSWORD})
    assert "Secure" not in response.headers["Set-Cookie"]
    assert client.get("/sekretariat/").status_code == 200
