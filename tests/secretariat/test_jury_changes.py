"""Changing a jury: starting it from an earlier year's, taking off a juror who has not scored,
inviting again a juror who never set a password."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login

from award.audit.models import AuditEntry
from award.auth.models import TokenPurpose, UserToken
from award.extensions import db
from award.jury import conflicts, jurors, sheets
from award.jury.models import Conflict, Juror
from award.mail.models import OutboxMessage
from award.rounds import services as rounds
from award.rounds.models import PanelSeat


@pytest.fixture
def office(app, cycle, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def post(client, path, form_page=None, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, form_page or path), **data})


def seated(cycle):
    return {juror.email: juror for juror in jurors.jurors(cycle)}


def test_a_new_jury_starts_from_the_earlier_years_chosen_jurors(office, cycle, clock,
                                                                 make_cycle, make_juror):
    earlier = make_cycle(2023, opens="2022-11-21", deadline="2023-01-13")
    mette = make_juror(earlier, "mette@example.dk", name="Mette Holm",
                       kind="patientorganisation", weight=150)
    jonas = make_juror(earlier, "jonas@example.dk", name="Jonas Lund", password=None)
    bo = make_juror(earlier, "bo@example.dk", name="Bo Berg")
    jurors.add_juror(cycle, email=bo.email, name=bo.name, kind="fagperson", actor="system",
                     at=clock(), link=str, invitation_valid=timedelta(days=7))
    db.session.commit()  # Bo is on this year's jury already
    mails_before = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))

    page = office.get("/sekretariat/2024/jury").get_data(as_text=True)
    assert "Tilføj jurymedlemmer fra 2023" in page
    form = office.get("/sekretariat/2024/jury/fra-tidligere").get_data(as_text=True)
    assert "Mette Holm (Patientorganisation, vægt 1,50)" in form
    assert f'value="{mette.id}" checked' in form and f'value="{jonas.id}" checked' in form
    assert f'value="{bo.id}"' not in form

    # A forged id and nothing chosen change nothing.
    page = post(office, "/sekretariat/2024/jury/fra-tidligere", jurors=str(bo.id)
                ).get_data(as_text=True)
    assert "Fejl" in page and set(seated(cycle)) == {"bo@example.dk"}
    page = post(office, "/sekretariat/2024/jury/fra-tidligere").get_data(as_text=True)
    assert "Vælg mindst ét jurymedlem." in page and set(seated(cycle)) == {"bo@example.dk"}

    response = post(office, "/sekretariat/2024/jury/fra-tidligere",
                    jurors=[str(mette.id), str(jonas.id)])
    assert response.status_code == 302
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 jurymedlemmer fra 2023 er tilføjet til juryen." in page
    now = seated(cycle)
    assert set(now) == {"bo@example.dk", "mette@example.dk", "jonas@example.dk"}
    assert (now["mette@example.dk"].kind, now["mette@example.dk"].weight_hundredths) == (
        "patientorganisation", 150)
    # Only Jonas, who never set a password, is invited (again).
    new_mail = db.session.scalars(sa.select(OutboxMessage.to_address)
                                  .order_by(OutboxMessage.id).offset(mails_before)).all()
    assert new_mail == ["jonas@example.dk"]
    # Nobody is left to take over: no link.
    assert "Tilføj jurymedlemmer fra 2023" not in office.get(
        "/sekretariat/2024/jury").get_data(as_text=True)


def test_a_juror_without_sheets_can_be_taken_off_the_jury(office, cycle, clock, make_juror,
                                                         make_nomination, open_round):
    entry = make_nomination(cycle)
    anna = make_juror(cycle, "anna@example.dk", name="Anna Ager")
    bo = make_juror(cycle, "bo@example.dk", name="Bo Berg")
    open_round(cycle)
    conflicts.declare_conflict(anna, entry, "Min søster.", actor=anna.email, at=clock())
    sheets.save_sheet(rounds.round_by_number(cycle, 1), bo, entry,
                      sheets.SheetInput({1: 3}, {}), submit=False, actor=bo.email, at=clock())
    db.session.commit()
    anna_id, bo_id = anna.id, bo.id

    page = office.get("/sekretariat/2024/jury").get_data(as_text=True)
    assert f"/sekretariat/2024/jury/{anna_id}/fjern" in page
    assert f"/sekretariat/2024/jury/{bo_id}/fjern" not in page  # Bo has a draft sheet

    confirm = office.get(f"/sekretariat/2024/jury/{anna_id}/fjern").get_data(as_text=True)
    assert "Erklæringer om inhabilitet, som Anna Ager har afgivet, bliver slettet med." in confirm
    response = post(office, f"/sekretariat/2024/jury/{anna_id}/fjern")
    assert response.status_code == 302
    assert "Anna Ager er fjernet fra juryen for 2024." in office.get(
        response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Juror, anna_id) is None
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0
    assert db.session.scalars(sa.select(PanelSeat.juror_id)).all() == [bo_id]
    entry_ = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "juror.removed"))
    assert entry_.object_id == "anna@example.dk"

    # Bo has scored: the page says why not, and a forged POST changes nothing.
    confirm = office.get(f"/sekretariat/2024/jury/{bo_id}/fjern").get_data(as_text=True)
    assert "Bo Berg har bedømmelser og kan ikke fjernes fra juryen." in confirm
    page = post(office, f"/sekretariat/2024/jury/{bo_id}/fjern").get_data(as_text=True)
    assert "Bo Berg har bedømmelser og kan ikke fjernes fra juryen." in page
    db.session.expire_all()
    assert db.session.get(Juror, bo_id) is not None
    # Another year's juror id in this year's address is not found.
    assert office.get("/sekretariat/2023/jury/1/fjern").status_code == 404


def test_an_invitation_is_sent_again_and_the_old_link_stops_working(office, cycle, clock,
                                                                   make_juror):
    jonas = make_juror(cycle, "jonas@example.dk", name="Jonas Lund", password=None)
    mette = make_juror(cycle, "mette@example.dk", name="Mette Holm")
    first = db.session.scalar(sa.select(UserToken).where(
        UserToken.purpose == TokenPurpose.INVITATION))
    page = office.get("/sekretariat/2024/jury").get_data(as_text=True)
    assert page.count("Send invitation igen") == 1

    response = post(office, f"/sekretariat/2024/jury/{jonas.id}/inviter-igen",
                    form_page="/sekretariat/2024/jury")
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jonas Lund har fået en ny invitation på e-mail." in page
    db.session.expire_all()
    tokens = db.session.scalars(sa.select(UserToken).where(
        UserToken.purpose == TokenPurpose.INVITATION).order_by(UserToken.id)).all()
    assert len(tokens) == 2 and tokens[0].id == first.id
    assert not tokens[0].usable(clock()) and tokens[1].usable(clock())
    assert db.session.scalars(sa.select(OutboxMessage.to_address)).all() == [
        "jonas@example.dk", "jonas@example.dk"]

    # Mette can log in already: refused, no mail; a POST without a token is refused.
    response = post(office, f"/sekretariat/2024/jury/{mette.id}/inviter-igen",
                    form_page="/sekretariat/2024/jury")
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mette Holm har allerede en adgangskode og kan logge ind." in page
    assert office.post(f"/sekretariat/2024/jury/{jonas.id}/inviter-igen").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 2
