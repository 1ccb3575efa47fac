"""The jury of a cycle: jurors, their kinds and weights.

Plain arguments in; the change and its audit entry out; the caller commits once.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.auth import services as accounts
from award.auth.models import Role, TokenPurpose, User
from award.criteria.weights import check_juror_weight, format_hundredths
from award.cycles.models import Cycle
from award.extensions import db
from award.jury.models import Conflict, Juror, JurorKind, ScoreSheet
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


def earlier_jury(cycle: Cycle) -> tuple[Cycle | None, list[Juror]]:
    """The jury of the nearest earlier cycle that had one, less those already on this jury:
    the people a new cycle's jury is most often started from."""
    earlier = db.session.scalar(
        sa.select(Cycle).join(Juror, Juror.cycle_id == Cycle.id)
        .where(Cycle.year < cycle.year).order_by(Cycle.year.desc()).limit(1))
    if earlier is None:
        return None, []
    seated = set(db.session.scalars(sa.select(Juror.user_id).where(Juror.cycle_id == cycle.id)))
    return earlier, [juror for juror in jurors(earlier) if juror.user_id not in seated]


def copy_jurors(cycle: Cycle, chosen: list[Juror], *, actor: str, at: datetime,
                link: Callable[[str], str], invitation_valid: timedelta) -> list[Juror]:
    """Seat each chosen juror of an earlier cycle on this one with the same kind, organisation
    and weight; those without a password yet are invited again."""
    return [add_juror(cycle, email=old.email, name=old.name, kind=old.kind,
                      weight_hundredths=old.weight_hundredths, organisation=old.organisation,
                      actor=actor, at=at, link=link, invitation_valid=invitation_valid)[0]
            for old in chosen]


def sheet_counts(cycle: Cycle) -> dict[int, int]:
    """Score sheets (drafts included) per juror of the cycle, by juror id."""
    return dict(db.session.execute(
        sa.select(ScoreSheet.juror_id, sa.func.count()).join(Juror)
        .where(Juror.cycle_id == cycle.id).group_by(ScoreSheet.juror_id)).all())


def removable(juror: Juror) -> str | None:
    """Why the juror cannot be taken off the jury, or None when they can: a juror with a
    score sheet, or on the panel of a closed round, is part of a result."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(ScoreSheet)
                         .where(ScoreSheet.juror_id == juror.id)):
        return _l("%(name)s har bedømmelser og kan ikke fjernes fra juryen.", name=juror.name)
    if db.session.scalar(sa.select(sa.func.count()).select_from(PanelSeat).join(Round)
                         .where(PanelSeat.juror_id == juror.id, Round.closed_at.is_not(None))):
        return _l("%(name)s sad i panelet i en lukket runde og kan ikke fjernes fra juryen.",
                  name=juror.name)
    return None


def remove_juror(juror: Juror, *, actor: str, at: datetime) -> None:
    """Take a juror without sheets off the jury: their seats on open panels and their
    conflicts of interest go with them. The user account stays (another year's jury)."""
    reason = removable(juror)
    if reason is not None:
        raise JuryError(reason)
    conflicts = db.session.scalars(sa.select(Conflict).where(Conflict.juror_id == juror.id)).all()
    audit.record(actor, "juror.removed", "juror", juror.email, at, {
        "cycle": juror.cycle.year, "kind": juror.kind,
        "conflicts": [conflict.nomination.reference for conflict in conflicts],
    })
    for conflict in conflicts:
        db.session.delete(conflict)
    db.session.execute(sa.delete(PanelSeat).where(PanelSeat.juror_id == juror.id))
    db.session.delete(juror)


def invite_again(juror: Juror, *, actor: str, at: datetime, link: Callable[[str], str],
                 invitation_valid: timedelta) -> str:
    """A new invitation for a juror who has not set a password; earlier links stop working."""
    user = juror.user
    if user.password_hash is not None:
        raise JuryError(_l("%(name)s har allerede en adgangskode og kan logge ind. Glemt "
                           "adgangskode findes på log-ind-siden.", name=user.name))
    for token in user.tokens:
        if token.purpose == TokenPurpose.INVITATION and token.usable(at):
            token.expires_at = at
    return accounts.invite(user, link=link, valid=invitation_valid, actor=actor, at=at,
                           cycle=juror.cycle)
