"""The results engine on hand-computed examples; the arithmetic is in the comments.

Weights are in hundredths (50 = 0.5). With the criterion weights 1,1,1,1,1,1,2 a juror's total
is T = (s1 + … + s6 + 2·s7) / 8; with equal criterion weights it is the mean of the 7 scores.
"""

import math
from dataclasses import replace
from fractions import Fraction

import pytest

from award.criteria.results import (
    BY_CRITERION,
    BY_SCORE,
    RESOLVED,
    SHARED,
    UNSCORED,
    RoundInput,
    Sheet,
    compute,
    lowest_terms,
    round_half_up,
)

CRITERIA = (1, 2, 3, 4, 5, 6, 7)
EQUAL = (100,) * 7
SEVEN_COUNTS_TWICE = (100, 100, 100, 100, 100, 100, 200)


def sheet(juror: int, entry: int, scores, weights=EQUAL) -> Sheet:
    """A counted sheet, with Σ_c v_c·s_c computed as the database does."""
    scores = tuple(scores)
    weighted = sum(v * s for v, s in zip(weights, scores, strict=True))
    return Sheet(juror=juror, entry=entry, weighted=weighted, scores=scores)


def flat(score: int) -> tuple[int, ...]:
    """The same score on all seven criteria: T = score."""
    return (score,) * 7


def round_of(sheets, jurors=None, entries=None, **options) -> RoundInput:
    sheets = tuple(sheets)
    return RoundInput(
        criteria=options.pop("criteria", CRITERIA),
        criterion_weights=options.pop("criterion_weights", EQUAL),
        juror_weights=jurors or {s.juror: 100 for s in sheets},
        entries=entries or tuple(sorted({s.entry for s in sheets})),
        sheets=sheets,
        **options,
    )


def ranks(result) -> list[tuple[int, int]]:
    return [(e.entry, e.rank) for e in result.entries]


# --- The worked example of docs/scoring.md ------------------------------------------------

ANNA, BO, CARL = 1, 2, 3
A, B, C = 1, 2, 3


def worked_example(method="weighted") -> RoundInput:
    """docs/scoring.md, "A worked example": the same numbers, keep them in step."""
    v = SEVEN_COUNTS_TWICE
    return RoundInput(
        criteria=CRITERIA,
        criterion_weights=v,
        juror_weights={ANNA: 50, BO: 100, CARL: 200},
        entries=(A, B, C),
        sheets=(
            sheet(ANNA, A, (4, 4, 4, 4, 4, 4, 4), v),  # (24 + 2·4)/8 = 32/8 = 4
            sheet(BO, A, (5, 3, 4, 4, 3, 5, 4), v),  # (24 + 2·4)/8 = 4
            sheet(CARL, A, (5, 4, 5, 4, 4, 4, 5), v),  # (26 + 2·5)/8 = 36/8 = 9/2
            sheet(ANNA, B, (3, 3, 4, 3, 4, 3, 4), v),  # (20 + 2·4)/8 = 28/8 = 7/2
            sheet(BO, B, (4, 3, 4, 4, 3, 4, 3), v),  # (22 + 2·3)/8 = 7/2
            # Carl's sheet for B is missing.
            sheet(ANNA, C, (3, 2, 3, 2, 3, 3, 2), v),  # (16 + 2·2)/8 = 20/8 = 5/2
            # Bo has declared a conflict of interest on C: no sheet is counted.
            sheet(CARL, C, (3, 3, 4, 3, 4, 3, 5), v),  # (20 + 2·5)/8 = 30/8 = 15/4
        ),
        method=method,
        quorum=2,
        advance=2,
    )


def test_worked_example_weighted_mean():
    """The worked example of docs/scoring.md, written from the document: the numbers there
    are the numbers asserted here."""
    result = compute(worked_example())
    a, c, b = result.entries
    assert [a.entry, c.entry, b.entry] == [A, C, B]

    # A: Σ w·T = 0.5·4 + 1·4 + 2·9/2 = 2 + 4 + 9 = 15; Σ w = 3.5; S = 15/3.5 = 30/7 ≈ 4.2857
    assert [(p.juror, p.weight, p.total) for p in a.parts] == [
        (ANNA, 50, 4), (BO, 100, 4), (CARL, 200, Fraction(9, 2))]
    assert (a.weighted_sum, a.weight_sum) == (15, 350)
    assert a.score == Fraction(30, 7)
    assert (round_half_up(a.score), lowest_terms(a.score)) == ("4.29", "30/7")
    # B (Carl missing): Σ w·T = 0.5·7/2 + 1·7/2 = 21/4; Σ w = 1.5; S = (21/4)/1.5 = 7/2
    assert [p.juror for p in b.parts] == [ANNA, BO]
    assert (b.weighted_sum, b.weight_sum, b.score) == (Fraction(21, 4), 150, Fraction(7, 2))
    # C (Bo conflicted): Σ w·T = 0.5·5/2 + 2·15/4 = 5/4 + 15/2 = 35/4; Σ w = 2.5; S = 7/2
    assert [p.juror for p in c.parts] == [ANNA, CARL]
    assert (c.weighted_sum, c.weight_sum, c.score) == (Fraction(35, 4), 250, Fraction(7, 2))

    # B and C are equal on S = 7/2 = 3.50; criterion 7 decides:
    # M_B,7 = (0.5·4 + 1·3)/1.5 = 5/1.5 = 10/3 ≈ 3.33; M_C,7 = (0.5·2 + 2·5)/2.5 = 11/2.5 = 22/5
    assert b.criteria[7] == Fraction(10, 3)
    assert c.criteria[7] == Fraction(22, 5)
    # A's criterion means: M_A,1 = (0.5·4 + 5 + 2·5)/3.5 = 17/3.5 = 34/7, and so on.
    assert a.criteria == {1: Fraction(34, 7), 2: Fraction(26, 7), 3: Fraction(32, 7), 4: 4,
                          5: Fraction(26, 7), 6: Fraction(30, 7), 7: Fraction(32, 7)}
    assert b.criteria == {1: Fraction(11, 3), 2: 3, 3: 4, 4: Fraction(11, 3),
                          5: Fraction(10, 3), 6: Fraction(11, 3), 7: Fraction(10, 3)}
    assert [round_half_up(m) for m in a.criteria.values()] == [
        "4.86", "3.71", "4.57", "4.00", "3.71", "4.29", "4.57"]
    assert [round_half_up(m) for m in b.criteria.values()] == [
        "3.67", "3.00", "4.00", "3.67", "3.33", "3.67", "3.33"]
    assert [round_half_up(m) for m in c.criteria.values()] == [
        "3.00", "2.80", "3.80", "2.80", "3.80", "3.00", "4.40"]

    assert ranks(result) == [(A, 1), (C, 2), (B, 3)]
    assert (a.decided_by, a.decided_by_criterion) == (BY_SCORE, None)
    assert (c.decided_by, c.decided_by_criterion) == (BY_CRITERION, 7)
    assert (b.decided_by, b.decided_by_criterion) == (BY_CRITERION, 7)
    assert [e.advanced for e in result.entries] == [True, True, False]  # K = 2
    assert result.tie_groups == () and result.cut_line_tie is None

    # Sheets 3, 2, 2: quorum 2 met. Spreads of the totals (unweighted):
    # A: 4, 4, 9/2: mean 25/6, deviations −1/6, −1/6, 1/3: √((1/36 + 1/36 + 4/36)/3) = √(1/18)
    # B: 7/2, 7/2: 0.  C: 5/2, 15/4: deviations ∓5/8: 5/8 = 0.625
    assert [e.sheets for e in (a, b, c)] == [3, 2, 2]
    assert not any(e.below_quorum or e.disagreement for e in result.entries)
    assert a.spread == pytest.approx(math.sqrt(1 / 18), abs=1e-12)  # 0.2357
    assert b.spread == 0
    assert c.spread == pytest.approx(0.625, abs=1e-12)

    # Without Anna: A = (4 + 2·9/2)/3 = 13/3, B = 7/2, C = 15/4.
    # Without Bo:   A = (2 + 9)/2.5 = 22/5, B = 7/2, C = 7/2.
    # Without Carl: A = (2 + 4)/1.5 = 4, B = 7/2, C = 5/2.   A stays first every time.
    assert result.stable_without_any_one_juror is True
    assert result.unstable_without == ()


def test_worked_example_normalised():
    """The normalised method on docs/scoring.md's worked example (same numbers there)."""
    result = compute(worked_example("normalised"))
    # Anna scored A, B, C: T = 4, 7/2, 5/2; μ = 10/3; deviations 2/3, 1/6, −5/6;
    # σ² = (16/36 + 1/36 + 25/36)/3 = 7/18; σ ≈ 0.6236;
    # z = (2/3)/σ = √(8/7) ≈ 1.0690, (1/6)/σ = √(1/14) ≈ 0.2673, −(5/6)/σ = −√(25/14) ≈ −1.3363
    # Bo scored A, B: T = 4, 7/2; μ = 15/4, σ = 1/4; z = +1, −1
    # Carl scored A, C: T = 9/2, 15/4; μ = 33/8, σ = 3/8; z = +1, −1
    anna = result.entry(A).parts[0]
    assert (anna.mean, anna.entries_scored) == (Fraction(10, 3), 3)
    assert anna.sd == pytest.approx(math.sqrt(7 / 18), abs=1e-12)
    z = {(p.juror, e.entry): p.z for e in result.entries for p in e.parts}
    assert z[ANNA, A] == pytest.approx(math.sqrt(8 / 7), abs=1e-12)
    assert z[ANNA, B] == pytest.approx(math.sqrt(1 / 14), abs=1e-12)
    assert z[ANNA, C] == pytest.approx(-math.sqrt(25 / 14), abs=1e-12)
    assert [z[BO, A], z[BO, B], z[CARL, A], z[CARL, C]] == [1, -1, 1, -1]
    bo = result.entry(A).parts[1]
    assert (bo.mean, bo.sd) == (Fraction(15, 4), 0.25)

    # Z_A = (0.5·1.0690 + 1·1 + 2·1)/3.5 ≈ 1.0099
    # Z_B = (0.5·0.2673 − 1)/1.5 ≈ −0.5776
    # Z_C = (−0.5·1.3363 − 2)/2.5 ≈ −1.0673
    expected = {
        A: (0.5 * math.sqrt(8 / 7) + 3) / 3.5,
        B: (0.5 * math.sqrt(1 / 14) - 1) / 1.5,
        C: (-0.5 * math.sqrt(25 / 14) - 2) / 2.5,
    }
    for e in result.entries:
        assert e.normalised == pytest.approx(expected[e.entry], abs=1e-12)
    assert round(expected[A], 4) == 1.0099 and round(expected[B], 4) == -0.5776
    assert round(expected[C], 4) == -1.0673
    # Normalised, B comes before C (Carl is a generous scorer: C is below his own mean); the
    # weighted mean S is still computed and shown.
    assert ranks(result) == [(A, 1), (B, 2), (C, 3)]
    assert result.entry(B).decided_by == BY_SCORE
    assert result.entry(C).score == Fraction(7, 2)
    assert [e.advanced for e in result.entries] == [True, True, False]
    assert result.stable_without_any_one_juror is True


# --- Totals, weights, conflicts, missing sheets -------------------------------------------


def test_the_total_is_taken_from_the_databases_weighted_sum():
    # The engine does not recompute Σ v_c·s_c: a sheet saying 2400 (with V = 800) has
    # T = 2400/800 = 3 whatever its scores; its scores still make the criterion means.
    odd = Sheet(juror=1, entry=1, weighted=2400, scores=(5, 5, 5, 5, 5, 5, 5))
    result = compute(round_of([odd], criterion_weights=SEVEN_COUNTS_TWICE))
    assert result.criterion_weight_sum == 800
    assert result.entries[0].parts[0].total == 3
    assert result.entries[0].score == 3
    assert result.entries[0].criteria[7] == 5


def test_criterion_weights_count_in_the_total_not_in_the_criterion_means():
    # v = 1,1,1,1,1,1,2: T = (1+1+1+1+1+1 + 2·5)/8 = 16/8 = 2; equal weights: 11/7
    scores = (1, 1, 1, 1, 1, 1, 5)
    weighted = compute(round_of([sheet(1, 1, scores, SEVEN_COUNTS_TWICE)],
                                criterion_weights=SEVEN_COUNTS_TWICE))
    equal = compute(round_of([sheet(1, 1, scores)]))
    assert weighted.entries[0].score == 2
    assert equal.entries[0].score == Fraction(11, 7)
    assert weighted.entries[0].criteria == equal.entries[0].criteria == dict(
        zip(CRITERIA, scores, strict=True))


def test_a_criterion_with_weight_zero_is_left_out_of_the_total():
    # v = 0,1,1,1,1,1,1 (in hundredths 0,100,…): T = (2+2+2+2+2+2)/6 = 2, criterion 1 ignored
    v = (0, 100, 100, 100, 100, 100, 100)
    result = compute(round_of([sheet(1, 1, (5, 2, 2, 2, 2, 2, 2), v)], criterion_weights=v))
    assert result.entries[0].score == 2
    assert result.entries[0].criteria[1] == 5


def test_juror_weights_half_one_and_two():
    # T = 5, 4, 2 with w = 0.5, 1, 2: S = (2.5 + 4 + 4)/3.5 = 10.5/3.5 = 3
    # (unweighted it would be 11/3); M_c is the same weighted mean of the scores: 3.
    result = compute(round_of([sheet(1, 1, flat(5)), sheet(2, 1, flat(4)),
                               sheet(3, 1, flat(2))], jurors={1: 50, 2: 100, 3: 200}))
    entry = result.entries[0]
    assert (entry.weighted_sum, entry.weight_sum, entry.score) == (Fraction(21, 2), 350, 3)
    assert entry.criteria == {c: 3 for c in CRITERIA}
    assert [p.weight for p in entry.parts] == [50, 100, 200]


def test_a_conflict_or_a_missing_sheet_leaves_the_juror_out_and_is_not_a_zero():
    # Entry 1 scored by jurors 1 and 2 (T = 4, 2): S = 3. Entry 2: juror 2 conflicted, juror 3
    # never submitted: only juror 1's T = 4 counts, S = 4 (not (4 + 0 + 0)/3).
    result = compute(round_of(
        [sheet(1, 1, flat(4)), sheet(2, 1, flat(2)), sheet(1, 2, flat(4))],
        jurors={1: 100, 2: 100, 3: 100}, quorum=2))
    assert ranks(result) == [(2, 1), (1, 2)]
    two = result.entry(2)
    assert (two.score, two.sheets, two.below_quorum) == (4, 1, True)
    assert [p.juror for p in two.parts] == [1]
    assert result.entry(1).below_quorum is False


def test_entries_without_a_counted_sheet_come_last_share_a_rank_and_never_advance():
    # Entries 3 and 4 have no sheet: after the two scored ones, both rank 3; K = 10 is more
    # than there are entries, still they do not advance.
    result = compute(round_of([sheet(1, 1, flat(2)), sheet(1, 2, flat(3))],
                              entries=(1, 2, 3, 4), advance=10))
    assert ranks(result) == [(2, 1), (1, 2), (3, 3), (4, 3)]
    for entry in result.entries[2:]:
        assert (entry.score, entry.normalised, entry.spread, entry.sheets) == (None, None, None, 0)
        assert entry.criteria == {c: None for c in CRITERIA}
        assert entry.below_quorum and not entry.advanced and not entry.tied
        assert entry.decided_by == UNSCORED
        assert (entry.parts, entry.weight_sum, entry.weighted_sum) == ((), 0, 0)
    assert result.tie_groups == ()
    assert [e.advanced for e in result.entries[:2]] == [True, True]


def test_a_round_without_any_counted_sheet():
    result = compute(round_of([], jurors={1: 100}, entries=(5, 6)))
    assert ranks(result) == [(5, 1), (6, 1)]
    assert result.stable_without_any_one_juror is None


# --- Ties ---------------------------------------------------------------------------------


def test_a_three_way_tie_on_the_score_is_broken_by_criterion_7():
    # One juror, equal criterion weights: S = T = mean of the 7 scores.
    # Entry 1: all 5: S = 5.  Entries 2, 3, 4: sum 27, S = 27/7, criterion 7 = 3, 4, 5.
    result = compute(round_of([
        sheet(1, 1, flat(5)),
        sheet(1, 2, (4, 4, 4, 4, 4, 4, 3)),
        sheet(1, 3, (3, 4, 4, 4, 4, 4, 4)),
        sheet(1, 4, (4, 4, 4, 4, 3, 3, 5)),
    ]))
    assert [e.score for e in result.entries] == [5] + [Fraction(27, 7)] * 3
    assert [e.criteria[7] for e in result.entries] == [5, 5, 4, 3]
    assert ranks(result) == [(1, 1), (4, 2), (3, 3), (2, 4)]
    assert [(e.decided_by, e.decided_by_criterion) for e in result.entries] == [
        (BY_SCORE, None), (BY_CRITERION, 7), (BY_CRITERION, 7), (BY_CRITERION, 7)]
    assert not any(e.tied for e in result.entries) and result.tie_groups == ()


def test_criterion_3_decides_when_criterion_7_is_equal():
    # All three: sum 27, S = 27/7. Criterion 7: 5, 4, 4; criterion 3 of the last two: 5, 4.
    # An entry's place is put down to the deepest step that separates it from a neighbour:
    # entry 2 is above entry 3 by criterion 3 (below entry 1 by criterion 7).
    result = compute(round_of([
        sheet(1, 1, (4, 4, 4, 4, 3, 3, 5)),
        sheet(1, 2, (4, 3, 5, 3, 4, 4, 4)),
        sheet(1, 3, (3, 4, 4, 4, 4, 4, 4)),
    ]))
    assert ranks(result) == [(1, 1), (2, 2), (3, 3)]
    assert [(e.decided_by, e.decided_by_criterion) for e in result.entries] == [
        (BY_CRITERION, 7), (BY_CRITERION, 3), (BY_CRITERION, 3)]


def test_entries_equal_after_the_whole_chain_share_a_rank_and_are_flagged():
    # Entry 2: all 4; entry 3: (3,5,4,4,4,4,4): S = 28/7 = 4 for both, criterion 7 = 4 and
    # criterion 3 = 4 for both: still equal. Ranks 1, 2, 2, 4.
    result = compute(round_of([
        sheet(1, 1, flat(5)),
        sheet(1, 2, flat(4)),
        sheet(1, 3, (3, 5, 4, 4, 4, 4, 4)),
        sheet(1, 4, flat(3)),
    ]))
    assert ranks(result) == [(1, 1), (2, 2), (3, 2), (4, 4)]
    assert result.tie_groups == ((2, 3),)
    for entry in (result.entry(2), result.entry(3)):
        assert entry.tied and not entry.resolved
        assert entry.decided_by == SHARED
    assert not result.entry(1).tied and not result.entry(4).tied
    assert result.entry(4).decided_by == BY_SCORE


def test_a_tie_for_first_means_no_unique_first():
    result = compute(round_of([sheet(1, 1, flat(4)), sheet(1, 2, flat(4))]))
    assert ranks(result) == [(1, 1), (2, 1)]
    assert result.stable_without_any_one_juror is None
    assert result.unstable_without == ()


def test_an_empty_chain_leaves_equal_scores_tied():
    result = compute(round_of([sheet(1, 1, (5, 3, 4, 4, 4, 4, 4)), sheet(1, 2, flat(4))],
                              tie_break=()))
    assert ranks(result) == [(1, 1), (2, 1)]
    assert result.tie_groups == ((1, 2),)


# --- Advancing, the cut line and the secretariat's order ----------------------------------


def cut_line_round(**options) -> RoundInput:
    # Two jurors of weight 1, flat sheets: S = mean of the two totals.
    # 1: (5+5)/2 = 5; 2: (5+4)/2 = 9/2; 3 and 4: (4+4)/2 = 4, equal on every criterion;
    # 5: (3+3)/2 = 3.
    totals = {1: (5, 5), 2: (5, 4), 3: (4, 4), 4: (4, 4), 5: (3, 3)}
    return round_of([sheet(j, e, flat(t)) for e, ts in totals.items()
                     for j, t in enumerate(ts, 1)], **{"advance": 3} | options)


def test_a_tie_across_the_cut_line_is_flagged_and_nobody_in_it_advances():
    result = compute(cut_line_round())
    assert ranks(result) == [(1, 1), (2, 2), (3, 3), (4, 3), (5, 5)]
    assert result.cut_line_tie == (3, 4)
    assert result.tie_groups == ((3, 4),)
    assert [e.advanced for e in result.entries] == [True, True, False, False, False]
    assert [e.cut_line_tie for e in result.entries] == [False, False, True, True, False]


def test_a_tie_inside_the_top_k_is_not_a_cut_line_tie():
    result = compute(cut_line_round(advance=4))
    assert result.cut_line_tie is None
    assert result.tie_groups == ((3, 4),)
    assert [e.advanced for e in result.entries] == [True, True, True, True, False]


def test_the_recorded_order_resolves_the_cut_line_tie():
    result = compute(cut_line_round(resolved_order=(4, 3)))
    assert ranks(result) == [(1, 1), (2, 2), (4, 3), (3, 4), (5, 5)]
    assert result.cut_line_tie is None and result.tie_groups == ()
    assert [e.advanced for e in result.entries] == [True, True, True, False, False]
    for entry in (result.entry(3), result.entry(4)):
        assert entry.resolved and not entry.tied and entry.decided_by == RESOLVED
    assert result.order_not_applied == ()


def test_an_order_that_does_not_name_the_whole_group_resolves_nothing():
    # (4, 5): entry 3 is missing from the tied group 3, 4, and 5 is not tied at all.
    result = compute(cut_line_round(resolved_order=(4, 5)))
    assert result.cut_line_tie == (3, 4)
    assert result.entry(4).tied and not result.entry(4).resolved
    assert result.order_not_applied == (4, 5)


def test_a_recorded_order_can_settle_several_groups_at_once():
    # Entries 1, 2 equal (all 5), entries 3, 4 equal (all 4).
    result = compute(round_of([sheet(1, e, flat(5 if e < 3 else 4)) for e in (1, 2, 3, 4)],
                              resolved_order=(4, 2, 3, 1)))
    assert ranks(result) == [(2, 1), (1, 2), (4, 3), (3, 4)]
    assert result.tie_groups == ()
    # The first place now has a single entry, so the round has a stability answer.
    assert result.stable_without_any_one_juror is False  # without juror 1 nothing is scored


# --- Quorum, disagreement, spread ---------------------------------------------------------


def test_quorum():
    # Quorum 3: entry 1 has 3 counted sheets, entry 2 has 2.
    result = compute(round_of([sheet(j, 1, flat(4)) for j in (1, 2, 3)]
                              + [sheet(j, 2, flat(4)) for j in (1, 2)], quorum=3))
    assert (result.entry(1).below_quorum, result.entry(2).below_quorum) == (False, True)
    assert (result.entry(1).sheets, result.entry(2).sheets) == (3, 2)


def test_disagreement_is_more_than_two_scale_steps_between_two_totals():
    # Entry 1: T = 5 and 3: 5 − 3 = 2, exactly two steps: no flag.
    # Entry 2: T = 5 and (3·6 + 2)/7 = 20/7: 5 − 20/7 = 15/7 ≈ 2.14 > 2: flagged.
    # Entry 3: T = 5, 4, 2 with a middle juror: 5 − 2 = 3 > 2: flagged.
    result = compute(round_of([
        sheet(1, 1, flat(5)), sheet(2, 1, flat(3)),
        sheet(1, 2, flat(5)), sheet(2, 2, (3, 3, 3, 3, 3, 3, 2)),
        sheet(1, 3, flat(5)), sheet(2, 3, flat(4)), sheet(3, 3, flat(2)),
    ]))
    assert [result.entry(e).disagreement for e in (1, 2, 3)] == [False, True, True]


def test_spread_is_the_population_standard_deviation_of_the_totals_unweighted():
    # Entry 1: T = 5, 3: mean 4, deviations ±1: spread 1.
    # Entry 2: T = 5, 20/7: mean 55/14, deviations ±15/14: spread 15/14 ≈ 1.0714.
    # Entry 3: T = 2, 4, 4 (weights 0.5, 1, 2 play no part): mean 10/3,
    #   variance ((4/3)² + 2·(2/3)²)/3 = (16/9 + 8/9)/3 = 8/9: spread √8/3 ≈ 0.9428.
    # Entry 4: one sheet: spread 0.
    result = compute(round_of([
        sheet(1, 1, flat(5)), sheet(2, 1, flat(3)),
        sheet(1, 2, flat(5)), sheet(2, 2, (3, 3, 3, 3, 3, 3, 2)),
        sheet(1, 3, flat(2)), sheet(2, 3, flat(4)), sheet(3, 3, flat(4)),
        sheet(1, 4, flat(4)),
    ], jurors={1: 50, 2: 100, 3: 200}))
    assert result.entry(1).spread == pytest.approx(1, abs=1e-12)
    assert result.entry(2).spread == pytest.approx(15 / 14, abs=1e-12)
    assert result.entry(3).spread == pytest.approx(math.sqrt(8) / 3, abs=1e-12)
    assert result.entry(4).spread == 0


# --- Normalised ---------------------------------------------------------------------------


def test_normalised_with_a_flat_juror_and_a_juror_with_one_entry():
    # Juror 1 scored entries 1, 2, 3: T = 4, 3, 2: μ = 3, σ = √(2/3), z = ±1/√(2/3) = ±√1.5
    #   = ±1.2247, 0 for entry 2.
    # Juror 2 gave 4 and 4 to entries 1 and 2: σ = 0, so z = 0 (not a division by zero).
    # Juror 3 scored only entry 4 (|E_j| = 1): z = 0.
    # Z_1 = (1.2247 + 0)/2 = 0.6124; Z_2 = (0 + 0)/2 = 0; Z_3 = −1.2247; Z_4 = 0.
    # S: entry 4 = 5 (juror 3's T), entry 1 = 4, entry 2 = 7/2, entry 3 = 2.
    result_input = round_of([
        sheet(1, 1, flat(4)), sheet(1, 2, flat(3)), sheet(1, 3, flat(2)),
        sheet(2, 1, flat(4)), sheet(2, 2, flat(4)),
        sheet(3, 4, flat(5)),
    ], method="normalised")
    result = compute(result_input)
    one = result.entry(1)
    assert [(p.juror, p.entries_scored, p.mean) for p in one.parts] == [(1, 3, 3), (2, 2, 4)]
    assert one.parts[0].sd == pytest.approx(math.sqrt(2 / 3), abs=1e-12)
    assert one.parts[0].z == pytest.approx(1.2247448714, abs=1e-9)
    assert (one.parts[1].sd, one.parts[1].z) == (0, 0)
    four = result.entry(4)
    assert (four.parts[0].entries_scored, four.parts[0].sd, four.parts[0].z) == (1, 0, 0)
    assert one.normalised == pytest.approx(math.sqrt(1.5) / 2, abs=1e-12)
    assert result.entry(3).normalised == pytest.approx(-math.sqrt(1.5), abs=1e-12)
    assert result.entry(2).normalised == four.normalised == 0
    # Ranked by Z: 1, then 2 and 4 equal on Z = 0: criterion 7: 5 (entry 4) against
    # (3 + 4)/2 = 7/2 (entry 2); then 3.
    assert ranks(result) == [(1, 1), (4, 2), (2, 3), (3, 4)]
    assert (four.decided_by, four.decided_by_criterion) == (BY_CRITERION, 7)
    # The weighted mean is still computed, and would put entry 4 first.
    assert [result.entry(e).score for e in (1, 2, 3, 4)] == [4, Fraction(7, 2), 2, 5]
    weighted = compute(replace(result_input, method="weighted"))
    assert ranks(weighted) == [(4, 1), (1, 2), (2, 3), (3, 4)]


def test_normalised_scores_equal_up_to_float_rounding_are_equal():
    # One criterion, T = the score. Juror 1 (w = 1) scored entries 1, 3, 4: 1, 4, 1:
    #   μ = 2, σ = √2, z = −1/√2, √2, −1/√2.
    # Juror 2 (w = 2) scored entries 1, 2, 4: 5, 1, 1: μ = 7/3, σ = 4√2/3,
    #   z = √2, −1/√2, −1/√2.
    # Z_2 = −1/√2 (juror 2 alone); Z_4 = (1·(−1/√2) + 2·(−1/√2))/3 = −1/√2 too, but the
    # float sums differ in the last digit: they are equal within 1e-9, and so tied.
    result = compute(round_of([
        sheet(1, 1, (1,), (100,)), sheet(1, 3, (4,), (100,)), sheet(1, 4, (1,), (100,)),
        sheet(2, 1, (5,), (100,)), sheet(2, 2, (1,), (100,)), sheet(2, 4, (1,), (100,)),
    ], jurors={1: 100, 2: 200}, criteria=(1,), criterion_weights=(100,), tie_break=(1,),
        method="normalised"))
    two, four = result.entry(2).normalised, result.entry(4).normalised
    assert two != four and abs(two - four) <= 1e-9
    assert ranks(result) == [(3, 1), (1, 2), (2, 3), (4, 3)]
    assert result.tie_groups == ((2, 4),)


def test_leaving_a_juror_out_compares_normalised_scores_with_the_tolerance():
    # The scores of the test above mirrored (6 − s), so that entries 2 and 4 share the top
    # at +1/√2, plus juror 3 who gave entry 2 a 5 and entry 5 a 1 (z = +1, −1): with juror 3,
    # Z_2 = (2·(1/√2) + 1·1)/3 ≈ 0.8047 is the unique first; without juror 3, entries 2 and 4
    # are equal again (within 1e-9), so the first place is not kept.
    result = compute(round_of([
        sheet(1, 1, (5,), (100,)), sheet(1, 3, (2,), (100,)), sheet(1, 4, (5,), (100,)),
        sheet(2, 1, (1,), (100,)), sheet(2, 2, (5,), (100,)), sheet(2, 4, (5,), (100,)),
        sheet(3, 2, (5,), (100,)), sheet(3, 5, (1,), (100,)),
    ], jurors={1: 100, 2: 200, 3: 100}, criteria=(1,), criterion_weights=(100,),
        tie_break=(1,), method="normalised"))
    assert result.entries[0].entry == 2
    assert result.entries[0].normalised == pytest.approx((2 / math.sqrt(2) + 1) / 3)
    assert result.unstable_without == (3,)  # without juror 1 or 2, entry 2 stays first
    assert result.stable_without_any_one_juror is False


# --- Leave one juror out ------------------------------------------------------------------


def test_a_first_place_that_depends_on_one_juror():
    # Entry 1: T = 5, 3, 4: S = 4.  Entry 2: T = 3, 4, 4: S = 11/3.
    # Without juror 1: entry 1 = 7/2, entry 2 = 4: entry 2 would win.
    # Without juror 2: 9/2 against 7/2; without juror 3: 4 against 7/2: entry 1 stays.
    result = compute(round_of([
        sheet(1, 1, flat(5)), sheet(2, 1, flat(3)), sheet(3, 1, flat(4)),
        sheet(1, 2, flat(3)), sheet(2, 2, flat(4)), sheet(3, 2, flat(4)),
    ]))
    assert ranks(result) == [(1, 1), (2, 2)]
    assert result.stable_without_any_one_juror is False
    assert result.unstable_without == (1,)


def test_a_first_place_that_becomes_a_tie_without_a_juror_is_not_kept():
    # Entry 1: T = 5, 3: S = 4; entry 2: T = 3, 3: S = 3.
    # Without juror 1: 3 against 3, equal on every criterion too: a shared first, not kept.
    # Without juror 2: 5 against 3.
    result = compute(round_of([
        sheet(1, 1, flat(5)), sheet(2, 1, flat(3)),
        sheet(1, 2, flat(3)), sheet(2, 2, flat(3)),
    ]))
    assert ranks(result) == [(1, 1), (2, 2)]
    assert result.unstable_without == (1,)


def test_a_first_place_that_survives_leaving_out_any_juror():
    # Entry 1: T = 5, 3, 4, 5: S = 17/4.  Entry 2: T = 3, 4, 4, 3: S = 7/2.
    # Without juror 1: (3 + 4 + 5)/3 = 4    against (4 + 4 + 3)/3 = 11/3
    # Without juror 2: (5 + 4 + 5)/3 = 14/3 against (3 + 4 + 3)/3 = 10/3
    # Without juror 3: (5 + 3 + 5)/3 = 13/3 against (3 + 4 + 3)/3 = 10/3
    # Without juror 4: (5 + 3 + 4)/3 = 4    against (3 + 4 + 4)/3 = 11/3
    result = compute(round_of([
        sheet(1, 1, flat(5)), sheet(2, 1, flat(3)), sheet(3, 1, flat(4)), sheet(4, 1, flat(5)),
        sheet(1, 2, flat(3)), sheet(2, 2, flat(4)), sheet(3, 2, flat(4)), sheet(4, 2, flat(3)),
    ]))
    assert [e.score for e in result.entries] == [Fraction(17, 4), Fraction(7, 2)]
    assert result.stable_without_any_one_juror is True
    assert result.unstable_without == ()


# --- Rounding -----------------------------------------------------------------------------


def test_round_half_up_is_exact():
    assert round_half_up(Fraction(30, 7)) == "4.29"  # 4.2857…
    assert round_half_up(Fraction(33, 8)) == "4.13"  # exactly 4.125: half goes up
    assert round_half_up(Fraction("4.124999")) == "4.12"
    assert round_half_up(Fraction("1.005")) == "1.01"
    # Through a float these go wrong: 4.125 rounds to even, 1.005 is 1.00499999…
    assert (f"{4.125:.2f}", f"{1.005:.2f}") == ("4.12", "1.00")
    assert round_half_up(Fraction(7, 2)) == "3.50"
    assert round_half_up(4) == "4.00"
    assert round_half_up(Fraction(-33, 8)) == "-4.13"  # half away from zero
    assert round_half_up(Fraction(-1, 1000)) == "0.00"
    assert round_half_up(Fraction(5, 2), places=0) == "3"
    assert round_half_up(Fraction(1, 3), places=4) == "0.3333"


def test_lowest_terms():
    assert lowest_terms(Fraction(60, 14)) == "30/7"
    assert lowest_terms(Fraction(8, 2)) == "4"


# --- Input errors -------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    (dict(method="median"), "unknown method"),
    (dict(criterion_weights=(0,) * 7), "positive sum"),
    (dict(criterion_weights=(100,) * 6), "one criterion weight per criterion"),
    (dict(juror_weights={1: 0}), "juror weights"),
    (dict(tie_break=(8,)), "not criteria"),
    (dict(entries=(2,)), "not in the round"),
    (dict(sheets=(sheet(1, 1, flat(4)), sheet(1, 1, flat(5)))), "two counted sheets"),
    (dict(sheets=(sheet(9, 1, flat(4)),)), "no weight"),
    (dict(resolved_order=(1, 1)), "twice in the recorded order"),
])
def test_malformed_input_is_refused(change, message):
    fields = dict(criteria=CRITERIA, criterion_weights=EQUAL, juror_weights={1: 100},
                  entries=(1,), sheets=(sheet(1, 1, flat(4)),))
    with pytest.raises(ValueError, match=message):
        compute(RoundInput(**fields | change))
