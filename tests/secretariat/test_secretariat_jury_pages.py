"""The secretariat's jury pages: add a juror, weights, open a round, record a conflict, a
sheet on a juror's behalf."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from conftest import JUDGING, csrf_token, login

from award.audit.models import AuditEntry
from award.cycles.models import Criterion
from award.extensions import db
from award.jury import conflicts, jurors, sheets
from award.jury.models import Conflict, Juror, ScoreSheet
from award.mail.models import OutboxMessage
from award.nominations import screening
from award.rounds import services as rounds
from award.rounds.models import Round


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


def test_open_a_round_record_a_conflict_and_enter_a_sheet(office, cycle, clock, make_juror,
                                                          make_nomination):
    entries = [make_nomination(cycle, initiative_name=f"Initiativ {n}") for n in (1, 2)]
    anna = make_juror(cycle, "anna@example.dk", name="Anna")
    make_juror(cycle, "bo@example.dk", name="Bo")
    round_form = dict(number="1", name="Runde 1", deadline="2024-02-15", quorum="2",
                      method="weighted", panel_choice="some", panel=str(anna.id))
    # While the call is open, nominators may still change their text: no round yet.
    refused = post(office, "/sekretariat/2024/runder", **round_form)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert ("Runden kan først åbnes, når fristen for indstillinger er udløbet (13. januar 2024 "
            "kl. 23.59).") in page
    assert page.count("Runden kan først åbnes") == 2  # the error summary and the page's note
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0

    clock.set(JUDGING)
    screening.screen_remaining(cycle, actor="system", at=clock())
    db.session.commit()
    page = post(office, "/sekretariat/2024/runder", **{**round_form, "quorum": "to"}
                ).get_data(as_text=True)
    assert "Skriv et helt tal, fx 3." in page  # WTForms' own messages in Danish too
    response = post(office, "/sekretariat/2024/runder", **round_form)
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


@contextmanager
def counted_queries():
    """The SQL statements sent while the block runs."""
    statements = []

    def count(connection, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_the_round_page_costs_the_same_few_queries_for_any_panel(office, cycle, clock,
                                                                make_juror, make_nomination,
                                                                open_round):
    entries = [make_nomination(cycle, initiative_name=f"Initiativ {n}") for n in (1, 2, 3)]
    make_juror(cycle, "juror0@example.dk", name="Juror 0")
    open_round(cycle)

    def seat_jurors(first, last):
        """Whole-jury round: each new juror joins the panel, declares a conflict on one entry,
        submits a sheet on another and drafts the third."""
        for n in range(first, last):
            email = f"juror{n}@example.dk"
            juror = jurors.juror_by_email(cycle, email) or make_juror(cycle, email,
                                                                     name=f"Juror {n}")
            round_ = rounds.round_by_number(cycle, 1)
            conflicts.declare_conflict(juror, entries[n % 3], "Kender dem.", actor=juror.email,
                                  at=clock())
            for offset, submit in ((1, True), (2, False)):
                sheets.save_sheet(round_, juror, entries[(n + offset) % 3],
                                sheets.SheetInput({c: 3 for c in range(1, 8)}, {}),
                                submit=submit, actor=juror.email, at=clock())
        db.session.commit()

    def page_queries():
        with counted_queries() as statements:
            page = office.get("/sekretariat/2024/runder/1").get_data(as_text=True)
        panel_size = len(rounds.round_by_number(cycle, 1).panel)
        assert page.count("1 af 2 bedømt") == page.count("Kender dem.") == panel_size
        return len(statements)

    seat_jurors(0, 2)
    with_two = page_queries()
    seat_jurors(2, 8)
    with_eight = page_queries()
    # Before: 14 queries with 2 jurors, 38 with 8 (progress per juror, conflicts lazy-loaded).
    assert with_eight == with_two <= 10


def test_a_juror_who_has_a_password_is_not_told_about_an_invitation(office, cycle, make_cycle,
                                                                     make_juror):
    # A juror of another year, with a password already.
    make_juror(make_cycle(2023, opens="2022-11-21", deadline="2023-01-13"), "mette@example.dk",
               name="Mette Holm")
    response = post(office, "/sekretariat/2024/jury/ny", name="Mette Holm",
                    email="mette@example.dk", kind="patientorganisation", weight="1")
    assert response.status_code == 302
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Mette Holm er tilføjet til juryen. Der er ikke sendt en invitation, fordi Mette Holm "
            "allerede har en adgangskode og kan logge ind.") in page
    assert "har fået en invitation" not in page
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    response = post(office, "/sekretariat/2024/jury/ny", name="Jonas Lund",
                    email="jonas@example.dk", kind="patientrepraesentant", weight="1")
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jonas Lund er tilføjet til juryen og har fået en invitation på e-mail." in page


def test_fields_of_only_spaces_are_empty(office, cycle, make_juror, make_nomination, open_round):
    page = post(office, "/sekretariat/2024/jury/ny", name="  ", email=" ", kind="fagperson",
                weight="  ").get_data(as_text=True)
    for message in ("Skriv jurymedlemmets navn.", "Skriv jurymedlemmets e-mailadresse.",
                    "Skriv en vægt, fx 1 eller 1,5."):
        assert message in page
    entry = make_nomination(cycle)
    anna = make_juror(cycle, "anna@example.dk", name="Anna")
    open_round(cycle)
    response = post(office, "/sekretariat/2024/runder/1/inhabilitet", juror=str(anna.id),
                    entry=str(entry.id), reason=" \r\n ")
    assert response.status_code == 200
    assert "Skriv begrundelsen for inhabiliteten." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Conflict.id))) == 0
