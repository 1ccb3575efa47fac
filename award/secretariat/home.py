"""The secretariat's start page (each cycle with its phase, counts and next steps, see
award.secretariat.overview) and the menu on every page of a cycle."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from award import mail, timeutil
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.extensions import db
from award.secretariat import bp
from award.secretariat.overview import overview, phase_labels, urgency_labels


@bp.get("/")
@secretariat_required
def index():
    moment = timeutil.now()
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.year.desc())).all()
    return render_template("secretariat/index.html",
                           overviews=[overview(cycle, moment) for cycle in cycles],
                           phases=phase_labels(), urgencies=urgency_labels(),
                           queued=len(mail.queued()))


@bp.app_template_global()
def secretariat_nav(year: int | None = None):
    """The secretariat's menu for a cycle: the one given, else the one of the page's URL."""
    if year is None:
        year = (request.view_args or {}).get("year")
    if year is None:
        return []
    return [(_("Indstillinger"), url_for("secretariat.nomination_list", year=year)),
            (_("Screening"), url_for("secretariat.screening_page", year=year)),
            (_("Jury og vægte"), url_for("secretariat.jury", year=year)),
            (_("Runder"), url_for("secretariat.rounds", year=year)),
            (_("Pressemeddelelse og diplom"), url_for("secretariat.announcement", year=year)),
            (_("Rejsegodtgørelse"), url_for("secretariat.grant_page", year=year)),
            (_("Eksport"), url_for("secretariat.exports_page", year=year)),
            (_("Persondata"), url_for("secretariat.retention_page", year=year))]
