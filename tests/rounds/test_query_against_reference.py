"""The aggregate query and the engine together, on the database, against a slow reference
computed from the raw rows (hypothesis).

Each example writes a random round into the database: a jury of 1–6 with random weights and
a panel of 1–5 of them, random criterion weights, entries whose sheets are submitted, drafts
(some scores empty), missing, conflicts of interest (some with a sheet submitted before the
conflict was declared), forced ties (entries copy one of a few patterns of sheets), and rows
that must not count: sheets by jurors off the panel, sheets for a nomination that is not in
the round, and sheets of another round. It closes the round with `close_round(force=True)`
and compares `results(round_)` with the reference: ranks, exact scores and criterion means,
normalised scores, sheet counts and ties; and the snapshot's counted sheets and left-out
pairs.

The reference reads the rows back with plain selects and shares no code with the query or
the engine: it decides which sheets count in Python, recomputes every juror total from the
raw scores with Fraction, and ranks by comparing every pair of entries.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction

import sqlalchemy as sa
from fixtures.database import empty_tables
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from award.auth.models import User
from award.cycles.models import Criterion, Cycle
from award.cycles.services import create_cycle
from award.extensions import db
from award.jury.models import Conflict, Juror, Score, ScoreSheet, SheetStatus
from award.nominations.models import Nomination
from award.rounds.closing import close_round
from award.rounds.models import PanelSeat, Round, RoundEntry
from award.rounds.results import results

OPENS = datetime(2023, 11, 21, tzinfo=UTC)
DEADLINE = datetime(2024, 1, 13, 23, 0, tzinfo=UTC)
JUDGING = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
CLOSING = datetime(2024, 2, 20, 12, 0, tzinfo=UTC)
CRITERIA = 7
TOLERANCE = 1e-9

# What a juror has done about an entry.
SUBMITTED, DRAFT, NOTHING = "submitted", "draft", "nothing"
CONFLICT, CONFLICT_AFTER_SUBMITTING = "conflict", "conflict after submitting"


# --- Random rounds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    criterion_weights: tuple[int, ...]
    tie_break: tuple[int, ...]
    method: str
    quorum: int
    advance: int | None
    juror_weights: tuple[int, ...]  # the jury, by index
    panel: tuple[int, ...]  # indexes into the jury
    entries: int  # nominations 0 … entries-1 are the round's entries
    outside: int  # further nominations of the cycle, not in the round
    # (juror index, nomination index) -> (what they did, scores; None for an empty score)
    cells: dict[tuple[int, int], tuple[str, tuple[int | None, ...]]]
    other_round: bool  # a round 2 with sheets of its own


@st.composite
def plans(draw) -> Plan:
    jury = draw(st.integers(1, 6))
    panel = tuple(sorted(draw(st.sets(st.integers(0, jury - 1), min_size=1,
                                      max_size=min(5, jury)))))
    entries = draw(st.integers(1, 8))
    outside = draw(st.integers(0, 1))
    top = draw(st.integers(1, 5))  # a narrow scale makes equal scores likely
    vector = st.tuples(*[st.integers(1, top)] * CRITERIA)
    done = st.sampled_from([SUBMITTED] * 5 + [DRAFT, NOTHING, CONFLICT,
                                              CONFLICT_AFTER_SUBMITTING])
    # Entries copy one of a few patterns of sheets, so whole sheets repeat across entries
    # (forced ties); a copy may drop a sheet.
    patterns = [{juror: (draw(done), draw(vector)) for juror in range(jury)}
                for _ in range(draw(st.integers(1, entries)))]
    cells = {}
    for entry in range(entries + outside):
        pattern = draw(st.sampled_from(patterns))
        for juror, (kind, scores) in pattern.items():
            if kind == SUBMITTED and not draw(st.integers(0, 7)):
                kind = NOTHING
            if kind == DRAFT:
                scores = tuple(score if draw(st.booleans()) else None for score in scores)
            cells[juror, entry] = (kind, scores)
    return Plan(
        criterion_weights=tuple(draw(
            st.lists(st.integers(0, 300), min_size=CRITERIA, max_size=CRITERIA)
            .map(lambda weights: weights if sum(weights) else [1, *weights[1:]])
            | st.integers(1, 300).map(lambda v: [v] * CRITERIA))),
        tie_break=tuple(draw(st.permutations(range(1, CRITERIA + 1)))[:draw(st.integers(0, 3))]),
        method=draw(st.sampled_from(["weighted", "normalised"])),
        quorum=draw(st.integers(1, 3)),
        advance=draw(st.none() | st.integers(1, entries)),
        juror_weights=tuple(draw(st.integers(1, 400)) for _ in range(jury)),
        panel=panel, entries=entries, outside=outside, cells=cells,
        other_round=draw(st.booleans()),
    )


def write(plan: Plan) -> Round:
    """The plan as rows, through the models (no services: nothing else is checked here)."""
    cycle = create_cycle(year=2024, title="Prisen 2024", theme="", opens_at=OPENS,
                         deadline_at=DEADLINE, actor="system", at=OPENS)
    for criterion, weight in zip(cycle.criteria, plan.criterion_weights, strict=True):
        criterion.weight_hundredths = weight
    cycle.tie_break = list(plan.tie_break)
    jury = [Juror(cycle=cycle, kind="fagperson", weight_hundredths=weight,
                  user=User(email=f"juror{j}@example.dk", name=f"Jurymedlem {j}",
                            role="juror"))
            for j, weight in enumerate(plan.juror_weights)]
    nominations = [Nomination(cycle=cycle, status="submitted", draft_key=f"key-{n}",
                              reference=f"2024-{n + 1:03d}", initiative_name=f"Initiativ {n}",
                              eligibility="eligible", submitted_at=DEADLINE)
                   for n in range(plan.entries + plan.outside)]
    round_ = Round(cycle=cycle, number=1, name="Runde 1", method=plan.method,
                   quorum=plan.quorum, advance_count=plan.advance, whole_jury=False,
                   opened_at=JUDGING, panel=[PanelSeat(juror=jury[j]) for j in plan.panel],
                   entries=[RoundEntry(nomination=nominations[n])
                            for n in range(plan.entries)])
    db.session.add_all([*jury, *nominations, round_])
    other = None
    if plan.other_round:
        other = Round(cycle=cycle, number=2, name="Runde 2", method="weighted", quorum=1,
                      whole_jury=True, opened_at=JUDGING,
                      panel=[PanelSeat(juror=juror) for juror in jury],
                      entries=[RoundEntry(nomination=n) for n in nominations])
        db.session.add(other)

    def sheet(in_round, juror, nomination, status, scores):
        db.session.add(ScoreSheet(
            round=in_round, juror=juror, nomination=nomination, status=status,
            entered_by="system", created_at=JUDGING, updated_at=JUDGING,
            submitted_at=JUDGING if status == SheetStatus.SUBMITTED else None,
            scores=[Score(criterion=criterion, value=score)
                    for criterion, score in zip(cycle.criteria, scores, strict=True)
                    if score is not None or criterion.number % 2]))

    for (j, n), (kind, scores) in plan.cells.items():
        juror, nomination = jury[j], nominations[n]
        if kind in (CONFLICT, CONFLICT_AFTER_SUBMITTING):
            db.session.add(Conflict(juror=juror, nomination=nomination, reason="Kollega.",
                                    recorded_by="system", created_at=JUDGING))
        if kind in (SUBMITTED, CONFLICT_AFTER_SUBMITTING):
            sheet(round_, juror, nomination, SheetStatus.SUBMITTED, scores)
        elif kind == DRAFT:
            sheet(round_, juror, nomination, SheetStatus.DRAFT, scores)
        if other is not None and kind == SUBMITTED:
            sheet(other, juror, nomination, SheetStatus.SUBMITTED,
                  tuple(6 - score for score in scores))
    db.session.commit()
    return round_


# --- The reference, from the raw rows -----------------------------------------------------


@dataclass
class Expected:
    counted: dict[tuple[int, int], dict[int, int]]  # (juror, entry) -> criterion number -> s
    v: dict[int, int]  # criterion number -> v_c in hundredths
    left_out: dict[str, list[list[int]]]
    rank: dict[int, int]
    score: dict[int, Fraction | None]
    normalised: dict[int, float | None]
    criteria: dict[int, dict[int, Fraction | None]]
    sheets: dict[int, int]
    tied: dict[int, bool]


def reference(round_id: int) -> Expected:
    round_ = db.session.execute(sa.select(Round.cycle_id, Round.method)
                                .where(Round.id == round_id)).one()
    tie_break = db.session.scalar(sa.select(Cycle.tie_break)
                                  .where(Cycle.id == round_.cycle_id))
    number_of, v = {}, {}
    for criterion_id, number, weight in db.session.execute(
            sa.select(Criterion.id, Criterion.number, Criterion.weight_hundredths)
            .where(Criterion.cycle_id == round_.cycle_id)):
        number_of[criterion_id], v[number] = number, weight
    panel = {juror: (name, weight) for juror, name, weight in db.session.execute(
        sa.select(Juror.id, User.name, Juror.weight_hundredths)
        .join(User, User.id == Juror.user_id)
        .join(PanelSeat, PanelSeat.juror_id == Juror.id)
        .where(PanelSeat.round_id == round_id))}
    entries = {entry: reference for entry, reference in db.session.execute(
        sa.select(Nomination.id, Nomination.reference)
        .join(RoundEntry, RoundEntry.nomination_id == Nomination.id)
        .where(RoundEntry.round_id == round_id))}
    conflicts = set(db.session.execute(sa.select(Conflict.juror_id, Conflict.nomination_id)))
    sheets = {sheet_id: (round_of, juror, entry, status)
              for sheet_id, round_of, juror, entry, status in db.session.execute(sa.select(
                  ScoreSheet.id, ScoreSheet.round_id, ScoreSheet.juror_id,
                  ScoreSheet.nomination_id, ScoreSheet.status))}
    scores: dict[int, dict[int, int | None]] = {sheet_id: {} for sheet_id in sheets}
    for sheet_id, criterion_id, value in db.session.execute(
            sa.select(Score.sheet_id, Score.criterion_id, Score.value)):
        scores[sheet_id][number_of[criterion_id]] = value

    counted, status_of = {}, {}
    for sheet_id, (round_of, juror, entry, status) in sheets.items():
        if round_of != round_id:
            continue
        status_of[juror, entry] = status
        if (status == "submitted" and juror in panel and entry in entries
                and (juror, entry) not in conflicts):
            counted[juror, entry] = scores[sheet_id]
    jurors = sorted(panel, key=lambda juror: panel[juror][0])
    by_reference = sorted(entries, key=entries.__getitem__)
    left_out = {"conflict": [], "draft": [], "missing": []}
    for juror in jurors:
        for entry in by_reference:
            if (juror, entry) in conflicts:
                left_out["conflict"].append([juror, entry])
            elif status_of.get((juror, entry)) == "draft":
                left_out["draft"].append([juror, entry])
            elif (juror, entry) not in counted:
                left_out["missing"].append([juror, entry])

    w = {juror: Fraction(weight, 100) for juror, (_name, weight) in panel.items()}
    vs = {number: Fraction(weight, 100) for number, weight in v.items()}
    total = {key: sum(vs[c] * s[c] for c in vs) / sum(vs.values())
             for key, s in counted.items()}
    z = {}
    for juror in panel:
        mine = [t for (j, _e), t in total.items() if j == juror]
        if mine:
            mean = sum(mine) / len(mine)
            variance = sum((t - mean) ** 2 for t in mine) / len(mine)
            for (j, e), t in total.items():
                if j == juror:
                    z[j, e] = (float(t - mean) / math.sqrt(variance)
                               if len(mine) > 1 and variance else 0.0)

    score, normalised, criteria, count = {}, {}, {}, {}
    for entry in entries:
        js = [j for j in panel if (j, entry) in counted]
        count[entry] = len(js)
        if not js:
            score[entry] = normalised[entry] = None
            criteria[entry] = {c: None for c in vs}
            continue
        weight = sum(w[j] for j in js)
        score[entry] = sum(w[j] * total[j, entry] for j in js) / weight
        normalised[entry] = sum(float(w[j]) * z[j, entry] for j in js) / float(weight)
        criteria[entry] = {c: sum(w[j] * counted[j, entry][c] for j in js) / weight
                           for c in vs}

    scored = [entry for entry in entries if score[entry] is not None]

    def primary(a, b) -> int:
        """1 when a is above b on the round's method, -1 below, 0 equal."""
        if round_.method == "weighted":
            return (score[a] > score[b]) - (score[a] < score[b])
        if abs(normalised[a] - normalised[b]) <= TOLERANCE:
            return 0
        return 1 if normalised[a] > normalised[b] else -1

    def chain(entry):
        return [criteria[entry][c] for c in tie_break]

    def beats(a, b) -> bool:
        return primary(a, b) > 0 or primary(a, b) == 0 and chain(a) > chain(b)

    rank, tied = {}, {}
    for entry in entries:
        if entry in scored:
            rank[entry] = 1 + sum(beats(other, entry) for other in scored)
            tied[entry] = any(other != entry and primary(other, entry) == 0
                              and chain(other) == chain(entry) for other in scored)
        else:
            rank[entry], tied[entry] = len(scored) + 1, False
    return Expected(counted=counted, v=v, left_out=left_out, rank=rank, score=score,
                    normalised=normalised, criteria=criteria, sheets=count, tied=tied)


def close(a: float | None, b: float | None) -> bool:
    return a is None and b is None or a is not None and b is not None and abs(a - b) <= TOLERANCE


# --- The property -------------------------------------------------------------------------


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans())
def test_the_stored_results_match_the_reference(app, plan):
    try:
        round_ = write(plan)
        round_id = round_.id
        close_round(round_, actor="system", at=CLOSING, force=True)
        db.session.commit()
        db.session.expire_all()
        expected = reference(round_id)
        current = results(db.session.get(Round, round_id))
        # What the examples covered: pytest --hypothesis-show-statistics
        event(f"method {plan.method}")
        event("some entries tied" if any(expected.tied.values()) else "no tie")
        event("some entries unscored" if None in expected.score.values() else "all scored")

        # The query: exactly the counted sheets, with Σ v_c·s_c in hundredths.
        numbers = current.stored.inputs["criteria"]
        assert sorted(map(tuple, current.stored.inputs["sheets"])) == sorted(
            (juror, entry, sum(expected.v[c] * s[c] for c in numbers),
             *(s[c] for c in numbers))
            for (juror, entry), s in expected.counted.items())
        assert current.stored.left_out == expected.left_out

        # The engine on what was stored.
        outcome = current.outcome
        assert sorted(line.entry for line in outcome.entries) == sorted(expected.rank)
        for line in outcome.entries:
            entry = line.entry
            assert line.rank == expected.rank[entry], entry
            assert line.score == expected.score[entry]  # exact
            assert line.criteria == expected.criteria[entry]  # exact
            assert close(line.normalised, expected.normalised[entry])
            assert line.sheets == expected.sheets[entry]
            assert line.tied == expected.tied[entry]
    finally:
        db.session.rollback()
        empty_tables()
