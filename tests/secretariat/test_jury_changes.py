"""The jury in the web: last year's jurors seated again (the secretariat chooses whom), a juror
removed while nothing they did counts, an invitation sent again."""

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import sheets
from award.jury.models import Juror
from award.mail.models import OutboxMessage
from award.rounds import closing

JURY = "/sekretariat/2024/jury"


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def post(client, path, page=JURY, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def invitations(email):
    return db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "user.invitation", OutboxMessage.to_address == email)).all()


def actions(action):
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def jury_of(cycle):
    db.session.expire_all()
    return sorted(j.email for j in db.session.scalars(
        sa.select(Juror).where(Juror.cycle_id == cycle.id)))


def test_last_years_jurors_are_seated_again_as_chosen(office, make_cycle, cycle, make_juror):
    earlier = make_cycle(2023, opens="2022-11-21", deadline="2023-01-13")
    make_juror(earlier, "anna@example.dk", name="Anna Ågård", kind="patientrepraesentant")
    bo = make_juror(earlier, "bo@example.dk", name="Bo Bøgh", weight=150, password=None)
    bo.organisation = "VIVE"
    db.session.commit()
    assert 'href="/sekretariat/2024/jury/fra-tidligere">Sæt jurymedlemmer fra 2023 ind' in \
        office.get(JURY).get_data(as_text=True)
    path = f"{JURY}/fra-tidligere"
    page = office.get(path).get_data(as_text=True)
    assert "Anna Ågård (anna@example.dk), patientrepræsentant" in page
    assert "Bo Bøgh (bo@example.dk), fagperson, VIVE" in page

    refused = post(office, path, path)
    assert refused.status_code == 400 and "Vælg mindst ét jurymedlem." in refused.get_data(
        as_text=True)
    response = post(office, path, path, juror=str(bo.id))
    assert response.status_code == 302
    assert "1 jurymedlem fra 2023 er sat ind i juryen for 2024." in office.get(JURY).get_data(
        as_text=True)
    seated = db.session.scalar(sa.select(Juror).where(Juror.cycle_id == cycle.id))
    assert (seated.email, seated.kind, seated.weight_hundredths, seated.organisation) == (
        "bo@example.dk", "fagperson", 150, "VIVE")
    assert len(invitations("bo@example.dk")) == 2  # 2023's and this one, naming 2024
    assert "juryen for Prisen for Årets Patientoplevelse 2024" in invitations(
        "bo@example.dk")[-1].body

    # A double click, or a forged id, is refused and changes nothing.
    for forged in (str(bo.id), "999999999999999", "x"):
        refused = post(office, path, path, juror=forged)
        assert refused.status_code == 400
        assert "er allerede med i juryen for 2024 eller findes ikke" in refused.get_data(
            as_text=True)
    assert jury_of(cycle) == ["bo@example.dk"]
    # Only Anna is left to choose.
    page = office.get(path).get_data(as_text=True)
    assert "Anna Ågård" in page and "Bo Bøgh" not in page


def test_a_juror_is_removed_while_nothing_they_did_counts(office, cycle, clock, make_juror,
                                                          make_nomination, open_round):
    entry = make_nomination(cycle)
    anna = make_juror(cycle, "anna@example.dk", name="Anna")
    bo = make_juror(cycle, "bo@example.dk", name="Bo")
    cecilie = make_juror(cycle, "cecilie@example.dk", name="Cecilie")
    round_ = open_round(cycle)
    sheets.save_sheet(round_, anna, entry, sheets.SheetInput({1: 3}, {}), submit=False,
                      actor=anna.email, at=clock())
    db.session.commit()

    refused = post(office, f"{JURY}/{anna.id}/fjern")
    assert refused.status_code == 409
    assert "Anna har bedømmelser i 2024 og kan ikke fjernes fra juryen." in refused.get_data(
        as_text=True)
    removed = f"{JURY}/{bo.id}/fjern"
    response = post(office, removed)
    assert response.status_code == 302
    assert "Bo er fjernet fra juryen for 2024." in office.get(JURY).get_data(as_text=True)
    assert jury_of(cycle) == ["anna@example.dk", "cecilie@example.dk"]
    db.session.refresh(round_)
    assert sorted(seat.juror.email for seat in round_.panel) == [
        "anna@example.dk", "cecilie@example.dk"]
    assert [entry.object_id for entry in actions("juror.removed")] == ["bo@example.dk"]
    assert post(office, removed).status_code == 404  # a second click

    closing.close_round(round_, actor="system", at=clock(), force=True)
    db.session.commit()
    refused = post(office, f"{JURY}/{cecilie.id}/fjern")
    assert refused.status_code == 409
    assert "Cecilie sad i panelet for Runde 1, som er lukket, og kan ikke fjernes fra juryen." \
        in refused.get_data(as_text=True)
    assert jury_of(cycle) == ["anna@example.dk", "cecilie@example.dk"]


def test_an_invitation_is_sent_again_to_a_juror_without_a_password(office, cycle, make_juror):
    invited = make_juror(cycle, "bo@example.dk", name="Bo", password=None)
    active = make_juror(cycle, "anna@example.dk", name="Anna")
    page = office.get(JURY).get_data(as_text=True)
    assert page.count("Send invitation igen") == 1
    response = post(office, f"{JURY}/{invited.id}/invitation")
    assert response.status_code == 302
    assert "Bo har fået en ny invitation på e-mail." in office.get(JURY).get_data(as_text=True)
    assert len(invitations("bo@example.dk")) == 2
    refused = post(office, f"{JURY}/{active.id}/invitation")
    assert refused.status_code == 409
    assert "Anna har allerede valgt en adgangskode og kan logge ind." in refused.get_data(
        as_text=True)
    assert invitations("anna@example.dk") == []
    # Without the form's token nothing is sent.
    assert office.post(f"{JURY}/{invited.id}/invitation").status_code == 400
    assert len(invitations("bo@example.dk")) == 2
