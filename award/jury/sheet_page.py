"""The score sheet page, shared by the juror and by the secretariat entering a sheet on a
juror's behalf (paper sheets)."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from award import timeutil
from award.extensions import db
from award.formtools import error_summary
from award.jury import conflicts, progress, sheets
from award.jury.forms import prefill, sheet_form
from award.jury.models import Juror
from award.nominations.models import Nomination
from award.rounds.models import Round
from award.rounds.services import is_entry
from award.templating import current_language
from award.web import refusals


def load_entry(round_: Round, juror: Juror, nomination_id: int) -> Nomination:
    """An entry of the round; 404 for anything else, 403 when the juror is conflicted."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not is_entry(round_, nomination):
        abort(404)
    if conflicts.has_conflict(juror, nomination):
        abort(403)
    return nomination


def sheet_page(round_: Round, juror: Juror, nomination: Nomination, *, for_juror: bool,
                 entry_url: Callable, back_url: str, attachment_url: Callable):
    """The score sheet page, for the juror or for the secretariat on the juror's behalf.

    Buttons: submit (every criterion), save as draft (any subset), and "save and next",
    which submits a complete sheet and keeps an incomplete one as a draft.
    """
    cycle = round_.cycle
    moment = timeutil.now()
    editable = round_.is_open() and (round_.accepts_scores(moment) or not for_juror)
    overview = progress.progress(round_, juror)
    previous, following = overview.neighbours(nomination)
    stored = sheets.sheet_of(round_, juror, nomination)
    refusal = unsaved = None
    if request.method == "POST":
        form = sheet_form(cycle, current_language())
        if form.validate():
            action = request.form.get("action", "draft")
            entered = form.entered()
            complete = all(value is not None for value in entered.scores.values())
            submit = action == "submit" or (action == "next" and complete)
            problems = []
            with refusals(problems):
                try:
                    sheets.save_sheet(round_, juror, nomination, entered, submit=submit,
                                      actor=current_user.email, at=moment, for_juror=for_juror)
                except sheets.SheetIncomplete as incomplete:
                    # Raised before anything is written: there is nothing to roll back.
                    for number in incomplete.missing:
                        form[f"score_{number}"].errors.append(
                            _("Vælg, i hvilken grad initiativet opfylder kriterium %(number)d.",
                              number=number))
                else:
                    flash(saved_message(nomination, juror, submit, for_juror, entered),
                          "success")
                    if action == "next":
                        return redirect(entry_url(following) if following else back_url)
                    return redirect(entry_url(nomination))
            if problems:
                refusal, unsaved, editable = problems[0], entered, False
    else:
        form = sheet_form(cycle, current_language(),
                          data=prefill(sheets.sheet_input(stored)))
    return render_template(
        "jury/sheet.html", round=round_, cycle=cycle, juror=juror, nomination=nomination,
        form=form, errors=error_summary(form, order=form.page_order), editable=editable,
        refusal=refusal, shown=unsaved or sheets.sheet_input(stored),
        unsaved=unsaved is not None,
        sheet=stored, progress=overview, for_juror=for_juror, back_url=back_url,
        previous_url=entry_url(previous) if previous else None,
        next_url=entry_url(following) if following else None,
        attachment_url=attachment_url,
    )


def saved_message(nomination: Nomination, juror: Juror, submitted: bool, for_juror: bool,
                  entered: sheets.SheetInput) -> str:
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
