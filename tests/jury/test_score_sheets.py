"""The score sheet: drafts, submission with errors, revision, "Gem og næste", progress,
conflicts, the audit log."""

import json
import re

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.extensions import db
from award.jury.models import ScoreSheet
from award.models import AuditEntry


@pytest.fixture
def setting(app, cycle, make_nomination, make_juror, open_round):
    entries = [make_nomination(cycle, initiative_name=f"Initiativ {n}") for n in range(1, 4)]
    juror = make_juror(cycle, "jurymedlem@example.dk", name="Jens Jurymedlem")
    round_ = open_round(cycle)
    client = app.test_client()
    login(client, juror.user)
    return round_, entries, juror, client


def url(round_, entry):
    return f"/jury/runder/{round_.id}/indstillinger/{entry.id}"


def post(client, target, action, **fields):
    return client.post(target, data={"csrf_token": csrf_token(client, target), "action": action,
                                     **fields})


def test_the_sheet_shows_every_criterion_with_the_labelled_scale(setting, cycle):
    round_, entries, _juror, client = setting
    page = client.get(url(round_, entries[0])).get_data(as_text=True)
    for criterion in cycle.criteria:
        assert criterion.text_da in page
    assert "1 = i meget ringe grad" in page and "5 = i meget høj grad" in page
    assert page.count('type="radio"') == 35
    assert "Gem og næste" in page and "Næste indstilling" in page


def test_a_draft_keeps_any_subset_then_submit_requires_all(setting):
    round_, entries, _juror, client = setting
    target = url(round_, entries[0])
    response = post(client, target, "draft", score_1="3", comment_2="Godt dokumenteret.")
    assert response.status_code == 302
    page = client.get(target).get_data(as_text=True)
    assert "gemt som kladde" in page and "Godt dokumenteret." in page
    assert re.search(r'value="3" checked', page)

    response = post(client, target, "submit", score_1="3", score_2="4")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er problemer med det, du har skrevet" in page
    for number in range(3, 8):
        assert f'href="#score_{number}-0"' in page
        assert f"Vælg, i hvilken grad initiativet opfylder kriterium {number}." in page
    assert db.session.scalar(sa.select(ScoreSheet.status)) == "draft"

    scores = {f"score_{n}": str(n % 5 + 1) for n in range(1, 8)}
    response = post(client, target, "submit", **scores, overall_comment="Flot.")
    assert response.status_code == 302
    sheet = db.session.scalar(sa.select(ScoreSheet))
    db.session.refresh(sheet)
    assert sheet.status == "submitted" and sheet.entered_by == "jurymedlem@example.dk"
    assert sorted(s.value for s in sheet.scores) == sorted(n % 5 + 1 for n in range(1, 8))

    # Revised while the round is open.
    response = post(client, target, "submit", **{**scores, "score_7": "1"})
    assert response.status_code == 302
    db.session.refresh(sheet)
    assert {s.criterion.number: s.value for s in sheet.scores}[7] == 1

    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "sheet").order_by(AuditEntry.id)).all()
    assert actions == ["sheet.saved", "sheet.submitted", "sheet.submitted"]
    last = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert json.loads(last.details)["scores"]["7"] == 1


def test_a_score_outside_the_scale_is_refused(setting):
    round_, entries, _juror, client = setting
    response = post(client, url(round_, entries[0]), "draft", score_1="9")
    assert "Vælg et af trinene på skalaen." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 0


def test_save_and_next_moves_through_the_entries(setting):
    round_, entries, _juror, client = setting
    complete = {f"score_{n}": "5" for n in range(1, 8)}
    response = post(client, url(round_, entries[0]), "next", **complete)
    assert response.headers["Location"] == url(round_, entries[1])
    response = post(client, url(round_, entries[1]), "next", score_1="2")
    assert response.headers["Location"] == url(round_, entries[2])
    response = post(client, url(round_, entries[2]), "next", **complete)
    assert response.headers["Location"] == "/jury"
    statuses = dict(db.session.execute(
        sa.select(ScoreSheet.nomination_id, ScoreSheet.status)).all())
    assert statuses == {entries[0].id: "submitted", entries[1].id: "draft",
                        entries[2].id: "submitted"}
    dashboard = client.get("/jury").get_data(as_text=True)
    assert "2 af 3 bedømt" in dashboard
    assert dashboard.count("Indsendt") == 2 and dashboard.count("Kladde") == 1


def test_a_declared_conflict_hides_the_entry_and_leaves_progress(setting):
    round_, entries, _juror, client = setting
    target = url(round_, entries[1]) + "/inhabilitet"
    response = client.post(target, data={"csrf_token": csrf_token(client, target), "reason": ""})
    assert "Skriv, hvorfor du er inhabil." in response.get_data(as_text=True)
    response = client.post(target, data={"csrf_token": csrf_token(client, target),
                                         "reason": "Jeg har været med til at udvikle det."})
    assert response.status_code == 302
    dashboard = client.get("/jury").get_data(as_text=True)
    assert "0 af 2 bedømt" in dashboard and "Inhabil" in dashboard
    assert client.get(url(round_, entries[1])).status_code == 403
    # Previous/next links skip the conflicted entry.
    page = client.get(url(round_, entries[0])).get_data(as_text=True)
    assert f'href="{url(round_, entries[2])}" rel="next"' in page
    assert url(round_, entries[1]) not in page


def test_the_sheet_form_checks_its_csrf_token(setting):
    round_, entries, _juror, client = setting
    response = client.post(url(round_, entries[0]), data={"action": "draft", "score_1": "3"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 0
