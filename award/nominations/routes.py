"""Thin views: read the form, call a service, render or redirect."""

import re

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from award import timeutil
from award.auth.links import absolute_url
from award.cycles.models import Cycle
from award.cycles.services import current_cycle
from award.extensions import csrf, limiter
from award.formtools import ConfirmForm, error_summary
from award.nominations import bp, services
from award.nominations.forms import (
    ANSWER_MAX,
    SHORT_TEXT_MAX,
    nomination_form,
    relation_labels,
)
from award.nominations.models import Nomination, NominationStatus
from award.nominations.services import Upload
from award.templating import current_language
from award.web import commits, refusals

KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def form_limit():
    return current_app.config["NOMINATION_FORM_RATE_LIMIT"]


def submit_limit():
    return current_app.config["NOMINATION_SUBMIT_RATE_LIMIT"]


def load_draft(key: str) -> Nomination:
    draft = services.draft_by_key(key) if KEY.match(key) else None
    if draft is None:
        abort(404)
    return draft


def stored_values(nomination: Nomination) -> MultiDict:
    """The nomination's answers in the form's shape, to prefill or re-check it."""
    values = MultiDict({field: getattr(nomination, field) for field in services.TEXT_FIELDS})
    for criterion in nomination.cycle.criteria:
        values[f"answer_{criterion.number}"] = nomination.answer_for(criterion)
    if nomination.privacy_confirmed_at:
        values["privacy_confirmed"] = "y"
    return values


def is_complete(nomination: Nomination) -> bool:
    form = nomination_form(nomination.cycle, current_language(),
                           formdata=stored_values(nomination), meta={"csrf": False})
    return form.validate()


def uploads_from_request() -> list[Upload]:
    return [Upload(file.filename, file.read()) for file in request.files.getlist("attachments")
            if file and file.filename]


def removal_ids() -> set[int]:
    return {int(value) for value in request.form.getlist("remove_attachment") if value.isdigit()}


def render_form(form, cycle: Cycle, nomination: Nomination | None, action: str, mode: str,
                extra_errors=()):
    return render_template(
        "nominations/form.html", form=form, cycle=cycle, nomination=nomination, action=action,
        mode=mode, errors=error_summary(form, extra_errors, order=form.page_order),
        relations=relation_labels(),
        limits={"description": SHORT_TEXT_MAX, "answer": ANSWER_MAX},
    )


def posted_form(cycle: Cycle):
    """The posted nomination form and whether it is valid; a filled honeypot ends here."""
    form = nomination_form(cycle, current_language())
    if form.website.data:
        current_app.logger.info("honeypot filled; nomination form dropped")
        abort(400)
    return form, form.validate()


def checked_uploads(nomination: Nomination, form) -> tuple[list[Upload], set[int]]:
    """The request's files that may be attached, and the attachments to remove; each refused
    file is named beside the field."""
    removing = removal_ids()
    accepted, refused = services.check_uploads(
        nomination, uploads_from_request(), removing=removing,
        max_count=current_app.config["ATTACHMENT_MAX_COUNT"],
        max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"],
    )
    form.attachments.errors = list(refused)
    return accepted, removing


def handle_form_post(cycle: Cycle, key: str):
    """A POST of the form: keep uploaded files on the draft, then validate the answers.

    The form checks its own CSRF token (the view is exempt from the global check) so that a
    stale token re-shows the answers instead of throwing them away.
    """
    form, valid = posted_form(cycle)
    csrf_ok = not form.csrf_token.errors
    moment = timeutil.now()
    draft = services.draft_by_key(key)
    if draft is not None and draft.status != NominationStatus.DRAFT:
        flash(_("Indstillingen er allerede sendt."), "info")
        return redirect(url_for(".receipt", key=key))
    extra = []
    if not cycle.accepts_nominations(moment):
        extra.append(_("Fristen for at indstille er udløbet. Indstillingen er ikke sendt."))
    if csrf_ok and not extra:
        draft = services.open_draft(cycle, key, current_language(), moment)
        accepted, removing = checked_uploads(draft, form)
        services.remove_attachments(draft, removing)
        services.attach(draft, accepted, moment)
        if valid and not form.attachments.errors:
            services.apply_answers(draft, form.data, moment)
    if valid and not form.attachments.errors and not extra:
        return redirect(url_for(".check", key=key))
    form.draft_key.data = key
    return render_form(form, cycle, draft, request.path, "new", extra)


@bp.route("/indstil", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(form_limit, methods=["POST"])
@commits
def new():
    cycle = current_cycle(timeutil.now())
    if request.method == "POST" and cycle is not None:
        # Also after the deadline: the refusal must show everything the person wrote.
        key = request.form.get("draft_key", "")
        if not KEY.match(key):
            key = services.new_key()
        return handle_form_post(cycle, key)
    if cycle is None or not cycle.accepts_nominations(timeutil.now()):
        return render_template("nominations/closed.html", cycle=cycle)
    form = nomination_form(cycle, current_language(), formdata=None)
    form.draft_key.data = services.new_key()
    return render_form(form, cycle, None, url_for(".new"), "new")


@bp.route("/indstil/<key>", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(form_limit, methods=["POST"])
@commits
def draft(key: str):
    """The form again, to correct a draft from check-your-answers."""
    nomination = load_draft(key)
    if nomination.status != NominationStatus.DRAFT:
        return redirect(url_for(".receipt", key=key))
    cycle = nomination.cycle
    if request.method == "POST":
        return handle_form_post(cycle, key)
    form = nomination_form(cycle, current_language(), formdata=stored_values(nomination))
    form.draft_key.data = key
    return render_form(form, cycle, nomination, url_for(".draft", key=key), "new")


@bp.route("/indstil/<key>/tjek", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
@commits
def check(key: str):
    nomination = load_draft(key)
    if nomination.status != NominationStatus.DRAFT:
        return redirect(url_for(".receipt", key=key))
    if not is_complete(nomination):
        return redirect(url_for(".draft", key=key))
    form = ConfirmForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            token = services.submit(
                nomination, timeutil.now(),
                edit_url=lambda token: absolute_url("nominations.view", token=token),
            )
            if token:
                # Only the latest: the session is a cookie and must stay small.
                session["receipt"] = {"key": key, "token": token}
            return redirect(url_for(".receipt", key=key))
    return render_template("nominations/check.html", nomination=nomination, form=form,
                           cycle=nomination.cycle, refusal=problems[0] if problems else None,
                           relations=relation_labels())


@bp.get("/indstil/<key>/kvittering")
def receipt(key: str):
    nomination = load_draft(key)
    if nomination.status == NominationStatus.DRAFT:
        return redirect(url_for(".check", key=key))
    # The key is in the browser's history: only the browser that sent the nomination sees
    # the e-mail address and the edit link again; anyone else gets the reference alone.
    receipt = session.get("receipt") or {}
    token = receipt.get("token") if receipt.get("key") == key else None
    edit_url = absolute_url("nominations.view", token=token) if token else None
    return render_template("nominations/receipt.html", nomination=nomination,
                           cycle=nomination.cycle, edit_url=edit_url, sender=bool(token))


def load_by_token(token: str) -> Nomination:
    nomination = services.by_edit_token(token) if KEY.match(token) else None
    if nomination is None:
        abort(404)
    return nomination


@bp.get("/indstilling/<token>")
def view(token: str):
    nomination = load_by_token(token)
    editable = (nomination.status == NominationStatus.SUBMITTED
                and nomination.cycle.accepts_nominations(timeutil.now()))
    return render_template("nominations/view.html", nomination=nomination,
                           cycle=nomination.cycle, token=token, editable=editable,
                           relations=relation_labels())


@bp.route("/indstilling/<token>/ret", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(form_limit, methods=["POST"])
@commits
def correct(token: str):
    nomination = load_by_token(token)
    cycle = nomination.cycle
    action = url_for(".correct", token=token)
    moment = timeutil.now()
    if request.method == "GET":
        if nomination.status != NominationStatus.SUBMITTED or not cycle.accepts_nominations(moment):
            return redirect(url_for(".view", token=token))
        form = nomination_form(cycle, current_language(), formdata=stored_values(nomination))
        return render_form(form, cycle, nomination, action, "correct")
    form, valid = posted_form(cycle)
    accepted, removing = checked_uploads(nomination, form)
    problems = []
    if valid and not form.attachments.errors:
        with refusals(problems):
            services.correct(nomination, form.data, accepted, removing, moment)
            flash(_("Dine rettelser er gemt."), "success")
            return redirect(url_for(".view", token=token))
    return render_form(form, cycle, nomination, action, "correct", problems)


@bp.route("/indstilling/<token>/traek-tilbage", methods=["GET", "POST"])
@limiter.limit(form_limit, methods=["POST"])
@commits
def withdraw(token: str):
    nomination = load_by_token(token)
    form = ConfirmForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            services.withdraw(nomination, timeutil.now())
            flash(_("Indstillingen er trukket tilbage."), "success")
            return redirect(url_for(".view", token=token))
    return render_template("nominations/withdraw.html", nomination=nomination, form=form,
                           token=token, refusal=problems[0] if problems else None)

