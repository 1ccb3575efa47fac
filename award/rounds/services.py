"""Rounds: opening one with its panel, its entries, who sits on it.

Plain arguments in; the change and its audit entry out; the caller commits once.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from award import audit, timeutil
from award.auth import services as accounts
from award.auth.models import User
from award.cycles.models import Cycle, Phase
from award.dbtypes import fits_integer
from award.extensions import db
from award.jury.jurors import juror_by_email, jurors
from award.jury.models import Juror
from award.nominations import screening
from award.nominations.models import Nomination
from award.rounds.models import Method, PanelSeat, Round, RoundEntry
from award.service import Refused


class RoundError(Refused):
    """Bad input for a round, or a step taken in the wrong order; shown to the person."""


def round_by_number(cycle: Cycle, number: int) -> Round | None:
    if not fits_integer(number):
        return None
    return db.session.scalar(
        sa.select(Round).where(Round.cycle_id == cycle.id, Round.number == number))


def rounds(cycle: Cycle) -> list[Round]:
    return db.session.scalars(
        sa.select(Round).where(Round.cycle_id == cycle.id).order_by(Round.number)).all()


def next_number(cycle: Cycle) -> int:
    """The number the cycle's next round would take: one after its last."""
    last = db.session.scalar(sa.select(sa.func.max(Round.number)).where(Round.cycle_id == cycle.id))
    return (last or 0) + 1


def open_round(cycle: Cycle, *, number: int, actor: str, at: datetime, name: str | None = None,
               panel_emails: list[str] | None = None, advance: int | None = None,
               quorum: int = 1, method: str = Method.WEIGHTED,
               deadline_at: datetime | None = None) -> Round:
    """Open round `number` with the whole jury (panel_emails None) or the given jurors.

    Only once the call has closed: until its deadline a nominator may still correct or withdraw
    the text the jurors would score.
    """
    if cycle.phase(at) is not Phase.JUDGING:
        if cycle.decision is not None:
            raise RoundError(_l("Vinderen af %(year)d er fundet, så der kan ikke åbnes flere "
                                "runder.", year=cycle.year))
        raise RoundError(_l("Runden kan først åbnes, når fristen for indstillinger er udløbet "
                            "(%(deadline)s).",
                            deadline=timeutil.format_deadline(cycle.deadline_at)))
    if round_by_number(cycle, number):
        raise RoundError(_l("Runde %(number)d i %(year)d er allerede åbnet.", number=number,
                            year=cycle.year))
    if method not in set(Method):
        raise RoundError(_l("Beregningen skal være en af: %(methods)s.",
                            methods=", ".join(Method)))
    if quorum < 1:
        raise RoundError(_l("Mindste antal bedømmelser skal være mindst 1."))
    if advance is not None and advance < 1:
        raise RoundError(_l("Antallet, der går videre, skal være mindst 1."))
    if deadline_at is not None and deadline_at <= at:
        raise RoundError(_l("Fristen for bedømmelserne skal ligge i fremtiden."))
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
            raise RoundError(_l("Ikke med i juryen for %(year)d: %(emails)s.", year=cycle.year,
                                emails=", ".join(unknown)))
    if not panel:
        raise RoundError(_l("Panelet er tomt. Tilføj først jurymedlemmer."))
    chosen = entries_for_new_round(cycle, number)
    if advance is not None and advance >= len(chosen):
        raise RoundError(_l("Runden har %(count)d indstillinger, så færre end det skal gå "
                            "videre.", count=len(chosen)))
    opened = Round(cycle=cycle, number=number, name=name or f"Runde {number}",
                   deadline_at=deadline_at, advance_count=advance, quorum=quorum,
                   method=method, whole_jury=panel_emails is None, opened_at=at,
                   panel=[PanelSeat(juror=juror) for juror in panel],
                   entries=[RoundEntry(nomination_id=nomination_id) for nomination_id in chosen])
    db.session.add(opened)
    db.session.flush()
    audit.record(actor, "round.opened", "round", f"{cycle.year}/{number}", at, {
        "name": opened.name, "panel": sorted(j.email for j in panel),
        "whole_jury": opened.whole_jury, "advance": advance, "quorum": quorum,
        "method": method, "deadline_at": deadline_at.isoformat() if deadline_at else None,
        "entries": len(chosen),
    })
    return opened


def entries_for_new_round(cycle: Cycle, number: int) -> list[int]:
    """The nomination ids a new round `number` judges: round 1 the eligible nominations (each
    merged duplicate counts once, through the entry it was merged into), round N+1 those
    advanced from round N. Refused while that is not yet settled."""
    if number == 1:
        unscreened = screening.unscreened(cycle)
        if unscreened:
            raise RoundError(lazy_ngettext(
                "%(num)d indstilling er ikke screenet endnu. Markér den som egnet eller ikke "
                "egnet, før runde 1 åbnes.",
                "%(num)d indstillinger er ikke screenet endnu. Markér dem som egnede eller ikke "
                "egnede, før runde 1 åbnes.", len(unscreened)))
        chosen = [nomination.id for nomination in screening.eligible(cycle)]
    else:
        from award.rounds.results import advanced_entries

        previous = round_by_number(cycle, number - 1)
        if previous is None or previous.advanced_at is None:
            raise RoundError(_l("Runde %(previous)d skal være lukket, og de bedste skal være "
                                "gået videre, før runde %(number)d kan åbnes.",
                                previous=number - 1, number=number))
        chosen = advanced_entries(previous)
    if not chosen:
        raise RoundError(_l("Der er ingen indstillinger at bedømme i runden."))
    return chosen


def entries(round_: Round) -> list[Nomination]:
    """The round's entries, by reference: fixed when it opened (entries_for_new_round)."""
    return db.session.scalars(
        sa.select(Nomination).join(RoundEntry, RoundEntry.nomination_id == Nomination.id)
        .where(RoundEntry.round_id == round_.id).order_by(Nomination.reference)
    ).all()


def is_entry(round_: Round, nomination: Nomination) -> bool:
    return db.session.scalar(sa.select(RoundEntry.id).where(
        RoundEntry.round_id == round_.id, RoundEntry.nomination_id == nomination.id)) is not None


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
