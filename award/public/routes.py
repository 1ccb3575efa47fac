from flask import Blueprint, current_app, redirect, render_template, request, session

from award import timeutil
from award.announcements import services as announcements
from award.auth.links import safe_next
from award.cycles.services import current_cycle
from award.nominations.services import decided_refusal
from award.public.ordinals import edition, ordinal
from award.templating import current_language

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    moment = timeutil.now()
    cycle = current_cycle(moment)
    number = edition(cycle.year) if cycle else None
    return render_template("public/index.html", cycle=cycle,
                           is_open=bool(cycle and cycle.accepts_nominations(moment)),
                           decided=cycle and decided_refusal(cycle, moment),
                           ordinal=ordinal(number, current_language()) if number else None,
                           latest_winner=next(iter(announcements.published_releases()), None))


@bp.get("/privatliv")
def privacy():
    return render_template("public/privacy.html", cycle=current_cycle(timeutil.now()))


@bp.get("/tilgaengelighed")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/sprog/<language>")
def switch_language(language: str):
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
    return redirect(safe_next(request.args.get("next")) or "/")


from award.public import winners  # noqa: E402, F401  (the winners' pages on this blueprint)
