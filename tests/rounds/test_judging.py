"""A judging from the secretariat's side, through the services and the command line: round 1
closes with a snapshot (once, and with missing sheets only when forced), a cut-line tie is
resolved, the top entries advance, round 2 is judged and closed, and the winner is recorded."""

import json
from fractions import Fraction

import pytest
import sqlalchemy as sa

from award.announcements import services as announcements
from award.audit.models import AuditEntry
from award.cycles.models import Phase
from award.extensions import db
from award.jury import conflicts, sheets
from award.rounds import closing, decision, services
from award.rounds import results as round_results
from award.rounds.models import RoundResult
from award.service import Refused


def submit(round_, juror, entry, scores, clock):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), {}),
                      submit=True, actor=juror.email, at=clock())


@pytest.fixture
def judging(cycle, make_nomination, make_juror, open_round, clock):
    """Four entries, three jurors (weights 0.5, 1 and 2), round 1 advancing 2."""
    entries = [make_nomination(cycle, initiative_name=name)
               for name in ("Flexklinikken", "Broen til bedre sundhed", "Sundhedsklinikken",
                            "Frikommuneforsøget")]
    jurors = [make_juror(cycle, f"{name}@example.dk", name=name.title(), weight=weight)
              for name, weight in (("anna", 50), ("bo", 100), ("cecilie", 200))]
    round_ = open_round(cycle)
    round_.advance_count = 2
    db.session.commit()
    return round_, entries, jurors


def test_closing_stores_the_exact_results_once(judging, clock, runner):
    round_, entries, (anna, bo, cecilie) = judging
    # Anna: all 4s on entry 0, all 3s on entry 1; Bo and Cecilie likewise with 5s and 2s.
    conflicts.declare_conflict(cecilie, entries[3], "Kollega.", actor="system", at=clock())
    for juror, high, low in ((anna, 4, 3), (bo, 5, 2), (cecilie, 5, 2)):
        submit(round_, juror, entries[0], [high] * 7, clock)
        submit(round_, juror, entries[1], [low] * 7, clock)
        submit(round_, juror, entries[2], [low] * 7, clock)
    db.session.commit()

    # Entry 3 has no sheet from Anna and Bo (Cecilie is conflicted): closing needs "anyway".
    with pytest.raises(closing.MissingSheets) as refused:
        closing.close_round(round_, actor="sekretariat@example.dk", at=clock())
    assert sorted((j.email, e.reference) for j, e in refused.value.missing) == [
        ("anna@example.dk", entries[3].reference), ("bo@example.dk", entries[3].reference)]
    assert round_.closed_at is None
    closing.close_round(round_, actor="sekretariat@example.dk", at=clock(), force=True)
    db.session.commit()

    again = runner.invoke(args=["round", "close", "--year", "2024", "--number", "1"])
    assert again.exit_code != 0 and "Runde 1 er allerede lukket." in again.output
    assert db.session.scalar(sa.select(sa.func.count(RoundResult.id))) == 1

    current = round_results.results(round_)
    first = current.outcome.entries[0]
    # S = (0.5·4 + 1·5 + 2·5) / 3.5 = 17 / 3.5 = 34/7
    assert (first.entry, first.score, first.sheets) == (entries[0].id, Fraction(34, 7), 3)
    assert current.left_out_for(entries[3].id) == [("conflict", "Cecilie"), ("missing", "Anna"),
                                                    ("missing", "Bo")]
    # Entries 1 and 2 have the same sheets: tied across the cut line (K = 2).
    assert set(current.outcome.cut_line_tie) == {entries[1].id, entries[2].id}
    data = json.loads(runner.invoke(args=["results", "--year", "2024", "--round", "1",
                                          "--format", "json"]).output)
    assert data["entries"][0] == {
        "rank": 1, "reference": entries[0].reference, "title": "Flexklinikken",
        "score": "4.86", "score_exact": "34/7", "normalised": data["entries"][0]["normalised"],
        "criteria": {str(n): "4.86" for n in range(1, 8)}, "sheets": 3,
        "spread": data["entries"][0]["spread"], "tied": False, "below_quorum": False,
        "disagreement": False, "advanced": True}
    assert [e["tied"] for e in data["entries"][1:3]] == [True, True]
    assert data["entries"][3]["score"] is None and data["entries"][3]["below_quorum"]


def test_a_two_round_judging_to_the_decision(judging, clock, runner):
    round_, entries, (anna, bo, cecilie) = judging
    for juror in (anna, bo, cecilie):
        for entry, score in zip(entries, (5, 3, 3, 1), strict=True):
            submit(round_, juror, entry, [score] * 7, clock)
    db.session.commit()
    assert runner.invoke(args=["round", "close", "--year", "2024", "--number", "1"]
                         ).exit_code == 0
    advance = ["round", "advance", "--year", "2024", "--number", "1"]
    blocked = runner.invoke(args=advance)
    assert blocked.exit_code != 0 and "stemmelighed om den sidste plads" in blocked.output
    opened = runner.invoke(args=["round", "open", "--year", "2024", "--number", "2"])
    assert opened.exit_code != 0 and "skal være lukket, og de bedste" in opened.output
    too_early = runner.invoke(args=["decide", "--year", "2024", "--ref", entries[0].reference])
    assert too_early.exit_code != 0 and "Vinderen findes i finalerunden" in too_early.output

    wrong = runner.invoke(args=["round", "resolve", "--year", "2024", "--number", "1",
                                "--order", f"{entries[0].reference},{entries[1].reference}",
                                "--reason", "Forkert gruppe."])
    assert wrong.exit_code != 0 and "præcis de indstillinger, der står lige" in wrong.output
    resolved = runner.invoke(args=["round", "resolve", "--year", "2024", "--number", "1",
                                   "--order", f"{entries[2].reference},{entries[1].reference}",
                                   "--reason", "Juryen drøftede dem på mødet 20. februar."])
    assert resolved.exit_code == 0, resolved.output
    advanced = runner.invoke(args=advance)
    assert advanced.exit_code == 0, advanced.output
    assert f"{entries[0].reference}, {entries[2].reference}" in advanced.output

    result = runner.invoke(args=["round", "open", "--year", "2024", "--number", "2",
                                 "--name", "Finalen"])
    assert result.exit_code == 0, result.output
    final = services.round_by_number(round_.cycle, 2)
    assert [e.id for e in services.entries(final)] == [entries[0].id, entries[2].id]
    for juror in (anna, bo, cecilie):
        submit(final, juror, entries[0], [4] * 7, clock)
        submit(final, juror, entries[2], [5] * 7, clock)
    db.session.commit()
    assert runner.invoke(args=["round", "close", "--year", "2024", "--number", "2"]
                         ).exit_code == 0

    outside = runner.invoke(args=["decide", "--year", "2024", "--ref", entries[1].reference])
    assert outside.exit_code != 0 and "er ikke med i den sidste runde" in outside.output
    unreasoned = runner.invoke(args=["decide", "--year", "2024", "--ref", entries[0].reference])
    assert unreasoned.exit_code != 0 and "Skriv en begrundelse" in unreasoned.output
    decided = runner.invoke(args=["decide", "--year", "2024", "--ref", entries[2].reference])
    assert decided.exit_code == 0, decided.output
    cycle = round_.cycle
    db.session.refresh(cycle)
    assert cycle.phase(clock()) is Phase.DECIDED
    assert cycle.decision.nomination_id == entries[2].id
    with pytest.raises(Refused):
        decision.decide(cycle, entries[0], actor="system", at=clock(), reason="Om igen.")
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    for action in ("round.closed", "round.tie_resolved", "round.advanced", "cycle.decided"):
        assert action in actions


def test_a_recorded_order_can_be_corrected_until_the_best_advance(judging, clock, runner):
    round_, entries, jurors = judging
    for juror in jurors:
        for entry, score in zip(entries, (5, 3, 3, 1), strict=True):
            submit(round_, juror, entry, [score] * 7, clock)
    closing.close_round(round_, actor="system", at=clock())
    db.session.commit()
    resolve = ["round", "resolve", "--year", "2024", "--number", "1", "--reason"]
    tied = (entries[1].reference, entries[2].reference)
    assert runner.invoke(args=[*resolve, "Først sådan.", "--order", ",".join(tied)]
                         ).exit_code == 0
    corrected = runner.invoke(args=[*resolve, "Rettet: omvendt.", "--order",
                                    ",".join(reversed(tied))])
    assert corrected.exit_code == 0, corrected.output
    current = round_results.results(round_)
    assert [line.entry for line in current.outcome.entries[:3]] == [
        entries[0].id, entries[2].id, entries[1].id]
    assert [r.reason for r in current.resolutions] == ["Først sådan.", "Rettet: omvendt."]

    advanced = runner.invoke(args=["round", "advance", "--year", "2024", "--number", "1"])
    assert f"{entries[0].reference}, {entries[2].reference}" in advanced.output
    late = runner.invoke(args=[*resolve, "For sent.", "--order", ",".join(tied)])
    assert late.exit_code != 0 and "allerede gået videre" in late.output


def test_no_sheet_changes_after_close(judging, clock):
    round_, entries, (anna, _bo, _cecilie) = judging
    submit(round_, anna, entries[0], [4] * 7, clock)
    db.session.commit()
    closing.close_round(round_, actor="system", at=clock(), force=True)
    db.session.commit()
    with pytest.raises(sheets.SheetRefused):
        submit(round_, anna, entries[0], [1] * 7, clock)


def test_the_final_order_is_settled_once_the_winner_is_recorded(judging, clock, runner):
    round_, entries, jurors = judging
    round_.advance_count = None
    for juror in jurors:
        for entry, score in zip(entries, (4, 4, 3, 3), strict=True):
            submit(round_, juror, entry, [score] * 7, clock)
    db.session.commit()
    closing.close_round(round_, actor="system", at=clock())
    decided = runner.invoke(args=["decide", "--year", "2024", "--ref", entries[1].reference,
                                  "--reason", "Juryen valgte den på mødet."])
    assert decided.exit_code == 0, decided.output

    resolve = runner.invoke(args=["round", "resolve", "--year", "2024", "--number", "1",
                                  "--order", f"{entries[0].reference},{entries[1].reference}",
                                  "--reason", "Bagefter."])
    assert resolve.exit_code != 0
    assert "Vinderen er registreret fra Runde 1, så rækkefølgen kan ikke længere ændres." \
        in resolve.output
    assert round_results.results(round_).resolutions == []

    # Announced too: still no further round, and the refusal says why.
    cycle = round_.cycle
    announcements.save(cycle, announcements.draft(cycle).__dict__, actor="system", at=clock())
    announcements.publish(cycle, actor="system", at=clock())
    db.session.commit()
    assert cycle.phase(clock()) is Phase.ANNOUNCED
    another = runner.invoke(args=["round", "open", "--year", "2024", "--number", "2"])
    assert another.exit_code != 0
    assert "Vinderen af 2024 er fundet, så der kan ikke åbnes flere runder." in another.output
