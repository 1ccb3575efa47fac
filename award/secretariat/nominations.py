"""The secretariat's nomination pages: the list, one nomination with its personal data, its
attachments."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.auth.links import absolute_url
from award.cycles.models import Cycle
from award.formtools import error_summary
from award.nominations import letters
from award.nominations import services as nominations
from award.nominations.forms import (
    ANSWER_MAX,
    SHORT_TEXT_MAX,
    RegistrationForm,
    nomination_form,
    relation_labels,
)
from award.nominations.models import Nomination, NominationStatus
from award.secretariat import bp
from award.secretariat.forms import ineligibility_labels
from award.secretariat.screening import (
    STATUS_ORDER,
    filters,
    search,
    status_labels,
    status_of,
)
from award.web import (
    commits,
    download,
    load_cycle,
    refusals,
    removal_ids,
    send_attachment,
    uploads_from_request,
)


def load_nomination(cycle: Cycle, reference: str) -> Nomination:
    nomination = nominations.by_reference(reference)
    if nomination is None or nomination.cycle_id != cycle.id:
        abort(404)
    return nomination


# The list's columns it can be sorted by, and the order each gives.
SORT_KEYS = {
    "reference": lambda n: n.reference,
    "name": lambda n: (n.initiative_name.casefold(), n.reference),
    "region": lambda n: (n.region, n.reference),
    "status": lambda n: (STATUS_ORDER.index(status_of(n)), n.reference),
    "submitted": lambda n: (n.submitted_at, n.reference),
}


@bp.get("/<int:year>/indstillinger")
@secretariat_required
def nomination_list(year: int):
    """Every nomination sent, with its screening status; searched and filtered as on the
    screening page, sorted by a column (ascending, or descending with order=desc)."""
    cycle = load_cycle(year)
    region, status, text = filters()
    sort = request.args.get("sort", "reference")
    sort = sort if sort in SORT_KEYS else "reference"
    descending = request.args.get("order") == "desc"
    shown = sorted(search(cycle, region=region, status=status, text=text),
                   key=SORT_KEYS[sort], reverse=descending)
    return render_template("secretariat/nominations.html", cycle=cycle, nominations=shown,
                           total=nominations.submitted(cycle), region=region, status=status,
                           text=text, sort=sort, descending=descending,
                           statuses=status_labels(), status_of=status_of,
                           reasons=ineligibility_labels())


@bp.get("/<int:year>/indstillinger/<reference>")
@secretariat_required
def nomination(year: int, reference: str):
    cycle = load_cycle(year)
    found = load_nomination(cycle, reference)
    return render_template("secretariat/nomination.html", cycle=cycle, nomination=found,
                           relations=relation_labels(), no_letter=letters.why_no_letter(found))


@bp.get("/<int:year>/indstillinger/<reference>/kvitteringsbrev.pdf")
@secretariat_required
@commits
def receipt_letter(year: int, reference: str):
    """The receipt as a letter to print and post (a nominator without e-mail)."""
    cycle = load_cycle(year)
    found = load_nomination(cycle, reference)
    problems = []
    with refusals(problems):
        return download(letters.receipt_letter(found, actor=current_user.email,
                                               at=timeutil.now()))
    flash(problems[0], "info")
    return redirect(url_for(".nomination", year=year, reference=reference))


@bp.get("/<int:year>/indstillinger/<reference>/bilag/<int:attachment_id>")
@secretariat_required
def nomination_attachment(year: int, reference: str, attachment_id: int):
    return send_attachment(load_nomination(load_cycle(year), reference), attachment_id)


def registration_form(cycle: Cycle):
    """The public form's fields, worded for the secretariat entering someone else's
    nomination (see RegistrationForm)."""
    return nomination_form(cycle, "da", base=RegistrationForm)


@bp.route("/<int:year>/indstillinger/ny", methods=["GET", "POST"])
@secretariat_required
@commits
def register(year: int):
    """A nomination received by letter, phone or e-mail; after the deadline a late one with
    its reason. The same completeness rule as the public form. The files of a refused post
    are kept on the page's draft (see nominations.save_files())."""
    cycle = load_cycle(year)
    form = registration_form(cycle)
    moment = timeutil.now()
    late = moment >= cycle.deadline_at
    if late:
        form.late_without_reason = nominations.late_without_reason(cycle)
    key = nominations.registration_key(cycle, form.draft_key.data)
    form.draft_key.data = key
    problems = []
    draft = nominations.draft_by_key(key)  # the files kept by a refused post before
    if request.method == "POST":
        valid = form.validate_on_submit()
        uploads, removing = uploads_from_request(), removal_ids()
        if valid or uploads or (draft is not None and removing):
            with refusals(problems):
                draft = nominations.registration_draft(cycle, key, actor=current_user.email,
                                                       at=moment)
                if draft.status != NominationStatus.DRAFT:  # the button pressed twice
                    flash(_("%(reference)s er allerede registreret.",
                            reference=draft.reference), "info")
                    return redirect(url_for(".nomination", year=year,
                                            reference=draft.reference))
                accepted, refused = nominations.check_uploads(
                    draft, uploads, removing=removing,
                    max_count=current_app.config["ATTACHMENT_MAX_COUNT"],
                    max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"])
                form.attachments.errors = list(refused)
                nominations.save_files(draft, accepted, removing, moment)
                if valid and not refused:
                    nomination = nominations.register(
                        cycle, form.data, actor=current_user.email, at=moment, draft=draft,
                        late_reason=form.late_reason.data,
                        edit_url=lambda token: absolute_url("nominations.view", token=token))
                    flash(_("%(reference)s er registreret.", reference=nomination.reference)
                          + (" " + _("Den er markeret som for sen.")
                             if nomination.is_late else ""), "success")
                    return redirect(url_for(".nomination", year=year,
                                            reference=nomination.reference))
            if problems:  # rolled back, this post's files too; those kept before stay
                draft = nominations.draft_by_key(key)
    return render_template(
        "secretariat/register.html", cycle=cycle, form=form, late=late, draft=draft,
        decided=nominations.decided_refusal(cycle, moment), relations=relation_labels(),
        limits={"description": SHORT_TEXT_MAX, "answer": ANSWER_MAX},
        errors=error_summary(form, problems, order=form.page_order),
    ), 400 if request.method == "POST" else 200
