"""The juror's pages. Every view finds the round through the signed-in juror's seat on its
panel and the entry through the round, so a forged id meets a 404 (403 for a conflict)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.auth import juror_required
from award.extensions import db
from award.formtools import error_summary
from award.jury import conflicts, progress
from award.jury.forms import ConflictForm, WithdrawConflictForm
from award.jury.models import Juror
from award.jury.sheet_page import load_entry, sheet_page
from award.nominations.models import Nomination
from award.rounds import services as rounds
from award.rounds.models import Round
from award.web import commits, refusals, send_attachment

bp = Blueprint("jury", __name__)


def load_seat(round_id: int) -> tuple[Round, Juror]:
    """The opened round and the signed-in user's juror on its panel; 404 otherwise."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or round_.opened_at is None:
        abort(404)
    juror = rounds.seat_of(round_, current_user)
    if juror is None:
        abort(404)
    return round_, juror


@bp.get("/jury")
@juror_required
def dashboard():
    overview = [(round_, juror, progress.progress(round_, juror))
                for round_, juror in rounds.rounds_for(current_user)]
    return render_template("jury/dashboard.html", overview=overview, moment=timeutil.now())


@bp.route("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>",
          methods=["GET", "POST"])
@juror_required
@commits
def sheet(round_id: int, nomination_id: int):
    round_, juror = load_seat(round_id)
    nomination = load_entry(round_, juror, nomination_id)
    return sheet_page(
        round_, juror, nomination, for_juror=True,
        entry_url=lambda entry: url_for(".sheet", round_id=round_.id, nomination_id=entry.id),
        back_url=url_for(".dashboard"),
        attachment_url=lambda attachment: url_for(
            ".attachment", round_id=round_.id, nomination_id=nomination.id,
            attachment_id=attachment.id),
    )


@bp.route("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>/inhabilitet",
          methods=["GET", "POST"])
@juror_required
@commits
def conflict(round_id: int, nomination_id: int):
    round_, juror = load_seat(round_id)
    nomination = load_entry(round_, juror, nomination_id)
    if not round_.is_open():
        abort(404)
    form = ConflictForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            conflicts.declare_conflict(juror, nomination, form.reason.data,
                                       actor=current_user.email, at=timeutil.now())
            flash(_("Du er registreret som inhabil i forhold til %(name)s. Du skal ikke bedømme "
                    "indstillingen.", name=nomination.initiative_name), "success")
            return redirect(url_for(".dashboard"))
    return render_template("jury/conflict.html", round=round_, nomination=nomination, form=form,
                           errors=error_summary(form, problems))


@bp.route("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>/inhabilitet/tilbage",
          methods=["GET", "POST"])
@juror_required
@commits
def withdraw_conflict(round_id: int, nomination_id: int):
    """The juror takes back a conflict they (or the secretariat) recorded, with a reason."""
    round_, juror = load_seat(round_id)
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not rounds.is_entry(round_, nomination):
        abort(404)
    conflict = conflicts.conflict_of(juror, nomination)
    if conflict is None:  # withdrawn already (a second click) or never declared
        flash(_("Du er ikke registreret som inhabil i forhold til %(name)s.",
                name=nomination.initiative_name), "info")
        return redirect(url_for(".dashboard"))
    form = WithdrawConflictForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            conflicts.withdraw_conflict(conflict, round_, form.reason.data,
                                        actor=current_user.email, at=timeutil.now())
            flash(_("Din inhabilitet i forhold til %(name)s er trukket tilbage. Du kan nu "
                    "bedømme indstillingen.", name=nomination.initiative_name), "success")
            return redirect(url_for(".dashboard"))
    return render_template("jury/conflict_withdraw.html", round=round_, nomination=nomination,
                           conflict=conflict, form=form, errors=error_summary(form, problems),
                           back_url=url_for(".dashboard")), 400 if form.is_submitted() else 200


@bp.get("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>/bilag/<int:attachment_id>")
@juror_required
def attachment(round_id: int, nomination_id: int, attachment_id: int):
    round_, juror = load_seat(round_id)
    return send_attachment(load_entry(round_, juror, nomination_id), attachment_id)
