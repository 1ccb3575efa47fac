"""A conflict of interest can be withdrawn, by the juror or the secretariat, with a reason,
while the round is open; the withdrawal is in the audit log and the juror may score again."""

import json

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import conflicts
from award.jury.models import Conflict
from award.rounds import closing


@pytest.fixture
def conflicted(app, cycle, clock, make_nomination, make_juror, open_round, make_user):
    entry = make_nomination(cycle)
    anna = make_juror(cycle, "anna@example.dk", name="Anna")
    round_ = open_round(cycle)
    conflicts.declare_conflict(anna, entry, "Min søster arbejder der.", actor=anna.email,
                               at=clock())
    db.session.commit()
    return round_, anna, entry


def withdrawals():
    return db.session.scalars(sa.select(AuditEntry)
                              .where(AuditEntry.action == "conflict.withdrawn")).all()


def test_the_juror_withdraws_a_conflict_with_a_reason(app, conflicted):
    round_, anna, entry = conflicted
    client = app.test_client()
    login(client, anna.user)
    sheet = f"/jury/runder/{round_.id}/indstillinger/{entry.id}"
    assert client.get(sheet).status_code == 403
    dashboard = client.get("/jury").get_data(as_text=True)
    path = f"{sheet}/inhabilitet/tilbage"
    assert f'href="{path}">Træk inhabiliteten tilbage' in dashboard
    page = client.get(path).get_data(as_text=True)
    assert "med begrundelsen: Min søster arbejder der." in page

    refused = client.post(path, data={"csrf_token": csrf_token(client, path), "reason": "  "})
    assert refused.status_code == 400
    assert "Skriv, hvorfor inhabiliteten trækkes tilbage." in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 1

    response = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "reason": "Det var en anden afdeling."})
    assert response.status_code == 302
    assert ("Din inhabilitet i forhold til Flexklinikken er trukket tilbage."
            in client.get("/jury").get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0
    assert client.get(sheet).status_code == 200
    (entry_,) = withdrawals()
    assert entry_.actor == "anna@example.dk"
    assert json.loads(entry_.details) == {
        "juror": "anna@example.dk", "entry": "AP-2024-0001", "reason": "Det var en anden afdeling.",
        "declared": "Min søster arbejder der.", "declared_by": "anna@example.dk"}
    # A second click: told so, nothing changes.
    again = client.post(path, data={"csrf_token": csrf_token(client, sheet), "reason": "x"})
    assert again.status_code == 302
    assert "Du er ikke registreret som inhabil" in client.get("/jury").get_data(as_text=True)
    assert len(withdrawals()) == 1


def test_the_secretariat_withdraws_one_until_the_round_closes(app, conflicted, make_user,
                                                              clock):
    round_, anna, entry = conflicted
    office = app.test_client()
    login(office, make_user())
    conflict = db.session.scalar(sa.select(Conflict))
    path = f"/sekretariat/2024/runder/1/inhabilitet/{conflict.id}/tilbage"
    assert f'href="{path}">Træk inhabiliteten tilbage' in office.get(
        "/sekretariat/2024/runder/1").get_data(as_text=True)
    assert office.get(f"/sekretariat/2024/runder/1/inhabilitet/{conflict.id + 1}/tilbage"
                      ).status_code == 302  # none such: told so
    response = office.post(path, data={"csrf_token": csrf_token(office, path),
                                       "reason": "Oplyst pr. telefon: en fejl."})
    assert response.status_code == 302
    assert "Inhabiliteten for Anna er trukket tilbage." in office.get(
        "/sekretariat/2024/runder/1").get_data(as_text=True)
    assert withdrawals()[0].actor == "sekretariat@example.dk"

    # Declared again and the round closed: it counted, so it stays.
    db.session.expunge(conflict)  # deleted by the request's own session
    conflict = conflicts.declare_conflict(anna, entry, "Alligevel.", actor=anna.email,
                                          at=clock())
    db.session.commit()
    path = f"/sekretariat/2024/runder/1/inhabilitet/{conflict.id}/tilbage"
    token = csrf_token(office, path)
    closing.close_round(round_, actor="system", at=clock(), force=True)
    db.session.commit()
    refused = office.post(path, data={"csrf_token": token, "reason": "For sent."})
    assert refused.status_code == 400
    assert "Runde 1 er lukket, så inhabiliteten kan ikke længere trækkes tilbage." in \
        refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 1
    assert len(withdrawals()) == 1
