"""Score sheets: one juror, one entry, one round; drafts, submission, revision until close.

The only way to a sheet is through (round, juror, entry), so a juror can never reach
another's. Plain arguments in; the change and its audit entry out; the caller commits once.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite

from award import audit
from award.cycles.models import Cycle
from award.extensions import db
from award.jury.conflicts import has_conflict
from award.jury.models import Juror, Score, ScoreSheet, SheetStatus
from award.nominations.models import Nomination
from award.rounds.models import Round
from award.rounds.services import is_entry, on_panel
from award.service import Refused

COMMENT_MAX = 5000


class SheetRefused(Refused):
    """The sheet cannot be changed now; the message says why, in plain language."""


class SheetIncomplete(Exception):
    """Submitted without a score on every criterion; `missing` holds their numbers."""

    def __init__(self, missing: list[int]):
        super().__init__(f"missing criteria: {missing}")
        self.missing = missing


@dataclass
class SheetInput:
    """What a person entered: scores and comments by criterion number, and the overall
    comment. A score of None is a criterion not yet scored."""

    scores: dict[int, int | None]
    comments: dict[int, str]
    overall_comment: str = ""


def sheet_of(round_: Round, juror: Juror, nomination: Nomination) -> ScoreSheet | None:
    return db.session.scalar(sa.select(ScoreSheet).where(
        ScoreSheet.round_id == round_.id, ScoreSheet.juror_id == juror.id,
        ScoreSheet.nomination_id == nomination.id))


def check_may_score(round_: Round, juror: Juror, nomination: Nomination, at: datetime, *,
                    for_juror: bool) -> None:
    """Jurors until the round closes or its deadline passes; the secretariat, entering a
    sheet on a juror's behalf, until the round closes."""
    if not round_.is_open():
        raise SheetRefused(_l("Runden er lukket, så bedømmelserne kan ikke længere ændres."))
    if for_juror and not round_.accepts_scores(at):
        raise SheetRefused(_l("Fristen for bedømmelserne er udløbet, så de kan ikke længere "
                              "ændres. Kontakt sekretariatet, hvis noget skal rettes."))
    if not on_panel(round_, juror) or not is_entry(round_, nomination):
        raise SheetRefused(_l("Bedømmelsen hører ikke til runden."))
    if has_conflict(juror, nomination):
        raise SheetRefused(_l("Der er registreret inhabilitet, så indstillingen kan ikke "
                              "bedømmes af dette jurymedlem."))


def check_score(cycle: Cycle, value: int | None) -> None:
    if value is not None and not cycle.scale_min <= value <= cycle.scale_max:
        raise ValueError(f"score {value} is outside the scale {cycle.scale_min}-{cycle.scale_max}")


def save_sheet(round_: Round, juror: Juror, nomination: Nomination, entered: SheetInput, *,
               submit: bool, actor: str, at: datetime, for_juror: bool = True) -> ScoreSheet:
    """Save a draft (any subset) or submit (every criterion scored) the juror's sheet.

    `for_juror` is False when the secretariat enters the sheet on the juror's behalf.
    """
    check_may_score(round_, juror, nomination, at, for_juror=for_juror)
    cycle = round_.cycle
    for value in entered.scores.values():
        check_score(cycle, value)
    if submit:
        missing = [c.number for c in cycle.criteria if entered.scores.get(c.number) is None]
        if missing:
            raise SheetIncomplete(missing)
    sheet = sheet_of(round_, juror, nomination) or new_sheet(round_, juror, nomination,
                                                             actor=actor, at=at)
    existing = {score.criterion_id: score for score in sheet.scores}
    for criterion in cycle.criteria:
        value = entered.scores.get(criterion.number)
        comment = (entered.comments.get(criterion.number) or "").strip()[:COMMENT_MAX]
        score = existing.get(criterion.id)
        if score is None:
            sheet.scores.append(Score(criterion=criterion, value=value, comment=comment))
        else:
            score.value, score.comment = value, comment
    sheet.overall_comment = (entered.overall_comment or "").strip()[:COMMENT_MAX]
    sheet.status = SheetStatus.SUBMITTED if submit else SheetStatus.DRAFT
    sheet.submitted_at = at if submit else None
    sheet.updated_at = at
    sheet.entered_by = actor
    db.session.flush()
    details = {
        "round": f"{cycle.year}/{round_.number}", "juror": juror.email,
        "entry": nomination.reference,
        "scores": {str(n): v for n, v in sorted(entered.scores.items())},
        "comments": {str(n): c for n, c in sorted(entered.comments.items()) if c},
        "overall_comment": sheet.overall_comment,
    }
    if actor != juror.email:
        details["entered_on_behalf_of"] = juror.email
    audit.record(actor, "sheet.submitted" if submit else "sheet.saved", "sheet", sheet.id, at,
                 details)
    return sheet


def new_sheet(round_: Round, juror: Juror, nomination: Nomination, *, actor: str,
              at: datetime) -> ScoreSheet:
    """An empty sheet, or the one a concurrent request has just made.

    A double click on "save" sends two requests that both find no sheet; the second must
    update the first one's sheet, not fail on the unique (round, juror, entry). INSERT … ON
    CONFLICT DO NOTHING waits for the other transaction and then leaves its row alone. (A
    SAVEPOINT would do on PostgreSQL, but pysqlite's RELEASE commits the outer transaction.)
    """
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[
        db.session.get_bind().dialect.name]
    db.session.execute(insert(ScoreSheet).values(
        round_id=round_.id, juror_id=juror.id, nomination_id=nomination.id,
        status=SheetStatus.DRAFT, overall_comment="", entered_by=actor, created_at=at,
        updated_at=at,
    ).on_conflict_do_nothing(index_elements=["round_id", "juror_id", "nomination_id"]))
    return sheet_of(round_, juror, nomination)


def sheet_input(sheet: ScoreSheet | None) -> SheetInput:
    """A stored sheet in the shape of what was entered (to prefill a form)."""
    if sheet is None:
        return SheetInput({}, {})
    numbers = {score.criterion_id: score.criterion.number for score in sheet.scores}
    return SheetInput(
        scores={numbers[s.criterion_id]: s.value for s in sheet.scores},
        comments={numbers[s.criterion_id]: s.comment for s in sheet.scores},
        overall_comment=sheet.overall_comment,
    )
