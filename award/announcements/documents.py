"""The announcement as a page, Markdown, HTML and PDF, and the diploma as PDF. One template
makes the page's article, the HTML download and the PDF (with the print stylesheet). Each is
made from a Release alone (award.announcements.services): a published version, frozen, or
what would be published now; nothing else is read from the data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup

from award import timeutil
from award.announcements import markdown, services
from award.announcements.services import Release, Text
from award.cycles.models import Cycle
from award.pdf import render_pdf

PRINT_CSS = "announcement-print.css"
DIPLOMA_CSS = "diploma.css"


@dataclass
class Version:
    """The text shown: English when asked for and written, otherwise Danish."""

    language: str
    headline: str
    lead: str
    body: str
    press_name: str = ""
    press_phone: str = ""
    press_email: str = ""


def version(text: Text, language: str = "da") -> Version:
    press = (text.press_name, text.press_phone, text.press_email)
    if language == "en" and text.headline_en.strip():
        return Version("en", text.headline_en, text.lead_en, text.body_en, *press)
    return Version("da", text.headline_da, text.lead_da, text.body_da, *press)


def stylesheet(name: str) -> Markup:
    """A stylesheet from the static folder, for a <style> element: the downloaded HTML file
    stands alone, and WeasyPrint reads the same."""
    return Markup((Path(current_app.static_folder) / name).read_text(encoding="utf-8"))


def _context(release: Release, shown: Version, level: int = 1) -> dict:
    """What the templates need, all of it from `release`; `level` is the headline's heading
    level (the body's headings and the facts box's title come one below it)."""
    moment = release.published_at or timeutil.now()
    return {"year": release.year, "version": shown, "facts": release.facts[shown.language],
            "level": level, "markdown": markdown.render,
            "dated": moment.astimezone(timeutil.COPENHAGEN).date()}


def article(release: Release, language: str = "da", *, level: int = 1) -> Markup:
    """The release as an <article>, for a page of the site (in the version's language, which
    may differ from the page's)."""
    shown = version(release.text, language)
    with force_locale(shown.language):
        return Markup(render_template("announcements/_release.html",
                                      **_context(release, shown, level)))


def as_markdown(release: Release, shown: Version) -> str:
    return render_template("announcements/release.md", **_context(release, shown))


def as_html(release: Release, shown: Version) -> str:
    return render_template("announcements/document.html", css=stylesheet(PRINT_CSS),
                           **_context(release, shown))


def as_pdf(release: Release, shown: Version) -> bytes:
    return render_pdf("announcements/document.html", css=stylesheet(PRINT_CSS),
                      **_context(release, shown))


FORMATS = {
    "md": ("text/markdown; charset=utf-8", as_markdown),
    "html": ("text/html; charset=utf-8", as_html),
    "pdf": ("application/pdf", as_pdf),
}


def render(release: Release, fmt: str, language: str = "da") -> bytes:
    """The release as a file: English when asked for and written, otherwise Danish."""
    shown = version(release.text, language)
    with force_locale(shown.language):
        made = FORMATS[fmt][1](release, shown)
    return made if isinstance(made, bytes) else made.encode("utf-8")


def filename(year: int, fmt: str) -> str:
    return f"pressemeddelelse-{year}.{fmt}"


def diploma_pdf(cycle: Cycle) -> bytes:
    """The winner's diploma: one A4 page, landscape, in Danish. Refused until decided."""
    nomination = services.ensure_decided(cycle)
    summit_day = services.danish_day(cycle.summit_date) if cycle.summit_date else None
    with force_locale("da"):
        return render_pdf("announcements/diploma.html", css=stylesheet(DIPLOMA_CSS),
                          cycle=cycle, winner=nomination, summit_day=summit_day)
