"""Who may reach which jury and secretariat page: anonymous, a juror on the panel, a juror
not on the panel, a conflicted juror, the secretariat; forged ids in URLs and form fields."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest import START, login

from award.extensions import db
from award.jury import conflicts, sheets
from award.jury.models import ScoreSheet
from award.nominations.models import Attachment, NominationStatus

PDF = b"%PDF-1.4\n% bilag\n"


def attach_pdf(nomination):
    attachment = Attachment(filename="evaluering.pdf", media_type="application/pdf",
                            size=len(PDF), sha256=hashlib.sha256(PDF).hexdigest(), data=PDF,
                            created_at=nomination.submitted_at)
    nomination.attachments.append(attachment)
    db.session.commit()
    return attachment


class World:
    """Two cycles; round 1 of 2024 with panel (on_panel, conflicted); one juror of 2024 left
    off the panel; a juror of 2023 in that cycle's own round; the secretariat."""


@pytest.fixture
def world(app, clock, make_cycle, make_nomination, make_juror, make_user, open_round):
    app.config["WTF_CSRF_ENABLED"] = False
    w = World()
    # Last year's cycle, still being judged; its entry came in during its own call.
    w.other_cycle = make_cycle(2023, opens="2022-11-21", deadline="2023-01-13")
    clock.set(datetime(2023, 1, 5, 10, 0, tzinfo=UTC))
    w.other_entry = make_nomination(w.other_cycle, initiative_name="Ungepanelet")
    clock.set(START)
    w.cycle = make_cycle(2024)
    w.entries = [make_nomination(w.cycle, initiative_name=name, nominator_name="Søren Ærø",
                                 contact_name="Karen Jensen")
                 for name in ("Flexklinikken", "Broen til bedre sundhed", "Sundhedsbussen")]
    w.withdrawn = make_nomination(w.cycle, initiative_name="Trukket tilbage")
    w.withdrawn.status = NominationStatus.WITHDRAWN
    w.attachment = attach_pdf(w.entries[0])
    w.on_panel = make_juror(w.cycle, "paa.panel@example.dk", name="Pia Panel")
    w.conflicted = make_juror(w.cycle, "inhabil@example.dk", name="Ivan Inhabil")
    w.off_panel = make_juror(w.cycle, "udenfor@example.dk", name="Ulla Udenfor")
    w.secretariat = make_user()
    w.round = open_round(w.cycle, panel=["paa.panel@example.dk", "inhabil@example.dk"])
    conflicts.declare_conflict(w.conflicted, w.entries[0], "Min søster leder klinikken.",
                          actor="inhabil@example.dk", at=clock())
    db.session.commit()
    w.other_juror = make_juror(w.other_cycle, "andet.aar@example.dk")
    w.other_round = open_round(w.other_cycle)
    return w


def sheet_url(round_id, nomination_id):
    return f"/jury/runder/{round_id}/indstillinger/{nomination_id}"


def as_user(app, user):
    client = app.test_client()
    if user is not None:
        login(client, user.user if hasattr(user, "user") else user)
    return client


FULL_SHEET = {**{f"score_{n}": "4" for n in range(1, 8)}, "action": "submit"}

# (method, url builder, data) for every jury route, on the first entry (the conflicted one).
JURY_ROUTES = {
    "dashboard": ("GET", lambda w: "/jury", None),
    "sheet": ("GET", lambda w: sheet_url(w.round.id, w.entries[0].id), None),
    "sheet_post": ("POST", lambda w: sheet_url(w.round.id, w.entries[0].id), FULL_SHEET),
    "conflict": ("GET", lambda w: sheet_url(w.round.id, w.entries[0].id) + "/inhabilitet",
                 None),
    "conflict_post": ("POST", lambda w: sheet_url(w.round.id, w.entries[0].id) + "/inhabilitet",
                      {"reason": "Kender dem."}),
    "attachment": ("GET", lambda w: sheet_url(w.round.id, w.entries[0].id)
                   + f"/bilag/{w.attachment.id}", None),
}

# What each person gets: the status code, or "login" for a redirect to the log-in page.
EXPECTED = {
    "anonymous": {route: "login" for route in JURY_ROUTES},
    "on_panel": {"dashboard": 200, "sheet": 200, "sheet_post": 302, "conflict": 200,
                 "conflict_post": 302, "attachment": 200},
    "off_panel": {"dashboard": 200, "sheet": 404, "sheet_post": 404, "conflict": 404,
                  "conflict_post": 404, "attachment": 404},
    "conflicted": {"dashboard": 200, "sheet": 403, "sheet_post": 403, "conflict": 403,
                   "conflict_post": 403, "attachment": 403},
    "secretariat": {route: 403 for route in JURY_ROUTES},
}


def person(world, who):
    return None if who == "anonymous" else getattr(world, who)


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("route", list(JURY_ROUTES))
def test_jury_route_matrix(app, world, who, route):
    method, url, data = JURY_ROUTES[route]
    client = as_user(app, person(world, who))
    response = client.open(url(world), method=method, data=data)
    expected = EXPECTED[who][route]
    if expected == "login":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/log-ind")
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]
    if who != "on_panel":
        # Nothing was written by anyone who may not write.
        assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 0
    if expected in (403, 404):
        page = response.get_data(as_text=True)
        assert "Flexklinikken" not in page and "Svar på kriterium" not in page


@pytest.mark.parametrize("forged", [
    "other_cycle_entry", "withdrawn_entry", "other_cycle_round", "unknown_round",
    "unknown_entry", "unknown_attachment"])
def test_forged_ids_in_urls_are_not_found(app, world, forged):
    client = as_user(app, world.on_panel)
    url = {
        "other_cycle_entry": sheet_url(world.round.id, world.other_entry.id),
        "withdrawn_entry": sheet_url(world.round.id, world.withdrawn.id),
        "other_cycle_round": sheet_url(world.other_round.id, world.entries[1].id),
        "unknown_round": sheet_url(world.round.id + 100, world.entries[1].id),
        "unknown_entry": sheet_url(world.round.id, 99999),
        "unknown_attachment": sheet_url(world.round.id, world.entries[1].id) + "/bilag/"
                              f"{world.attachment.id}",
    }[forged]
    assert client.get(url).status_code == 404
    assert client.post(url, data=FULL_SHEET).status_code in (404, 405)
    assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 0


def test_forged_juror_and_sheet_ids_in_the_form_are_ignored(app, world, clock):
    theirs = sheets.save_sheet(world.round, world.conflicted, world.entries[1],
                               sheets.SheetInput({n: 1 for n in range(1, 8)},
                                                 {1: "Ivans tekst"}),
                               submit=True, actor="inhabil@example.dk", at=clock())
    db.session.commit()
    client = as_user(app, world.on_panel)
    response = client.post(sheet_url(world.round.id, world.entries[1].id), data={
        **FULL_SHEET, "juror_id": world.conflicted.id, "sheet_id": theirs.id,
        "juror": world.conflicted.id, "comment_1": "Pias tekst"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.scalars(sa.select(ScoreSheet).order_by(ScoreSheet.id)).all()
    assert [(s.juror_id, s.entered_by) for s in stored] == [
        (world.conflicted.id, "inhabil@example.dk"), (world.on_panel.id, "paa.panel@example.dk")]
    assert {s.value for s in stored[0].scores} == {1}
    assert stored[0].scores[0].comment == "Ivans tekst"


def test_the_other_cycles_juror_sees_nothing_of_2024(app, world):
    client = as_user(app, world.other_juror)
    page = client.get("/jury").get_data(as_text=True)
    assert "Ungepanelet" in page and "Flexklinikken" not in page
    assert client.get(sheet_url(world.round.id, world.entries[1].id)).status_code == 404


def test_no_juror_sees_another_jurors_scores_or_comments(app, world, clock):
    sheets.save_sheet(world.round, world.conflicted, world.entries[1],
                      sheets.SheetInput({n: 2 for n in range(1, 8)}, {3: "HEMMELIG-KOMMENTAR"},
                                        "HEMMELIG-SAMLET"),
                      submit=True, actor="inhabil@example.dk", at=clock())
    db.session.commit()
    client = as_user(app, world.on_panel)
    pages = [client.get("/jury"), client.get(sheet_url(world.round.id, world.entries[1].id)),
             client.get(sheet_url(world.round.id, world.entries[2].id))]
    for response in pages:
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "HEMMELIG" not in page
        assert "checked" not in page  # no score of anyone's is pre-selected for Pia
    dashboard = pages[0].get_data(as_text=True)
    assert "Indsendt" not in dashboard and "0 af 3 bedømt" in dashboard


def test_the_entry_never_shows_the_nominators_or_contacts_personal_data(app, world):
    nomination = world.entries[1]
    page = as_user(app, world.on_panel).get(
        sheet_url(world.round.id, nomination.id)).get_data(as_text=True)
    assert nomination.initiative_name in page and "Svar på kriterium 3." in page
    for personal in (nomination.nominator_name, nomination.nominator_email,
                     nomination.contact_name, nomination.contact_email,
                     nomination.contact_phone):
        assert personal not in page


SECRETARIAT_ROUTES = [
    ("GET", lambda w: "/sekretariat/"),
    ("GET", lambda w: "/sekretariat/2024/indstillinger"),
    ("GET", lambda w: f"/sekretariat/2024/indstillinger/{w.entries[0].reference}"),
    ("GET", lambda w: "/sekretariat/udbakke"),
    ("POST", lambda w: "/sekretariat/udbakke"),
    ("GET", lambda w: "/sekretariat/2024/jury"),
    ("GET", lambda w: "/sekretariat/2024/jury/ny"),
    ("GET", lambda w: f"/sekretariat/2024/jury/{w.on_panel.id}/vaegt"),
    ("GET", lambda w: "/sekretariat/2024/kriterier/vaegte"),
    ("GET", lambda w: "/sekretariat/2024/runder"),
    ("GET", lambda w: "/sekretariat/2024/runder/1"),
    ("GET", lambda w: "/sekretariat/2024/runder/1/inhabilitet"),
    ("GET", lambda w: "/sekretariat/2024/runder/1/luk"),
    ("GET", lambda w: "/sekretariat/2024/runder/1/videre"),
    ("GET", lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.on_panel.id}"),
    ("GET", lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.on_panel.id}/"
                      f"{w.entries[1].id}"),
    ("POST", lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.on_panel.id}/"
                       f"{w.entries[1].id}"),
    ("GET", lambda w: f"/sekretariat/2024/indstillinger/{w.entries[0].reference}/bilag/"
                      f"{w.attachment.id}"),
]


@pytest.mark.parametrize("who", ["anonymous", "on_panel", "conflicted", "off_panel",
                                 "secretariat"])
def test_secretariat_route_matrix(app, world, who):
    client = as_user(app, person(world, who))
    for method, url in SECRETARIAT_ROUTES:
        response = client.open(url(world), method=method,
                               data={**FULL_SHEET, "action": "draft"} if method == "POST" else None)
        if who == "anonymous":
            assert response.status_code == 302 and "/log-ind" in response.headers["Location"]
        elif who == "secretariat":
            assert response.status_code in (200, 302), url(world)
        else:
            assert response.status_code == 403, url(world)


@pytest.mark.parametrize("url", [
    # A juror of another cycle, a juror not on the panel, an entry of another cycle, a
    # conflicted juror's entry.
    lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.other_juror.id}/{w.entries[1].id}",
    lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.off_panel.id}/{w.entries[1].id}",
    lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.on_panel.id}/{w.other_entry.id}",
    lambda w: f"/sekretariat/2024/runder/1/jurymedlemmer/{w.conflicted.id}/{w.entries[0].id}",
    lambda w: f"/sekretariat/2024/jury/{w.other_juror.id}/vaegt",
    lambda w: "/sekretariat/2024/runder/2",
])
def test_secretariat_forged_ids(app, world, url):
    response = as_user(app, world.secretariat).get(url(world))
    assert response.status_code in (403, 404)


def test_round_deadline_freezes_sheets_for_jurors_but_shows_them(app, world, clock):
    world.round.deadline_at = clock() + timedelta(days=1)
    db.session.commit()
    client = as_user(app, world.on_panel)
    url = sheet_url(world.round.id, world.entries[1].id)
    assert client.post(url, data={**FULL_SHEET, "comment_2": "Før fristen"}).status_code == 302
    clock.advance(days=1)
    response = client.post(url, data={**FULL_SHEET, "score_1": "1", "comment_2": "Efter"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fristen for bedømmelserne er udløbet" in page
    assert "<form method=\"post\" novalidate class=\"award-form award-sheet\"" not in page
    page = client.get(url).get_data(as_text=True)
    assert "Før fristen" in page and "4 = i høj grad" in page
    db.session.expire_all()
    sheet = db.session.scalar(sa.select(ScoreSheet))
    assert sheet.scores[0].value == 4


def test_a_closed_round_refuses_changes(app, world, clock):
    world.round.closed_at = clock()
    db.session.commit()
    client = as_user(app, world.on_panel)
    response = client.post(sheet_url(world.round.id, world.entries[1].id), data=FULL_SHEET)
    assert "Runden er lukket" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 0


def test_the_proxy_sheet_links_the_entrys_attachment(app, world):
    client = as_user(app, world.secretariat)
    entry = world.entries[0]
    page = client.get(f"/sekretariat/2024/runder/1/jurymedlemmer/{world.on_panel.id}/"
                      f"{entry.id}").get_data(as_text=True)
    link = f"/sekretariat/2024/indstillinger/{entry.reference}/bilag/{world.attachment.id}"
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response.status_code == 200 and response.data == PDF
