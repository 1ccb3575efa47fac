"""Thin views: read the form, call a service, render or redirect."""

import math
import re
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from award import timeutil
from award.auth.links import absolute_url
from award.cycles.models import Cycle
from award.cycles.services import current_cycle
from award.extensions import csrf, limiter
from award.formtools import ConfirmForm, error_summary
from award.nominations import receipts, services
from award.nominations.forms import (
    ANSWER_MAX,
    SHORT_TEXT_MAX,
    nomination_form,
    relation_labels,
)
from award.nominations.models import Nomination, NominationStatus
from award.nominations.services import Upload
from award.templating import current_language
from award.web import commits, refusals, removal_ids, uploads_from_request

bp = Blueprint("nominations", __name__)

KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def form_limit():
    return current_app.config["NOMINATION_FORM_RATE_LIMIT"]


def submit_limit():
    """Nominations sent per client address: generous, since a whole hospital may share one
    address on the deadline day; a script is held by this and by the per-draft limit."""
    return current_app.config["NOMINATION_SUBMIT_RATE_LIMIT"]


def submit_draft_limit():
    """Presses of "Send" on one draft: a person needs one or two (a double click, a retry
    after a refusal); a script that repeats one draft is stopped long before its address is."""
    return current_app.config["NOMINATION_SUBMIT_DRAFT_RATE_LIMIT"]


def draft_in_url() -> str:
    return (request.view_args or {}).get("key", "")


def load_draft(key: str) -> Nomination:
    draft = public_draft(key) if KEY.match(key) else None
    if draft is None:
        abort(404)
    return draft


def public_draft(key: str) -> Nomination | None:
    """The public form's draft under the key; never one of the secretariat's registration
    page (its key is only on that page, but a key in a URL is the browser's to send)."""
    draft = services.draft_by_key(key)
    return draft if draft is not None and draft.entered_by is None else None


def stored_values(nomination: Nomination) -> MultiDict:
    """The nomination's answers in the form's shape, to prefill the form."""
    return MultiDict(services.stored_values(nomination))


def is_complete(nomination: Nomination) -> bool:
    return not services.problems(nomination.cycle, services.stored_values(nomination),
                                 current_language())


def render_form(form, cycle: Cycle, nomination: Nomination | None, action: str, mode: str,
                extra_errors=(), *, removing=frozenset(), can_send=True, status=200):
    """The form. `can_send` False (the deadline has passed) leaves out the button that could
    not work; the answers stay on the page."""
    return render_template(
        "nominations/form.html", form=form, cycle=cycle, nomination=nomination, action=action,
        mode=mode, errors=error_summary(form, extra_errors, order=form.page_order),
        relations=relation_labels(), removing=removing, can_send=can_send,
        limits={"description": SHORT_TEXT_MAX, "answer": ANSWER_MAX},
    ), status


def posted_form(cycle: Cycle):
    """The posted nomination form and whether it is valid; a filled honeypot ends here."""
    form = nomination_form(cycle, current_language())
    if form.website.data:
        current_app.logger.info("honeypot filled; nomination form dropped")
        abort(400)
    return form, form.validate()


def checked_uploads(nomination: Nomination | None, form, uploads: list[Upload],
                    removing: set[int]) -> list[Upload]:
    """The files that may be attached; each refused file is named beside the field."""
    accepted, refused = services.check_uploads(
        nomination, uploads, removing=removing,
        max_count=current_app.config["ATTACHMENT_MAX_COUNT"],
        max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"],
    )
    form.attachments.errors = list(refused)
    return accepted


def clear_errors(form) -> None:
    for field in form:
        field.errors = []


def handle_form_post(cycle: Cycle, key: str):
    """A POST of the form. Its files are kept on the draft (made on first use) whether or not
    the answers are valid (see services.save_files()); valid answers are stored too and lead
    on to check-your-answers, refused ones are shown again as they were sent.

    The form checks its own CSRF token (the view is exempt from the global check) so that a
    stale token re-shows the answers instead of throwing them away.
    """
    form, valid = posted_form(cycle)
    moment = timeutil.now()
    draft = services.draft_by_key(key)
    if draft is not None and draft.entered_by is not None:
        # The registration page's draft: this form starts its own.
        key, draft = services.new_key(), None
    if draft is not None and draft.status != NominationStatus.DRAFT:
        flash(_("Indstillingen er allerede sendt."), "info")
        return redirect(url_for(".receipt", key=key))
    uploads, removing = uploads_from_request(), removal_ids()
    form.draft_key.data = key
    closed = services.closed_refusal(cycle, moment)
    if closed:
        # Nothing can be sent: the one message that matters, the answers below it.
        clear_errors(form)
        return render_form(form, cycle, draft, request.path, "new", [str(closed)],
                           removing=removing, can_send=False)
    accepted = checked_uploads(draft, form, uploads, removing)
    if valid or accepted or (draft is not None and removing):
        draft = services.open_draft(cycle, key, current_language(), moment)
        if draft.status != NominationStatus.DRAFT:  # sent meanwhile, from another tab
            flash(_("Indstillingen er allerede sendt."), "info")
            return redirect(url_for(".receipt", key=key))
        # Counted again now that the draft is locked: another request may have added files.
        accepted = checked_uploads(draft, form, uploads, removing)
        services.save_files(draft, accepted, removing, moment)
        if valid and not form.attachments.errors:
            services.apply_answers(draft, form.data, moment)
            return redirect(url_for(".check", key=key))
    return render_form(form, cycle, draft, request.path, "new")


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
        return render_template("nominations/closed.html", cycle=cycle,
                               decided=cycle and services.decided_refusal(cycle, timeutil.now()))
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


def render_check(nomination: Nomination, form, refusal: str | None = None,
                 can_send: bool = True, status: int = 200):
    return render_template("nominations/check.html", nomination=nomination, form=form,
                           cycle=nomination.cycle, refusal=refusal, can_send=can_send,
                           relations=relation_labels()), status


@bp.route("/indstil/<key>/tjek", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
@limiter.limit(submit_draft_limit, methods=["POST"], key_func=draft_in_url)
@commits
def check(key: str):
    nomination = load_draft(key)
    if nomination.status != NominationStatus.DRAFT:
        return redirect(url_for(".receipt", key=key))
    if not is_complete(nomination):
        return redirect(url_for(".draft", key=key))
    # The receipt id of this browser, kept in its session from here on (see receipts.py).
    receipt_id = receipts.receipt_id(session, key)
    form = ConfirmForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            services.submit(
                nomination, timeutil.now(),
                edit_url=lambda token: absolute_url("nominations.view", token=token),
                token=receipts.edit_token(current_app.config["SECRET_KEY"], receipt_id),
            )
            return redirect(url_for(".receipt", key=key))
    return render_check(nomination, form, refusal=problems[0] if problems else None,
                        can_send=not problems)


@bp.get("/indstil/<key>/kvittering")
def receipt(key: str):
    nomination = load_draft(key)
    if nomination.status == NominationStatus.DRAFT:
        return redirect(url_for(".check", key=key))
    # The key is in the browser's history: only the browser that sent the nomination sees
    # the e-mail address and the edit link again; anyone else gets the reference alone.
    token = receipts.token_for_sender(session, current_app.config["SECRET_KEY"], nomination)
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
    uploads, removing = uploads_from_request(), removal_ids()
    problems = []
    refusal = services.why_not_editable(nomination, moment)
    if refusal:  # nothing can be saved: the one message that matters, the text below
        clear_errors(form)
        problems.append(str(refusal))
        return render_form(form, cycle, nomination, action, "correct", problems,
                           removing=removing, can_send=False)
    accepted = checked_uploads(nomination, form, uploads, removing)
    if valid or accepted or removing:
        with refusals(problems):
            services.lock(nomination)
            # Counted again now that the nomination is locked: another request may have
            # added files.
            accepted = checked_uploads(nomination, form, uploads, removing)
            answers_valid = valid and not form.attachments.errors
            # The files are kept also when the answers are refused (see services.save_files()).
            services.correct(nomination, form.data if answers_valid else None, accepted,
                             removing, moment)
            if answers_valid:
                flash(_("Dine rettelser er gemt."), "success")
                return redirect(url_for(".view", token=token))
    return render_form(form, cycle, nomination, action, "correct", problems,
                       can_send=not problems)


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



# ---------------------------------------------------------------- refused by a rate limit


def minutes_to_wait() -> int:
    limit = limiter.current_limit
    seconds = limit.reset_at - time.time() if limit is not None else 60
    return max(1, math.ceil(seconds / 60))


@bp.errorhandler(429)
def too_many_requests(error):
    """A post refused by a rate limit, on the page it came from, with everything the person
    wrote and a way on (status 429 all the same): never a dead end that loses the answers.
    Nothing of the post is stored."""
    busy = _("Der er kommet mange indsendelser fra din internetforbindelse på kort tid.")
    wait = ngettext("Vent %(num)d minut, og prøv så igen.",
                    "Vent %(num)d minutter, og prøv så igen.", minutes_to_wait())
    args = request.view_args or {}
    if request.endpoint == "nominations.check":
        nomination = public_draft(args["key"]) if KEY.match(args["key"]) else None
        if nomination is not None and nomination.status == NominationStatus.DRAFT:
            return render_check(nomination, ConfirmForm(), status=429,
                                refusal=f"{busy} {_('Dine svar er gemt.')} {wait}")
    elif request.endpoint in ("nominations.new", "nominations.draft"):
        key = args.get("key") or request.form.get("draft_key", "")
        key = key if KEY.match(key) else services.new_key()
        draft = public_draft(key)
        cycle = draft.cycle if draft is not None else current_cycle(timeutil.now())
        if cycle is not None:
            form = nomination_form(cycle, current_language())
            form.draft_key.data = key
            return refused_form_post(form, cycle, draft, "new", f"{busy} {wait}")
    elif request.endpoint in ("nominations.correct", "nominations.withdraw"):
        token = args["token"]
        nomination = services.by_edit_token(token) if KEY.match(token) else None
        if nomination is not None and request.endpoint == "nominations.correct":
            form = nomination_form(nomination.cycle, current_language())
            return refused_form_post(form, nomination.cycle, nomination, "correct",
                                     f"{busy} {wait}")
        if nomination is not None:
            return render_template("nominations/withdraw.html", nomination=nomination,
                                   form=ConfirmForm(), token=token,
                                   refusal=f"{busy} {wait}"), 429
    return render_template("errors/error.html", title=_("For mange forsøg"),
                           text=f"{busy} {wait}", code=429), 429


def refused_form_post(form, cycle: Cycle, nomination: Nomination | None, mode: str,
                      message: str):
    """The posted form shown again as it was sent (not checked, not stored) under the
    message."""
    uploads = uploads_from_request()
    if uploads:
        form.attachments.errors = [ngettext(
            "Filen %(names)s er ikke gemt. Vælg den igen, når du prøver igen.",
            "Filerne %(names)s er ikke gemt. Vælg dem igen, når du prøver igen.",
            len(uploads), names=", ".join(upload.filename for upload in uploads))]
    return render_form(form, cycle, nomination, request.path, mode, [message],
                       removing=removal_ids(), status=429)


# ---------------------------------------------------------------- the site's icon


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico by themselves; the pages name the same icon."""
    return send_from_directory(Path(current_app.static_folder), "favicon.ico",
                               mimetype="image/x-icon", max_age=86400)
