"""The winner announcement, the diploma's signatory and the publication of a cycle's
nominations: the rules. Plain arguments in; the change and its audit entry out; the caller
commits once.

The draft is proposed from the data and never stored by itself: the secretariat saves it
(edited or not), and publishing makes /vindere/<year> appear. The facts box is not part of
the text: it is made from the data each time it is shown (award.announcements.documents).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from award import audit
from award.announcements.models import Announcement
from award.announcements.words import danish_number
from award.cycles.models import CROSS_REGIONAL, Cycle
from award.extensions import db
from award.jury.models import Juror
from award.nominations.models import Nomination, NominationStatus
from award.service import Refused

HEADLINE_MAX = 300
LEAD_MAX = 2_000
BODY_MAX = 20_000
SIGNATORY_MAX = 200
SUMMIT = "Regionernes Politiske Topmøde"


class AnnouncementRefused(Refused):
    """The announcement step is not possible now; the message says why."""


@dataclass
class Text:
    """The announcement's text in both languages, as the secretariat edits it."""

    headline_da: str = ""
    lead_da: str = ""
    body_da: str = ""
    headline_en: str = ""
    lead_en: str = ""
    body_en: str = ""

    @classmethod
    def of(cls, announcement: Announcement) -> Text:
        return cls(**{name: getattr(announcement, name) or "" for name in cls.names()})

    @staticmethod
    def names() -> list[str]:
        return [field.name for field in fields(Text)]


def danish_day(day: date) -> str:
    """'11. april 2024', whatever language the person reading the page chose."""
    return format_date(day, "d. MMMM y", locale="da")


# ---------------------------------------------------------------- queries


def winner(cycle: Cycle) -> Nomination | None:
    return cycle.decision.nomination if cycle.decision is not None else None


def announcement_for(cycle: Cycle) -> Announcement | None:
    return db.session.scalar(sa.select(Announcement).where(Announcement.cycle_id == cycle.id))


def is_published(cycle: Cycle) -> bool:
    announcement = announcement_for(cycle)
    return announcement is not None and announcement.published_at is not None


def published_cycles() -> list[Cycle]:
    """Every cycle with a published announcement, newest first."""
    return db.session.scalars(
        sa.select(Cycle).join(Announcement, Announcement.cycle_id == Cycle.id)
        .where(Announcement.published_at.is_not(None)).order_by(Cycle.year.desc())).all()


def published_cycle(year: int) -> Cycle | None:
    return db.session.scalar(
        sa.select(Cycle).join(Announcement, Announcement.cycle_id == Cycle.id)
        .where(Cycle.year == year, Announcement.published_at.is_not(None)))


def latest_published() -> Cycle | None:
    cycles = published_cycles()
    return cycles[0] if cycles else None


def received_count(cycle: Cycle) -> int:
    """Nominations received in the cycle: submitted and not withdrawn. A duplicate merged
    into another nomination was received all the same and counts."""
    return db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.cycle_id == cycle.id, Nomination.status == NominationStatus.SUBMITTED))


def jury_counts(cycle: Cycle) -> dict[str, int]:
    """How many jurors of each kind the cycle's jury has."""
    rows = db.session.execute(sa.select(Juror.kind, sa.func.count(Juror.id))
                              .where(Juror.cycle_id == cycle.id).group_by(Juror.kind)).all()
    return {kind: count for kind, count in rows}


@dataclass
class PublicEntry:
    """An initiative on /indstillinger/<year>: the kept nomination and the duplicates merged
    into it (each with its nominator's answers; never a name, e-mail or phone number)."""

    nomination: Nomination
    merged: list[Nomination]


def public_entries(cycle: Cycle) -> list[PublicEntry]:
    """Submitted, not withdrawn; merged duplicates under the entry they were merged into."""
    nominations = db.session.scalars(
        sa.select(Nomination).where(Nomination.cycle_id == cycle.id,
                                    Nomination.status == NominationStatus.SUBMITTED)
        .options(selectinload(Nomination.answers))
        .order_by(Nomination.initiative_name, Nomination.reference)).all()
    kept = {n.id: PublicEntry(n, []) for n in nominations if n.merged_into_id is None}
    for nomination in nominations:
        if nomination.merged_into_id in kept:
            kept[nomination.merged_into_id].merged.append(nomination)
    return list(kept.values())


# ---------------------------------------------------------------- the draft


def ensure_decided(cycle: Cycle) -> Nomination:
    found = winner(cycle)
    if found is None:
        raise AnnouncementRefused(_l("Vinderen af %(year)d er ikke registreret endnu. "
                                     "Registrér vinderen under Runder først.", year=cycle.year))
    return found


def _quote(text: str) -> str:
    """The nominators' words as a Markdown block quote."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _answer(nomination: Nomination, number: int) -> str:
    """The winner's answer to a criterion (a merged duplicate's when the winner's own is
    empty)."""
    criterion = next((c for c in nomination.cycle.criteria if c.number == number), None)
    if criterion is None:
        return ""
    for candidate in (nomination, *nomination.merged):
        text = candidate.answer_for(criterion).strip()
        if text:
            return text
    return ""


def draft(cycle: Cycle) -> Text:
    """A Danish press release proposed from the data: the secretariat edits it. Refused until
    the winner is decided. Nothing is stored. It fills the Danish version's fields, so its
    words are Danish content, not interface text: they stay Danish whichever language the
    secretariat's pages are shown in (the English version is written by hand)."""
    nomination = ensure_decided(cycle)
    name = nomination.initiative_name
    headline = f"{name} vinder Prisen for Årets Patientoplevelse {cycle.year}"

    lead = f"Initiativet »{name}«"
    if nomination.organisation:
        lead += f" fra {nomination.organisation}"
    if nomination.region == CROSS_REGIONAL:
        lead += ", et tværregionalt initiativ,"
    elif nomination.region:
        lead += f" i {nomination.region}"
    lead += f" har vundet Prisen for Årets Patientoplevelse {cycle.year}."
    if cycle.summit_date and cycle.summit_place:
        lead += (f" Prisen blev overrakt ved {SUMMIT} den {danish_day(cycle.summit_date)} "
                 f"i {cycle.summit_place}.")
    elif cycle.summit_date:
        lead += f" Prisen blev overrakt ved {SUMMIT} den {danish_day(cycle.summit_date)}."
    elif cycle.summit_place:
        lead += f" Prisen blev overrakt ved {SUMMIT} i {cycle.summit_place}."
    else:
        lead += f" Prisen blev overrakt ved {SUMMIT}."

    paragraphs = []
    if nomination.description.strip():
        paragraphs += ["## Om initiativet", nomination.description.strip()]
    for number, introduction in (
            (3, "Om værdien for patienterne skriver indstillerne:"),
            (7, "Om lighed i behandlingen skriver indstillerne:")):
        answer = _answer(nomination, number)
        if answer:
            paragraphs += [introduction, _quote(answer)]
    criteria = danish_number(len(cycle.criteria), neuter=True)
    paragraphs.append(f"Juryen har bedømt alle indstillinger ud fra prisens {criteria} "
                      f"kriterier og valgt {name} som vinder af Prisen for Årets "
                      f"Patientoplevelse {cycle.year}.")
    return Text(headline_da=headline[:HEADLINE_MAX], lead_da=lead,
                body_da="\n\n".join(paragraphs))


def text_for(cycle: Cycle) -> Text:
    """The saved text, or the draft while nothing has been saved (refused until decided)."""
    announcement = announcement_for(cycle)
    if announcement is not None:
        return Text.of(announcement)
    return draft(cycle)


# ---------------------------------------------------------------- changes


def check(text: Text) -> None:
    """The rules for what may be saved; the messages name the field."""
    if not text.headline_da.strip():
        raise AnnouncementRefused(_l("Skriv en overskrift."))
    for name, limit, label in (
            ("headline_da", HEADLINE_MAX, _l("Overskriften")),
            ("headline_en", HEADLINE_MAX, _l("Den engelske overskrift")),
            ("lead_da", LEAD_MAX, _l("Indledningen")),
            ("lead_en", LEAD_MAX, _l("Den engelske indledning")),
            ("body_da", BODY_MAX, _l("Brødteksten")),
            ("body_en", BODY_MAX, _l("Den engelske brødtekst"))):
        if len(getattr(text, name)) > limit:
            raise AnnouncementRefused(_l("%(field)s må højst være %(max)d tegn lang.",
                                         field=label, max=limit))
    if (text.lead_en.strip() or text.body_en.strip()) and not text.headline_en.strip():
        raise AnnouncementRefused(_l("Skriv også en engelsk overskrift, eller lad de engelske "
                                     "felter stå tomme."))


def _normalised(values: dict) -> Text:
    return Text(**{name: (values.get(name) or "").replace("\r\n", "\n").strip()
                   for name in Text.names()})


def save(cycle: Cycle, values: dict, *, actor: str, at: datetime) -> Announcement:
    """Store the edited text (the Danish headline is required; once published, the body too:
    the public page shows every saved change at once)."""
    ensure_decided(cycle)
    text = _normalised(values)
    check(text)
    announcement = announcement_for(cycle)
    if announcement is not None and announcement.published_at is not None \
            and not text.body_da:
        raise AnnouncementRefused(_l("Pressemeddelelsen er offentliggjort, så brødteksten kan "
                                     "ikke være tom."))
    created = announcement is None
    if created:
        announcement = Announcement(cycle_id=cycle.id, created_at=at)
        db.session.add(announcement)
    changed = [name for name in Text.names() if getattr(announcement, name, None) !=
               getattr(text, name)]
    for name in Text.names():
        setattr(announcement, name, getattr(text, name))
    announcement.updated_at = at
    announcement.updated_by = actor
    db.session.flush()
    db.session.refresh(cycle, ["announcement"])
    audit.record(actor, "announcement.saved", "cycle", cycle.year, at, {
        "created": created, "changed": changed, "headline": text.headline_da,
        "published": announcement.published_at is not None})
    return announcement


def publish(cycle: Cycle, *, actor: str, at: datetime) -> Announcement:
    """Publish the saved text on /vindere/<year> (the draft, saved first, when nothing has
    been saved yet)."""
    ensure_decided(cycle)
    announcement = announcement_for(cycle)
    if announcement is None:
        announcement = save(cycle, draft(cycle).__dict__, actor=actor, at=at)
    if announcement.published_at is not None:
        raise AnnouncementRefused(_l("Pressemeddelelsen for %(year)d er allerede "
                                     "offentliggjort.", year=cycle.year))
    if not announcement.headline_da.strip() or not announcement.body_da.strip():
        raise AnnouncementRefused(_l("Pressemeddelelsen skal have en overskrift og en "
                                     "brødtekst, før den kan offentliggøres."))
    announcement.published_at = at
    announcement.published_by = actor
    if announcement.first_published_at is None:
        announcement.first_published_at = at
    db.session.flush()
    audit.record(actor, "announcement.published", "cycle", cycle.year, at,
                 {"headline": announcement.headline_da})
    return announcement


def unpublish(cycle: Cycle, *, actor: str, at: datetime) -> Announcement:
    """Take the announcement off the public pages again (it stays saved)."""
    announcement = announcement_for(cycle)
    if announcement is None or announcement.published_at is None:
        raise AnnouncementRefused(_l("Pressemeddelelsen for %(year)d er ikke offentliggjort.",
                                     year=cycle.year))
    published = announcement.published_at
    announcement.published_at = None
    announcement.published_by = None
    db.session.flush()
    audit.record(actor, "announcement.unpublished", "cycle", cycle.year, at,
                 {"published_at": published.isoformat()})
    return announcement


def set_signatory(cycle: Cycle, name: str, title: str, *, actor: str, at: datetime) -> None:
    """Who signs the diploma: name and title under the signature line."""
    name, title = (name or "").strip(), (title or "").strip()
    if not name:
        raise AnnouncementRefused(_l("Skriv navnet på den, der skriver under på diplomet."))
    if len(name) > SIGNATORY_MAX or len(title) > SIGNATORY_MAX:
        raise AnnouncementRefused(_l("Navn og titel må højst være %(max)d tegn lange.",
                                     max=SIGNATORY_MAX))
    old = {"name": cycle.signatory_name, "title": cycle.signatory_title}
    cycle.signatory_name, cycle.signatory_title = name, title
    audit.record(actor, "diploma.signatory_set", "cycle", cycle.year, at,
                 {"name": name, "title": title, "old": old})


def publish_nominations(cycle: Cycle, *, actor: str, at: datetime) -> None:
    """Show the cycle's nominations (answers, never names) on /indstillinger/<year>."""
    ensure_decided(cycle)
    if cycle.nominations_published_at is not None:
        raise AnnouncementRefused(_l("Indstillingerne for %(year)d er allerede "
                                     "offentliggjort.", year=cycle.year))
    cycle.nominations_published_at = at
    audit.record(actor, "nominations.published", "cycle", cycle.year, at,
                 {"count": received_count(cycle)})


def unpublish_nominations(cycle: Cycle, *, actor: str, at: datetime) -> None:
    if cycle.nominations_published_at is None:
        raise AnnouncementRefused(_l("Indstillingerne for %(year)d er ikke offentliggjort.",
                                     year=cycle.year))
    published = cycle.nominations_published_at
    cycle.nominations_published_at = None
    audit.record(actor, "nominations.unpublished", "cycle", cycle.year, at,
                 {"published_at": published.isoformat()})
