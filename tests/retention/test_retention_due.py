"""When a cycle's personal data is due for deletion (services.retention_due): its retention
period runs from the latest of the announcement's first publication, the winner's travel grant's
last day and the last claim decided against it. While the grant runs (within its validity, or
a claim waiting) even a forced purge keeps the grant's contact person; once it has ended, a
later purge takes that contact too. The Persondata page and `award purge --dry-run` say when
and why."""

import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from conftest import csrf_token, login
from retention_data import (
    DUE,
    GRANT_ENDS,
    GRANT_RUNS,
    PEOPLE,
    PERSONAL,
    found_anywhere,
    judged_and_announced,
)

from award import audit, timeutil
from award.announcements import services as announcements
from award.audit.models import AuditEntry
from award.cycles.models import Cycle, Phase
from award.extensions import db
from award.grants import services as grants
from award.mail.models import OutboxMessage
from award.nominations.models import Nomination
from award.retention import services
from award.retention.services import DueReason

OFFICE = "sekretariat@example.dk"
PAGE = "/sekretariat/2024/persondata"
CONFIRM = f"{PAGE}/slet"
GRANT_PAGE = "/sekretariat/2024/rejsegodtgoerelse"
CONTACT = [PEOPLE[0][field] for field in services.CONTACT_FIELDS]


@pytest.fixture
def announced(cycle, make_nomination, make_juror, open_round, clock):
    return judged_and_announced(cycle, make_nomination, make_juror, open_round, clock)


@pytest.fixture
def office(app, make_user):
    client = app.test_client()
    login(client, make_user())
    return client


def the_cycle() -> Cycle:
    db.session.expire_all()
    return db.session.scalar(sa.select(Cycle).where(Cycle.year == 2024))


def the_grant():
    return grants.grant_for(the_cycle())


def due_at(at: datetime) -> services.RetentionDue:
    return services.retention_due(the_cycle(), at)


def explained(at: datetime) -> list[str]:
    return [str(line) for line in services.explain_due(due_at(at))]


def claim(clock, travel_date: date):
    made = grants.add_claim(
        the_grant(), grants.ClaimDetails(
            travel_date=travel_date, event="Temadag om lighed", place="Odense",
            description="Tog tur-retur.", amount_ore=150_000, payee_name="Karen Jensen",
            payee_via_organisation=True),
        receipt=None, max_bytes=10 * 1024 * 1024, actor=OFFICE, at=clock())
    db.session.commit()
    return made.number


def approve(number: int, at: datetime) -> None:
    """Approved and paid the same day: the claim is settled."""
    grants.approve(the_grant(), number, actor=OFFICE, at=at,
                   no_receipt_reason="Kvitteringen er afleveret på papir.")
    grants.pay(the_grant(), number, at.astimezone(timeutil.COPENHAGEN).date(), actor=OFFICE,
               at=at)
    db.session.commit()


def grant_ends_on(day: date, clock) -> None:
    grants.change_validity(the_grant(), day, actor=OFFICE, at=clock())
    db.session.commit()


def purge(runner, *args):
    return runner.invoke(args=["purge", "--year", "2024", *args])


def actions(action: str) -> list[dict]:
    return [json.loads(entry.details) for entry in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


def test_from_the_announcement_when_the_grant_ended_before_it(announced, clock):
    grant_ends_on(date(2024, 3, 31), clock)
    last_day = datetime(2025, 4, 10, 21, 59, tzinfo=UTC)  # 23.59 in Copenhagen
    due = due_at(last_day)
    assert (due.on, due.reason, due.since) == (date(2025, 4, 11), DueReason.ANNOUNCEMENT,
                                               date(2024, 4, 11))
    assert not due.passed and not due.grant_runs and due.held
    assert due_at(datetime(2025, 4, 10, 22, 0, tzinfo=UTC)).passed
    assert explained(last_day) == [
        "Personoplysninger slettes tidligst den 11. april 2025: 12 måneder efter "
        "offentliggørelsen den 11. april 2024."]
    # Published at 00.30 on 1 May in Copenhagen (still 30 April in UTC): 1 May counts.
    cycle = the_cycle()
    cycle.announcement.first_published_at = datetime(2024, 4, 30, 22, 30, tzinfo=UTC)
    assert services.retention_due(cycle, last_day).on == date(2025, 5, 1)


def test_taking_the_announcement_down_and_up_again_does_not_restart_the_period(
        announced, clock):
    grant_ends_on(date(2024, 3, 31), clock)
    cycle = the_cycle()
    announcements.unpublish(cycle, actor="system", at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    assert services.retention_due(cycle, clock()).on == date(2025, 4, 11)  # down: counting
    cycle.announcement.body_da = "Flexklinikken har vundet."
    announcements.publish(cycle, actor="system", at=datetime(2025, 3, 1, 10, tzinfo=UTC))
    db.session.commit()
    assert due_at(clock()).on == date(2025, 4, 11)


def test_from_the_grant_validity(announced, clock, runner):
    due = due_at(GRANT_RUNS)
    assert (due.on, due.reason, due.since) == (date(2026, 12, 31), DueReason.GRANT_VALIDITY,
                                               GRANT_ENDS)
    assert due.grant_runs and due.pending_claims == 0 and not due.passed
    lines = ["Personoplysninger slettes tidligst den 31. december 2026: 12 måneder efter "
             "rejselegatets udløb den 31. december 2025.",
             "Rejselegatet løber til 31. december 2025."]
    assert explained(GRANT_RUNS) == lines
    clock.set(GRANT_RUNS)
    dry = purge(runner, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert all(line in dry.output for line in lines)
    # Moving the grant's last day moves the date.
    grant_ends_on(date(2026, 6, 30), clock)
    assert due_at(GRANT_RUNS).on == date(2027, 6, 30)


def test_from_a_claim_decided_after_the_grant_ended(announced, clock, runner):
    clock.set(datetime(2025, 11, 20, 9, tzinfo=UTC))
    late = claim(clock, date(2025, 11, 18))
    # The grant's last day has passed, but the claim waits: the grant still runs.
    waiting = datetime(2026, 2, 15, 9, tzinfo=UTC)
    due = due_at(waiting)
    assert due.grant_runs and due.pending_claims == 1
    assert (due.on, due.reason) == (date(2027, 2, 15), DueReason.PENDING_CLAIM)
    assert explained(waiting) == [
        "Personoplysninger slettes tidligst den 15. februar 2027: 12 måneder efter den dag, "
        "den sidste udgift bliver afgjort (tidligst i dag).",
        "Rejselegatet udløb den 31. december 2025, men 1 udgift afventer afgørelse."]

    approve(late, waiting)
    clock.set(datetime(2026, 3, 1, 9, tzinfo=UTC))
    due = due_at(clock())
    assert (due.on, due.reason, due.since) == (date(2027, 2, 15), DueReason.LAST_CLAIM,
                                               date(2026, 2, 15))
    assert not due.grant_runs
    dry = purge(runner, "--dry-run")
    assert ("Personoplysninger slettes tidligst den 15. februar 2027: 12 måneder efter den "
            "sidste afgjorte udgift den 15. februar 2026.") in dry.output
    refused = purge(runner)
    assert refused.exit_code != 0
    assert "tidligst slettes den 15. februar 2027" in refused.output
    assert the_cycle().purged_at is None


def test_a_forced_purge_while_the_grant_runs_keeps_its_contact(
        announced, clock, runner, office):
    winner = announced[0][0]
    clock.set(datetime(2025, 5, 1, 9, tzinfo=UTC))
    waiting = claim(clock, date(2025, 4, 28))
    clock.set(GRANT_RUNS)

    page = office.get(PAGE).get_data(as_text=True)
    assert "Rejselegatet løber til 31. december 2025; 1 udgift afventer afgørelse." in page
    assert "skal slettes nu" not in page
    dry = purge(runner, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Rejselegatet løber til 31. december 2025; 1 udgift afventer afgørelse." in dry.output
    assert (f"the contact person on {winner.reference} (name, e-mail, phone): the travel "
            "grant's contact, kept while the grant runs") in dry.output
    assert "Not now:" in dry.output
    refused = purge(runner)
    assert refused.exit_code != 0 and "tidligst slettes den 31. december 2026" in refused.output

    forced = purge(runner, "--force", "--reason", "Indstillerne bad om det.")
    assert forced.exit_code == 0, forced.output
    assert "kept while the grant runs" in forced.output
    # Only the grant's contact is left, on the winning nomination; its nominator is gone.
    assert found_anywhere(PERSONAL) == sorted(("nominations", field, value) for field, value
                                              in zip(services.CONTACT_FIELDS, CONTACT,
                                                     strict=True))
    kept = db.session.get(Nomination, winner.id)
    assert kept.nominator_email == services.PURGED and kept.edit_token_hash is None
    assert [c.status for c in the_grant().claims] == ["pending"]
    [details] = actions("cycle.purged")
    assert details["grant_contact_kept"] == winner.reference and details["forced"] is True
    assert audit.verify().ok
    assert the_cycle().phase(clock()) is Phase.ARCHIVED

    grant_page = office.get(GRANT_PAGE).get_data(as_text=True)
    assert all(value in grant_page for value in CONTACT)
    page = office.get(PAGE).get_data(as_text=True)
    assert "undtagen rejselegatets kontaktperson" in page
    assert f"Kontaktpersonen på {winner.reference} er bevaret" in page
    assert f'href="{CONFIRM}"' not in page
    again = purge(runner, "--force", "--reason", "Igen.")
    assert again.exit_code != 0
    assert f"undtagen kontaktpersonen på {winner.reference}" in again.output
    assert found_anywhere(PERSONAL) and len(actions("cycle.purged")) == 1

    # The claim is decided; once its retention period has passed, the purge takes the contact.
    approve(waiting, GRANT_RUNS)
    clock.set(DUE)
    overdue = office.get(PAGE).get_data(as_text=True)
    assert "Personoplysninger skulle være slettet den 31. december 2026" in overdue
    assert f"Kontaktpersonen på {winner.reference} blev bevaret, mens rejselegatet løb" in overdue
    dry = purge(runner, "--dry-run")
    assert f"the grant's contact person on {winner.reference}" in dry.output
    assert "It may run now." in dry.output
    done = purge(runner)
    assert done.exit_code == 0, done.output
    assert found_anywhere(PERSONAL) == []
    [details] = actions("cycle.grant_contact_purged")
    assert details["nomination"] == winner.reference and details["forced"] is False
    assert audit.verify().ok
    assert services.PURGED in office.get(GRANT_PAGE).get_data(as_text=True)
    done_page = office.get(PAGE).get_data(as_text=True)
    assert "Slettet 2. juni 2025" in done_page and "undtagen" not in done_page
    assert "Personoplysningerne blev slettet 2. juni 2025 kl. 10.00." in done_page
    assert "Personoplysninger slettes tidligst" not in done_page
    last = purge(runner)
    assert last.exit_code != 0 and "er allerede slettet" in last.output


def test_the_page_says_what_a_forced_purge_keeps_while_the_grant_runs(
        announced, clock, office):
    winner = announced[0][0]
    clock.set(GRANT_RUNS)
    preview = office.get(CONFIRM).get_data(as_text=True)
    assert f"Kontaktpersonen på {winner.reference}: navn, e-mailadresse og telefonnummer." \
        in preview
    assert "Det er rejselegatets kontaktperson, og rejselegatet løber stadig." in preview
    assert "undtagen rejselegatets kontaktperson" in preview
    assert 'name="force"' in preview
    refused = office.post(CONFIRM, data={"csrf_token": csrf_token(office, CONFIRM)})
    assert refused.status_code == 409
    assert "tidligst slettes den 31. december 2026" in refused.get_data(as_text=True)
    assert the_cycle().purged_at is None

    forced = office.post(CONFIRM, data={"csrf_token": csrf_token(office, CONFIRM),
                                        "force": "y", "reason": "Bedt om det."})
    assert forced.status_code == 302
    assert found_anywhere(PERSONAL) == sorted(
        ("nominations", field, value)
        for field, value in zip(services.CONTACT_FIELDS, CONTACT, strict=True))
    page = office.get(PAGE).get_data(as_text=True)
    assert f"Kontaktpersonen på {winner.reference} er bevaret, fordi det er rejselegatets " \
        "kontaktperson" in page
    assert all(value in office.get(GRANT_PAGE).get_data(as_text=True) for value in CONTACT)


def test_after_the_grant_has_ended_a_forced_purge_takes_its_contact_too(
        announced, clock, runner):
    clock.set(datetime(2026, 6, 1, 9, tzinfo=UTC))  # validity passed, nothing waiting
    due = due_at(clock())
    assert not due.grant_runs and not due.passed
    forced = purge(runner, "--force", "--reason", "Prisen er afsluttet.")
    assert forced.exit_code == 0, forced.output
    assert found_anywhere(PERSONAL) == []
    [details] = actions("cycle.purged")
    assert details["grant_contact_kept"] is None
    assert not due_at(clock()).held


def test_the_privacy_notice_and_the_contact_notice_say_the_grant_counts(
        client, cycle, make_nomination):
    """What a contact person is told (GDPR art. 14) matches the rule: the winner's contact is
    kept while the grant runs."""
    make_nomination(cycle)
    sentence = ("Vinder initiativet, gemmer vi kontaktpersonens navn, e-mail og telefonnummer, "
                "så længe vinderens rejselegat løber, og sletter dem 12 måneder efter, at det er "
                "slut.")
    assert sentence in client.get("/privatliv").get_data(as_text=True)
    notice = db.session.scalar(sa.select(OutboxMessage.body).where(
        OutboxMessage.kind == "nomination.contact_notice"))
    assert sentence in " ".join(notice.split())
