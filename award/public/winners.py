"""The winners in public: the archive (/vindere), a year's announcement with its downloads
(/vindere/<year>, 404 until published), and a year's nominations once the secretariat has
published them (/indstillinger/<year>: the answers, never a person's name, e-mail or phone).
Each is served from the newest published version, frozen when it was published: nothing on
these pages is read from the live data."""

from flask import abort, render_template

from award.announcements import documents, services
from award.announcements.services import Release
from award.extensions import limiter
from award.public.routes import bp
from award.templating import current_language
from award.web import File, download, load_cycle

FORMATS = ", ".join(f'"{fmt}"' for fmt in documents.FORMATS)
# Each download is rendered anew (a PDF takes WeasyPrint a good part of a second): enough for
# a person, not for a loop.
DOWNLOAD_LIMIT = "30 per minute"


def published(year: int) -> Release:
    cycle = services.published_cycle(year)
    release = services.published_release(cycle) if cycle is not None else None
    if release is None:
        abort(404)
    return release


@bp.get("/vindere")
def winners():
    return render_template("public/winners.html", releases=services.published_releases())


@bp.get("/vindere/<int:year>")
def winner(year: int):
    release = published(year)
    language = current_language()
    cycle = load_cycle(year)
    return render_template(
        "public/winner.html", year=year,
        headline=documents.version(release.text, language).headline,
        article=documents.article(release, language),
        nominations_published=services.published_list(cycle) is not None)


@bp.get(f"/vindere/<int:year>/pressemeddelelse.<any({FORMATS}):fmt>")
@limiter.limit(DOWNLOAD_LIMIT)
def winner_download(year: int, fmt: str):
    release = published(year)
    data = documents.render(release, fmt, current_language())
    return download(File(data, documents.FORMATS[fmt][0], documents.filename(year, fmt)))


@bp.get("/indstillinger/<int:year>")
def nominations(year: int):
    cycle = load_cycle(year)
    publication = services.published_list(cycle)
    if publication is None:
        abort(404)
    return render_template("public/nominations.html", year=year, listed=publication.content,
                           announced=services.is_published(cycle))
