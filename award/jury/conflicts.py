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
