"""Progress: which entries each juror has submitted, drafted, not started or is conflicted on."""

from dataclasses import dataclass

import sqlalchemy as sa

from award.extensions import db
from award.jury.conflicts import conflicted_ids
from award.jury.models import Juror, ScoreSheet, SheetStatus
from award.nominations.models import Nomination
from award.rounds.models import Round
from award.rounds.services import entries


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
