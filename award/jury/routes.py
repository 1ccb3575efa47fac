"""The juror's pages. Every view finds the round through the signed-in juror's seat on its
panel and the entry through the round, so a forged id meets a 404 (403 for a conflict)."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from award import timeutil
from award.auth import juror_required
from award.extensions import db
from award.formtools import error_summary
from award.jury import bp, services
from award.jury.forms import ConflictForm, prefill, sheet_form
from award.jury.models import Juror, Round
from award.models import Nomination
from award.nominations.routes import send_attachment
from award.templating import current_language


def load_seat(round_id: int) -> tuple[Round, Juror]:
    """The opened round and the signed-in user's juror on its panel; 404 otherwise."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or round_.opened_at is None:
        abort(404)
    juror = services.seat_of(round_, current_user)
    if juror is None:
        abort(404)
    return round_, juror


def load_entry(round_: Round, juror: Juror, nomination_id: int) -> Nomination:
    """An entry of the round; 404 for anything else, 403 when the juror is conflicted."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not services.is_entry(round_, nomination):
        abort(404)
    if services.has_conflict(juror, nomination):
        abort(403)
    return nomination


@bp.get("/jury")
@juror_required
def dashboard():
    overview = [(round_, juror, services.progress(round_, juror))
                for round_, juror in services.rounds_for(current_user)]
    return render_template("jury/dashboard.html", overview=overview, moment=timeutil.now())


@bp.route("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>",
          methods=["GET", "POST"])
@juror_required
def sheet(round_id: int, nomination_id: int):
    round_, juror = load_seat(round_id)
    nomination = load_entry(round_, juror, nomination_id)
    return handle_sheet(
        round_, juror, nomination, for_juror=True,
        entry_url=lambda entry: url_for(".sheet", round_id=round_.id, nomination_id=entry.id),
        back_url=url_for(".dashboard"),
        attachment_url=lambda attachment: url_for(
            ".attachment", round_id=round_.id, nomination_id=nomination.id,
            attachment_id=attachment.id),
    )


def handle_sheet(round_: Round, juror: Juror, nomination: Nomination, *, for_juror: bool,
                 entry_url: Callable, back_url: str, attachment_url: Callable):
    """The score sheet page, for the juror or for the secretariat on the juror's behalf.

    Buttons: submit (every criterion), save as draft (any subset), and "save and next",
    which submits a complete sheet and keeps an incomplete one as a draft.
    """
    cycle = round_.cycle
    moment = timeutil.now()
    editable = round_.is_open() and (round_.accepts_scores(moment) or not for_juror)
    overview = services.progress(round_, juror)
    previous, following = overview.neighbours(nomination)
    stored = services.sheet_of(round_, juror, nomination)
    refusal = unsaved = None
    if request.method == "POST":
        form = sheet_form(cycle, current_language())
        if form.validate():
            action = request.form.get("action", "draft")
            entered = form.entered()
            complete = all(value is not None for value in entered.scores.values())
            submit = action == "submit" or (action == "next" and complete)
            try:
                services.save_sheet(round_, juror, nomination, entered, submit=submit,
                                    actor=current_user.email, at=moment, for_juror=for_juror)
            except services.SheetIncomplete as incomplete:
                db.session.rollback()
                for number in incomplete.missing:
                    form[f"score_{number}"].errors.append(
                        _("Vælg, i hvilken grad initiativet opfylder kriterium %(number)d.",
                          number=number))
            except services.SheetRefused as refused:
                db.session.rollback()
                refusal, unsaved, editable = str(refused), entered, False
            else:
                db.session.commit()
                flash(saved_message(nomination, juror, submit, for_juror, entered), "success")
                if action == "next":
                    return redirect(entry_url(following) if following else back_url)
                return redirect(entry_url(nomination))
    else:
        form = sheet_form(cycle, current_language(),
                          data=prefill(services.sheet_input(stored)))
    return render_template(
        "jury/sheet.html", round=round_, cycle=cycle, juror=juror, nomination=nomination,
        form=form, errors=error_summary(form, order=form.page_order), editable=editable,
        refusal=refusal, shown=unsaved or services.sheet_input(stored),
        unsaved=unsaved is not None,
        sheet=stored, progress=overview, for_juror=for_juror, back_url=back_url,
        previous_url=entry_url(previous) if previous else None,
        next_url=entry_url(following) if following else None,
        attachment_url=attachment_url,
    )


def saved_message(nomination: Nomination, juror: Juror, submitted: bool, for_juror: bool,
                  entered: services.SheetInput) -> str:
    name = nomination.initiative_name
    if not for_juror:
        if submitted:
            return _("Bedømmelsen af %(name)s er indsendt på vegne af %(juror)s.", name=name,
                     juror=juror.name)
        return _("Bedømmelsen af %(name)s er gemt som kladde på vegne af %(juror)s.",
                 name=name, juror=juror.name)
    if submitted:
        return _("Din bedømmelse af %(name)s er indsendt.", name=name)
    missing = sum(1 for value in entered.scores.values() if value is None)
    if missing:
        return ngettext("Din bedømmelse af %(name)s er gemt som kladde. Der mangler stadig en "
                        "vurdering af %(num)d kriterium.",
                        "Din bedømmelse af %(name)s er gemt som kladde. Der mangler stadig en "
                        "vurdering af %(num)d kriterier.", missing, name=name)
    return _("Din bedømmelse af %(name)s er gemt som kladde.", name=name)


@bp.route("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>/inhabilitet",
          methods=["GET", "POST"])
@juror_required
def conflict(round_id: int, nomination_id: int):
    round_, juror = load_seat(round_id)
    nomination = load_entry(round_, juror, nomination_id)
    if not round_.is_open():
        abort(404)
    form = ConflictForm()
    problems = []
    if form.validate_on_submit():
        try:
            services.declare_conflict(juror, nomination, form.reason.data,
                                      actor=current_user.email, at=timeutil.now())
        except services.JuryError as error:
            db.session.rollback()
            problems.append(str(error))
        else:
            db.session.commit()
            flash(_("Du er registreret som inhabil i forhold til %(name)s. Du skal ikke bedømme "
                    "indstillingen.", name=nomination.initiative_name), "success")
            return redirect(url_for(".dashboard"))
    return render_template("jury/conflict.html", round=round_, nomination=nomination, form=form,
                           errors=error_summary(form, problems))


@bp.get("/jury/runder/<int:round_id>/indstillinger/<int:nomination_id>/bilag/<int:attachment_id>")
@juror_required
def attachment(round_id: int, nomination_id: int, attachment_id: int):
    round_, juror = load_seat(round_id)
    return send_attachment(load_entry(round_, juror, nomination_id), attachment_id)
