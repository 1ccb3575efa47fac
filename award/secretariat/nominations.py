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
from award.nominations.models import Nomination
from award.nominations.services import Upload
from award.secretariat import bp
from award.web import commits, download, load_cycle, refusals, send_attachment


def load_nomination(cycle: Cycle, reference: str) -> Nomination:
    nomination = nominations.by_reference(reference)
    if nomination is None or nomination.cycle_id != cycle.id:
        abort(404)
    return nomination


@bp.get("/<int:year>/indstillinger")
@secretariat_required
def nomination_list(year: int):
    cycle = load_cycle(year)
    return render_template("secretariat/nominations.html", cycle=cycle,
                           nominations=nominations.submitted(cycle))


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
    its reason. The same completeness rule as the public form."""
    cycle = load_cycle(year)
    form = registration_form(cycle)
    moment = timeutil.now()
    late = moment >= cycle.deadline_at
    problems = []
    if request.method == "POST" and form.validate_on_submit():
        uploads = [Upload(file.filename, file.read())
                   for file in request.files.getlist("attachments") if file and file.filename]
        accepted, refused = nominations.check_uploads(
            None, uploads, max_count=current_app.config["ATTACHMENT_MAX_COUNT"],
            max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"])
        form.attachments.errors = list(refused)
        if not refused:
            with refusals(problems):
                nomination = nominations.register(
                    cycle, form.data, actor=current_user.email, at=moment, uploads=accepted,
                    late_reason=form.late_reason.data,
                    edit_url=lambda token: absolute_url("nominations.view", token=token))
                flash(_("%(reference)s er registreret.", reference=nomination.reference)
                      + (" " + _("Den er markeret som for sen.") if nomination.is_late else ""),
                      "success")
                return redirect(url_for(".nomination", year=year,
                                        reference=nomination.reference))
    return render_template(
        "secretariat/register.html", cycle=cycle, form=form, late=late,
        decided=nominations.decided_refusal(cycle, moment), relations=relation_labels(),
        limits={"description": SHORT_TEXT_MAX, "answer": ANSWER_MAX},
        errors=error_summary(form, problems, order=form.page_order),
    ), 400 if request.method == "POST" else 200
