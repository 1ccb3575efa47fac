"""The secretariat's page for the winner's travel grant: the record, its claims and their
decisions, the running balance; adding a claim with its receipt, approving, rejecting, moving
the last day of validity; the record as PDF and CSV, and each receipt, as downloads."""


from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.formtools import CONTROL_IN_LINE, ConfirmForm, error_summary
from award.grants import records
from award.grants import services as grants
from award.grants.forms import ClaimForm, RejectForm, ValidityForm
from award.grants.models import ClaimStatus, Grant
from award.grants.money import format_plain
from award.nominations.services import Upload
from award.secretariat import bp
from award.templating import format_kroner
from award.web import File, commits, download, load_cycle, refusals


def load_grant(cycle: Cycle) -> Grant:
    grant = grants.grant_for(cycle)
    if grant is None:
        abort(404)
    return grant


def danish_date(day) -> str:
    """31.12.2025: how the date fields are filled in again."""
    return f"{day.day}.{day.month}.{day.year}"


def reject_form(claim_id: int, **kwargs) -> RejectForm:
    return RejectForm(prefix=f"afvis-{claim_id}", **kwargs)


def grant_view(cycle: Cycle, *, claim_form=None, rejecting=None, validity_form=None,
               confirm=None, problems=(), status=200):
    """The page; after a refused post, the posted form keeps what was written and the error
    summary links to its fields."""
    grant = grants.grant_for(cycle)
    if grant is None:
        return render_template("secretariat/grant.html", cycle=cycle, grant=None), status
    claim_form = claim_form or ClaimForm(formdata=None)
    validity_form = validity_form or ValidityForm(
        formdata=None, valid_until=danish_date(grant.valid_until))
    pending = [c for c in grant.claims if c.status == ClaimStatus.PENDING]
    reject_forms = {c.id: reject_form(c.id, formdata=None) for c in pending}
    posted = None
    if rejecting is not None:
        reject_forms[rejecting[0]] = posted = rejecting[1]
    errors = [(message, None) for message in problems]
    for form in (posted, claim_form, validity_form, confirm):
        if form is not None and form.errors:
            errors = error_summary(form, problems)
            break
    summary = grants.summarise(grant, timeutil.now())
    return render_template(
        "secretariat/grant.html", cycle=cycle, grant=grant, summary=summary,
        claims=grant.claims, pending=pending, statuses=grants.status_labels(),
        claim_statuses=grants.claim_status_labels(), claim_form=claim_form,
        reject_forms=reject_forms, validity_form=validity_form, confirm=ConfirmForm(),
        errors=errors, today=grants.local_day(timeutil.now()), format_plain=format_plain,
    ), status


@bp.get("/<int:year>/rejsegodtgoerelse")
@secretariat_required
def grant_page(year: int):
    return grant_view(load_cycle(year))


def receipt_from_request() -> Upload | None:
    """The chosen receipt; a file name's control characters are dropped, as in every field."""
    file = request.files.get("receipt")
    if not file or not file.filename:
        return None
    return Upload(CONTROL_IN_LINE.sub("", file.filename) or "kvittering", file.read())


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter", methods=["POST"])
@secretariat_required
@commits
def grant_add_claim(year: int):
    cycle = load_cycle(year)
    grant = load_grant(cycle)
    form = ClaimForm()
    receipt = receipt_from_request()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            claim = grants.add_claim(
                grant, travel_date=form.travel_date.day, event=form.event.data,
                place=form.place.data, description=form.description.data or "",
                amount_ore=form.amount_ore, receipt=receipt,
                max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"],
                actor=current_user.email, at=timeutil.now())
            flash(_("Udgift nr. %(id)d på %(amount)s er tilføjet og venter på godkendelse.",
                    id=claim.id, amount=format_kroner(claim.amount_ore)), "success")
            return redirect(url_for(".grant_page", year=year, _anchor=f"udgift-{claim.id}"))
    if receipt is not None:
        # A refused post keeps no file: say so beside the field, so nobody believes it is.
        form.receipt.errors = [*form.receipt.errors, _(
            "Filen %(name)s er ikke gemt. Vælg den igen, når du har rettet fejlene.",
            name=receipt.filename)]
    return grant_view(cycle, claim_form=form, problems=problems, status=400)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:claim_id>/godkend", methods=["POST"])
@secretariat_required
@commits
def grant_approve(year: int, claim_id: int):
    cycle = load_cycle(year)
    grant = load_grant(cycle)
    if grants.claim_by_id(grant, claim_id) is None:
        abort(404)
    confirm = ConfirmForm()
    problems = []
    if confirm.validate_on_submit():
        with refusals(problems):
            claim = grants.approve(grant, claim_id, actor=current_user.email,
                                   at=timeutil.now())
            balance = grants.summarise(grant, timeutil.now()).balance_ore
            flash(_("Udgift nr. %(id)d på %(amount)s er godkendt. Der er %(balance)s tilbage af "
                    "bevillingen.", id=claim.id, amount=format_kroner(claim.amount_ore),
                    balance=format_kroner(balance)), "success")
            return redirect(url_for(".grant_page", year=year))
    return grant_view(cycle, confirm=confirm, problems=problems, status=400)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:claim_id>/afvis", methods=["POST"])
@secretariat_required
@commits
def grant_reject(year: int, claim_id: int):
    cycle = load_cycle(year)
    grant = load_grant(cycle)
    claim = grants.claim_by_id(grant, claim_id)
    if claim is None:
        abort(404)
    form = reject_form(claim_id)
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            grants.reject(grant, claim_id, form.reason.data, actor=current_user.email,
                          at=timeutil.now())
            flash(_("Udgift nr. %(id)d er afvist.", id=claim_id), "success")
            return redirect(url_for(".grant_page", year=year))
    if claim.status != ClaimStatus.PENDING:  # decided meanwhile: no form to show it in
        return grant_view(cycle, confirm=form, problems=problems, status=400)
    return grant_view(cycle, rejecting=(claim_id, form), problems=problems, status=400)


@bp.route("/<int:year>/rejsegodtgoerelse/gyldighed", methods=["POST"])
@secretariat_required
@commits
def grant_validity(year: int):
    cycle = load_cycle(year)
    grant = load_grant(cycle)
    form = ValidityForm()
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            changed = grants.change_validity(grant, form.valid_until.day,
                                             actor=current_user.email, at=timeutil.now())
            day = timeutil.format_day(grant.valid_until)
            flash(_("Bevillingen gælder nu til og med %(day)s.", day=day) if changed
                  else _("Bevillingen gælder allerede til og med %(day)s. Intet er ændret.",
                         day=day), "success")
            return redirect(url_for(".grant_page", year=year))
    return grant_view(cycle, validity_form=form, problems=problems, status=400)


@bp.get("/<int:year>/rejsegodtgoerelse/bevilling.pdf")
@secretariat_required
@commits
def grant_pdf(year: int):
    grant = load_grant(load_cycle(year))
    now = timeutil.now()
    grants.record_download(grant, "pdf", actor=current_user.email, at=now)
    return download(records.pdf_file(grant, now))


@bp.get("/<int:year>/rejsegodtgoerelse/bevilling.csv")
@secretariat_required
@commits
def grant_csv(year: int):
    grant = load_grant(load_cycle(year))
    grants.record_download(grant, "csv", actor=current_user.email, at=timeutil.now())
    return download(records.csv_file(grant))


@bp.get("/<int:year>/rejsegodtgoerelse/udgifter/<int:claim_id>/kvittering")
@secretariat_required
def grant_receipt(year: int, claim_id: int):
    claim = grants.claim_by_id(load_grant(load_cycle(year)), claim_id)
    if claim is None or claim.receipt_filename is None:
        abort(404)
    return download(File(claim.receipt_data, claim.receipt_media_type, claim.receipt_filename))
