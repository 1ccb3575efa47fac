"""The jury of a cycle: jurors, their kinds and weights.

Plain arguments in; the change and its audit entry out; the caller commits once.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.auth import services as accounts
from award.auth.models import Role, User
from award.criteria.weights import check_juror_weight, format_hundredths
from award.cycles.models import Cycle
from award.extensions import db
from award.jury.models import Juror, JurorKind
from award.rounds.models import PanelSeat, Round
from award.service import Refused


class JuryError(Refused):
    """Bad input for the jury or a round; the message is shown to the person."""


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
                              cycle=cycle)
    return juror, url


def set_juror_weight(juror: Juror, hundredths: int, *, actor: str, at: datetime) -> None:
    check_juror_weight(hundredths)
    old = juror.weight_hundredths
    juror.weight_hundredths = hundredths
    audit.record(actor, "juror.weight_set", "juror", juror.email, at, {
        "cycle": juror.cycle.year, "old": format_hundredths(old, "."),
        "new": format_hundredths(hundredths, "."),
    })
