"""The secretariat's page for the winner's travel grant: the record, its numbered claims and
their decisions and payments, the running balance; adding a claim with its payee and receipt,
rejecting, moving the last day of validity; a page of its own for each step on a claim that
says what will happen first (correct, withdraw, approve, pay); the record as PDF and CSV, and
each receipt, as downloads."""


from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from award import timeutil
from award.auth import secretariat_required
from award.cycles.models import Cycle
from award.formtools import CONTROL_IN_LINE, ConfirmForm, error_summary
from award.grants import records
from award.grants import services as grants
from award.grants.forms import (
    ACCOUNT,
    ORGANISATION,
    ApproveForm,
    ClaimForm,
    PayForm,
    RejectForm,
    ValidityForm,
    WithdrawForm,
)
from award.grants.models import Claim, ClaimStatus, Grant
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


def reject_form(number: int, **kwargs) -> RejectForm:
    return RejectForm(prefix=f"afvis-{number}", **kwargs)


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
    unpaid = [c for c in grant.claims
              if c.status == ClaimStatus.APPROVED and c.paid_at is None]
    reject_forms = {c.number: reject_form(c.number, formdata=None) for c in pending}
    posted = None
    if rejecting is not None:
        reject_forms[rejecting[0]] = posted = rejecting[1]
    errors = [(message, None) for message in problems]
    for form in (posted, claim_form, validity_form, confirm):
        if form is not None and form.errors:
            errors = error_summary(form, problems, order=CLAIM_ORDER
                                   if form is claim_form else None)
            break
    now = timeutil.now()
    summary = grants.summarise(grant, now)
    return render_template(
        "secretariat/grant.html", cycle=cycle, grant=grant, summary=summary,
        claims=grant.claims, pending=pending, unpaid=unpaid, statuses=grants.status_labels(),
        claim_state=grants.claim_state, claim_states=grants.claim_state_labels(),
        claim_form=claim_form, reject_forms=reject_forms, validity_form=validity_form,
        confirm=ConfirmForm(), errors=errors, today=grants.local_day(now),
        approval_problem=grants.approval_problem, format_plain=format_plain,
    ), status


# The claim form's fields in the order the page shows them (the receipt last).
CLAIM_ORDER = ["csrf_token", "travel_date", "event", "place", "description", "amount",
               "payee_name", "payee_method", "payee_account", "receipt"]


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


def keep_no_file(form: ClaimForm, receipt: Upload | None) -> None:
    """A refused post keeps no file: say so beside the field, so nobody believes it is."""
    if receipt is not None:
        form.receipt.errors = [*form.receipt.errors, _(
            "Filen %(name)s er ikke gemt. Vælg den igen, når du har rettet fejlene.",
            name=receipt.filename)]


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
                grant, form.details(), receipt=receipt,
                max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"],
                actor=current_user.email, at=timeutil.now())
            flash(_("Udgift nr. %(number)d på %(amount)s er tilføjet og venter på "
                    "godkendelse.", number=claim.number,
                    amount=format_kroner(claim.amount_ore)), "success")
            return redirect(url_for(".grant_page", year=year,
                                    _anchor=f"udgift-{claim.number}"))
    keep_no_file(form, receipt)
    return grant_view(cycle, claim_form=form, problems=problems, status=400)


# ---------------------------------------------------------------- one claim's steps
#
# Correcting, withdrawing, approving and paying each have a page of their own: it shows the
# claim, says what will happen and what cannot be undone, and holds the step's form. Sending
# the form does the step; a refusal shows the page again with the reason.

CORRECT, WITHDRAW, APPROVE, PAY = "correct", "withdraw", "approve", "pay"


def load_claim(year: int, number: int) -> tuple[Cycle, Grant, Claim]:
    cycle = load_cycle(year)
    grant = load_grant(cycle)
    claim = grants.claim_by_number(grant, number)
    if claim is None:
        abort(404)
    return cycle, grant, claim


def step_blocked(step: str, grant: Grant, claim: Claim) -> str | None:
    """Why the step cannot be taken on this claim now; None when it can."""
    states = grants.claim_state_labels()
    state = states[grants.claim_state(claim)]
    if step == PAY:
        if claim.status != ClaimStatus.APPROVED:
            return _("Udgift nr. %(number)d kan ikke udbetales, fordi den ikke er godkendt "
                     "(status: %(state)s).", number=claim.number, state=state)
        if claim.paid_at is not None:
            return _("Udgift nr. %(number)d er allerede udbetalt den %(day)s.",
                     number=claim.number, day=timeutil.format_day(claim.paid_on))
        return None
    if claim.status != ClaimStatus.PENDING:
        return _("Udgift nr. %(number)d er ikke længere til behandling (status: %(state)s).",
                 number=claim.number, state=state)
    if step == APPROVE:
        problem = grants.approval_problem(grant, claim, grants.local_day(timeutil.now()))
        return str(problem) if problem else None
    return None


def step_form(step: str, claim: Claim, formdata=None):
    """The step's form; before it is sent, filled in from the claim."""
    if step == CORRECT:
        form = ClaimForm(formdata=formdata, data=None if formdata else {
            "travel_date": danish_date(claim.travel_date), "event": claim.event,
            "place": claim.place, "description": claim.description,
            "amount": format_plain(claim.amount_ore), "payee_name": claim.payee_name,
            "payee_method": ORGANISATION if claim.payee_via_organisation else (
                ACCOUNT if claim.payee_account else None),
            "payee_account": claim.payee_account})
        return form
    if step == APPROVE:
        return ApproveForm(formdata=formdata, data=None if formdata else {
            "amount": format_plain(claim.amount_ore)})
    if step == PAY:
        return PayForm(formdata=formdata, data=None if formdata else {
            "paid_on": danish_date(grants.local_day(timeutil.now()))})
    return WithdrawForm(formdata=formdata)


def step_view(step: str, cycle: Cycle, grant: Grant, claim: Claim, form=None, problems=(),
              status=200):
    form = form or step_form(step, claim)
    errors = (error_summary(form, problems, order=CLAIM_ORDER if step == CORRECT else None)
              if form.errors else [(message, None) for message in problems])
    summary = grants.summarise(grant, timeutil.now())
    return render_template(
        "secretariat/grant_claim.html", step=step, cycle=cycle, grant=grant, claim=claim,
        form=form, errors=errors, blocked=step_blocked(step, grant, claim), summary=summary,
        claim_state=grants.claim_state, claim_states=grants.claim_state_labels(),
    ), status


def claim_step(year: int, number: int, step: str, do):
    """GET: the step's page. POST: `do(grant, claim, form)` does it and returns the message
    to flash; a refusal shows the page again with the reason, changing nothing."""
    cycle, grant, claim = load_claim(year, number)
    if request.method == "GET":
        return step_view(step, cycle, grant, claim)
    form = step_form(step, claim, formdata=request.form)
    receipt = receipt_from_request() if step == CORRECT else None
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            flash(do(grant, claim, form, receipt), "success")
            return redirect(url_for(".grant_page", year=year, _anchor=f"udgift-{number}"))
        cycle, grant, claim = load_claim(year, number)  # rolled back: read afresh
    if step == CORRECT:
        keep_no_file(form, receipt)
    return step_view(step, cycle, grant, claim, form=form, problems=problems, status=400)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:number>/ret", methods=["GET", "POST"])
@secretariat_required
@commits
def grant_correct(year: int, number: int):
    def do(grant, claim, form, receipt):
        changes = grants.correct_claim(
            grant, claim.number, form.details(), receipt=receipt,
            max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"], actor=current_user.email,
            at=timeutil.now())
        return (_("Udgift nr. %(number)d er rettet.", number=number) if changes
                else _("Udgift nr. %(number)d var allerede sådan. Intet er ændret.",
                       number=number))

    return claim_step(year, number, CORRECT, do)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:number>/traek-tilbage",
          methods=["GET", "POST"])
@secretariat_required
@commits
def grant_withdraw(year: int, number: int):
    def do(grant, claim, form, _receipt):
        grants.withdraw(grant, claim.number, form.reason.data, actor=current_user.email,
                        at=timeutil.now())
        return _("Udgift nr. %(number)d er trukket tilbage.", number=number)

    return claim_step(year, number, WITHDRAW, do)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:number>/godkend",
          methods=["GET", "POST"])
@secretariat_required
@commits
def grant_approve(year: int, number: int):
    def do(grant, claim, form, _receipt):
        claim = grants.approve(grant, claim.number, amount_ore=form.amount_ore,
                               reason=form.reason.data, no_receipt_reason=(
                                   form.no_receipt_reason.data),
                               actor=current_user.email, at=timeutil.now())
        balance = grants.summarise(grant, timeutil.now()).balance_ore
        return _("Udgift nr. %(number)d er godkendt med %(amount)s og er ikke udbetalt endnu. "
                 "Der er %(balance)s tilbage af bevillingen.", number=claim.number,
                 amount=format_kroner(claim.approved_ore), balance=format_kroner(balance))

    return claim_step(year, number, APPROVE, do)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:number>/udbetal",
          methods=["GET", "POST"])
@secretariat_required
@commits
def grant_pay(year: int, number: int):
    def do(grant, claim, form, _receipt):
        claim = grants.pay(grant, claim.number, form.paid_on.day, actor=current_user.email,
                           at=timeutil.now())
        return _("Udbetalingen af udgift nr. %(number)d er registreret: %(amount)s til "
                 "%(payee)s den %(day)s.", number=claim.number,
                 amount=format_kroner(claim.paid_ore), payee=claim.payee_name,
                 day=timeutil.format_day(claim.paid_on))

    return claim_step(year, number, PAY, do)


@bp.route("/<int:year>/rejsegodtgoerelse/udgifter/<int:number>/afvis", methods=["POST"])
@secretariat_required
@commits
def grant_reject(year: int, number: int):
    cycle, grant, claim = load_claim(year, number)
    form = reject_form(number)
    problems = []
    if form.validate_on_submit():
        with refusals(problems):
            grants.reject(grant, number, form.reason.data, actor=current_user.email,
                          at=timeutil.now())
            flash(_("Udgift nr. %(number)d er afvist.", number=number), "success")
            return redirect(url_for(".grant_page", year=year))
    if claim.status != ClaimStatus.PENDING:  # decided meanwhile: no form to show it in
        return grant_view(cycle, confirm=form, problems=problems, status=400)
    return grant_view(cycle, rejecting=(number, form), problems=problems, status=400)


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


@bp.get("/<int:year>/rejsegodtgoerelse/udgifter/<int:number>/kvittering")
@secretariat_required
def grant_receipt(year: int, number: int):
    _cycle, _grant, claim = load_claim(year, number)
    if claim.receipt_filename is None:
        abort(404)
    return download(File(claim.receipt_data, claim.receipt_media_type, claim.receipt_filename))
