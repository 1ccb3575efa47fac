"""The winners in public: the archive (/vindere), a year's announcement with its downloads
(/vindere/<year>, 404 until published), and a year's nominations once the secretariat has
published them (/indstillinger/<year>: the answers, never a person's name, e-mail or phone)."""

from flask import abort, render_template

from award.announcements import documents, services
from award.announcements.services import Text
from award.cycles.models import Cycle
from award.extensions import limiter
from award.public.routes import bp
from award.templating import current_language
from award.web import File, download, load_cycle

FORMATS = ", ".join(f'"{fmt}"' for fmt in documents.FORMATS)
# Each download is rendered anew (a PDF takes WeasyPrint a good part of a second): enough for
# a person, not for a loop.
DOWNLOAD_LIMIT = "30 per minute"


def published(year: int) -> Cycle:
    cycle = services.published_cycle(year)
    if cycle is None:
        abort(404)
    return cycle


def shown_version(cycle: Cycle) -> documents.Version:
    """English when the person chose English and it is written; Danish otherwise."""
    return documents.version(Text.of(cycle.announcement), current_language())


@bp.get("/vindere")
def winners():
    return render_template("public/winners.html", cycles=services.published_cycles())


@bp.get("/vindere/<int:year>")
def winner(year: int):
    cycle = published(year)
    shown = shown_version(cycle)
    return render_template(
        "public/winner.html", cycle=cycle, shown=shown,
        article=documents.article(cycle, shown, cycle.announcement.published_at),
        nominations_published=cycle.nominations_published_at is not None)


@bp.get(f"/vindere/<int:year>/pressemeddelelse.<any({FORMATS}):fmt>")
@limiter.limit(DOWNLOAD_LIMIT)
def winner_download(year: int, fmt: str):
    cycle = published(year)
    data = documents.render(cycle, shown_version(cycle), fmt, cycle.announcement.published_at)
    return download(File(data, documents.FORMATS[fmt][0], documents.filename(cycle, fmt)))


@bp.get("/indstillinger/<int:year>")
def nominations(year: int):
    cycle = load_cycle(year)
    if cycle.nominations_published_at is None:
        abort(404)
    return render_template("public/nominations.html", cycle=cycle,
                           entries=services.public_entries(cycle),
                           winner=services.winner(cycle),
                           announced=services.is_published(cycle))
