"""The `award` command line: clear errors, non-zero exits, audit entries."""

import json

import sqlalchemy as sa

from award.audit.models import AuditEntry
from award.cycles.models import Cycle
from award.extensions import db


def invoke(runner, *args):
    return runner.invoke(args=list(args))


def test_cycle_create_and_show(runner):
    result = invoke(runner, "cycle", "create", "--year", "2024", "--title", "Prisen 2024",
                    "--theme", "Mere lighed", "--opens", "2023-11-21", "--deadline", "2024-01-13",
                    "--summit", "2024-04-11")
    assert result.exit_code == 0, result.output
    shown = json.loads(invoke(runner, "cycle", "show", "--year", "2024", "--json").output)
    assert shown["deadline_at"] == "2024-01-13T23:00:00+00:00"
    assert shown["phase"] == "open"  # the test clock stands at 5 January 2024
    assert [c["number"] for c in shown["criteria"]] == [1, 2, 3, 4, 5, 6, 7]
    assert shown["criteria"][6]["text"] == "Initiativet har skabt mere lighed i behandling."
    text = invoke(runner, "cycle", "show", "--year", "2024").output
    assert "Deadline: 13. januar 2024 kl. 23.59" in text
    assert db.session.scalar(sa.select(AuditEntry.action)) == "cycle.created"


def test_cycle_update_changes_only_what_is_given(runner, cycle):
    result = invoke(runner, "cycle", "update", "--year", "2024", "--deadline", "2024-01-13 12:00")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    updated = db.session.scalar(sa.select(Cycle))
    assert updated.deadline_at.isoformat() == "2024-01-13T11:00:00+00:00"
    assert updated.theme == "Mere lighed i behandlingen i samarbejde med civilsamfundet"
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "cycle.updated" and "deadline_at" in entry.details


def test_bad_input_gets_a_clear_error_and_a_non_zero_exit(runner, cycle):
    cases = [
        (["cycle", "create", "--year", "2024", "--title", "X", "--opens", "2023-11-21",
          "--deadline", "2024-01-13"], "a cycle for 2024 exists already"),
        (["cycle", "create", "--year", "2026", "--title", "X", "--opens", "2025-11-21",
          "--deadline", "13/01/2026"], "is not a date"),
        (["cycle", "create", "--year", "2026", "--title", "X", "--opens", "2026-02-01",
          "--deadline", "2026-01-13"], "the deadline must come after the opening"),
        (["cycle", "show", "--year", "1999"], "no cycle for 1999"),
        (["cycle", "update", "--year", "2024"], "nothing to change"),
        (["nominations", "list", "--year", "2030"], "no cycle for 2030"),
        (["cycle", "create", "--year", "abc"], "is not a valid integer"),
    ]
    for args, message in cases:
        result = invoke(runner, *args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)


def test_nominations_list(runner, cycle, make_nomination):
    make_nomination(cycle)
    make_nomination(cycle, initiative_name="Broen til bedre sundhed")
    rows = json.loads(invoke(runner, "nominations", "list", "--year", "2024", "--json").output)
    assert [(r["reference"], r["initiative"], r["status"]) for r in rows] == [
        ("AP-2024-0001", "Flexklinikken", "submitted"),
        ("AP-2024-0002", "Broen til bedre sundhed", "submitted"),
    ]
    assert "2 nominations" in invoke(runner, "nominations", "list", "--year", "2024").output


def test_demo_loads_an_open_cycle_with_nominations_once(runner, app):
    # The test clock stands at 5 January 2024: the 2024 call is open, 2023 is being judged
    # (tests/demo has the rule on other days).
    result = invoke(runner, "demo")
    assert result.exit_code == 0, result.output
    shown = json.loads(invoke(runner, "cycle", "show", "--year", "2024", "--json").output)
    assert shown["phase"] == "open"
    rows = json.loads(invoke(runner, "nominations", "list", "--year", "2024", "--json").output)
    assert len(rows) >= 12
    assert {"Flexklinikken", "Broen til bedre sundhed", "Sundhedsguider i boligområder"} <= {
        r["initiative"] for r in rows}
    assert "Cycle 2024 is open for nominations until" in result.output
    again = invoke(runner, "demo", "--if-empty")
    assert again.exit_code == 0 and "not loaded" in again.output
    assert invoke(runner, "demo").exit_code != 0
    assert invoke(runner, "audit", "verify").exit_code == 0


def test_demo_has_a_cycle_being_judged_with_a_jury_and_log_ins(runner, app):
    from werkzeug.security import check_password_hash

    from award.auth import services as accounts
    from award.jury import conflicts
    from award.jury.models import ScoreSheet
    from award.rounds import services as rounds

    result = invoke(runner, "demo")
    assert result.exit_code == 0, result.output
    shown = json.loads(invoke(runner, "cycle", "show", "--year", "2023", "--json").output)
    assert shown["phase"] == "judging"
    rows = json.loads(invoke(runner, "nominations", "list", "--year", "2023", "--json").output)
    assert "Flexklinikken" in {r["initiative"] for r in rows}
    assert "Cycle 2023 is being judged: its call closed" in result.output
    assert "Runde 1: udvælgelse af nominerede of 2023 is open for the jury" in result.output
    judged = db.session.scalar(sa.select(Cycle).where(Cycle.year == 2023))
    round_ = rounds.round_by_number(judged, 1)
    assert round_.is_open() and len(round_.panel) == 5
    assert db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))) > 0
    assert len(conflicts.conflicts(judged)) == 1
    logins = [line.split() for line in result.output.splitlines() if line.startswith("  ")]
    assert [role for role, _email, _password in logins] == ["sekretariat"] + ["jurymedlem"] * 5
    for _role, email, password in logins:
        user = accounts.by_email(email)
        assert user is not None and check_password_hash(user.password_hash, password), email
