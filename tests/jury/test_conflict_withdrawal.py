"""A conflict of interest can be withdrawn, with a reason and audited: by the juror who
declared it or by the secretariat, while the round is open and no closed round has used it."""

import json

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import conflicts
from award.jury.jurors import JuryError
from award.jury.models import Conflict
from award.rounds import closing


@pytest.fixture
def judged(app, cycle, clock, make_nomination, make_juror, make_user, open_round):
    entry = make_nomination(cycle, initiative_name="Flexklinikken")
    other = make_nomination(cycle, initiative_name="Sundhedsbussen")
    ivan = make_juror(cycle, "ivan@example.dk", name="Ivan Inhabil")
    round_ = open_round(cycle)
    return entry, other, ivan, round_


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_a_juror_withdraws_their_own_declaration_and_may_score_again(app, judged, clock):
    entry, _other, ivan, round_ = judged
    juror = app.test_client()
    login(juror, ivan.user)
    sheet = f"/jury/runder/{round_.id}/indstillinger/{entry.id}"
    post(juror, f"{sheet}/inhabilitet", reason="Min søster leder klinikken.")
    assert juror.get(sheet).status_code == 403
    dashboard = juror.get("/jury").get_data(as_text=True)
    assert "Træk inhabilitet tilbage" in dashboard

    page = post(juror, f"{sheet}/inhabilitet/traek-tilbage", reason="  ").get_data(as_text=True)
    assert "Skriv, hvorfor inhabiliteten trækkes tilbage." in page
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 1

    response = post(juror, f"{sheet}/inhabilitet/traek-tilbage",
                    reason="Det var en anden klinik.")
    assert response.status_code == 302
    assert "Din erklæring om inhabilitet er trukket tilbage." in juror.get(
        "/jury").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0
    assert juror.get(sheet).status_code == 200
    withdrawn = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "conflict.withdrawn"))
    assert withdrawn.actor == "ivan@example.dk"
    details = json.loads(withdrawn.details)
    assert details["declared_reason"] == "Min søster leder klinikken."
    assert details["reason"] == "Det var en anden klinik."


def test_only_the_secretariat_withdraws_what_the_secretariat_recorded(app, judged, clock,
                                                                      make_user):
    entry, _other, ivan, round_ = judged
    conflict = conflicts.declare_conflict(ivan, entry, "Tidligere ansat.",
                                          actor="sekretariat@example.dk", at=clock())
    db.session.commit()
    conflict_id = conflict.id
    juror = app.test_client()
    login(juror, ivan.user)
    assert "Træk inhabilitet tilbage" not in juror.get("/jury").get_data(as_text=True)
    assert juror.get(f"/jury/runder/{round_.id}/indstillinger/{entry.id}/inhabilitet/"
                     "traek-tilbage").status_code == 404

    office = app.test_client()
    login(office, make_user())
    page = office.get("/sekretariat/2024/runder/1").get_data(as_text=True)
    path = f"/sekretariat/2024/runder/1/inhabilitet/{conflict_id}/traek-tilbage"
    assert path in page
    assert "Tidligere ansat." in office.get(path).get_data(as_text=True)
    response = post(office, path, reason="Ansættelsen sluttede for ti år siden.")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0
    # Gone: a second POST (a double click) finds nothing.
    assert office.get(path).status_code == 404


def test_a_conflict_a_closed_round_has_used_stays(app, judged, clock):
    entry, _other, ivan, round_ = judged
    conflict = conflicts.declare_conflict(ivan, entry, "Min søster leder klinikken.",
                                          actor=ivan.email, at=clock())
    closing.close_round(round_, actor="sekretariat@example.dk", at=clock(), force=True)
    db.session.commit()
    with pytest.raises(JuryError, match="indgår i en lukket runde"):
        conflicts.withdraw_conflict(conflict, "Alligevel ikke.", actor=ivan.email, at=clock())
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 1
