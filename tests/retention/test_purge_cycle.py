"""`award purge --year Y`: once the retention period after the announcement and the grant has
passed, the
names, e-mails and phone numbers of a cycle's nominators and contact persons go, with their
private links, their mail and the cycle's drafts; the initiatives, answers, attachments,
scores, results, decision and audit log stay. Earlier only with --force and a reason."""

import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from conftest import login
from retention_data import (
    DUE,
    INITIATIVES,
    NOT_YET,
    PEOPLE,
    PERSONAL,
    found_anywhere,
    judged_and_announced,
)

from award import audit
from award.audit.models import AuditEntry
from award.cycles.models import Cycle, Phase
from award.exports import services as exports
from award.exports.formats import CSV
from award.extensions import db
from award.jury.models import Score, ScoreSheet
from award.mail.models import OutboxMessage
from award.nominations.models import Answer, Attachment, Nomination, NominationStatus
from award.retention import services
from award.rounds.models import Decision, RoundResult
from award.rounds.results import results


@pytest.fixture
def announced(cycle, make_nomination, make_juror, open_round, clock):
    return judged_and_announced(cycle, make_nomination, make_juror, open_round, clock)


def purge(runner, *args):
    return runner.invoke(args=["purge", "--year", "2024", *args])


def purges():
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "cycle.purged")
                              .order_by(AuditEntry.id)).all()


def the_cycle() -> Cycle:
    db.session.expire_all()
    return db.session.scalar(sa.select(Cycle).where(Cycle.year == 2024))


def counts() -> dict:
    tables = {"answers": Answer, "attachments": Attachment, "sheets": ScoreSheet,
              "scores": Score, "results": RoundResult, "decisions": Decision}
    return {name: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for name, model in tables.items()}


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2024, 4, 11), 12, date(2025, 4, 11)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 11, 30), 3, date(2025, 2, 28)),
    (date(2024, 12, 15), 1, date(2025, 1, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 6, 1), 120, date(2034, 6, 1)),
])
def test_months_are_counted_on_the_calendar(day, months, expected):
    assert services.add_months(day, months) == expected


def test_before_the_period_has_passed_nothing_is_purged(runner, announced, clock):
    clock.set(NOT_YET)
    before = found_anywhere(PERSONAL)
    assert {table for table, _column, _value in before} == {"nominations", "outbox_messages"}

    early = purge(runner)
    assert early.exit_code != 0
    assert "tidligst slettes den 31. december 2026" in early.output
    assert "rejselegatets udløb den 31. december 2025" in early.output
    assert "begrundelse" in early.output
    for args, message in [(["--force"], "--force needs --reason"),
                          (["--force", "--reason", "   "], "--force needs --reason"),
                          (["--reason", "Bedt om det."], "--reason goes with --force")]:
        refused = purge(runner, *args)
        assert refused.exit_code != 0 and message in refused.output, refused.output
    assert found_anywhere(PERSONAL) == before
    assert the_cycle().purged_at is None and purges() == []


def test_after_the_period_the_people_go_and_everything_else_stays(
        runner, announced, clock, app, make_user):
    entries, withdrawn, round_, _jurors = announced
    juror_mail = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.nomination_id.is_(None)))
    assert juror_mail == 2
    before = counts()
    results_before = exports.results_table(results(round_)).rows
    clock.set(DUE)

    dry = purge(runner, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "It may run now." in dry.output and found_anywhere(PERSONAL)

    result = purge(runner)
    assert result.exit_code == 0, result.output
    assert "Purged the personal data of 2024" in result.output
    assert "4 nominations" in result.output and "1 unsent draft " in result.output

    # Not one name, e-mail or phone number left, in any column of any table.
    assert found_anywhere(PERSONAL) == []
    nominations = db.session.scalars(sa.select(Nomination).order_by(Nomination.id)).all()
    assert [n.status for n in nominations] == ["submitted"] * 3 + ["withdrawn"]
    for nomination in nominations:
        assert {getattr(nomination, field) for field in services.PERSONAL_FIELDS} == {
            services.PURGED}
        assert nomination.edit_token_hash is None
        assert nomination.draft_key == f"{services.PURGED}-{nomination.id}"
    # The initiatives and their judging stay as they were.
    assert [n.initiative_name for n in nominations[:3]] == INITIATIVES
    assert [n.reference for n in nominations] == [e.reference for e in (*entries, withdrawn)]
    assert nominations[0].nominator_relation == "patient"
    after = counts()
    assert after == {**before, "attachments": before["attachments"] - 1}  # the draft's file
    assert db.session.scalar(sa.select(Decision.nomination_id)) == entries[0].id
    assert exports.results_table(results(round_)).rows == results_before
    # Mail: none to the nominators and contact persons; the jury's stays.
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.nomination_id.is_not(None))) == 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == juror_mail

    cycle = the_cycle()
    assert cycle.purged_at == DUE and cycle.phase(DUE) is Phase.ARCHIVED
    [entry] = purges()
    details = json.loads(entry.details)
    assert details == {"nominations": 4, "drafts_deleted": 1, "messages_deleted": 8,
                       "answers_kept": 28, "attachments_kept": 0, "retention_months": 12,
                       "published_at": "2024-04-11T08:00:00+00:00",
                       "retention_ended": "2026-12-31", "retention_from": "grant_validity",
                       "grant_contact_kept": None, "forced": False, "reason": None}
    assert entry.actor == "system"
    assert audit.verify().ok
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0

    # The export with personal data holds none now.
    export = exports.export(cycle, exports.NOMINATIONS, CSV, personal_data=True,
                            actor="system", at=DUE)
    text = export.data.decode("utf-8-sig")
    assert [value for value in PERSONAL if value.casefold() in text.casefold()] == []
    assert services.PURGED in text and INITIATIVES[0] in text
    db.session.commit()

    # The secretariat's results page and the nomination still show.
    office = app.test_client()
    login(office, make_user())
    page = office.get("/sekretariat/2024/runder/1/resultat")
    assert page.status_code == 200 and INITIATIVES[0] in page.get_data(as_text=True)
    shown = office.get(f"/sekretariat/2024/indstillinger/{entries[0].reference}")
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert services.PURGED in text and "Svar på kriterium 1." in text
    # The private links lead nowhere.
    assert app.test_client().get(f"/indstilling/{entries[0].edit_token}").status_code == 404

    again = purge(runner)
    assert again.exit_code != 0 and "er allerede slettet" in again.output
    assert len(purges()) == 1


def test_mail_queued_before_the_outbox_linked_it_goes_too(runner, announced, clock):
    """Receipts and notices from before messages were linked to their nomination are found by
    the address (any case); other unlinked mail to other people stays."""
    def unlinked(kind, to):
        db.session.add(OutboxMessage(kind=kind, to_address=to, subject="Kvittering",
                                     body=f"Kære {to}", created_at=clock()))
    unlinked("nomination.receipt", PEOPLE[0]["nominator_email"].upper())
    unlinked("nomination.contact_notice", PEOPLE[1]["contact_email"])
    unlinked("nomination.receipt", "en.anden@example.dk")
    db.session.commit()
    clock.set(DUE)
    result = purge(runner)
    assert result.exit_code == 0, result.output
    assert found_anywhere(PERSONAL) == []
    assert db.session.scalars(sa.select(OutboxMessage.to_address).where(
        OutboxMessage.kind.like("nomination.%"))).all() == ["en.anden@example.dk"]
    assert json.loads(purges()[0].details)["messages_deleted"] == 10


def test_a_forced_purge_needs_and_records_a_reason(runner, announced, clock):
    clock.set(NOT_YET)
    result = purge(runner, "--force", "--reason", "Indstillerne har bedt om sletning.")
    assert result.exit_code == 0, result.output
    assert found_anywhere(PERSONAL) == []
    [entry] = purges()
    details = json.loads(entry.details)
    assert details["forced"] is True
    assert details["reason"] == "Indstillerne har bedt om sletning."
    assert audit.verify().ok


def test_without_a_published_announcement_only_a_forced_purge_runs(
        runner, cycle, make_nomination, make_juror, open_round, clock):
    judged_and_announced(cycle, make_nomination, make_juror, open_round, clock, announce=False)
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    refused = purge(runner)
    assert refused.exit_code != 0 and "ikke offentliggjort" in refused.output
    assert the_cycle().purged_at is None
    dry = purge(runner, "--dry-run")
    assert dry.exit_code == 0 and "Not now:" in dry.output
    assert "Vinderen er ikke offentliggjort endnu." in dry.output
    forced = purge(runner, "--force", "--reason", "Prisen blev aflyst.")
    assert forced.exit_code == 0, forced.output
    assert the_cycle().phase(clock()) is Phase.ARCHIVED


def test_not_while_the_call_is_open_even_forced(runner, cycle, make_nomination, clock):
    make_nomination(cycle, **PEOPLE[0])
    result = purge(runner, "--force", "--reason", "Prøve.")
    assert result.exit_code != 0 and "ikke slut endnu" in result.output
    assert found_anywhere([PEOPLE[0]["nominator_email"]])


def test_only_the_cycle_asked_for(runner, announced, make_cycle, make_nomination, clock):
    later = make_cycle(year=2025, opens="2024-11-21", deadline="2025-01-13")
    clock.set(datetime(2024, 12, 1, 9, tzinfo=UTC))
    kept = make_nomination(later, **PEOPLE[0])
    clock.set(DUE)
    assert purge(runner).exit_code == 0
    db.session.expire_all()
    kept = db.session.get(Nomination, kept.id)
    assert kept.nominator_email == PEOPLE[0]["nominator_email"]
    assert kept.status == NominationStatus.SUBMITTED and kept.edit_token_hash
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.nomination_id == kept.id)) == 2
    assert db.session.get(Cycle, later.id).purged_at is None


def test_bad_input_changes_nothing(runner, announced, clock):
    clock.set(DUE)
    cases = [
        (["purge", "--year", "1999"], "no cycle for 1999"),
        (["purge", "--year", "2024", "--drafts"], "not both"),
        (["purge", "--force", "--reason", "x"], "go with --year"),
        (["purge"], "--drafts"),
        (["purge", "--year", "abc"], "is not a valid integer"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert purges() == [] and the_cycle().purged_at is None


def test_the_retention_period_is_set_per_cycle(runner, announced, clock):
    for months in ("0", "121", "-3"):
        result = runner.invoke(args=["cycle", "update", "--year", "2024",
                                     "--retention-months", months])
        assert result.exit_code != 0 and "fra 1 til 120" in result.output, result.output
    result = runner.invoke(args=["cycle", "update", "--year", "2024", "--retention-months", "24"])
    assert result.exit_code == 0, result.output
    cycle = the_cycle()
    assert cycle.retention_months == 24
    assert services.retention_due(cycle, DUE).on == date(2027, 12, 31)
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "cycle.updated" and json.loads(entry.details) == {
        "retention_months": [12, 24]}
    clock.set(DUE)
    refused = purge(runner)
    assert refused.exit_code != 0 and "31. december 2027" in refused.output
