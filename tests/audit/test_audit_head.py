"""The head of the audit chain is anchored: in the database (audit_head, written with every
entry) and outside it (the head an operator kept from an earlier `award audit verify`)."""

import re

import pytest
import sqlalchemy as sa

from award import audit
from award.audit.models import AuditEntry, AuditHead
from award.extensions import db


@pytest.fixture
def three_entries(cycle, make_nomination):
    """The cycle's entry and two submitted nominations."""
    make_nomination(cycle)
    make_nomination(cycle)
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def printed_head(runner) -> tuple[int, str]:
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    count, head = re.search(r"intact: (\d+) entries; head ([0-9a-f]{64})", result.output).groups()
    return int(count), head


def test_the_head_row_follows_every_entry(three_entries, runner):
    head = db.session.get(AuditHead, 1)
    assert (head.count, head.hash) == (3, three_entries[-1].hash)
    assert printed_head(runner) == (3, three_entries[-1].hash)


def test_an_empty_log_is_intact(app, runner):
    assert printed_head(runner) == (0, audit.GENESIS)


def test_deleting_the_newest_entry_makes_verify_fail(three_entries, runner):
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == three_entries[-1].id))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "the newest entries are missing" in result.output


def test_deleting_the_newest_entry_still_shows_after_later_entries(three_entries, runner,
                                                                   cycle, make_nomination):
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == three_entries[-1].id))
    db.session.commit()
    make_nomination(cycle)  # the chain goes on from the entry before the deleted one
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "the newest entries are missing" in result.output


def test_deleting_the_head_row_makes_verify_fail(three_entries, runner):
    db.session.execute(sa.delete(AuditHead))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "the head of the log is missing" in result.output


def truncate_and_forge_the_head(entries) -> None:
    """Delete the newest entry and rewrite the head row to match what is left."""
    db.session.execute(sa.delete(AuditEntry).where(AuditEntry.id == entries[-1].id))
    db.session.execute(sa.update(AuditHead).values(count=len(entries) - 1,
                                                   hash=entries[-2].hash))
    db.session.commit()


def test_a_forged_head_row_is_caught_by_the_head_kept_outside(three_entries, runner):
    count, head = printed_head(runner)  # yesterday's line, kept in the operator's mailbox
    truncate_and_forge_the_head(three_entries)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # the database agrees with itself
    result = runner.invoke(args=["audit", "verify", "--expect-head", head,
                                 "--expect-count", str(count)])
    assert result.exit_code == 1
    assert f"entry {count} of the log is not {head}" in result.output
    result = runner.invoke(args=["audit", "verify", "--expect", f"{count}:{head}"])
    assert result.exit_code == 1


def test_an_earlier_head_is_still_in_a_longer_chain(three_entries, runner, cycle,
                                                   make_nomination):
    count, head = printed_head(runner)
    make_nomination(cycle)
    result = runner.invoke(args=["audit", "verify", "--expect", f"{count}:{head}"])
    assert result.exit_code == 0, result.output
    assert "Audit log intact: 4 entries" in result.output
    assert f"contains the earlier head {head} as entry {count}" in result.output
    result = runner.invoke(args=["audit", "verify", "--expect-count", str(count),
                                 "--expect-head", head])
    assert result.exit_code == 0, result.output


def test_an_earlier_head_at_the_wrong_position_fails(three_entries, runner):
    count, head = printed_head(runner)
    result = runner.invoke(args=["audit", "verify", "--expect", f"{count - 1}:{head}"])
    assert result.exit_code == 1


@pytest.mark.parametrize("args", [
    ["--expect-head", "a" * 64],
    ["--expect-count", "3"],
    ["--expect", "3"],
    ["--expect", "x:" + "a" * 64],
    ["--expect", "3:nothex"],
    ["--expect", "3:" + "a" * 64, "--expect-count", "3", "--expect-head", "a" * 64],
])
def test_an_incomplete_expectation_is_a_usage_error(app, runner, args):
    result = runner.invoke(args=["audit", "verify", *args])
    assert result.exit_code == 2, result.output
