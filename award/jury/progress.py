"""Progress: which entries each juror has submitted, drafted, not started or is conflicted on."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from award.extensions import db
from award.jury.conflicts import conflicted_ids
from award.jury.models import Conflict, Juror, ScoreSheet, SheetStatus
from award.nominations.models import Nomination
from award.rounds.models import PanelSeat, Round
from award.rounds.services import entries, panel


class EntryState:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CONFLICT = "conflict"


@dataclass
class EntryRow:
    nomination: Nomination
    state: str


@dataclass
class Progress:
    rows: list[EntryRow]

    @property
    def scorable(self) -> list[Nomination]:
        return [row.nomination for row in self.rows if row.state != EntryState.CONFLICT]

    @property
    def total(self) -> int:
        return len(self.scorable)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.state == EntryState.SUBMITTED)

    def neighbours(self, nomination: Nomination) -> tuple[Nomination | None, Nomination | None]:
        """The previous and next entry the juror can score."""
        scorable = self.scorable
        ids = [n.id for n in scorable]
        if nomination.id not in ids:
            return None, None
        index = ids.index(nomination.id)
        previous = scorable[index - 1] if index > 0 else None
        following = scorable[index + 1] if index + 1 < len(scorable) else None
        return previous, following


def progress(round_: Round, juror: Juror) -> Progress:
    statuses = dict(db.session.execute(
        sa.select(ScoreSheet.nomination_id, ScoreSheet.status)
        .where(ScoreSheet.round_id == round_.id, ScoreSheet.juror_id == juror.id)).all())
    return _progress(entries(round_), conflicted_ids(juror), statuses)


def panel_progress(round_: Round, round_entries: list[Nomination]) -> list[tuple[Juror, Progress]]:
    """Every panel juror's progress in the round whose entries are given, from the same three
    queries however large the panel."""
    conflicted: dict[int, set[int]] = defaultdict(set)
    for juror_id, nomination_id in db.session.execute(
            sa.select(Conflict.juror_id, Conflict.nomination_id)
            .join(PanelSeat, PanelSeat.juror_id == Conflict.juror_id)
            .where(PanelSeat.round_id == round_.id)):
        conflicted[juror_id].add(nomination_id)
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for juror_id, nomination_id, status in db.session.execute(
            sa.select(ScoreSheet.juror_id, ScoreSheet.nomination_id, ScoreSheet.status)
            .where(ScoreSheet.round_id == round_.id)):
        statuses[juror_id][nomination_id] = status
    return [(juror, _progress(round_entries, conflicted[juror.id], statuses[juror.id]))
            for juror in panel(round_)]


def _progress(round_entries: list[Nomination], conflicted: set[int],
              statuses: dict[int, str]) -> Progress:
    """One juror's rows, from the ids of the entries they are conflicted on and the status of
    their sheets by entry id."""
    rows = []
    for nomination in round_entries:
        status = statuses.get(nomination.id)
        if nomination.id in conflicted:
            state = EntryState.CONFLICT
        elif status is None:
            state = EntryState.NOT_STARTED
        else:
            state = (EntryState.SUBMITTED if status == SheetStatus.SUBMITTED
                     else EntryState.DRAFT)
        rows.append(EntryRow(nomination, state))
    return Progress(rows)
