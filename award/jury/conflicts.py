"""Conflicts of interest: a conflicted juror neither sees nor scores the entry."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload

from award import audit
from award.cycles.models import Cycle
from award.extensions import db
from award.jury.jurors import JuryError
from award.jury.models import Conflict, Juror
from award.nominations.models import Nomination
from award.rounds.models import PanelSeat, Round, RoundEntry


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
    """The juror will neither see nor score the entry; from the juror or the secretariat. A
    nomination merged into another is judged as part of it: the conflict is with that one."""
    reason = reason.strip()
    if not reason:
        raise JuryError(_l("Skriv en begrundelse."))
    named = nomination
    nomination = nomination.merged_into or nomination
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
    details = {"juror": juror.email, "entry": nomination.reference, "reason": reason}
    if named is not nomination:
        details["named"] = named.reference
    audit.record(actor, "conflict.declared", "conflict", f"{juror.email}/{nomination.reference}",
                 at, details)
    return conflict


def conflict_of(juror: Juror, nomination: Nomination) -> Conflict | None:
    return db.session.scalar(sa.select(Conflict).where(
        Conflict.juror_id == juror.id, Conflict.nomination_id == nomination.id))


def withdraw_conflict(conflict: Conflict, round_: Round, reason: str, *, actor: str,
                      at: datetime) -> None:
    """The juror may see and score the entry again: withdrawn by the juror or the secretariat,
    with a reason, while the round is open and no closed round has counted the conflict. The
    declaration and its withdrawal stay in the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise JuryError(_l("Skriv, hvorfor inhabiliteten trækkes tilbage."))
    if not round_.is_open():
        raise JuryError(_l("%(name)s er lukket, så inhabiliteten kan ikke længere trækkes "
                           "tilbage.", name=round_.name))
    counted = db.session.scalar(
        sa.select(Round.name).join(PanelSeat, PanelSeat.round_id == Round.id)
        .join(RoundEntry, RoundEntry.round_id == Round.id)
        .where(PanelSeat.juror_id == conflict.juror_id,
               RoundEntry.nomination_id == conflict.nomination_id,
               Round.closed_at.is_not(None)).limit(1))
    if counted is not None:
        raise JuryError(_l("Inhabiliteten talte med i %(name)s, som er lukket, så den kan ikke "
                           "trækkes tilbage.", name=counted))
    juror, nomination = conflict.juror, conflict.nomination
    audit.record(actor, "conflict.withdrawn", "conflict", f"{juror.email}/{nomination.reference}",
                 at, {"juror": juror.email, "entry": nomination.reference, "reason": reason,
                      "declared": conflict.reason, "declared_by": conflict.recorded_by})
    db.session.delete(conflict)
    db.session.flush()
