"""Closing a round: one transaction that freezes its sheets and stores the results snapshot,
exactly once. Also what is still missing while it is open, and the reminder to jurors.

The gate is a conditional UPDATE of the round row (closed_at IS NULL): of two closes at the
same moment, from two browsers or two processes, the second finds the row already closed (on
PostgreSQL it waits for the first to commit, then matches no row; SQLite serialises writers)
and is told so. Nothing of it is stored.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from award import audit, mail
from award.auth.links import absolute_url
from award.criteria.query import counted_sheet_rows
from award.extensions import db
from award.jury.models import Conflict, Juror, ScoreSheet, SheetStatus
from award.jury.progress import EntryRow, EntryState, Progress
from award.nominations.models import Nomination
from award.rounds.models import PanelSeat, Round, RoundEntry, RoundResult
from award.rounds.services import RoundError, entries, panel

PROGRESS_STATES = {"submitted": EntryState.SUBMITTED, "draft": EntryState.DRAFT,
                   "conflict": EntryState.CONFLICT, "missing": EntryState.NOT_STARTED}


class MissingSheets(RoundError):
    """Closing would leave sheets out; `missing` lists them. "Close anyway" (force) proceeds."""

    def __init__(self, missing: list[tuple[Juror, Nomination]]):
        super().__init__(lazy_ngettext(
            "%(num)d bedømmelse mangler. Luk runden alligevel, hvis den ikke skal med.",
            "%(num)d bedømmelser mangler. Luk runden alligevel, hvis de ikke skal med.",
            len(missing)))
        self.missing = missing


@dataclass
class Completeness:
    """Who still owes what: by (juror id, entry id), "submitted", "draft" or "conflict";
    a pair that is absent is missing.

    The panel × entries grid can be large (25 × 5,000), so the methods below walk it with
    ids and one dictionary look-up per pair, not with `state()` per pair."""

    states: dict[tuple[int, int], str]
    jurors: list[Juror]
    entries: list[Nomination]

    def state(self, juror: Juror, entry: Nomination) -> str:
        return self.states.get((juror.id, entry.id), "missing")

    def pairs(self, *kinds: str) -> dict[str, list[tuple[Juror, Nomination]]]:
        """The pairs in each of the given states, juror by juror (in panel order), each
        juror's in entry order."""
        get = self.states.get
        entries = [(entry.id, entry) for entry in self.entries]
        found: dict[str, list[tuple[Juror, Nomination]]] = {kind: [] for kind in kinds}
        for juror in self.jurors:
            juror_id = juror.id
            for entry_id, entry in entries:
                kind = found.get(get((juror_id, entry_id), "missing"))
                if kind is not None:
                    kind.append((juror, entry))
        return found

    def missing(self) -> list[tuple[Juror, Nomination]]:
        """Pairs without a submitted sheet and without a conflict (drafts count as missing)."""
        get = self.states.get
        entries = [(entry.id, entry) for entry in self.entries]
        return [(juror, entry) for juror in self.jurors for juror_id in (juror.id,)
                for entry_id, entry in entries
                if get((juror_id, entry_id), "missing") in ("missing", "draft")]

    def progress(self, juror: Juror) -> Progress:
        """The juror's progress as their dashboard shows it."""
        return Progress([EntryRow(entry, PROGRESS_STATES[self.state(juror, entry)])
                         for entry in self.entries])

    def counts_by_entry(self) -> dict[int, dict[str, int]]:
        counts: dict[int, dict[str, int]] = defaultdict(
            lambda: {"submitted": 0, "draft": 0, "missing": 0, "conflict": 0})
        panel = {juror.id for juror in self.jurors}
        for entry in self.entries:
            counts[entry.id]["missing"] = len(panel)
        for (juror_id, entry_id), state in self.states.items():
            if juror_id in panel and entry_id in counts:
                line = counts[entry_id]
                line[state] += 1
                line["missing"] -= 1
        return counts


def completeness(round_: Round) -> Completeness:
    """The round's panel × entries, in three queries whatever their size."""
    states: dict[tuple[int, int], str] = {}
    for juror_id, nomination_id, status in db.session.execute(
            sa.select(ScoreSheet.juror_id, ScoreSheet.nomination_id, ScoreSheet.status)
            .where(ScoreSheet.round_id == round_.id)):
        states[(juror_id, nomination_id)] = (
            "submitted" if status == SheetStatus.SUBMITTED else "draft")
    for juror_id, nomination_id in db.session.execute(
            sa.select(Conflict.juror_id, Conflict.nomination_id)
            .join(PanelSeat, PanelSeat.juror_id == Conflict.juror_id)
            .join(RoundEntry, RoundEntry.nomination_id == Conflict.nomination_id)
            .where(PanelSeat.round_id == round_.id, RoundEntry.round_id == round_.id)):
        states[(juror_id, nomination_id)] = "conflict"
    return Completeness(states, panel(round_), entries(round_))


def close_round(round_: Round, *, actor: str, at: datetime, force: bool = False) -> RoundResult:
    """Close the round and store its snapshot; with missing sheets only when `force`."""
    if not round_.is_open():
        raise RoundError(_l("%(name)s er allerede lukket.", name=round_.name))
    state = completeness(round_)
    missing = state.missing()
    if missing and not force:
        raise MissingSheets(missing)
    claimed = db.session.execute(
        sa.update(Round).where(Round.id == round_.id, Round.closed_at.is_(None))
        .values(closed_at=at, closed_by=actor)).rowcount
    if not claimed:
        raise RoundError(_l("%(name)s er allerede lukket.", name=round_.name))
    db.session.refresh(round_, ["closed_at", "closed_by"])
    cycle = round_.cycle
    criteria = cycle.criteria
    sheets = counted_sheet_rows(db.session, round_, criteria)
    left_out = state.pairs("conflict", "draft", "missing")
    snapshot = RoundResult(
        round_id=round_.id, created_at=at,
        inputs={
            "criteria": [c.number for c in criteria],
            "criterion_weights": [c.weight_hundredths for c in criteria],
            "juror_weights": {str(j.id): j.weight_hundredths for j in state.jurors},
            "entries": [n.id for n in state.entries],
            "sheets": sheets,  # [juror, entry, weighted, s_1 … s_n] each
            "method": round_.method, "tie_break": list(cycle.tie_break),
            "quorum": round_.quorum, "advance": round_.advance_count,
        },
        left_out={kind: [[juror.id, entry.id] for juror, entry in pairs]
                  for kind, pairs in left_out.items()},
    )
    db.session.add(snapshot)
    db.session.flush()
    audit.record(actor, "round.closed", "round", f"{cycle.year}/{round_.number}", at, {
        "sheets": len(sheets), "missing": len(missing), "forced": bool(missing),
        "missing_sheets": [f"{juror.email}/{entry.reference}" for juror, entry in missing],
    })
    return snapshot


def remind(round_: Round, *, actor: str, at: datetime) -> list[Juror]:
    """Queue a reminder to every panel juror with missing sheets; returns them."""
    if not round_.is_open():
        raise RoundError(_l("%(name)s er lukket.", name=round_.name))
    owed: dict[int, list[Nomination]] = defaultdict(list)
    state = completeness(round_)
    for juror, entry in state.missing():
        owed[juror.id].append(entry)
    reminded = [juror for juror in state.jurors if owed[juror.id]]
    # The juror's dashboard: signed out, it asks them to log in and then goes there.
    dashboard = absolute_url("jury.dashboard")
    for juror in reminded:
        mail.queue("round.reminder", juror.email, "reminder", cycle=round_.cycle,
                   user=juror.user, round=round_, juror=juror, entries=owed[juror.id],
                   url=dashboard)
    audit.record(actor, "round.reminded", "round", f"{round_.cycle.year}/{round_.number}", at,
                 {"jurors": [juror.email for juror in reminded]})
    return reminded
