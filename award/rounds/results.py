"""A closed round's results: the snapshot stored at close, with the secretariat's recorded
orders for ties applied on top; resolving ties; advancing the top entries.

The numbers are always computed by award.criteria.results from the snapshot's inputs, so a
page, the command line and an export show the same figures.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.criteria import results as engine
from award.extensions import db
from award.jury.models import Juror
from award.nominations.models import Nomination
from award.rounds.models import Resolution, Round, RoundResult
from award.rounds.services import RoundError


def snapshot(round_: Round) -> RoundResult | None:
    return db.session.scalar(sa.select(RoundResult).where(RoundResult.round_id == round_.id))


def resolutions(round_: Round) -> list[Resolution]:
    return db.session.scalars(sa.select(Resolution).where(Resolution.round_id == round_.id)
                              .order_by(Resolution.id)).all()


def recorded_order(recorded: list[Resolution]) -> tuple[int, ...]:
    """The recorded orders as one: a later resolution of the same entries wins."""
    order: list[int] = []
    for resolution in reversed(recorded):
        order += [entry for entry in resolution.order if entry not in order]
    return tuple(order)


def round_input(stored: RoundResult, order: tuple[int, ...] = ()) -> engine.RoundInput:
    inputs = stored.inputs
    return engine.RoundInput(
        criteria=tuple(inputs["criteria"]),
        criterion_weights=tuple(inputs["criterion_weights"]),
        juror_weights={int(juror): weight for juror, weight in inputs["juror_weights"].items()},
        entries=tuple(inputs["entries"]),
        sheets=tuple(engine.Sheet(juror=row[0], entry=row[1], weighted=row[2],
                                  scores=tuple(row[3:])) for row in inputs["sheets"]),
        method=inputs["method"], tie_break=tuple(inputs["tie_break"]),
        quorum=inputs["quorum"], advance=inputs["advance"], resolved_order=order)


@dataclass
class Results:
    """A closed round's computed results with the names to show them by."""

    round: Round
    stored: RoundResult
    outcome: engine.RoundResult
    nominations: dict[int, Nomination]
    jurors: dict[int, Juror]
    resolutions: list[Resolution]

    def nomination(self, entry: int) -> Nomination:
        return self.nominations[entry]

    @property
    def first(self) -> engine.EntryResult | None:
        """The scored entry alone in first place, if there is one."""
        firsts = [line for line in self.outcome.entries if line.rank == 1]
        if len(firsts) == 1 and firsts[0].score is not None:
            return firsts[0]
        return None

    def references(self, entries, separator: str = ", ") -> str:
        return separator.join(self.nominations[entry].reference for entry in entries)

    def juror_names(self, jurors) -> str:
        return ", ".join(self.jurors[juror].name for juror in jurors)

    def left_out_for(self, entry: int) -> list[tuple[str, str]]:
        """(why, juror name) for each panel juror whose sheet on the entry does not count:
        "conflict", "draft" (never submitted) or "missing"."""
        return [(kind, self.jurors[juror].name)
                for kind, pairs in self.stored.left_out.items()
                for juror, left_entry in pairs if left_entry == entry]


def results(round_: Round) -> Results | None:
    """The round's results, or None while it is open."""
    stored = snapshot(round_)
    if stored is None:
        return None
    recorded = resolutions(round_)
    outcome = engine.compute(round_input(stored, recorded_order(recorded)))
    entry_ids = stored.inputs["entries"]
    nominations = {n.id: n for n in db.session.scalars(
        sa.select(Nomination).where(Nomination.id.in_(entry_ids)))}
    juror_ids = [int(j) for j in stored.inputs["juror_weights"]]
    jurors = {j.id: j for j in db.session.scalars(sa.select(Juror).where(Juror.id.in_(juror_ids)))}
    return Results(round_, stored, outcome, nominations, jurors, recorded)


def resolve(round_: Round, order: list[Nomination], reason: str, *, actor: str,
            at: datetime) -> Resolution:
    """Record the secretariat's order for entries the formula left tied (a shared rank, or a
    tie across the cut line), with the reason. An order recorded earlier can be corrected by
    recording another for the same entries, until the order is settled."""
    current = results(round_)
    if current is None:
        raise RoundError(_l("Runden skal lukkes, før en stemmelighed kan afgøres."))
    if round_.advanced_at is not None:
        raise RoundError(_l("De bedste er allerede gået videre fra %(name)s, så rækkefølgen "
                            "kan ikke længere ændres.", name=round_.name))
    if round_.order_settled():
        raise RoundError(_l("Vinderen er registreret fra %(name)s, så rækkefølgen kan ikke "
                            "længere ændres.", name=round_.name))
    reason = (reason or "").strip()
    if not reason:
        raise RoundError(_l("Skriv begrundelsen for rækkefølgen."))
    ids = [nomination.id for nomination in order]
    if len(set(ids)) != len(ids) or len(ids) < 2:
        raise RoundError(_l("Angiv mindst to forskellige indstillinger i den ønskede "
                            "rækkefølge."))
    outside = [n.reference for n in order if n.id not in current.nominations]
    if outside:
        raise RoundError(_l("Ikke med i runden: %(references)s.", references=", ".join(outside)))
    allowed = [*map(set, current.outcome.tie_groups), *(set(r.order) for r in current.resolutions)]
    if set(ids) not in allowed:
        groups = "; ".join(current.references(g) for g in current.outcome.tie_groups)
        raise RoundError(_l("Rækkefølgen skal omfatte præcis de indstillinger, der står lige: "
                            "%(groups)s.", groups=groups or _l("ingen")))
    resolution = Resolution(round_id=round_.id, order=ids, reason=reason, created_by=actor,
                            created_at=at)
    db.session.add(resolution)
    db.session.flush()
    audit.record(actor, "round.tie_resolved", "round", f"{round_.cycle.year}/{round_.number}",
                 at, {"order": [n.reference for n in order], "reason": reason})
    return resolution


class BelowQuorum(RoundError):
    """Entries with fewer sheets than the quorum would go on: only by an explicit choice."""

    def __init__(self, entries: list[Nomination], quorum: int):
        super().__init__(_l("%(references)s har færre bedømmelser end mindste antal "
                            "(%(quorum)d). Vælg, om de skal videre alligevel.",
                            references=", ".join(n.reference for n in entries), quorum=quorum))
        self.entries = entries


def advance(round_: Round, *, actor: str, at: datetime,
            below_quorum_chosen: bool = False) -> list[Nomination]:
    """The top K go on to the next round; refused while a tie across the cut line is open,
    and, for an entry with fewer sheets than the quorum (a round closed anyway), unless the
    secretariat chose to send it on."""
    current = results(round_)
    if current is None:
        raise RoundError(_l("Runden skal lukkes, før de bedste kan gå videre."))
    if round_.advance_count is None:
        raise RoundError(_l("%(name)s er en finalerunde: ingen går videre.", name=round_.name))
    if round_.advanced_at is not None:
        raise RoundError(_l("De bedste er allerede gået videre fra %(name)s.", name=round_.name))
    if current.outcome.cut_line_tie:
        raise RoundError(_l("Der er stemmelighed om den sidste plads (%(references)s). Afgør "
                            "rækkefølgen først.",
                            references=current.references(current.outcome.cut_line_tie)))
    advancing = [e for e in current.outcome.entries if e.advanced]
    advanced = [current.nomination(e.entry) for e in advancing]
    below = [current.nomination(e.entry) for e in advancing if e.below_quorum]
    if below and not below_quorum_chosen:
        raise BelowQuorum(below, round_.quorum)
    round_.advanced_at = at
    audit.record(actor, "round.advanced", "round", f"{round_.cycle.year}/{round_.number}", at,
                 {"advanced": [n.reference for n in advanced],
                  "below_quorum": [n.reference for n in below]})
    return advanced


def advanced_entries(round_: Round) -> list[int]:
    """The nomination ids that advanced from the round (once advance() has been done)."""
    current = results(round_)
    if current is None or round_.advanced_at is None:
        return []
    return [e.entry for e in current.outcome.entries if e.advanced]


def as_json(current: Results) -> dict:
    """The results in the published shape (`award results --format json`, the JSON export)."""
    outcome = current.outcome
    return {
        "year": current.round.cycle.year,
        "round": current.round.number,
        "method": outcome.method,
        "closed_at": current.round.closed_at.isoformat(),
        "entries": [{
            "rank": line.rank,
            "reference": current.nomination(line.entry).reference,
            "title": current.nomination(line.entry).initiative_name,
            "score": engine.round_half_up(line.score) if line.score is not None else None,
            "score_exact": (engine.lowest_terms(line.score)
                            if line.score is not None else None),
            "normalised": round(line.normalised, 4) if line.normalised is not None else None,
            "criteria": {str(number): engine.round_half_up(mean) if mean is not None else None
                         for number, mean in line.criteria.items()},
            "sheets": line.sheets,
            "spread": round(line.spread, 2) if line.spread is not None else None,
            "tied": line.tied,
            "below_quorum": line.below_quorum,
            "disagreement": line.disagreement,
            "advanced": line.advanced,
        } for line in outcome.entries],
        "stable_without_any_one_juror": outcome.stable_without_any_one_juror,
    }
