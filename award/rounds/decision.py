"""The decision: the secretariat records the winner from the final round. Choosing another
entry than the final round's first needs a written reason. The cycle is "decided" from then
on (derived from the recorded decision)."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.cycles.models import Cycle
from award.extensions import db
from award.grants import services as grants
from award.nominations.models import Nomination
from award.rounds.models import Decision, Round
from award.rounds.results import results
from award.rounds.services import RoundError


def final_round(cycle: Cycle) -> Round | None:
    """The cycle's last round: the one the winner is chosen from."""
    return db.session.scalar(sa.select(Round).where(Round.cycle_id == cycle.id)
                             .order_by(Round.number.desc()).limit(1))


def check(cycle: Cycle, nomination: Nomination, reason: str = ""):
    """Refuses (RoundError) a winner that cannot be recorded as chosen; else the final round,
    its results and its first (or None): what `decide` records, checked before the
    secretariat confirms."""
    if cycle.decision is not None:
        raise RoundError(_l("Vinderen af %(year)d er allerede registreret: %(name)s.",
                            year=cycle.year, name=cycle.decision.nomination.initiative_name))
    final = final_round(cycle)
    current = results(final) if final is not None else None
    if current is None:
        raise RoundError(_l("Den sidste runde skal være lukket, før vinderen kan registreres."))
    if final.advance_count is not None:
        raise RoundError(_l("I %(name)s går de bedste videre til en ny runde. Vinderen findes i "
                            "finalerunden: åbn den næste runde uden et antal, der går videre.",
                            name=final.name))
    if nomination.id not in current.nominations:
        raise RoundError(_l("%(reference)s er ikke med i den sidste runde (%(name)s).",
                            reference=nomination.reference, name=final.name))
    reason = (reason or "").strip()
    first = current.first
    line = current.outcome.entry(nomination.id)
    sharing = [other.entry for other in current.outcome.entries
               if other.rank == 1 and other.entry != nomination.id and other.score is not None]
    if line.rank == 1 and line.score is not None and sharing and not reason:
        raise RoundError(_l("%(reference)s deler førstepladsen i %(name)s med %(others)s. "
                            "Afgør stemmeligheden, eller skriv en begrundelse for valget.",
                            reference=nomination.reference, name=final.name,
                            others=current.references(sharing)))
    if (first is None or first.entry != nomination.id) and not reason:
        raise RoundError(_l("%(reference)s er ikke nummer ét i %(name)s. Skriv en begrundelse "
                            "for valget.", reference=nomination.reference, name=final.name))
    return final, current, first


def decide(cycle: Cycle, nomination: Nomination, *, actor: str, at: datetime,
           reason: str = "") -> Decision:
    final, current, first = check(cycle, nomination, reason)
    reason = (reason or "").strip()
    decision = Decision(cycle_id=cycle.id, round_id=final.id, nomination_id=nomination.id,
                        reason=reason, decided_by=actor, decided_at=at)
    db.session.add(decision)
    db.session.flush()
    db.session.refresh(cycle, ["decision"])
    audit.record(actor, "cycle.decided", "cycle", cycle.year, at, {
        "winner": nomination.reference, "round": final.number,
        "final_round_first": current.nomination(first.entry).reference if first else None,
        "reason": reason})
    grants.create_for_decision(cycle, nomination, actor=actor, at=at)
    return decision
