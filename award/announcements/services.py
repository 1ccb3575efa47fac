"""The winner announcement, the diploma's signatory and the publication of a cycle's
nominations: the rules. Plain arguments in; the change and its audit entry out; the caller
commits once.

The draft is proposed from the data and never stored by itself: the secretariat saves it
(edited or not). Publishing freezes a version (award.announcements.models.Publication): the
saved text with the facts box made from the data at that moment, or the list of nominations as
it is at that moment. The public pages show the newest version and nothing from the live data,
so a later change (a late registration, a screening, an edit) alters nothing published until
the secretariat publishes a new version on purpose.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy.orm import selectinload

from award import audit, timeutil
from award.announcements import markdown
from award.announcements.models import Announcement, Omission, Publication, PublicationKind
from award.announcements.words import danish_number, english_number, jury_in_words
from award.cycles.models import CROSS_REGIONAL, Cycle
from award.extensions import db
from award.jury.models import Juror
from award.locking import hold_row
from award.nominations.models import Eligibility, Nomination, NominationStatus
from award.public.ordinals import FIRST_YEAR, edition, ordinal
from award.service import Refused
from award.templating import format_kroner_short

HEADLINE_MAX = 300
LEAD_MAX = 2_000
BODY_MAX = 20_000
SIGNATORY_MAX = 200
PRESS_NAME_MAX, PRESS_PHONE_MAX, PRESS_EMAIL_MAX = 200, 40, 254
REASON_MAX = 1_000
FOUNDER = "Danske Regioner"
LANGUAGES = ("da", "en")
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
    # The press contact at the end of the release, in either language.
    press_name: str = ""
    press_phone: str = ""
    press_email: str = ""

    @classmethod
    def of(cls, announcement: Announcement) -> Text:
        return cls(**{name: getattr(announcement, name) or "" for name in cls.names()})

    @staticmethod
    def names() -> list[str]:
        return [field.name for field in fields(Text)]


# The fields written in Markdown (the headline is plain text), with their names in messages.
MARKDOWN_FIELDS = (("lead_da", _l("Indledningen")), ("body_da", _l("Brødteksten")),
                   ("lead_en", _l("Den engelske indledning")),
                   ("body_en", _l("Den engelske brødtekst")))


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


def omissions(cycle: Cycle) -> list[Omission]:
    """The nominations left out of the public list, by reference."""
    return db.session.scalars(
        sa.select(Omission).join(Nomination, Nomination.id == Omission.nomination_id)
        .where(Nomination.cycle_id == cycle.id).order_by(Nomination.reference)).all()


def listable(cycle: Cycle) -> list[PublicEntry]:
    """What the public list may hold: submitted nominations screened eligible, each merged
    duplicate (submitted, not withdrawn) under the entry it was merged into. Ineligible,
    unscreened, withdrawn and merged-away nominations never appear as entries."""
    nominations = db.session.scalars(
        sa.select(Nomination).where(Nomination.cycle_id == cycle.id,
                                    Nomination.status == NominationStatus.SUBMITTED)
        .options(selectinload(Nomination.answers))
        .order_by(Nomination.initiative_name, Nomination.reference)).all()
    kept = {n.id: PublicEntry(n, []) for n in nominations
            if n.merged_into_id is None and n.eligibility == Eligibility.ELIGIBLE}
    for nomination in nominations:
        if nomination.merged_into_id in kept:
            kept[nomination.merged_into_id].merged.append(nomination)
    return list(kept.values())


def public_entries(cycle: Cycle) -> list[PublicEntry]:
    """The listable entries less what the secretariat left out: a left-out entry goes with
    the duplicates merged into it, a left-out duplicate takes only its own answers away."""
    left_out = {omission.nomination_id for omission in omissions(cycle)}
    return [PublicEntry(entry.nomination, [n for n in entry.merged if n.id not in left_out])
            for entry in listable(cycle) if entry.nomination.id not in left_out]


@dataclass
class Facts:
    """"Fakta om prisen": every fact from the data, in one language."""

    founder: str
    founded: int
    edition: str | None  # "tredje" / "third": the how-manieth time it is awarded
    received: int
    received_words: str
    jury: str  # "fem patientrepræsentanter, to repræsentanter for … og tre fagpersoner"
    grant: str  # "10.000 kr."
    criteria: list[str]
    criteria_words: str  # "syv" / "seven"


def facts(cycle: Cycle, language: str = "da") -> Facts:
    received = received_count(cycle)
    number = edition(cycle.year)
    return Facts(
        founder=FOUNDER, founded=FIRST_YEAR,
        edition=ordinal(number, language) if number else None,
        received=received,
        received_words=english_number(received) if language == "en"
        else danish_number(received, stressed=True),
        jury=jury_in_words(jury_counts(cycle), language),
        grant=format_kroner_short(cycle.grant_cap_ore),
        criteria=[criterion.text(language) for criterion in cycle.criteria],
        criteria_words=english_number(len(cycle.criteria)) if language == "en"
        else danish_number(len(cycle.criteria), neuter=True),
    )


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
    # Before the summit the prize is still to be handed over; on the day and after, it was.
    today = timeutil.now().astimezone(timeutil.COPENHAGEN).date()
    handed = "overrækkes" if cycle.summit_date and cycle.summit_date > today else "blev overrakt"
    where = f" ved {SUMMIT}"
    if cycle.summit_date:
        where += f" den {danish_day(cycle.summit_date)}"
    if cycle.summit_place:
        where += f" i {cycle.summit_place}"
    lead += f" Prisen {handed}{where}."

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
            ("body_en", BODY_MAX, _l("Den engelske brødtekst")),
            ("press_name", PRESS_NAME_MAX, _l("Pressekontaktens navn")),
            ("press_phone", PRESS_PHONE_MAX, _l("Pressekontaktens telefonnummer")),
            ("press_email", PRESS_EMAIL_MAX, _l("Pressekontaktens e-mailadresse"))):
        if len(getattr(text, name)) > limit:
            raise AnnouncementRefused(_l("%(field)s må højst være %(max)d tegn lang.",
                                         field=label, max=limit))
    if (text.lead_en.strip() or text.body_en.strip()) and not text.headline_en.strip():
        raise AnnouncementRefused(_l("Skriv også en engelsk overskrift, eller lad de engelske "
                                     "felter stå tomme."))
    if (text.press_phone or text.press_email) and not text.press_name:
        raise AnnouncementRefused(_l("Skriv pressekontaktens navn, eller lad telefonnummer og "
                                     "e-mailadresse stå tomme."))
    if text.press_name and not (text.press_phone or text.press_email):
        raise AnnouncementRefused(_l("Skriv pressekontaktens telefonnummer eller "
                                     "e-mailadresse."))
    for name, label in MARKDOWN_FIELDS:
        messages = markdown_problems(getattr(text, name), label)
        if messages:
            raise AnnouncementRefused(messages[0])


def markdown_problems(value: str, label) -> list[str]:
    """What the Markdown renderer would not pass through, as messages naming the field: it is
    refused rather than published as literal text or silently dropped."""
    messages = []
    for problem in markdown.problems(value):
        if problem.kind == "html":
            messages.append(_l("%(field)s indeholder HTML, som ikke kan bruges: %(piece)s. "
                               "Skriv teksten som Markdown, fx **fed** og "
                               "[tekst](https://adresse).", field=label, piece=problem.piece))
        elif problem.kind == "link":
            messages.append(_l("%(field)s har et link, som ikke kan bruges: %(piece)s. Et link "
                               "skal begynde med https://, http:// eller mailto: eller være en "
                               "adresse på dette websted.", field=label, piece=problem.piece))
        else:
            messages.append(_l("%(field)s har et billede, som ikke kan vises: %(piece)s. "
                               "Pressemeddelelsen kan ikke have billeder.", field=label,
                               piece=problem.piece))
    return [str(message) for message in messages]


def normalised(values: dict) -> Text:
    return Text(**{name: (values.get(name) or "").replace("\r\n", "\n").strip()
                   for name in Text.names()})


def save(cycle: Cycle, values: dict, *, actor: str, at: datetime) -> Announcement:
    """Store the edited text (the Danish headline is required). What is published does not
    change: the saved text goes public with the next version published."""
    ensure_decided(cycle)
    text = normalised(values)
    check(text)
    announcement = announcement_for(cycle)
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


# ---------------------------------------------------------------- published versions


def lock(cycle: Cycle) -> None:
    """Hold the cycle until the caller commits, so that two publications of it take turns
    (a double click makes one version, not a clash of two with the same number)."""
    hold_row(Cycle, cycle.id)
    # Whatever was read before waiting is read afresh: the other publication may have
    # changed it.
    db.session.expire_all()


def versions(cycle: Cycle, kind: PublicationKind) -> list[Publication]:
    """The published versions, the first first."""
    return db.session.scalars(
        sa.select(Publication).where(Publication.cycle_id == cycle.id, Publication.kind == kind)
        .order_by(Publication.number)
        .execution_options(populate_existing=True)).all()


def newest(cycle: Cycle, kind: PublicationKind) -> Publication | None:
    found = versions(cycle, kind)
    return found[-1] if found else None


def _new_version(cycle: Cycle, kind: PublicationKind, content: dict, *, actor: str,
                 at: datetime) -> Publication:
    last = newest(cycle, kind)
    publication = Publication(cycle_id=cycle.id, kind=kind,
                              number=last.number + 1 if last is not None else 1,
                              published_at=at, published_by=actor, content=content)
    db.session.add(publication)
    db.session.flush()
    return publication


def _unchanged(cycle: Cycle, kind: PublicationKind, content: dict) -> bool:
    last = newest(cycle, kind)
    return last is not None and last.content == content


def winner_facts(nomination: Nomination) -> dict[str, str]:
    return {"reference": nomination.reference or "", "name": nomination.initiative_name,
            "organisation": nomination.organisation or "", "region": nomination.region or ""}


@dataclass
class Release:
    """A press release as it is shown: the text, the facts box in each language, the winner
    and when it was published. Made either from the data now (the secretariat's preview and
    downloads) or from a published version (the public pages), never from a mix of both."""

    year: int
    text: Text
    facts: dict[str, Facts]
    winner: dict[str, str]
    published_at: datetime | None = None
    number: int | None = None

    def content(self) -> dict:
        """What a published version stores: everything the page and the downloads show."""
        return {"text": asdict(self.text), "winner": self.winner,
                "facts": {language: asdict(shown) for language, shown in self.facts.items()}}

    @classmethod
    def of(cls, cycle: Cycle, publication: Publication) -> Release:
        content = publication.content
        # A field added to the text later is empty in a version published before it.
        text = Text(**{**asdict(Text()), **content["text"]})
        return cls(year=cycle.year, text=text, winner=content["winner"],
                   facts={language: Facts(**shown)
                          for language, shown in content["facts"].items()},
                   published_at=publication.published_at, number=publication.number)


def live_release(cycle: Cycle, text: Text | None = None) -> Release:
    """The given text (else the saved one, else the draft) with the facts from the data now:
    what would be published now. Refused until decided."""
    nomination = ensure_decided(cycle)
    return Release(year=cycle.year, text=text or text_for(cycle), winner=winner_facts(nomination),
                   facts={language: facts(cycle, language) for language in LANGUAGES})


def published_release(cycle: Cycle) -> Release | None:
    """The newest published version while the announcement is up; None while it is not."""
    if not is_published(cycle):
        return None
    publication = newest(cycle, PublicationKind.ANNOUNCEMENT)
    return Release.of(cycle, publication) if publication is not None else None


def published_releases() -> list[Release]:
    """The announcements that are up, newest year first."""
    return [release for cycle in published_cycles()
            if (release := published_release(cycle)) is not None]


def announcement_changes(cycle: Cycle, language: str = "da") -> list[str]:
    """What would be published now that the newest published version does not say (empty:
    nothing published yet, or nothing changed), for the secretariat, in `language`."""
    publication = newest(cycle, PublicationKind.ANNOUNCEMENT)
    if publication is None:
        return []
    then, now = Release.of(cycle, publication), live_release(cycle)
    old, new = then.facts[language], now.facts[language]
    changes = []
    if new.received != old.received:
        changes.append(lazy_ngettext("%(num)d indstilling nu mod %(then)d",
                                     "%(num)d indstillinger nu mod %(then)d", new.received,
                                     then=old.received))
    if new.jury != old.jury:
        changes.append(_l("juryen: %(now)s nu mod %(then)s", now=new.jury or "-",
                          then=old.jury or "-"))
    if new.grant != old.grant:
        changes.append(_l("rejsegodtgørelsen: op til %(now)s nu mod %(then)s", now=new.grant,
                          then=old.grant))
    if new.criteria != old.criteria:
        changes.append(_l("kriterierne er ændret"))
    if now.winner != then.winner:
        changes.append(_l("oplysningerne om vinderen er ændret"))
    if now.text != then.text:
        changes.append(_l("den gemte tekst er ændret"))
    if not changes and now.content() != then.content():
        changes.append(_l("fakta om prisen er ændret"))
    return [str(change) for change in changes]


def publish(cycle: Cycle, *, actor: str, at: datetime) -> Publication:
    """Publish a new version on /vindere/<year>: the saved text (the draft, saved first, when
    nothing has been saved yet) and the facts from the data as they are now, frozen. While a
    version is up, a new one is published only when the text or the data has changed."""
    ensure_decided(cycle)
    lock(cycle)
    announcement = announcement_for(cycle)
    if announcement is None:
        announcement = save(cycle, asdict(draft(cycle)), actor=actor, at=at)
    if not announcement.headline_da.strip() or not announcement.body_da.strip():
        raise AnnouncementRefused(_l("Pressemeddelelsen skal have en overskrift og en "
                                     "brødtekst, før den kan offentliggøres."))
    check(Text.of(announcement))  # saved before these rules, it is checked again here
    content = live_release(cycle).content()
    if announcement.published_at is not None and _unchanged(
            cycle, PublicationKind.ANNOUNCEMENT, content):
        raise AnnouncementRefused(_l("Pressemeddelelsen for %(year)d er allerede "
                                     "offentliggjort, og hverken teksten eller data er ændret "
                                     "siden.", year=cycle.year))
    publication = _new_version(cycle, PublicationKind.ANNOUNCEMENT, content, actor=actor, at=at)
    announcement.published_at = at
    announcement.published_by = actor
    if announcement.first_published_at is None:
        announcement.first_published_at = at
    db.session.flush()
    audit.record(actor, "announcement.published", "cycle", cycle.year, at,
                 {"headline": announcement.headline_da, "version": publication.number,
                  "received": content["facts"]["da"]["received"]})
    return publication


def unpublish(cycle: Cycle, *, actor: str, at: datetime) -> Announcement:
    """Take the announcement off the public pages again (the text and the published versions
    are kept; publishing again makes a new version)."""
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


# ---------------------------------------------------------------- the list of nominations


def _answers(nomination: Nomination) -> dict:
    """One nomination's words on the public list: never a name, e-mail or phone number."""
    return {"reference": nomination.reference or "", "description": nomination.description,
            "theme_answer": nomination.theme_answer or "",
            "answers": {str(criterion.number): nomination.answer_for(criterion)
                        for criterion in nomination.cycle.criteria
                        if nomination.answer_for(criterion)}}


def nominations_content(cycle: Cycle) -> dict:
    """What a published version of /indstillinger/<year> stores: the entries as they would be
    listed now, with the questions they answered."""
    found = winner(cycle)
    return {
        "winner": found.reference if found is not None else None,
        "theme_question": {language: cycle.theme_question(language) or ""
                           for language in LANGUAGES},
        "criteria": [{"number": criterion.number,
                      **{language: criterion.text(language) for language in LANGUAGES}}
                     for criterion in cycle.criteria],
        "entries": [{"name": entry.nomination.initiative_name,
                     "organisation": entry.nomination.organisation or "",
                     "unit": entry.nomination.unit or "",
                     "region": entry.nomination.region or "",
                     **_answers(entry.nomination),
                     "merged": [_answers(other) for other in entry.merged]}
                    for entry in public_entries(cycle)],
    }


def published_list(cycle: Cycle) -> Publication | None:
    """The newest published version of the list while it is up; None while it is not."""
    if cycle.nominations_published_at is None:
        return None
    return newest(cycle, PublicationKind.NOMINATIONS)


def _references(content: dict) -> set[str]:
    return {entry["reference"] for entry in content["entries"]}


def list_changes(cycle: Cycle) -> list[str]:
    """What the list would hold now that the newest published version does not (empty:
    nothing published yet, or nothing changed), for the secretariat."""
    publication = newest(cycle, PublicationKind.NOMINATIONS)
    if publication is None:
        return []
    then, now = publication.content, nominations_content(cycle)
    changes = []
    if len(now["entries"]) != len(then["entries"]):
        changes.append(lazy_ngettext("%(num)d initiativ på listen nu mod %(then)d",
                                     "%(num)d initiativer på listen nu mod %(then)d",
                                     len(now["entries"]), then=len(then["entries"])))
    added, removed = _references(now) - _references(then), _references(then) - _references(now)
    if added:
        changes.append(_l("nye på listen: %(references)s", references=", ".join(sorted(added))))
    if removed:
        changes.append(_l("ikke længere på listen: %(references)s",
                          references=", ".join(sorted(removed))))
    if not changes and now != then:
        changes.append(_l("svarene eller oplysningerne om initiativerne er ændret"))
    return [str(change) for change in changes]


def publish_nominations(cycle: Cycle, *, actor: str, at: datetime) -> Publication:
    """Publish a new version of /indstillinger/<year>: the eligible nominations' answers as
    they are now (never names), frozen. While a version is up, a new one is published only
    when the list has changed."""
    ensure_decided(cycle)
    lock(cycle)
    content = nominations_content(cycle)
    if cycle.nominations_published_at is not None and _unchanged(
            cycle, PublicationKind.NOMINATIONS, content):
        raise AnnouncementRefused(_l("Indstillingerne for %(year)d er allerede "
                                     "offentliggjort, og listen er ikke ændret siden.",
                                     year=cycle.year))
    publication = _new_version(cycle, PublicationKind.NOMINATIONS, content, actor=actor, at=at)
    cycle.nominations_published_at = at
    audit.record(actor, "nominations.published", "cycle", cycle.year, at,
                 {"count": len(content["entries"]), "version": publication.number})
    return publication


def unpublish_nominations(cycle: Cycle, *, actor: str, at: datetime) -> None:
    if cycle.nominations_published_at is None:
        raise AnnouncementRefused(_l("Indstillingerne for %(year)d er ikke offentliggjort.",
                                     year=cycle.year))
    published = cycle.nominations_published_at
    cycle.nominations_published_at = None
    audit.record(actor, "nominations.unpublished", "cycle", cycle.year, at,
                 {"published_at": published.isoformat()})


def leave_out(cycle: Cycle, nomination_id: int, reason: str, *, actor: str,
              at: datetime) -> Omission:
    """Leave a nomination out of the public list from the next published version on, with the
    reason (a nominator may ask). Only a nomination the list could hold can be left out."""
    reason = (reason or "").strip()
    if not reason:
        raise AnnouncementRefused(_l("Skriv, hvorfor indstillingen udelades."))
    if len(reason) > REASON_MAX:
        raise AnnouncementRefused(_l("Begrundelsen må højst være %(max)d tegn lang.",
                                     max=REASON_MAX))
    listed = {n.id: n for entry in listable(cycle) for n in (entry.nomination, *entry.merged)}
    nomination = listed.get(nomination_id)
    if nomination is None:
        raise AnnouncementRefused(_l("Indstillingen kan ikke vælges: den er ikke med på listen "
                                     "over indstillinger."))
    if db.session.scalar(sa.select(Omission).where(Omission.nomination_id == nomination.id)):
        raise AnnouncementRefused(_l("%(reference)s er allerede udeladt.",
                                     reference=nomination.reference))
    omission = Omission(nomination_id=nomination.id, reason=reason, left_out_at=at,
                        left_out_by=actor)
    db.session.add(omission)
    db.session.flush()
    audit.record(actor, "nominations.left_out", "nomination", nomination.reference, at,
                 {"reason": reason})
    return omission


def put_back(cycle: Cycle, nomination_id: int, *, actor: str, at: datetime) -> None:
    """Undo leaving a nomination out: it is on the list again from the next version."""
    omission = next((o for o in omissions(cycle) if o.nomination_id == nomination_id), None)
    if omission is None:
        raise AnnouncementRefused(_l("Indstillingen er ikke udeladt."))
    reference, reason = omission.nomination.reference, omission.reason
    db.session.delete(omission)
    db.session.flush()
    audit.record(actor, "nominations.put_back", "nomination", reference, at,
                 {"reason": reason})

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


