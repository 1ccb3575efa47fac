"""The one aggregate query that feeds the results engine (award.criteria.results).

For every counted sheet of a round (a submitted sheet of a panel juror for an entry of the
round, with no conflict of interest) the database computes, in integers, the juror's weighted
sum Σ_c v_c·s_{j,e,c} (v_c in hundredths) and returns the criterion scores beside it, pivoted
into one row per sheet. Nothing else is loaded: not the scores one by one, not the comments.

Shape, for speed (bench/close_round.py, 5,000 entries × 25 jurors): which sheets count is
decided on the sheets alone (EXISTS for the panel seat and the round entry, NOT EXISTS for a
conflict) before their scores are joined, and the scores are grouped by the sheet's primary
key. Joined the other way, PostgreSQL estimated one row and looked the panel seat and the
entry up once per score, and both databases sorted on (juror, entry) to group: 2.3 s against
0.4–0.6 s. The weighted sum is taken from the pivoted sums, once per sheet, not per score.
"""

from functools import reduce
from operator import add

import sqlalchemy as sa

from award.criteria.results import Sheet
from award.cycles.models import Criterion
from award.jury.models import Conflict, Score, ScoreSheet, SheetStatus
from award.rounds.models import PanelSeat, Round, RoundEntry


def counted_sheets_query(round_: Round, criteria: list[Criterion]) -> sa.Select:
    """juror_id, nomination_id, weighted, s_1 … s_n for each counted sheet of the round."""
    per_sheet = (
        sa.select(ScoreSheet.juror_id, ScoreSheet.nomination_id,
                  *(sa.func.sum(sa.case((Score.criterion_id == c.id, Score.value)))
                    .label(f"s{c.number}") for c in criteria))
        .join(Score, Score.sheet_id == ScoreSheet.id)
        .where(
            ScoreSheet.round_id == round_.id,
            ScoreSheet.status == SheetStatus.SUBMITTED,
            sa.exists().where(PanelSeat.round_id == ScoreSheet.round_id,
                              PanelSeat.juror_id == ScoreSheet.juror_id),
            sa.exists().where(RoundEntry.round_id == ScoreSheet.round_id,
                              RoundEntry.nomination_id == ScoreSheet.nomination_id),
            ~sa.exists().where(Conflict.juror_id == ScoreSheet.juror_id,
                               Conflict.nomination_id == ScoreSheet.nomination_id),
        )
        # The primary key alone: juror and entry depend on it (PostgreSQL accepts them
        # ungrouped for that reason), and SQLite then groups in index order without a sort.
        .group_by(ScoreSheet.id)
        .subquery("per_sheet")
    )
    totals = [per_sheet.c[f"s{c.number}"] for c in criteria]
    # Σ_c v_c·s_c from the sheet's sums, once per sheet: a criterion without a score adds
    # nothing, as in a sum over the score rows.
    terms = [c.weight_hundredths * sa.func.coalesce(total, 0)
             for c, total in zip(criteria, totals, strict=True) if c.weight_hundredths]
    weighted = reduce(add, terms) if terms else sa.literal(0)
    return sa.select(per_sheet.c.juror_id, per_sheet.c.nomination_id,
                     weighted.label("weighted"), *totals)


def counted_sheet_rows(session, round_: Round, criteria: list[Criterion]) -> list[list[int]]:
    """The query's rows as plain lists of integers [juror, entry, weighted, s_1 … s_n]: the
    form the results snapshot stores them in. A counted sheet without a score on every
    criterion is refused (ValueError) rather than stored."""
    rows = [list(row) for row in session.execute(counted_sheets_query(round_, criteria))]
    for row in rows:
        if None in row:
            raise ValueError(f"juror {row[0]}'s submitted sheet for entry {row[1]} has no "
                             "score on some criterion")
    return rows


def counted_sheets(session, round_: Round, criteria: list[Criterion]) -> list[Sheet]:
    """The round's counted sheets as the engine takes them, in one query."""
    return [Sheet(juror=row[0], entry=row[1], weighted=row[2], scores=tuple(row[3:]))
            for row in counted_sheet_rows(session, round_, criteria)]
