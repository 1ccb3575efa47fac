"""`award demo` dated from the app's clock: the cycle of the next summit for the call (open, or
in draft until it opens), the one before it being judged, and the one before that decided and
announced with its travel grant, with dates that fit their years."""

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from award import timeutil
from award.cycles.models import Cycle, Phase
from award.demo.plan import Stage, dates, plan
from award.extensions import db
from award.nominations import services as nominations


def copenhagen(*args) -> datetime:
    """A Copenhagen wall-clock time, in UTC as the app's clock gives it."""
    return datetime(*args, tzinfo=timeutil.COPENHAGEN).astimezone(UTC)


def local_day(moment: datetime) -> date:
    return moment.astimezone(timeutil.COPENHAGEN).date()


def load(runner, clock, moment):
    clock.set(moment)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def round_one(cycle):
    # Imported here: importing award.rounds before award.jury runs into their import cycle.
    from award.rounds import services as rounds

    return rounds.round_by_number(cycle, 1)


def demo_cycles() -> dict[int, Cycle]:
    return {c.year: c for c in db.session.scalars(sa.select(Cycle).order_by(Cycle.year))}


# ---------------------------------------------------------------- the rule, day by day


@pytest.mark.parametrize(("today", "judged", "call", "call_phase"), [
    (copenhagen(2026, 11, 23, 10), 2026, 2027, Phase.OPEN),  # the example in the brief
    (copenhagen(2026, 11, 21, 0, 0), 2026, 2027, Phase.OPEN),  # the call has just opened
    (copenhagen(2026, 11, 20, 23, 59), 2026, 2027, Phase.DRAFT),  # the day before it opens
    (copenhagen(2027, 1, 1, 0, 30), 2026, 2027, Phase.OPEN),  # new year in Copenhagen only
    (copenhagen(2027, 1, 13, 23, 59), 2026, 2027, Phase.OPEN),  # the last minute of the call
    (copenhagen(2027, 1, 14, 0, 0), 2027, 2028, Phase.DRAFT),  # the 2027 call has closed
    (copenhagen(2027, 2, 20, 10), 2027, 2028, Phase.DRAFT),  # judging 2027 before its summit
    (copenhagen(2027, 3, 1, 10), 2027, 2028, Phase.DRAFT),
    (copenhagen(2027, 7, 1, 10), 2027, 2028, Phase.DRAFT),  # after the summit: jury "late"
    (copenhagen(2027, 12, 31, 23, 30), 2027, 2028, Phase.OPEN),
])
def test_the_rule_picks_the_judged_cycle_and_the_next_call(today, judged, call, call_phase):
    planned = plan(today)
    assert [(c.year, c.stage) for c in planned] == [(judged, Stage.JUDGED), (call, Stage.CALL)]
    judged_cycle, call_cycle = planned
    assert judged_cycle.deadline_at <= today < call_cycle.deadline_at
    assert (Phase.OPEN if call_cycle.opens_at <= today else Phase.DRAFT) is call_phase


def test_every_day_of_two_years_gives_cycles_whose_years_fit_their_dates():
    moment = copenhagen(2026, 1, 1, 12)
    while moment < copenhagen(2028, 1, 1):
        for cycle in plan(moment, decided=1):
            assert local_day(cycle.opens_at) == date(cycle.year - 1, 11, 21)
            assert local_day(cycle.deadline_at - timedelta(minutes=1)) == date(cycle.year, 1, 13)
            assert cycle.summit_date.year == cycle.year and cycle.summit_date.month == 4
            assert cycle.summit_date.weekday() == 3  # a Thursday, as the summits were
        decided, judged, call = plan(moment, decided=1)
        assert decided.stage is Stage.DECIDED and decided.year == judged.year - 1
        assert decided.summit_date < local_day(moment)  # announced
        assert judged.deadline_at <= moment  # round 1 can be open
        assert call.year == judged.year + 1 and moment < call.deadline_at  # open or about to
        assert call.opens_at - moment < timedelta(days=312)  # opens within the year
        moment += timedelta(days=1)


def test_the_dates_follow_the_real_summits():
    assert dates(2024)[2] == date(2024, 4, 11)
    assert dates(2025)[2] == date(2025, 4, 10)
    opens_at, deadline_at, _summit = dates(2024)
    assert opens_at == timeutil.parse_opening("2023-11-21")
    assert deadline_at == timeutil.parse_deadline("2024-01-13")


# ---------------------------------------------------------------- the demo, loaded


def test_on_23_november_2026_the_2027_call_is_open_and_2026_is_being_judged(runner, clock):
    today = copenhagen(2026, 11, 23, 10)
    output = load(runner, clock, today)
    cycles = demo_cycles()
    assert sorted(cycles) == [2025, 2026, 2027]
    call, judged = cycles[2027], cycles[2026]
    assert call.phase(today) is Phase.OPEN
    assert call.title == "Prisen for Årets Patientoplevelse 2027"
    assert local_day(call.opens_at) == date(2026, 11, 21)
    assert timeutil.format_deadline(call.deadline_at) == "13. januar 2027 kl. 23.59"
    assert call.summit_date == date(2027, 4, 8)
    assert len(nominations.submitted(call)) >= 12
    assert judged.phase(today) is Phase.JUDGING
    assert timeutil.format_deadline(judged.deadline_at) == "13. januar 2026 kl. 23.59"
    assert judged.summit_date == date(2026, 4, 9)
    assert round_one(judged).is_open()
    assert "Cycle 2027 is open for nominations until 13. januar 2027 kl. 23.59" in output
    assert "Cycle 2026 is being judged: its call closed 13. januar 2026 kl. 23.59" in output
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


@pytest.mark.parametrize("today", [copenhagen(2027, 2, 20, 10), copenhagen(2027, 7, 1, 10)])
def test_after_the_january_deadline_2027_is_judged_and_2028_waits_in_draft(runner, clock,
                                                                            today):
    output = load(runner, clock, today)
    cycles = demo_cycles()
    assert sorted(cycles) == [2026, 2027, 2028]
    call, judged = cycles[2028], cycles[2027]
    assert call.phase(today) is Phase.DRAFT
    assert local_day(call.opens_at) == date(2027, 11, 21)
    assert timeutil.format_deadline(call.deadline_at) == "13. januar 2028 kl. 23.59"
    assert nominations.submitted(call) == []  # nobody can nominate before the call opens
    assert judged.phase(today) is Phase.JUDGING
    assert timeutil.format_deadline(judged.deadline_at) == "13. januar 2027 kl. 23.59"
    assert judged.summit_date == date(2027, 4, 8)
    assert len(nominations.submitted(judged)) >= 5
    round_ = round_one(judged)
    assert round_.is_open() and round_.accepts_scores(today)
    assert "Cycle 2028 opens for nominations on 21. november 2027" in output
    assert "Cycle 2027 is being judged" in output
    shown = json.loads(runner.invoke(args=["cycle", "show", "--year", "2028", "--json"]).output)
    assert shown["phase"] == "draft"
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_the_front_page_of_the_demo_shows_the_cycle_for_the_call(runner, clock, client):
    load(runner, clock, copenhagen(2026, 11, 23, 10))
    page = client.get("/").get_data(as_text=True)
    assert "Prisen for Årets Patientoplevelse 2027" in page
    assert "Fristen for at indstille er 13. januar 2027 kl. 23.59." in page
    assert "uddeler for femte gang" in page  # 2023, 2024, 2025, 2026, 2027
    assert "Vinderen får et diplom og op til 10.000\xa0kr. til rejser" in page


def test_the_demo_texts_carry_no_ordinal_of_their_own(runner, clock):
    load(runner, clock, copenhagen(2027, 2, 20, 10))
    words = ("første", "anden gang", "tredje", "fjerde", "femte", "sjette")
    for cycle in demo_cycles().values():
        assert not [w for w in words if w in cycle.call_text], cycle.year


# ---------------------------------------------------------------- the decided cycle


@pytest.mark.parametrize(("today", "year"), [(copenhagen(2026, 11, 23, 10), 2025),
                                             (copenhagen(2027, 1, 14, 0, 5), 2026)])
def test_the_cycle_before_is_decided_announced_with_its_grant_and_claims(
        runner, clock, client, today, year):
    from award.audit.models import AuditEntry
    from award.demo.decided import WINNER
    from award.grants import services as grants
    from award.grants.models import ClaimStatus

    output = load(runner, clock, today)
    decided = demo_cycles()[year]
    assert decided.phase(today) is Phase.ANNOUNCED
    assert decided.decision.nomination.initiative_name == WINNER
    published = decided.announcement.published_at.astimezone(timeutil.COPENHAGEN)
    assert published.date() == decided.summit_date == dates(year)[2]
    assert decided.announcement.headline_da.startswith(WINNER)
    round_ = round_one(decided)
    assert round_.closed_at is not None and len(round_.panel) == 5
    grant = grants.grant_for(decided)
    assert grant.reference == f"RG-{year}-01"
    assert grant.nomination_id == decided.decision.nomination_id
    assert [claim.status for claim in grant.claims] == [
        ClaimStatus.APPROVED, ClaimStatus.APPROVED, ClaimStatus.PENDING]
    assert f"Cycle {year} is decided and announced: {WINNER} won" in output
    assert f"travel grant RG-{year}-01 with 3 claims (2 approved)" in output
    # Nothing dated after today, and the log is intact.
    latest = db.session.scalar(sa.select(sa.func.max(AuditEntry.created_at)))
    assert latest <= today
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    page = client.get(f"/vindere/{year}")
    assert page.status_code == 200 and WINNER in page.get_data(as_text=True)
    # Still one log-in each: the same jury served both years.
    logins = [line.split() for line in output.splitlines() if line.startswith("  ")]
    assert [role for role, _email, _password in logins] == ["sekretariat"] + ["jurymedlem"] * 5


def test_the_demo_cycle_is_kept_while_its_grant_runs_and_purged_after(runner, clock):
    from award.retention import services as retention

    today = copenhagen(2026, 11, 23, 10)
    load(runner, clock, today)
    decided = demo_cycles()[2025]
    # Announced in April 2025; the grant is valid to 31 December 2026 with a claim waiting.
    due = retention.retention_due(decided, today)
    assert due.on == date(2027, 12, 31) and due.grant_runs and due.pending_claims == 1
    dry = runner.invoke(args=["purge", "--year", "2025", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert ("Personoplysninger slettes tidligst den 31. december 2027: 12 måneder efter "
            "rejselegatets udløb den 31. december 2026.") in dry.output
    assert ("Rejselegatet løber til 31. december 2026; 1 udgift afventer afgørelse og 1 godkendt "
            "udgift afventer udbetaling.") in dry.output
    refused = runner.invoke(args=["purge", "--year", "2025"])
    assert refused.exit_code != 0 and "31. december 2027" in refused.output

    # The waiting claim is rejected and the approved one paid; the last day of validity
    # still counts.
    from award.grants import services as grants

    claims = grants.grant_for(decided).claims
    [waiting] = [c.number for c in claims if c.status == "pending"]
    [unpaid] = [c.number for c in claims if c.status == "approved" and c.paid_at is None]
    rejected = runner.invoke(args=["grant", "claim", "reject", "--year", "2025", "--claim",
                                   str(waiting), "--reason", "Ingen kvittering."])
    assert rejected.exit_code == 0, rejected.output
    paid = runner.invoke(args=["grant", "claim", "pay", "--year", "2025", "--claim",
                               str(unpaid), "--date", "2026-11-23"])
    assert paid.exit_code == 0, paid.output
    clock.set(copenhagen(2027, 12, 31, 0))
    result = runner.invoke(args=["purge", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "5 nominations" in result.output
    db.session.expire_all()
    assert demo_cycles()[2025].phase(clock()) is Phase.ARCHIVED
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    refused = runner.invoke(args=["purge", "--year", "2026"])
    assert refused.exit_code != 0 and "ikke offentliggjort" in refused.output


def test_the_demo_receipts_carry_whole_private_links_that_open_the_nomination(runner, clock,
                                                                              client):
    from award.mail.models import OutboxMessage

    load(runner, clock, copenhagen(2026, 11, 23, 10))
    receipts = db.session.scalars(sa.select(OutboxMessage)
                                  .where(OutboxMessage.kind == "nomination.receipt")).all()
    assert receipts
    for receipt in receipts:
        links = re.findall(r"\S*/indstilling/[A-Za-z0-9_-]+", receipt.body)
        assert links and all(link.startswith("http://localhost") for link in links), links
    link = re.search(r"http://localhost[:0-9]*(/indstilling/[A-Za-z0-9_-]+)",
                     receipts[0].body).group(1)
    reference = re.search(r"AP-\d{4}-\d{4}", receipts[0].body).group(0)
    assert reference in client.get(link).get_data(as_text=True)
