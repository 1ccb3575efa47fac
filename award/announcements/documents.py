"""The announcement as a page, Markdown, HTML and PDF, and the diploma as PDF. One template
makes the page's article, the HTML download and the PDF (with the print stylesheet); the facts
box is made from the data each time, in the language of the version shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup

from award import timeutil
from award.announcements import markdown, services
from award.announcements.services import Text
from award.announcements.words import danish_number, english_number, jury_in_words
from award.cycles.models import Cycle
from award.pdf import render_pdf
from award.public.ordinals import FIRST_YEAR, edition, ordinal
from award.templating import format_kroner_short

FOUNDER = "Danske Regioner"
PRINT_CSS = "announcement-print.css"
DIPLOMA_CSS = "diploma.css"


@dataclass
class Version:
    """The text shown: English when asked for and written, otherwise Danish."""

    language: str
    headline: str
    lead: str
    body: str


def version(text: Text, language: str = "da") -> Version:
    if language == "en" and text.headline_en.strip():
        return Version("en", text.headline_en, text.lead_en, text.body_en)
    return Version("da", text.headline_da, text.lead_da, text.body_da)


@dataclass
class Facts:
    """"Fakta om prisen": every fact from the data."""

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
    received = services.received_count(cycle)
    number = edition(cycle.year)
    return Facts(
        founder=FOUNDER, founded=FIRST_YEAR,
        edition=ordinal(number, language) if number else None,
        received=received,
        received_words=english_number(received) if language == "en"
        else danish_number(received, stressed=True),
        jury=jury_in_words(services.jury_counts(cycle), language),
        grant=format_kroner_short(cycle.grant_cap_ore),
        criteria=[criterion.text(language) for criterion in cycle.criteria],
        criteria_words=english_number(len(cycle.criteria)) if language == "en"
        else danish_number(len(cycle.criteria), neuter=True),
    )


def stylesheet(name: str) -> Markup:
    """A stylesheet from the static folder, for a <style> element: the downloaded HTML file
    stands alone, and WeasyPrint reads the same."""
    return Markup((Path(current_app.static_folder) / name).read_text(encoding="utf-8"))


def _context(cycle: Cycle, shown: Version, dated: datetime | None, level: int = 1) -> dict:
    """What the templates need; `level` is the headline's heading level (the body's headings
    and the facts box's title come one below it)."""
    moment = dated or timeutil.now()
    return {"cycle": cycle, "version": shown, "facts": facts(cycle, shown.language),
            "winner": services.winner(cycle), "level": level, "markdown": markdown.render,
            "dated": moment.astimezone(timeutil.COPENHAGEN).date()}


def release_date(cycle: Cycle) -> datetime | None:
    announcement = services.announcement_for(cycle)
    return announcement.published_at if announcement is not None else None


def article(cycle: Cycle, shown: Version, dated: datetime | None = None, *,
            level: int = 1) -> Markup:
    """The release as an <article>, for a page of the site (in the version's language, which
    may differ from the page's)."""
    with force_locale(shown.language):
        return Markup(render_template("announcements/_release.html",
                                      **_context(cycle, shown, dated, level)))


def as_markdown(cycle: Cycle, shown: Version, dated: datetime | None = None) -> str:
    with force_locale(shown.language):
        return render_template("announcements/release.md", **_context(cycle, shown, dated))


def as_html(cycle: Cycle, shown: Version, dated: datetime | None = None) -> str:
    with force_locale(shown.language):
        return render_template("announcements/document.html", css=stylesheet(PRINT_CSS),
                               **_context(cycle, shown, dated))


def as_pdf(cycle: Cycle, shown: Version, dated: datetime | None = None) -> bytes:
    with force_locale(shown.language):
        return render_pdf("announcements/document.html", css=stylesheet(PRINT_CSS),
                          **_context(cycle, shown, dated))


FORMATS = {
    "md": ("text/markdown; charset=utf-8", as_markdown),
    "html": ("text/html; charset=utf-8", as_html),
    "pdf": ("application/pdf", as_pdf),
}


def render(cycle: Cycle, shown: Version, fmt: str, dated: datetime | None = None) -> bytes:
    made = FORMATS[fmt][1](cycle, shown, dated)
    return made if isinstance(made, bytes) else made.encode("utf-8")


def filename(cycle: Cycle, fmt: str) -> str:
    return f"pressemeddelelse-{cycle.year}.{fmt}"


def diploma_pdf(cycle: Cycle) -> bytes:
    """The winner's diploma: one A4 page, landscape, in Danish. Refused until decided."""
    nomination = services.ensure_decided(cycle)
    summit_day = services.danish_day(cycle.summit_date) if cycle.summit_date else None
    with force_locale("da"):
        return render_pdf("announcements/diploma.html", css=stylesheet(DIPLOMA_CSS),
                          cycle=cycle, winner=nomination, summit_day=summit_day)
