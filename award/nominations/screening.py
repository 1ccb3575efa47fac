"""Screening: the secretariat marks each nomination eligible or ineligible (with a reason)
before judging, and merges duplicates (the same initiative nominated by several people).

Screening and merging are settled once round 1 opens: its entries are fixed then. Plain
arguments in; the change and its audit entry out; the caller commits once.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.cycles.models import Cycle
from award.extensions import db
from award.jury.models import Conflict
from award.nominations.models import (
    Eligibility,
    IneligibilityReason,
    Nomination,
    NominationStatus,
)
from award.service import Refused


class ScreeningRefused(Refused):
    """The screening step is not possible now; the message says why."""


def active(cycle: Cycle) -> sa.Select:
    """Submitted, not withdrawn, not merged into another: the nominations to screen."""
    return (sa.select(Nomination)
            .where(Nomination.cycle_id == cycle.id,
                   Nomination.status == NominationStatus.SUBMITTED,
                   Nomination.merged_into_id.is_(None))
            .order_by(Nomination.reference))


def unscreened(cycle: Cycle) -> list[Nomination]:
    return db.session.scalars(active(cycle).where(Nomination.eligibility.is_(None))).all()


def eligible(cycle: Cycle) -> list[Nomination]:
    return db.session.scalars(
        active(cycle).where(Nomination.eligibility == Eligibility.ELIGIBLE)).all()


def judging_started(cycle: Cycle) -> bool:
    from award.rounds.models import Round

    return db.session.scalar(sa.select(Round.id).where(
        Round.cycle_id == cycle.id, Round.number == 1, Round.opened_at.is_not(None))) is not None


def _ensure_open(cycle: Cycle) -> None:
    if judging_started(cycle):
        raise ScreeningRefused(_l("Runde 1 er åbnet, så screeningen kan ikke længere ændres."))


def screen(nomination: Nomination, *, eligible: bool, actor: str, at: datetime,
           reason: str | None = None, note: str = "") -> None:
    """Mark one nomination eligible, or ineligible with one of the reasons."""
    _ensure_open(nomination.cycle)
    if nomination.status != NominationStatus.SUBMITTED:
        raise ScreeningRefused(_l("%(reference)s er trukket tilbage og kan ikke screenes.",
                                  reference=nomination.reference))
    if nomination.merged_into_id is not None:
        raise ScreeningRefused(_l("%(reference)s er lagt sammen med en anden indstilling og "
                                  "screenes sammen med den.", reference=nomination.reference))
    if not eligible and reason not in set(IneligibilityReason):
        raise ScreeningRefused(_l("Vælg, hvorfor indstillingen ikke er egnet."))
    note = (note or "").strip()
    if not eligible and reason == IneligibilityReason.OTHER and not note:
        raise ScreeningRefused(_l("Skriv begrundelsen, når årsagen er »Andet«."))
    nomination.eligibility = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
    nomination.ineligibility_reason = None if eligible else reason
    nomination.screening_note = note
    nomination.screened_at = at
    nomination.screened_by = actor
    audit.record(actor, "nomination.screened", "nomination", nomination.reference, at, {
        "eligibility": nomination.eligibility, "reason": nomination.ineligibility_reason,
        "note": note})


def screen_remaining(cycle: Cycle, *, actor: str, at: datetime) -> int:
    """Mark every nomination not yet screened as eligible; returns how many."""
    remaining = unscreened(cycle)
    for nomination in remaining:
        screen(nomination, eligible=True, actor=actor, at=at)
    return len(remaining)


# ---------------------------------------------------------------- duplicates


def normalised_words(text: str) -> list[str]:
    """Lower case, no accents (æ ø å folded to ae oe aa), no punctuation, words sorted: so
    "Flexklinikken, Bispebjerg" and "bispebjerg FLEXKLINIKKEN" read the same."""
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = "".join(char for char in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(char))
    return sorted(re.findall(r"[a-z0-9]+", text))


def similarity(a: str, b: str) -> float:
    left, right = " ".join(normalised_words(a)), " ".join(normalised_words(b))
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right).ratio()


NAME_THRESHOLD = 0.8
ORGANISATION_THRESHOLD = 0.7


@dataclass
class Suggestion:
    """Two nominations that are probably the same initiative, and why."""

    first: Nomination
    second: Nomination
    name_similarity: float
    organisation_similarity: float


def likely_duplicates(cycle: Cycle) -> list[Suggestion]:
    """Pairs of active nominations whose initiative names and organisations are alike,
    ignoring case, accents, punctuation and word order; most alike first."""
    nominations = db.session.scalars(active(cycle)).all()
    found = []
    for index, first in enumerate(nominations):
        for second in nominations[index + 1:]:
            name = similarity(first.initiative_name, second.initiative_name)
            if name < NAME_THRESHOLD:
                continue
            organisation = similarity(first.organisation, second.organisation)
            if organisation >= ORGANISATION_THRESHOLD:
                found.append(Suggestion(first, second, name, organisation))
    return sorted(found, key=lambda s: -(s.name_similarity + s.organisation_similarity))


def find(cycle: Cycle, text: str) -> Nomination:
    """The cycle's nomination named by its reference (any letter case), or else by its
    initiative's name: the one active nomination whose name is that, or failing that
    contains it (ignoring case). Refused when none or several fit, naming them."""
    text = text.strip()
    found = db.session.scalar(sa.select(Nomination).where(
        Nomination.cycle_id == cycle.id, Nomination.status != NominationStatus.DRAFT,
        sa.func.upper(Nomination.reference) == text.upper())) if text else None
    if found is not None:
        return found
    name = sa.func.lower(Nomination.initiative_name)
    for matches in (name == text.lower(), name.contains(text.lower(), autoescape=True)):
        fitting = db.session.scalars(active(cycle).where(matches)).all() if text else []
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            raise ScreeningRefused(_l(
                "»%(text)s« passer til flere indstillinger: %(references)s. Skriv referencen.",
                text=text, references=", ".join(n.reference for n in fitting)))
    raise ScreeningRefused(_l("Ingen indstilling i %(year)d har referencen eller navnet "
                              "»%(text)s«.", year=cycle.year, text=text))


def merge(duplicate: Nomination, into: Nomination, *, actor: str, at: datetime) -> None:
    """Judge `duplicate` as part of `into`: one entry with every nominator's answers and
    attachments. The duplicate keeps its reference, receipt and edit link."""
    _ensure_open(into.cycle)
    if duplicate.id == into.id:
        raise ScreeningRefused(_l("En indstilling kan ikke lægges sammen med sig selv."))
    if duplicate.cycle_id != into.cycle_id:
        raise ScreeningRefused(_l("Indstillingerne hører til forskellige årgange."))
    for nomination in (duplicate, into):
        if nomination.status != NominationStatus.SUBMITTED:
            raise ScreeningRefused(_l("%(reference)s er trukket tilbage.",
                                      reference=nomination.reference))
    if into.merged_into_id is not None:
        raise ScreeningRefused(_l("%(reference)s er selv lagt sammen med en anden indstilling.",
                                  reference=into.reference))
    if duplicate.merged_into_id is not None:
        raise ScreeningRefused(_l("%(reference)s er allerede lagt sammen med en anden "
                                  "indstilling.", reference=duplicate.reference))
    # Whatever had been merged into the duplicate now belongs to the kept entry, and so do the
    # conflicts of interest declared on it: the jury judges them as one.
    for earlier in list(duplicate.merged):
        earlier.merged_into = into
    duplicate.merged_into = into
    duplicate.merged_at = at
    moved = _move_conflicts(duplicate, into)
    audit.record(actor, "nomination.merged", "nomination", duplicate.reference, at,
                 {"into": into.reference, **({"conflicts_moved": moved} if moved else {})})


def _move_conflicts(duplicate: Nomination, into: Nomination) -> list[str]:
    """The duplicate's conflicts of interest, recorded on the kept entry instead (a juror
    conflicted on both keeps the kept entry's); the jurors' e-mails."""
    on_kept = set(db.session.scalars(sa.select(Conflict.juror_id)
                                     .where(Conflict.nomination_id == into.id)))
    moved = []
    for conflict in db.session.scalars(sa.select(Conflict)
                                       .where(Conflict.nomination_id == duplicate.id)):
        if conflict.juror_id not in on_kept:
            conflict.nomination_id = into.id
            moved.append(conflict.juror.email)
    return moved


def unmerge(duplicate: Nomination, *, actor: str, at: datetime) -> None:
    """Undo a merge: the duplicate is its own nomination again (screened anew)."""
    _ensure_open(duplicate.cycle)
    if duplicate.merged_into is None:
        raise ScreeningRefused(_l("%(reference)s er ikke lagt sammen med en anden indstilling.",
                                  reference=duplicate.reference))
    into = duplicate.merged_into
    duplicate.merged_into = None
    duplicate.merged_at = None
    duplicate.eligibility = duplicate.ineligibility_reason = None
    audit.record(actor, "nomination.unmerged", "nomination", duplicate.reference, at,
                 {"from": into.reference})
