"""The results engine against a slow reference written straight from the spec, on random
rounds (hypothesis): random panels and weights, missing sheets, conflicts, forced ties, both
methods, quorum, a cut line and a recorded order.

The reference shares no code with the engine: it recomputes every T_{j,e} from the raw scores
with Fraction everywhere (not from the database's `weighted`), and ranks by comparing every
pair of entries, O(n²).
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from award.criteria.results import RoundInput, Sheet, compute

TOLERANCE = 1e-9


# --- The reference ------------------------------------------------------------------------


@dataclass
class Expected:
    rank: dict[int, int]
    score: dict[int, Fraction | None]
    normalised: dict[int, float | None]
    criteria: dict[int, dict[int, Fraction | None]]
    sheets: dict[int, int]
    spread: dict[int, float | None]
    disagreement: dict[int, bool]
    below_quorum: dict[int, bool]
    tied: dict[int, bool]
    resolved: dict[int, bool]
    advanced: dict[int, bool]
    cut_line_tie: dict[int, bool]
    first: int | None
    parts: dict[int, list[tuple]]  # entry -> (juror, weight, T, μ, σ, |E_j|, z) per juror


def reference(inp: RoundInput) -> Expected:
    v = {c: Fraction(weight, 100) for c, weight in zip(inp.criteria, inp.criterion_weights,
                                                       strict=True)}
    w = {juror: Fraction(weight, 100) for juror, weight in inp.juror_weights.items()}
    scores = {(sheet.juror, sheet.entry): dict(zip(inp.criteria, sheet.scores, strict=True))
              for sheet in inp.sheets}
    total = {key: sum(v[c] * s[c] for c in inp.criteria) / sum(v.values())
             for key, s in scores.items()}
    jurors_of = {e: [j for j in inp.juror_weights if (j, e) in scores] for e in inp.entries}

    z, mu, sd, count = {}, {}, {}, {}
    for j in inp.juror_weights:
        mine = [total[j, e] for e in inp.entries if (j, e) in scores]
        if not mine:
            continue
        count[j] = len(mine)
        mu[j] = sum(mine) / len(mine)
        variance = sum((t - mu[j]) ** 2 for t in mine) / len(mine)
        sd[j] = math.sqrt(variance)
        for e in inp.entries:
            if (j, e) in scores:
                z[j, e] = (float(total[j, e] - mu[j]) / sd[j]
                           if len(mine) >= 2 and variance != 0 else 0.0)

    score, normalised, criteria, spread, disagreement = {}, {}, {}, {}, {}
    for e in inp.entries:
        js = jurors_of[e]
        weight = sum(w[j] for j in js)
        if not js:
            score[e] = normalised[e] = spread[e] = None
            criteria[e] = {c: None for c in inp.criteria}
            disagreement[e] = False
            continue
        score[e] = sum(w[j] * total[j, e] for j in js) / weight
        normalised[e] = sum(float(w[j]) * z[j, e] for j in js) / float(weight)
        criteria[e] = {c: sum(w[j] * scores[j, e][c] for j in js) / weight
                       for c in inp.criteria}
        ts = [total[j, e] for j in js]
        mean = sum(ts) / len(ts)
        spread[e] = math.sqrt(sum((t - mean) ** 2 for t in ts) / len(ts))
        disagreement[e] = max(ts) - min(ts) > 2

    scored = [e for e in inp.entries if score[e] is not None]

    def primary_equal(a, b):
        if inp.method == "weighted":
            return score[a] == score[b]
        return abs(normalised[a] - normalised[b]) <= TOLERANCE

    def chain(e):
        return [criteria[e][c] for c in inp.tie_break]

    def beats(a, b):
        if not primary_equal(a, b):
            return (score[a] > score[b]) if inp.method == "weighted" \
                else normalised[a] > normalised[b]
        return chain(a) > chain(b)

    def equal(a, b):
        return primary_equal(a, b) and chain(a) == chain(b)

    rank, tied, resolved, advanced, cut = {}, {}, {}, {}, {}
    k = inp.advance
    for a in scored:
        shared_rank = 1 + sum(beats(b, a) for b in scored)
        group = [b for b in scored if equal(a, b)]
        resolved[a] = len(group) > 1 and all(b in inp.resolved_order for b in group)
        tied[a] = len(group) > 1 and not resolved[a]
        rank[a] = shared_rank + (sorted(group, key=inp.resolved_order.index).index(a)
                                 if resolved[a] else 0)
        last = shared_rank + len(group) - 1 if tied[a] else rank[a]
        advanced[a] = k is not None and last <= k
        cut[a] = tied[a] and k is not None and shared_rank <= k < last
    for e in inp.entries:
        if e not in rank:
            rank[e], tied[e], resolved[e], advanced[e], cut[e] = (
                len(scored) + 1, False, False, False, False)

    firsts = [e for e in scored if rank[e] == 1]
    return Expected(
        rank=rank, score=score, normalised=normalised, criteria=criteria,
        sheets={e: len(jurors_of[e]) for e in inp.entries},
        spread=spread, disagreement=disagreement,
        below_quorum={e: len(jurors_of[e]) < inp.quorum for e in inp.entries},
        tied=tied, resolved=resolved, advanced=advanced, cut_line_tie=cut,
        first=firsts[0] if len(firsts) == 1 else None,
        parts={e: [(j, inp.juror_weights[j], total[j, e], mu[j], sd[j], count[j], z[j, e])
                   for j in sorted(jurors_of[e])] for e in inp.entries},
    )


def reference_unstable(inp: RoundInput) -> tuple[int, ...] | None:
    """The jurors without whom the unique first changes, recomputing everything; None when
    there is no unique first."""
    first = reference(inp).first
    if first is None:
        return None
    jurors = sorted({sheet.juror for sheet in inp.sheets})
    return tuple(
        juror for juror in jurors
        if reference(_without(inp, juror)).first != first
    )


def _without(inp: RoundInput, juror: int) -> RoundInput:
    return RoundInput(
        criteria=inp.criteria, criterion_weights=inp.criterion_weights,
        juror_weights=inp.juror_weights, entries=inp.entries,
        sheets=tuple(sheet for sheet in inp.sheets if sheet.juror != juror),
        method=inp.method, tie_break=inp.tie_break, quorum=inp.quorum, advance=inp.advance,
        resolved_order=inp.resolved_order,
    )


# --- Random rounds ------------------------------------------------------------------------


@st.composite
def rounds(draw) -> RoundInput:
    n_criteria = draw(st.integers(1, 7))
    criteria = tuple(range(1, n_criteria + 1))
    # Equal criterion weights make totals survive a permutation of the criteria (below).
    criterion_weights = draw(
        st.lists(st.integers(0, 300), min_size=n_criteria, max_size=n_criteria)
        .filter(lambda ws: sum(ws) > 0)
        | st.integers(1, 300).map(lambda v: [v] * n_criteria))
    tie_break = tuple(draw(st.permutations(criteria))[:draw(st.integers(0, 3))])
    jurors = range(1, draw(st.integers(1, 6)) + 1)
    juror_weights = {j: draw(st.integers(1, 400)) for j in jurors}
    n_entries = draw(st.integers(1, 8))
    entries = tuple(range(101, 101 + n_entries))
    top_score = draw(st.integers(1, 5))  # a narrow scale makes equal scores likely

    # Entries copy one of a few templates (juror -> scores, or None for a missing sheet or a
    # conflict), so that whole score vectors repeat across entries: forced ties. A template
    # may permute an earlier one's criteria: equal totals, other criterion means.
    n_templates = draw(st.integers(1, n_entries))
    vector = st.tuples(*[st.integers(1, top_score)] * n_criteria)
    templates = []
    for _ in range(n_templates):
        if templates and draw(st.booleans()):
            base = draw(st.sampled_from(templates))
            permutation = draw(st.permutations(range(n_criteria)))
            templates.append({j: scores and tuple(scores[i] for i in permutation)
                              for j, scores in base.items()})
        else:
            templates.append({j: draw(vector) if draw(st.integers(0, 3)) else None
                              for j in jurors})
    sheets = []
    for entry in entries:
        template = templates[draw(st.integers(0, n_templates - 1))]
        for juror, scores in template.items():
            counted = scores is not None and draw(st.integers(0, 5)) > 0  # also drop some
            if counted:
                sheets.append(sheet(juror, entry, scores, criterion_weights))

    order = draw(st.permutations(entries))
    return RoundInput(
        criteria=criteria,
        criterion_weights=tuple(criterion_weights),
        juror_weights=juror_weights,
        entries=entries,
        sheets=tuple(sheets),
        method=draw(st.sampled_from(["weighted", "normalised"])),
        tie_break=tie_break,
        quorum=draw(st.integers(0, 4)),
        advance=draw(st.none() | st.integers(0, n_entries + 1)),
        resolved_order=tuple(order[:draw(st.integers(0, n_entries))]),
    )


def sheet(juror, entry, scores, criterion_weights) -> Sheet:
    weighted = sum(v * s for v, s in zip(criterion_weights, scores, strict=True))
    return Sheet(juror=juror, entry=entry, weighted=weighted, scores=tuple(scores))


def close(a: float | None, b: float | None) -> bool:
    return a is None and b is None or a is not None and b is not None and abs(a - b) <= TOLERANCE


# --- Properties ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_every_entry_matches_the_reference(inp):
    result = compute(inp)
    expected = reference(inp)
    assert sorted(e.entry for e in result.entries) == sorted(inp.entries)
    for e in result.entries:
        entry = e.entry
        assert e.rank == expected.rank[entry]
        assert e.score == expected.score[entry]  # exact
        assert e.criteria == expected.criteria[entry]  # exact
        assert close(e.normalised, expected.normalised[entry])
        assert e.sheets == expected.sheets[entry]
        assert close(e.spread, expected.spread[entry])
        assert e.disagreement == expected.disagreement[entry]
        assert e.below_quorum == expected.below_quorum[entry]
        assert e.tied == expected.tied[entry]
        assert e.resolved == expected.resolved[entry]
        assert e.advanced == expected.advanced[entry]
        assert e.cut_line_tie == expected.cut_line_tie[entry]
        parts = expected.parts[entry]
        assert len(e.parts) == len(parts)
        for part, (juror, weight, total, mean, sd, count, z) in zip(e.parts, parts, strict=True):
            assert (part.juror, part.weight, part.total, part.mean) == (juror, weight, total, mean)
            assert part.entries_scored == count
            assert close(part.sd, sd) and close(part.z, z)


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_the_order_the_groups_and_the_breakdown_agree_with_the_ranks(inp):
    result = compute(inp)
    ranks = [e.rank for e in result.entries]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1
    for position, e in enumerate(result.entries, 1):
        # Competition ranking: a rank is one more than the number of entries above it.
        assert e.rank == 1 + sum(other.rank < e.rank for other in result.entries)
        assert e.rank <= position
        if e.score is not None:
            assert e.score == e.weighted_sum / Fraction(e.weight_sum, 100)
            assert e.weight_sum == sum(part.weight for part in e.parts)
            assert e.sheets == len(e.parts)
    tied = {e.entry for e in result.entries if e.tied}
    assert tied == {entry for group in result.tie_groups for entry in group}
    for group in result.tie_groups:
        assert len({result.entry(entry).rank for entry in group}) == 1
    cut = {e.entry for e in result.entries if e.cut_line_tie}
    assert cut == set(result.cut_line_tie or ())
    if inp.advance is not None:
        assert sum(e.advanced for e in result.entries) <= inp.advance


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_leave_one_juror_out_matches_the_reference(inp):
    result = compute(inp)
    unstable = reference_unstable(inp)
    if unstable is None:
        assert result.stable_without_any_one_juror is None
        assert result.unstable_without == ()
    else:
        assert result.unstable_without == unstable
        assert result.stable_without_any_one_juror is (not unstable)
