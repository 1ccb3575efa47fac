"""The secretariat's jury pages: add a juror, weights, open a round, record a conflict, a
sheet on a juror's behalf."""

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.extensions import db
from award.jury.models import Conflict, Juror, Round, ScoreSheet
from award.models import AuditEntry, Criterion, OutboxMessage


@pytest.fixture
def office(app, cycle, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_add_a_juror_in_the_web(office, cycle):
    response = post(office, "/sekretariat/2024/jury/ny", name="Jonas Lund",
                    email="jonas@example.dk", organisation="Ungepanelet",
                    kind="patientrepraesentant", weight="1,25")
    assert response.status_code == 302
    juror = db.session.scalar(sa.select(Juror))
    assert juror.weight_hundredths == 125 and juror.kind == "patientrepraesentant"
    assert db.session.scalar(sa.select(OutboxMessage.to_address)) == "jonas@example.dk"
    page = office.get("/sekretariat/2024/jury").get_data(as_text=True)
    assert "Jonas Lund" in page and "1,25" in page and "Inviteret" in page
    page = post(office, "/sekretariat/2024/jury/ny", name="X", email="x@example.dk",
                kind="fagperson", weight="0").get_data(as_text=True)
    assert "Vægten skal være større end 0." in page


def test_set_weights_in_the_web(office, cycle, make_juror):
    juror = make_juror(cycle, "a@example.dk")
    assert post(office, f"/sekretariat/2024/jury/{juror.id}/vaegt",
                weight="1,5").status_code == 302
    db.session.refresh(juror)
    assert juror.weight_hundredths == 150
    weights = {f"weight_{n}": "1" for n in range(1, 8)} | {"weight_7": "2,00"}
    assert post(office, "/sekretariat/2024/kriterier/vaegte", **weights).status_code == 302
    assert db.session.scalar(sa.select(Criterion.weight_hundredths)
                             .where(Criterion.number == 7)) == 200
    page = post(office, "/sekretariat/2024/kriterier/vaegte",
                **{f"weight_{n}": "0" for n in range(1, 8)}).get_data(as_text=True)
    assert "Mindst ét kriterium skal have en vægt over 0." in page
    page = office.get("/sekretariat/2024/jury").get_data(as_text=True)
    assert "1,50" in page and "2,00" in page


def test_open_a_round_record_a_conflict_and_enter_a_sheet(office, cycle, make_juror,
                                                          make_nomination):
    entries = [make_nomination(cycle, initiative_name=f"Initiativ {n}") for n in (1, 2)]
    anna = make_juror(cycle, "anna@example.dk", name="Anna")
    make_juror(cycle, "bo@example.dk", name="Bo")
    response = post(office, "/sekretariat/2024/runder", number="1", name="Runde 1",
                    deadline="2024-02-15", quorum="2", method="weighted", panel_choice="some",
                    panel=str(anna.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    round_ = db.session.scalar(sa.select(Round))
    assert [seat.juror_id for seat in round_.panel] == [anna.id]

    response = post(office, "/sekretariat/2024/runder/1/inhabilitet", juror=str(anna.id),
                    entry=str(entries[0].id), reason="Oplyst pr. telefon.")
    assert response.status_code == 302
    conflict = db.session.scalar(sa.select(Conflict))
    assert conflict.recorded_by == "sekretariat@example.dk"

    path = f"/sekretariat/2024/runder/1/jurymedlemmer/{anna.id}/{entries[1].id}"
    response = post(office, path, action="submit", **{f"score_{n}": "3" for n in range(1, 8)})
    assert response.status_code == 302
    sheet = db.session.scalar(sa.select(ScoreSheet))
    assert sheet.juror_id == anna.id and sheet.entered_by == "sekretariat@example.dk"
    assert sheet.status == "submitted"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "sheet.submitted"))
    assert entry.actor == "sekretariat@example.dk" and "entered_on_behalf_of" in entry.details
    page = office.get(f"/sekretariat/2024/runder/1/jurymedlemmer/{anna.id}").get_data(
        as_text=True)
    assert "1 af 1 bedømt" in page
