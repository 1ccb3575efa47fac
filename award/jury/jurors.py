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


def remove_juror(juror: Juror, *, actor: str, at: datetime) -> None:
    """Take a juror off the cycle's jury (and the panels of its open rounds), as long as
    nothing they did counts anywhere: no score sheet, draft or submitted, and no seat on a
    round that has closed (its results name the panel). Their conflicts of interest go with
    them; their account stays."""
    sheets = db.session.scalar(sa.select(sa.func.count(ScoreSheet.id))
                               .where(ScoreSheet.juror_id == juror.id))
    if sheets:
        raise JuryError(_l("%(name)s har bedømmelser i %(year)d og kan ikke fjernes fra "
                           "juryen.", name=juror.name, year=juror.cycle.year))
    closed = db.session.scalar(
        sa.select(Round.name).join(PanelSeat, PanelSeat.round_id == Round.id)
        .where(PanelSeat.juror_id == juror.id, Round.closed_at.is_not(None)).limit(1))
    if closed is not None:
        raise JuryError(_l("%(name)s sad i panelet for %(round)s, som er lukket, og kan ikke "
                           "fjernes fra juryen.", name=juror.name, round=closed))
    conflicts = db.session.scalar(sa.select(sa.func.count(Conflict.id))
                                  .where(Conflict.juror_id == juror.id))
    audit.record(actor, "juror.removed", "juror", juror.email, at, {
        "cycle": juror.cycle.year, "kind": juror.kind, "conflicts": conflicts})
    db.session.execute(sa.delete(Conflict).where(Conflict.juror_id == juror.id))
    db.session.execute(sa.delete(PanelSeat).where(PanelSeat.juror_id == juror.id))
    db.session.delete(juror)
    db.session.flush()


def invite_again(juror: Juror, *, actor: str, at: datetime, link: Callable[[str], str],
                 invitation_valid: timedelta) -> str:
    """A new invitation for a juror who has not chosen a password yet (the first expired or
    went astray); returns the link. The earlier link still works until it expires."""
    if juror.user.password_hash is not None:
        raise JuryError(_l("%(name)s har allerede valgt en adgangskode og kan logge ind. Er "
                           "den glemt, bestilles en ny med »Glemt adgangskode?« på log "
                           "ind-siden.", name=juror.name))
    return accounts.invite(juror.user, link=link, valid=invitation_valid, actor=actor, at=at,
                           cycle=juror.cycle)


def earlier_jury(cycle: Cycle) -> tuple[Cycle | None, list[Juror]]:
    """The jury of the latest earlier cycle that had one, less those already on this jury:
    whom the secretariat may seat again."""
    source = db.session.scalar(
        sa.select(Cycle).join(Juror, Juror.cycle_id == Cycle.id)
        .where(Cycle.year < cycle.year).order_by(Cycle.year.desc()).limit(1))
    if source is None:
        return None, []
    seated = {juror.user_id for juror in jurors(cycle)}
    return source, [juror for juror in jurors(source) if juror.user_id not in seated]


def seat_again(cycle: Cycle, chosen: list[Juror], *, actor: str, at: datetime,
               link: Callable[[str], str], invitation_valid: timedelta) -> list[Juror]:
    """Seat jurors of an earlier cycle on this one's jury, with the kind, organisation and
    weight they had; each is added (and invited, without a password) as add_juror does."""
    if not chosen:
        raise JuryError(_l("Vælg mindst ét jurymedlem."))
    seated = []
    for earlier in chosen:
        if earlier.cycle_id == cycle.id:
            raise JuryError(_l("%(name)s er allerede med i juryen for %(year)d.",
                               name=earlier.name, year=cycle.year))
        juror, _url = add_juror(cycle, email=earlier.email, name=earlier.name, kind=earlier.kind,
                                weight_hundredths=earlier.weight_hundredths,
                                organisation=earlier.organisation, actor=actor, at=at,
                                link=link, invitation_valid=invitation_valid)
        seated.append(juror)
    return seated
