"""The score sheet: drafts, submission with errors, revision, "Gem og næste", progress,
conflicts, the audit log."""

import json
import re

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import conflicts, sheets
from award.jury.models import Conflict, Juror, Score, ScoreSheet
from award.nominations.models import Nomination
from award.rounds.models import Round


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
    # Only spaces is no score: a draft without it; submitting says a score is missing.
    response = post(client, url(round_, entries[0]), "draft", score_1="   ", score_2="4")
    assert response.status_code == 302
    [sheet] = db.session.scalars(sa.select(ScoreSheet)).all()
    assert sheet.status == "draft"
    assert {s.criterion.number: s.value for s in sheet.scores if s.value is not None} == {2: 4}


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


def test_a_reason_of_only_spaces_is_no_reason(setting):
    round_, entries, _juror, client = setting
    target = url(round_, entries[1]) + "/inhabilitet"
    response = client.post(target, data={"csrf_token": csrf_token(client, target),
                                         "reason": "   \r\n  "})
    assert response.status_code == 200
    assert "Skriv, hvorfor du er inhabil." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0


def test_a_conflict_recorded_meanwhile_is_explained_not_an_error(setting, clock, monkeypatch):
    round_, entries, juror, client = setting
    target = url(round_, entries[1]) + "/inhabilitet"
    token = csrf_token(client, target)
    # The secretariat records the conflict just after the juror's request checked for one.
    conflicts.declare_conflict(juror, entries[1], "Oplyst pr. telefon.",
                          actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    checked = []
    real_has_conflict = conflicts.has_conflict

    def checked_before_the_secretariat(*args):
        if not checked:
            checked.append(True)
            return False
        return real_has_conflict(*args)

    monkeypatch.setattr(conflicts, "has_conflict", checked_before_the_secretariat)
    response = client.post(target, data={"csrf_token": token, "reason": "Kender dem."})
    assert response.status_code == 200
    assert ("jurymedlem@example.dk er allerede registreret som inhabil i forhold til "
            f"{entries[1].reference}.") in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Conflict.recorded_by)).all() == ["sekretariat@example.dk"]


def test_a_double_click_on_a_new_sheet_ends_as_an_update(app, setting, clock, monkeypatch):
    """Both requests find no sheet; the first commits its new sheet before the second
    inserts. The second must update that sheet, not fail on (round, juror, entry)."""
    round_, entries, juror, _client = setting
    looked = []
    real_sheet_of = sheets.sheet_of

    def first_request_commits_meanwhile(*args):
        if looked:
            return real_sheet_of(*args)
        looked.append(True)
        with app.app_context():  # the first request: its own session and connection
            sheets.save_sheet(db.session.get(Round, round_.id),
                            db.session.get(Juror, juror.id),
                            db.session.get(Nomination, entries[0].id),
                            sheets.SheetInput({1: 3}, {1: "Første klik"}), submit=False,
                            actor=juror.email, at=clock())
            db.session.commit()
        return None  # what the second request saw before that commit

    monkeypatch.setattr(sheets, "sheet_of", first_request_commits_meanwhile)
    sheets.save_sheet(round_, juror, entries[0], sheets.SheetInput({1: 4}, {1: "Andet klik"}),
                    submit=False, actor=juror.email, at=clock())
    db.session.commit()
    assert looked
    sheet = db.session.scalar(sa.select(ScoreSheet))
    db.session.refresh(sheet)
    assert {(s.criterion.number, s.value, s.comment) for s in sheet.scores if s.value} == {
        (1, 4, "Andet klik")}
    assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(Score.id))) == 7
    assert db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "sheet")).all() == ["sheet.saved", "sheet.saved"]
