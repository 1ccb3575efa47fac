"""The secretariat's start page: each cycle with its phase, its counts and what needs doing
next, in plain Danish sentences that link to where it is done; with the demo's three cycles and
with states made by hand."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from conftest import login

from award import timeutil
from award.announcements import services as announcements
from award.auth.models import User
from award.extensions import db
from award.jury import sheets
from award.nominations import screening
from award.retention import services as retention
from award.rounds import closing, decision
from award.rounds import results as round_results
from award.rounds import services as rounds
from award.secretariat.overview import Urgency, next_steps


def copenhagen(*args) -> datetime:
    return datetime(*args, tzinfo=timeutil.COPENHAGEN).astimezone(UTC)


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def steps(app, cycle, at):
    """(sentence, link, urgency) of each step, as the page lists them."""
    with app.test_request_context():
        return [(step.what, step.link, step.urgency) for step in next_steps(cycle, at)]


def score(round_, juror, entry, value, clock):
    sheets.save_sheet(round_, juror, entry, sheets.SheetInput({n: value for n in range(1, 8)}, {}),
                      submit=True, actor=juror.email, at=clock())


# ---------------------------------------------------------------- the demo's three cycles


def demo(app, runner, clock):
    """The demo loaded on 23 November 2026, and a client signed in as its secretariat."""
    clock.set(copenhagen(2026, 11, 23, 10))
    assert runner.invoke(args=["demo"]).exit_code == 0
    client = app.test_client()
    login(client, db.session.scalar(sa.select(User).where(User.email == "sekretariat@example.dk")))
    return client


def test_the_demo_cycles_say_what_to_do_next(app, runner, clock):
    page = demo(app, runner, clock).get("/sekretariat/").get_data(as_text=True)

    # Announced in April 2025, the grant valid to 31 December 2026 with claims open: personal
    # data is kept to 12 months after the grant's end, not overdue.
    assert "Vinderen er offentliggjort</strong> · 5 indstillinger · 5 egnede" in page
    assert "Overskredet" not in page
    assert ('<a href="/sekretariat/2025/persondata">Personoplysninger skal slettes den '
            '31. december 2027.</a>') in page
    assert ('<a href="/sekretariat/2025/rejsegodtgoerelse#til-behandling">1 udgift til '
            'rejsegodtgørelsen venter på godkendelse.</a>') in page
    assert ('<a href="/sekretariat/2025/rejsegodtgoerelse">1 godkendt udgift til '
            'rejsegodtgørelsen venter på udbetaling.</a>') in page
    assert ('<a href="/sekretariat/2025/pressemeddelelse#indstillinger">Listen over '
            'indstillingerne er ikke offentliggjort.</a>') in page
    assert "Pressemeddelelsen er ikke offentliggjort" not in page  # it is

    # Judged: round 1 open for three weeks; 5 jurors × 8 entries, 1 conflict, 9 submitted.
    assert "Bedømmes</strong> · 8 indstillinger · 8 egnede · 5 jurymedlemmer · 1 runde" in page
    assert ('<a href="/sekretariat/2026/runder/1">Runde 1 slutter 13. december 2026 kl. 23.59; '
            '30 bedømmelser mangler.</a>') in page

    # The call, open with 13 nominations and no jury yet.
    assert ('<a href="/sekretariat/2027/screening?status=unscreened">13 indstillinger venter '
            'på screening.</a>') in page
    assert ('<a href="/sekretariat/2027/indstillinger">Indkaldelsen er åben til 13. januar 2027 '
            'kl. 23.59; 13 indstillinger indtil nu.</a>') in page
    assert '<a href="/sekretariat/2027/jury">Juryen har ingen medlemmer endnu.</a>' in page
    # Each cycle's pages are a click away.
    assert 'href="/sekretariat/2027/runder">Runder<span class="sr-only"> 2027</span>' in page


def test_the_overview_speaks_english_too(app, runner, clock):
    office = demo(app, runner, clock)
    office.get("/sprog/en")
    page = office.get("/sekretariat/").get_data(as_text=True)
    assert "13 nominations are waiting to be screened." in page
    assert "Later" in page and "Senere" not in page


# ---------------------------------------------------------------- states made by hand


def test_before_round_one_screening_duplicates_jury_and_the_round(app, cycle, clock,
                                                                  make_nomination, make_juror):
    first = make_nomination(cycle)
    make_nomination(cycle, initiative_name="FLEXKLINIKKEN",
                    organisation="Bispebjerg & Frederiksberg Hospital")
    found = steps(app, cycle, clock())
    assert ("2 indstillinger venter på screening.", "/sekretariat/2024/screening?status=unscreened",
            Urgency.NOW) in found
    assert ("1 par af indstillinger ligner dubletter; se, om de skal lægges sammen.",
            "/sekretariat/2024/screening#dubletter", Urgency.NOW) in found
    # Before the deadline a jury can wait; after it, it is the next thing to do.
    assert ("Juryen har ingen medlemmer endnu.", "/sekretariat/2024/jury",
            Urgency.LATER) in found
    clock.set(copenhagen(2024, 1, 15, 9))
    assert ("Juryen har ingen medlemmer endnu.", "/sekretariat/2024/jury",
            Urgency.NOW) in steps(app, cycle, clock())
    make_juror(cycle, "anna@example.dk")
    screening.screen_remaining(cycle, actor="system", at=clock())
    second = screening.unscreened(cycle) or [n for n in screening.eligible(cycle) if n != first]
    screening.merge(second[0], first, actor="system", at=clock())
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Runde 1 er ikke åbnet endnu.", "/sekretariat/2024/runder", Urgency.NOW)]


def test_an_open_round_its_deadline_and_its_missing_sheets(app, cycle, clock, make_nomination,
                                                          make_juror, open_round):
    entries = [make_nomination(cycle, initiative_name=name) for name in ("Flexklinikken", "Broen")]
    anna = make_juror(cycle, "anna@example.dk")
    round_ = open_round(cycle, deadline=copenhagen(2024, 1, 21))
    score(round_, anna, entries[0], 4, clock)
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Runde 1 slutter 20. januar 2024 kl. 23.59; 1 bedømmelse mangler.",
         "/sekretariat/2024/runder/1", Urgency.LATER)]
    clock.set(copenhagen(2024, 1, 21, 0, 0))
    assert steps(app, cycle, clock()) == [
        ("Fristen for runde 1 var 20. januar 2024 kl. 23.59; 1 bedømmelse mangler.",
         "/sekretariat/2024/runder/1", Urgency.OVERDUE)]
    clock.set(copenhagen(2024, 1, 20, 12))
    score(round_, anna, entries[1], 3, clock)
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Runde 1 slutter 20. januar 2024 kl. 23.59; alle bedømmelser er afleveret, så runden "
         "kan lukkes.", "/sekretariat/2024/runder/1", Urgency.NOW)]


def test_a_closed_round_asks_for_the_tie_then_the_winner_then_the_outputs(
        app, cycle, clock, make_nomination, make_juror, open_round):
    entries = [make_nomination(cycle, initiative_name=name) for name in ("Flexklinikken", "Broen")]
    anna = make_juror(cycle, "anna@example.dk")
    round_ = open_round(cycle)
    for entry in entries:
        score(round_, anna, entry, 4, clock)
    closing.close_round(round_, actor="system", at=clock())
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Der er stemmelighed i runde 1, som skal afgøres.",
         "/sekretariat/2024/runder/1/resultat#afgoer", Urgency.NOW),
        ("Vinderen er ikke valgt endnu.", "/sekretariat/2024/runder/1/resultat#vinder",
         Urgency.NOW)]
    round_results.resolve(round_, entries, "Flest patienter nået.", actor="system", at=clock())
    db.session.commit()
    assert [what for what, _link, _urgency in steps(app, cycle, clock())] == [
        "Vinderen er ikke valgt endnu."]
    decision.decide(cycle, entries[0], actor="system", at=clock())
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Pressemeddelelsen er ikke offentliggjort.",
         "/sekretariat/2024/pressemeddelelse#tekst", Urgency.NOW),
        ("Listen over indstillingerne er ikke offentliggjort.",
         "/sekretariat/2024/pressemeddelelse#indstillinger", Urgency.NOW),
        ("Diplomet mangler navnet på den, der skriver under.",
         "/sekretariat/2024/pressemeddelelse#diplom", Urgency.NOW)]


def test_the_best_advance_and_the_next_round_opens(app, cycle, clock, make_nomination,
                                                   make_juror):
    entries = [make_nomination(cycle, initiative_name=name)
               for name in ("Flexklinikken", "Broen", "Sundhedsbussen")]
    anna = make_juror(cycle, "anna@example.dk")
    clock.set(copenhagen(2024, 1, 15, 9))
    screening.screen_remaining(cycle, actor="system", at=clock())
    round_ = rounds.open_round(cycle, number=1, advance=1, actor="system", at=clock())
    for value, entry in enumerate(entries, start=2):
        score(round_, anna, entry, value, clock)
    closing.close_round(round_, actor="system", at=clock())
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Runde 1 er lukket; den bedste skal gå videre.", "/sekretariat/2024/runder/1/resultat",
         Urgency.NOW)]
    round_results.advance(round_, actor="system", at=clock())
    db.session.commit()
    assert steps(app, cycle, clock()) == [
        ("Runde 2 er ikke åbnet endnu.", "/sekretariat/2024/runder", Urgency.NOW)]


def test_personal_data_due_on_a_date_then_overdue_then_done(app, office, cycle, clock,
                                                            make_nomination, make_juror,
                                                            open_round):
    entry = make_nomination(cycle)
    anna = make_juror(cycle, "anna@example.dk")
    round_ = open_round(cycle)
    score(round_, anna, entry, 4, clock)
    closing.close_round(round_, actor="system", at=clock())
    decision.decide(cycle, entry, actor="system", at=clock())
    announcements.save(cycle, announcements.draft(cycle).__dict__, actor="system", at=clock())
    announcements.set_signatory(cycle, "Birgitte Holm", "Formand", actor="system", at=clock())
    clock.set(copenhagen(2024, 4, 11, 10))
    announcements.publish(cycle, actor="system", at=clock())
    announcements.publish_nominations(cycle, actor="system", at=clock())
    db.session.commit()
    # 12 months after the winner's travel grant ends (valid to the end of the next year).
    assert steps(app, cycle, clock()) == [
        ("Personoplysninger skal slettes den 31. december 2026.", "/sekretariat/2024/persondata",
         Urgency.LATER)]
    clock.set(copenhagen(2026, 12, 31, 0, 0))
    assert steps(app, cycle, clock()) == [
        ("Personoplysninger skulle være slettet den 31. december 2026.",
         "/sekretariat/2024/persondata/slet", Urgency.OVERDUE)]
    retention.purge_cycle(cycle, clock(), actor="system")
    db.session.commit()
    assert steps(app, cycle, clock()) == []
    page = office.get("/sekretariat/").get_data(as_text=True)
    assert "Afsluttet; persondata er slettet" in page
    assert "Der er intet at gøre i 2024 lige nu." in page


def test_the_page_without_cycles_and_with_one_not_yet_open(office, make_cycle):
    assert "Der er ingen årgange endnu." in office.get("/sekretariat/").get_data(as_text=True)
    make_cycle(year=2025, opens="2024-11-21", deadline="2025-01-13")
    page = office.get("/sekretariat/").get_data(as_text=True)
    assert "Ikke åbnet for indstillinger endnu</strong> · 0 indstillinger" in page
    assert ('<a href="/sekretariat/2025/indstillinger">Indkaldelsen åbner 21. november 2024 '
            'kl. 00.00.</a>') in page


def test_the_public_footer_links_to_log_in(client):
    page = client.get("/").get_data(as_text=True)
    footer = page[page.index('<footer'):]
    assert '<a href="/log-ind">Log ind</a>' in footer
