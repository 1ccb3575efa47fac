"""The jury's work: jurors and weights, rounds, conflicts of interest and score sheets.

Plain arguments in; the change and its audit entry out; the caller commits once. The only
way to a sheet is through (round, juror, entry), so a juror can never reach another's.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager, joinedload

from award import audit, timeutil
from award.auth import services as accounts
from award.auth.models import Role, User
from award.criteria.weights import (
    check_criterion_weights,
    check_juror_weight,
    format_hundredths,
)
from award.extensions import db
from award.jury.models import (
    Conflict,
    Juror,
    JurorKind,
    Method,
    PanelSeat,
    Round,
    Score,
    ScoreSheet,
    SheetStatus,
)
from award.models import Cycle, Nomination, NominationStatus, Phase

COMMENT_MAX = 5000


class JuryError(ValueError):
    """Bad input for the jury or a round; the message is shown to the person."""


# ---------------------------------------------------------------- jurors and weights


def jurors(cycle: Cycle) -> list[Juror]:
    return db.session.scalars(
        sa.select(Juror).join(Juror.user).where(Juror.cycle_id == cycle.id).order_by(User.name)
    ).all()


def juror_by_email(cycle: Cycle, email: str) -> Juror | None:
    return db.session.scalar(
        sa.select(Juror).join(Juror.user)
        .where(Juror.cycle_id == cycle.id, User.email == accounts.normalise_email(email))
    )


def add_juror(cycle: Cycle, *, email: str, name: str, kind: str, weight_hundredths: int = 100,
              organisation: str = "", actor: str, at: datetime, link: Callable[[str], str],
              invitation_valid: timedelta) -> tuple[Juror, str | None]:
    """Seat a person on the cycle's jury; invite them when they have no password yet.

    Returns the juror and the invitation link (None when no invitation was needed).
    """
    if kind not in set(JurorKind):
        raise JuryError(_l("Typen skal være en af: %(kinds)s.", kinds=", ".join(JurorKind)))
    check_juror_weight(weight_hundredths)
    user = accounts.by_email(email)
    if user is None:
        user = accounts.create_user(email=email, name=name, role=Role.JUROR, actor=actor, at=at)
    elif user.role != Role.JUROR:
        raise JuryError(_l("%(email)s hører til sekretariatet og kan ikke sidde i juryen.",
                                email=user.email))
    elif juror_by_email(cycle, user.email):
        raise JuryError(_l("%(email)s er allerede med i juryen for %(year)d.",
                                email=user.email, year=cycle.year))
    juror = Juror(cycle=cycle, user=user, kind=kind, organisation=organisation.strip(),
                  weight_hundredths=weight_hundredths, created_at=at)
    db.session.add(juror)
    db.session.flush()
    for whole_jury_round in db.session.scalars(sa.select(Round).where(
            Round.cycle_id == cycle.id, Round.whole_jury.is_(True),
            Round.opened_at.is_not(None), Round.closed_at.is_(None))):
        whole_jury_round.panel.append(PanelSeat(juror=juror))
    audit.record(actor, "juror.added", "juror", user.email, at, {
        "cycle": cycle.year, "kind": kind, "weight": format_hundredths(weight_hundredths, "."),
        "organisation": juror.organisation,
    })
    url = None
    if user.password_hash is None:
        url = accounts.invite(user, link=link, valid=invitation_valid, actor=actor, at=at,
                              cycle_year=cycle.year)
    return juror, url


def set_juror_weight(juror: Juror, hundredths: int, *, actor: str, at: datetime) -> None:
    check_juror_weight(hundredths)
    old = juror.weight_hundredths
    juror.weight_hundredths = hundredths
    audit.record(actor, "juror.weight_set", "juror", juror.email, at, {
        "cycle": juror.cycle.year, "old": format_hundredths(old, "."),
        "new": format_hundredths(hundredths, "."),
    })


def set_criterion_weights(cycle: Cycle, hundredths: list[int], *, actor: str,
                          at: datetime) -> None:
    check_criterion_weights(hundredths, len(cycle.criteria))
    old = [c.weight_hundredths for c in cycle.criteria]
    for criterion, weight in zip(cycle.criteria, hundredths, strict=True):
        criterion.weight_hundredths = weight
    audit.record(actor, "criteria.weights_set", "cycle", cycle.year, at, {
        "old": [format_hundredths(w, ".") for w in old],
        "new": [format_hundredths(w, ".") for w in hundredths],
    })


# ---------------------------------------------------------------- rounds


def round_by_number(cycle: Cycle, number: int) -> Round | None:
    return db.session.scalar(
        sa.select(Round).where(Round.cycle_id == cycle.id, Round.number == number))


def rounds(cycle: Cycle) -> list[Round]:
    return db.session.scalars(
        sa.select(Round).where(Round.cycle_id == cycle.id).order_by(Round.number)).all()


def open_round(cycle: Cycle, *, number: int, actor: str, at: datetime, name: str | None = None,
               panel_emails: list[str] | None = None, advance: int | None = None,
               quorum: int = 1, method: str = Method.WEIGHTED,
               deadline_at: datetime | None = None) -> Round:
    """Open round `number` with the whole jury (panel_emails None) or the given jurors.

    Only once the call has closed: until its deadline a nominator may still correct or withdraw
    the text the jurors would score.
    """
    if cycle.phase(at) is not Phase.JUDGING:
        raise JuryError(_l("Runden kan først åbnes, når fristen for indstillinger er udløbet "
                           "(%(deadline)s).", deadline=timeutil.format_deadline(cycle.deadline_at)))
    if number != 1:
        # Later rounds take their entries from the round before, which needs closing and
        # advancing; until those exist only round 1 can be opened.
        raise JuryError(_l("Indtil videre kan kun runde 1 åbnes."))
    if round_by_number(cycle, number):
        raise JuryError(_l("Runde %(number)d i %(year)d er allerede åbnet.", number=number,
                            year=cycle.year))
    if method not in set(Method):
        raise JuryError(_l("Beregningen skal være en af: %(methods)s.",
                            methods=", ".join(Method)))
    if quorum < 1:
        raise JuryError(_l("Mindste antal bedømmelser skal være mindst 1."))
    if advance is not None and advance < 1:
        raise JuryError(_l("Antallet, der går videre, skal være mindst 1."))
    if deadline_at is not None and deadline_at <= at:
        raise JuryError(_l("Fristen for bedømmelserne skal ligge i fremtiden."))
    if panel_emails is None:
        panel = jurors(cycle)
    else:
        panel, unknown = [], []
        for email in dict.fromkeys(accounts.normalise_email(e) for e in panel_emails if e.strip()):
            juror = juror_by_email(cycle, email)
            if juror:
                panel.append(juror)
            else:
                unknown.append(email)
        if unknown:
            raise JuryError(_l("Ikke med i juryen for %(year)d: %(emails)s.", year=cycle.year,
                                emails=", ".join(unknown)))
    if not panel:
        raise JuryError(_l("Panelet er tomt. Tilføj først jurymedlemmer."))
    opened = Round(cycle=cycle, number=number, name=name or f"Runde {number}",
                   deadline_at=deadline_at, advance_count=advance, quorum=quorum,
                   method=method, whole_jury=panel_emails is None, opened_at=at,
                   panel=[PanelSeat(juror=juror) for juror in panel])
    db.session.add(opened)
    db.session.flush()
    audit.record(actor, "round.opened", "round", f"{cycle.year}/{number}", at, {
        "name": opened.name, "panel": sorted(j.email for j in panel),
        "whole_jury": opened.whole_jury, "advance": advance, "quorum": quorum,
        "method": method, "deadline_at": deadline_at.isoformat() if deadline_at else None,
    })
    return opened


def entries(round_: Round) -> list[Nomination]:
    """The round's entries, by reference. Round 1: every submitted, not withdrawn nomination
    (screening will narrow this to the eligible ones)."""
    return db.session.scalars(
        sa.select(Nomination)
        .where(Nomination.cycle_id == round_.cycle_id,
               Nomination.status == NominationStatus.SUBMITTED)
        .order_by(Nomination.reference)
    ).all()


def is_entry(round_: Round, nomination: Nomination) -> bool:
    return (nomination.cycle_id == round_.cycle_id
            and nomination.status == NominationStatus.SUBMITTED)


def panel(round_: Round) -> list[Juror]:
    """The round's panel by name, in one query."""
    return sorted(db.session.scalars(
        sa.select(Juror).join(PanelSeat, PanelSeat.juror_id == Juror.id)
        .where(PanelSeat.round_id == round_.id)), key=lambda j: j.name)


def seat_of(round_: Round, user: User) -> Juror | None:
    """The user's juror on this round's panel, or None."""
    return db.session.scalar(
        sa.select(Juror).join(PanelSeat, PanelSeat.juror_id == Juror.id)
        .where(PanelSeat.round_id == round_.id, Juror.user_id == user.id))


def on_panel(round_: Round, juror: Juror) -> bool:
    return any(seat.juror_id == juror.id for seat in round_.panel)


def rounds_for(user: User) -> list[tuple[Round, Juror]]:
    """The opened rounds the user sits on, newest cycle first."""
    rows = db.session.execute(
        sa.select(Round, Juror).join(PanelSeat, PanelSeat.round_id == Round.id)
        .join(Juror, PanelSeat.juror_id == Juror.id).join(Cycle, Round.cycle_id == Cycle.id)
        .where(Juror.user_id == user.id, Round.opened_at.is_not(None))
        .order_by(Cycle.year.desc(), Round.number)
    ).all()
    return [(row[0], row[1]) for row in rows]


# ---------------------------------------------------------------- conflicts of interest


def conflicted_ids(juror: Juror) -> set[int]:
    return set(db.session.scalars(
        sa.select(Conflict.nomination_id).where(Conflict.juror_id == juror.id)))


def has_conflict(juror: Juror, nomination: Nomination) -> bool:
    return nomination.id in conflicted_ids(juror)


def conflicts(cycle: Cycle) -> list[Conflict]:
    """The cycle's conflicts with their juror and entry, in one query."""
    return db.session.scalars(
        sa.select(Conflict).join(Conflict.juror).where(Juror.cycle_id == cycle.id)
        .options(contains_eager(Conflict.juror), joinedload(Conflict.nomination))
        .order_by(Conflict.created_at)).all()


def declare_conflict(juror: Juror, nomination: Nomination, reason: str, *, actor: str,
                     at: datetime) -> Conflict:
    """The juror will neither see nor score the entry; from the juror or the secretariat."""
    reason = reason.strip()
    if not reason:
        raise JuryError(_l("Skriv en begrundelse."))
    if nomination.cycle_id != juror.cycle_id:
        raise JuryError(_l("Indstillingen hører til en anden årgang."))
    if has_conflict(juror, nomination):
        raise JuryError(_l("%(email)s er allerede registreret som inhabil i forhold til "
                           "%(reference)s.", email=juror.email,
                           reference=nomination.reference))
    conflict = Conflict(juror=juror, nomination=nomination, reason=reason, recorded_by=actor,
                        created_at=at)
    db.session.add(conflict)
    db.session.flush()
    audit.record(actor, "conflict.declared", "conflict", f"{juror.email}/{nomination.reference}",
                 at, {"juror": juror.email, "entry": nomination.reference, "reason": reason})
    return conflict


# ---------------------------------------------------------------- score sheets


class SheetRefused(Exception):
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


# ---------------------------------------------------------------- the juror's overview


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
