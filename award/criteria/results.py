"""The results of a scoring round: pure, exact, and explainable.

Plain dataclasses in (`RoundInput`, made of counted `Sheet`s), plain dataclasses out
(`RoundResult`). No database, no Flask: the one aggregate query that feeds this module lives
elsewhere. The formulas are the product spec's; docs/scoring.md works through an example.

For entry e, J_e is the panel jurors with a submitted sheet for e and no conflict (a "counted
sheet"), s_{j,e,c} their score on criterion c, v_c the criterion weights, w_j the juror weights:

    T_{j,e} = Σ_c v_c·s_{j,e,c} / Σ_c v_c                       juror total
    S_e     = Σ_{j∈J_e} w_j·T_{j,e} / Σ_{j∈J_e} w_j             weighted mean (default)
    z_{j,e} = (T_{j,e} − μ_j) / σ_j, or 0 when σ_j = 0 or |E_j| < 2
    Z_e     = Σ_{j∈J_e} w_j·z_{j,e} / Σ_{j∈J_e} w_j             normalised score
    M_{e,c} = Σ_{j∈J_e} w_j·s_{j,e,c} / Σ_{j∈J_e} w_j           criterion mean

where μ_j and σ_j are the mean and population standard deviation of juror j's totals over the
entries E_j they have a counted sheet for in the round.

Weights are integers of hundredths and scores are integers, so T, S, M and μ are exact
`Fraction`s and are compared exactly. Z, σ, the spread and the z-scores are floats (a square
root is involved); two Z are equal when they differ by at most `Z_TOLERANCE`.

Speed: the sums over sheets are integer sums; Fractions are built per entry (and once per
distinct juror total), so a round of 5,000 entries and 25 jurors takes well under two seconds.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from operator import mul

WEIGHTED = "weighted"
NORMALISED = "normalised"
METHODS = (WEIGHTED, NORMALISED)

# |Z_a − Z_b| <= Z_TOLERANCE counts as equal normalised scores.
Z_TOLERANCE = 1e-9
# Two counted totals of one entry further apart than this many scale steps: "disagreement".
DISAGREEMENT_STEPS = 2

# How an entry's place was decided (EntryResult.decided_by).
BY_SCORE = "score"  # the round's method's score (S_e or Z_e) alone
BY_CRITERION = "criterion"  # a criterion of the tie-break chain (see decided_by_criterion)
SHARED = "shared"  # still equal after the chain, no recorded order: shares its rank
RESOLVED = "resolved"  # equal after the chain, placed by the secretariat's recorded order
UNSCORED = "unscored"  # no counted sheet: after every scored entry, sharing one rank


# --- Input --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """One counted sheet: a panel juror's submitted sheet for an entry they have no conflict
    with. `weighted` is Σ_c v_c·s_{j,e,c} with v_c in hundredths, computed by the database;
    the engine takes T_{j,e} = weighted / Σ_c v_c from it and does not recompute it."""

    juror: int
    entry: int
    weighted: int
    scores: tuple[int, ...]  # s_{j,e,c}, in the order of RoundInput.criteria


@dataclass(frozen=True)
class RoundInput:
    criteria: tuple[int, ...]  # criterion numbers, e.g. (1, ..., 7)
    criterion_weights: tuple[int, ...]  # v_c in hundredths, same order; >= 0, positive sum
    juror_weights: Mapping[int, int]  # w_j in hundredths (> 0), every panel juror
    entries: tuple[int, ...]  # every entry of the round, also those without sheets
    sheets: tuple[Sheet, ...]  # counted sheets only
    method: str = WEIGHTED  # or NORMALISED
    tie_break: tuple[int, ...] = (7, 3)  # criterion numbers, compared by M_{e,c}
    quorum: int = 1  # fewer counted sheets than this: flagged
    advance: int | None = None  # K; None for a final round
    resolved_order: tuple[int, ...] = ()  # the secretariat's recorded order of tied entries


# --- Output -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JurorPart:
    """One counted juror's contribution to one entry, with what their z-score came from."""

    juror: int
    weight: int  # w_j in hundredths
    weighted: int  # Σ_c v_c·s_{j,e,c}, v_c in hundredths
    total: Fraction  # T_{j,e} = weighted / Σ_c v_c
    mean: Fraction  # μ_j, over the juror's entries E_j
    sd: float  # σ_j, population standard deviation over E_j
    entries_scored: int  # |E_j|
    z: float  # z_{j,e}; 0 when σ_j = 0 or |E_j| < 2


@dataclass(frozen=True)
class EntryResult:
    """One entry's line of the results, with everything needed to show how it was computed.

    Units: `weight_sum` is Σ w_j in hundredths, like every weight (350 is 3.50);
    `weighted_sum` is Σ w_j·T_{j,e} and `z_sum` is Σ w_j·z_{j,e} with w_j in real units
    (3.50 × 30/7 = 15), so that score = weighted_sum / (weight_sum / 100) and
    normalised = z_sum / (weight_sum / 100).
    """

    entry: int
    rank: int
    score: Fraction | None  # S_e; None without a counted sheet
    normalised: float | None  # Z_e; None without a counted sheet
    criteria: dict[int, Fraction | None]  # M_{e,c} by criterion number
    sheets: int  # |J_e|
    spread: float | None  # population standard deviation of the T_{j,e}, unweighted
    disagreement: bool  # max T_{j,e} − min T_{j,e} > 2
    below_quorum: bool  # sheets < quorum
    tied: bool  # shares its rank, unresolved: for the secretariat
    resolved: bool  # was tied, placed by the secretariat's recorded order
    advanced: bool
    cut_line_tie: bool  # tied across the cut line: does not advance until resolved
    decided_by: str  # BY_SCORE, BY_CRITERION, SHARED, RESOLVED or UNSCORED
    decided_by_criterion: int | None  # the criterion number when decided_by is BY_CRITERION
    parts: tuple[JurorPart, ...]  # the counted jurors, by juror id
    weight_sum: int
    weighted_sum: Fraction
    z_sum: float


@dataclass(frozen=True)
class RoundResult:
    method: str
    criterion_weight_sum: int  # Σ_c v_c in hundredths, the denominator of every T_{j,e}
    entries: tuple[EntryResult, ...]  # in rank order
    tie_groups: tuple[tuple[int, ...], ...]  # unresolved groups of scored entries sharing a rank
    cut_line_tie: tuple[int, ...] | None  # the unresolved group across the cut line
    order_not_applied: tuple[int, ...]  # recorded order entries that resolve no current tie
    stable_without_any_one_juror: bool | None  # None when there is no unique first
    unstable_without: tuple[int, ...]  # jurors whose absence changes the first place

    def entry(self, entry: int) -> EntryResult:
        """The result of one entry, by its id."""
        return self._by_entry[entry]

    @cached_property
    def _by_entry(self) -> dict[int, EntryResult]:
        return {result.entry: result for result in self.entries}


# --- Formatting exact numbers -------------------------------------------------------------


def round_half_up(value: Fraction | int, places: int = 2) -> str:
    """The exact value rounded half away from zero to `places` decimals, with a decimal point:
    30/7 -> "4.29", 33/8 (4.125) -> "4.13", 4.124999 -> "4.12". Computed on the exact fraction,
    never through a float (the web localises the point)."""
    value = Fraction(value)
    scale = 10**places
    numerator = abs(value.numerator) * scale
    rounded = (2 * numerator + value.denominator) // (2 * value.denominator)
    sign = "-" if value < 0 and rounded else ""
    if not places:
        return f"{sign}{rounded}"
    return f"{sign}{rounded // scale}.{rounded % scale:0{places}d}"


def lowest_terms(value: Fraction | int) -> str:
    """The exact value in lowest terms: "30/7"; a whole number without a denominator: "4"."""
    return str(Fraction(value))


# --- The computation ----------------------------------------------------------------------


def compute(round_input: RoundInput) -> RoundResult:
    """Every entry's scores, rank, flags and breakdown, and the round's stability."""
    inp = round_input
    _check(inp)
    v_sum = sum(inp.criterion_weights)

    sheets_of: dict[int, list[Sheet]] = {entry: [] for entry in inp.entries}
    sheets_by: dict[int, list[Sheet]] = {}
    for sheet in inp.sheets:
        if sheet.entry not in sheets_of:
            raise ValueError(f"a sheet for entry {sheet.entry}, which is not in the round")
        if sheet.juror not in inp.juror_weights:
            raise ValueError(f"a sheet by juror {sheet.juror}, who has no weight")
        if len(sheet.scores) != len(inp.criteria):
            raise ValueError(f"juror {sheet.juror}'s sheet for entry {sheet.entry} has "
                             f"{len(sheet.scores)} scores for {len(inp.criteria)} criteria")
        sheets_of[sheet.entry].append(sheet)
        sheets_by.setdefault(sheet.juror, []).append(sheet)

    jurors = {juror: _juror_totals(sheets, inp.juror_weights[juror], v_sum)
              for juror, sheets in sorted(sheets_by.items())}
    sums: dict[int, _Sums] = {}
    lines: dict[int, dict] = {}
    for entry, sheets in sheets_of.items():
        sums[entry], lines[entry] = _entry(entry, sheets, jurors, v_sum, inp)

    ranking = _rank(sums, inp)
    unstable = ()
    if ranking.first is not None:
        unstable = tuple(juror for juror in jurors
                         if _first_without(jurors[juror], sheets_by[juror], sums, inp)
                         != ranking.first)
    return RoundResult(
        method=inp.method,
        criterion_weight_sum=v_sum,
        entries=tuple(EntryResult(entry=entry, **lines[entry], **ranking.places[entry])
                      for entry in ranking.order),
        tie_groups=ranking.tie_groups,
        cut_line_tie=ranking.cut_line_tie,
        order_not_applied=ranking.order_not_applied,
        stable_without_any_one_juror=None if ranking.first is None else not unstable,
        unstable_without=unstable,
    )


def _check(inp: RoundInput) -> None:
    if inp.method not in METHODS:
        raise ValueError(f"unknown method {inp.method!r}, expected one of {METHODS}")
    if len(inp.criterion_weights) != len(inp.criteria):
        raise ValueError("give one criterion weight per criterion")
    if any(v < 0 for v in inp.criterion_weights) or sum(inp.criterion_weights) <= 0:
        raise ValueError("criterion weights must be >= 0 with a positive sum")
    if any(w <= 0 for w in inp.juror_weights.values()):
        raise ValueError("juror weights must be > 0")
    if unknown := set(inp.tie_break) - set(inp.criteria):
        raise ValueError(f"tie-break criteria {sorted(unknown)} are not criteria of the round")
    if len(set(inp.entries)) != len(inp.entries):
        raise ValueError("an entry appears twice in the round")
    if len(set(inp.resolved_order)) != len(inp.resolved_order):
        raise ValueError("an entry appears twice in the recorded order")


def _root(xs: list[int]) -> float:
    """√(n·Σx² − (Σx)²) for n integers x. With T = x/V, the population standard deviation of
    the T is this root / (n·V), and it is 0 exactly when the integer under the root is 0."""
    return math.sqrt(len(xs) * sum(map(mul, xs, xs)) - sum(xs) ** 2)


@dataclass(frozen=True, slots=True)
class _Juror:
    """Juror j's totals over E_j as integers x = Σ_c v_c·s_c (T = x/V, V = Σ_c v_c):

        μ_j = Σx / (n·V),   σ_j = √(n·Σx² − (Σx)²) / (n·V),   n = |E_j|,

    so z_{j,e} = (T − μ_j)/σ_j = (n·x − Σx) / √(n·Σx² − (Σx)²): one square root, and σ_j = 0
    (which includes |E_j| = 1) is tested exactly on integers.
    """

    weight: int
    n: int
    sum_x: int
    root: float
    mean: Fraction
    sd: float

    def z(self, x: int) -> float:
        return (self.n * x - self.sum_x) / self.root if self.root else 0.0


def _juror_totals(sheets: list[Sheet], weight: int, v_sum: int) -> _Juror:
    xs = [sheet.weighted for sheet in sheets]
    n, root = len(xs), _root(xs)
    return _Juror(weight=weight, n=n, sum_x=sum(xs), root=root,
                  mean=Fraction(sum(xs), n * v_sum), sd=root / (n * v_sum))


@dataclass(frozen=True, slots=True)
class _Sums:
    """An entry's sums over its counted jurors, integers (weights in hundredths) except z:
    S_e = weighted / (weight·V), M_{e,c} = criteria[c] / weight, Z_e = z / weight."""

    weight: int  # Σ w_j
    weighted: int  # Σ w_j·x_j
    criteria: tuple[int, ...]  # Σ w_j·s_{j,e,c}, in the order of RoundInput.criteria
    z: float  # Σ w_j·z_{j,e}


def _entry(entry: int, sheets: list[Sheet], jurors: dict[int, _Juror], v_sum: int,
           inp: RoundInput) -> tuple[_Sums, dict]:
    """An entry's sums, and the fields of its result that do not depend on other entries."""
    sheets.sort(key=lambda sheet: sheet.juror)
    if len({sheet.juror for sheet in sheets}) != len(sheets):
        raise ValueError(f"entry {entry} has two counted sheets by one juror")
    ws = [jurors[sheet.juror].weight for sheet in sheets]
    xs = [sheet.weighted for sheet in sheets]
    zs = [jurors[sheet.juror].z(sheet.weighted) for sheet in sheets]
    columns = zip(*(sheet.scores for sheet in sheets), strict=True)
    criteria = tuple(sum(map(mul, ws, column)) for column in columns) if sheets \
        else (0,) * len(inp.criteria)
    sums = _Sums(weight=sum(ws), weighted=sum(map(mul, ws, xs)), criteria=criteria,
                 z=sum(map(mul, ws, zs)))
    parts = tuple(
        JurorPart(juror=sheet.juror, weight=weight, weighted=x, total=_total(x, v_sum),
                  mean=jurors[sheet.juror].mean, sd=jurors[sheet.juror].sd,
                  entries_scored=jurors[sheet.juror].n, z=z)
        for sheet, weight, x, z in zip(sheets, ws, xs, zs, strict=True)
    )
    count, scored = len(sheets), bool(sheets)
    return sums, dict(
        score=Fraction(sums.weighted, sums.weight * v_sum) if scored else None,
        normalised=sums.z / sums.weight if scored else None,
        criteria={c: Fraction(total, sums.weight) if scored else None
                  for c, total in zip(inp.criteria, sums.criteria, strict=True)},
        sheets=count,
        spread=_root(xs) / (count * v_sum) if scored else None,
        # max T − min T > 2  <=>  max x − min x > 2·V
        disagreement=scored and max(xs) - min(xs) > DISAGREEMENT_STEPS * v_sum,
        below_quorum=count < inp.quorum,
        parts=parts,
        weight_sum=sums.weight,
        weighted_sum=Fraction(sums.weighted, 100 * v_sum),
        z_sum=sums.z / 100,
    )


@lru_cache(maxsize=4096)
def _total(x: int, v_sum: int) -> Fraction:
    """T_{j,e} = x / V, built once per distinct total: totals repeat a lot."""
    return Fraction(x, v_sum)


# --- Ranking ------------------------------------------------------------------------------


def _chain(criteria: tuple[int, ...], weight: int, inp: RoundInput) -> tuple[Fraction, ...]:
    """(M_{e,c} for c in the tie-break chain), compared when the scores are equal; from the
    sums Σ w_j·s_{j,e,c} (in the order of RoundInput.criteria) and Σ w_j."""
    return tuple(Fraction(criteria[inp.criteria.index(c)], weight) for c in inp.tie_break)


def _bands(sums: dict[int, _Sums], inp: RoundInput) -> list[list[int]]:
    """The scored entries cut into bands of equal score, highest first, by the round's method.

    Weighted: equal exact S_e (as V is common, S_e compares as Σw·x / Σw).
    Normalised: sorted by Z_e; a band starts at the highest Z_e left and holds every entry
    within Z_TOLERANCE of it.
    Inside a band the entries are listed by entry id, which decides nothing.
    """
    scored = sorted(entry for entry, s in sums.items() if s.weight)
    bands: list[list[int]] = []
    if inp.method == WEIGHTED:
        score = {entry: Fraction(sums[entry].weighted, sums[entry].weight) for entry in scored}
        for entry in sorted(scored, key=score.__getitem__, reverse=True):
            if bands and score[bands[-1][0]] == score[entry]:
                bands[-1].append(entry)
            else:
                bands.append([entry])
    else:
        z = {entry: sums[entry].z / sums[entry].weight for entry in scored}
        for entry in sorted(scored, key=z.__getitem__, reverse=True):
            if bands and z[bands[-1][0]] - z[entry] <= Z_TOLERANCE:
                bands[-1].append(entry)
            else:
                bands.append([entry])
        for band in bands:
            band.sort()
    return bands


def _groups(sums: dict[int, _Sums], inp: RoundInput) -> tuple[list[list[int]], list[int]]:
    """The scored entries in order, as groups equal on the score and on the whole tie-break
    chain; and, between consecutive groups, the level that separates them: 0 for the score,
    i for the i-th criterion of the chain."""
    groups: list[list[int]] = []
    levels: list[int] = []
    for band in _bands(sums, inp):
        chain = {entry: _chain(sums[entry].criteria, sums[entry].weight, inp) for entry in band}
        previous = None
        for entry in sorted(band, key=chain.__getitem__, reverse=True):
            level = 0 if previous is None else _first_difference(chain[previous], chain[entry])
            if level is None:
                groups[-1].append(entry)
            else:
                if groups:
                    levels.append(level)
                groups.append([entry])
            previous = entry
    return groups, levels


def _first_difference(a: tuple[Fraction, ...], b: tuple[Fraction, ...]) -> int | None:
    """The position (from 1) of the first chain criterion on which a and b differ, or None."""
    return next((i for i, (m, n) in enumerate(zip(a, b, strict=True), 1) if m != n), None)


@dataclass(frozen=True)
class _Ranking:
    order: tuple[int, ...]
    places: dict[int, dict]  # entry -> the fields of its EntryResult about its place
    first: int | None  # the unique first, if there is one
    tie_groups: tuple[tuple[int, ...], ...]
    cut_line_tie: tuple[int, ...] | None
    order_not_applied: tuple[int, ...]


def _rank(sums: dict[int, _Sums], inp: RoundInput) -> _Ranking:
    """Ranks 1, 2, 2, 4: an entry's rank is one more than the number of entries placed above
    it. A group still equal after the chain shares a rank and is flagged, unless the recorded
    order names every entry of the group: then they take distinct ranks in that order
    ("resolved"). Entries without a counted sheet come after every scored entry, sharing one
    rank.

    Advancing (top K): an entry advances when it, and every entry sharing its rank, fit in the
    first K places. An unresolved group across place K is the cut-line tie: none of it
    advances until the secretariat resolves it. Unscored entries never advance.

    decided_by: the deepest level that separates an entry from its neighbours above and below.
    """
    groups, levels = _groups(sums, inp)
    recorded = {entry: i for i, entry in enumerate(inp.resolved_order)}
    k = inp.advance
    places: dict[int, dict] = {}
    order: list[int] = []
    tie_groups: list[tuple[int, ...]] = []
    cut_line_tie = None
    for g, group in enumerate(groups):
        start, end = len(order) + 1, len(order) + len(group)
        resolved = len(group) > 1 and all(entry in recorded for entry in group)
        shared = len(group) > 1 and not resolved
        if resolved:
            group = sorted(group, key=recorded.__getitem__)
        across_cut = shared and k is not None and start <= k < end
        if shared:
            tie_groups.append(tuple(group))
        if across_cut:
            cut_line_tie = tuple(group)
        level = max(levels[g - 1] if g > 0 else 0, levels[g] if g < len(levels) else 0)
        for i, entry in enumerate(group):
            rank = start if shared else start + i
            places[entry] = dict(
                rank=rank,
                tied=shared,
                resolved=resolved,
                advanced=k is not None and (end if shared else rank) <= k,
                cut_line_tie=across_cut,
                decided_by=SHARED if shared else RESOLVED if resolved
                else BY_CRITERION if level else BY_SCORE,
                decided_by_criterion=inp.tie_break[level - 1]
                if level and len(group) == 1 else None,
            )
            order.append(entry)

    unscored = sorted(entry for entry, s in sums.items() if not s.weight)
    for entry in unscored:
        places[entry] = dict(rank=len(order) + 1, tied=False, resolved=False, advanced=False,
                             cut_line_tie=False, decided_by=UNSCORED, decided_by_criterion=None)
    applied = {entry for entry in order if places[entry]["resolved"]}
    return _Ranking(
        order=tuple(order + unscored),
        places=places,
        first=order[0] if order and not places[order[0]]["tied"] else None,
        tie_groups=tuple(tie_groups),
        cut_line_tie=cut_line_tie,
        order_not_applied=tuple(e for e in inp.resolved_order if e not in applied),
    )


# --- Leave one juror out ------------------------------------------------------------------


def _first_without(juror: _Juror, sheets: list[Sheet], sums: dict[int, _Sums],
                   inp: RoundInput) -> int | None:
    """The unique first of the round without any of this juror's sheets (same method, chain
    and recorded order; the other jurors' z-scores unchanged), or None.

    The entries the juror scored get their sums minus the juror's share, the others keep
    theirs; only the top group is needed, so this is one pass over the entries, not a sort.
    """
    w = juror.weight
    left_out = {sheet.entry: sheet for sheet in sheets}
    scores = []
    for entry, s in sums.items():
        sheet = left_out.get(entry)
        if sheet is None:
            scores.append((entry, s.weight, s.weighted, s.z))
        else:
            scores.append((entry, s.weight - w, s.weighted - w * sheet.weighted,
                           s.z - w * juror.z(sheet.weighted)))
    chains = {}
    for entry in _top_band(scores, inp.method):
        s, sheet = sums[entry], left_out.get(entry)
        if sheet is None:
            chains[entry] = _chain(s.criteria, s.weight, inp)
        else:
            chains[entry] = _chain(tuple(total - w * score for total, score
                                         in zip(s.criteria, sheet.scores, strict=True)),
                                   s.weight - w, inp)
    return _unique_first(chains, inp)


def _top_band(scores: list[tuple[int, int, int, float]], method: str) -> list[int]:
    """The entries of the highest band of `_bands`, from (entry, Σw, Σw·x, Σw·z)."""
    scored = [score for score in scores if score[1]]
    if not scored:
        return []
    if method == WEIGHTED:
        # The largest Σw·x / Σw, by integer cross-multiplication: no Fraction in the loop.
        _, best_w, best_x, _ = scored[0]
        for _, weight, weighted, _ in scored:
            if weighted * best_w > best_x * weight:
                best_w, best_x = weight, weighted
        return [entry for entry, weight, weighted, _ in scored
                if weighted * best_w == best_x * weight]
    top = max(z / weight for _, weight, _, z in scored)
    return [entry for entry, weight, _, z in scored if top - z / weight <= Z_TOLERANCE]


def _unique_first(chain: dict[int, tuple[Fraction, ...]], inp: RoundInput) -> int | None:
    """The entry placed first within the top band (entry -> its chain) by the rules of
    `_groups` and `_rank`: the single highest on the tie-break chain, or the first in the
    recorded order of a group it covers entirely; None when the top is shared."""
    if not chain:
        return None
    highest = max(chain.values())
    group = [entry for entry in chain if chain[entry] == highest]
    if len(group) == 1:
        return group[0]
    if all(entry in inp.resolved_order for entry in group):
        return min(group, key=inp.resolved_order.index)
    return None
