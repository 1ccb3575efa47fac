"""The travel grant's rules. No Flask request in here: plain arguments in, the change and its
audit entry out; the caller commits once.

The grant is made with the decision (`create_for_decision`, called by `decide()`): RG-<year>-01
for the winning initiative, the cycle's cap, valid until 31 December of the year after the
award.

Claims are numbered 1, 2, 3 … within the grant. The number is given when the claim is added,
under the grant's lock (as approvals are), is stored and never changes; every page, file and
command names a claim by it. Each claim names its payee: a name, and an account reference or
"via the organisation".

A pending claim can be corrected or withdrawn. Then two steps:
- approval, by the secretariat: in full, or in part with a reason (less than claimed, e.g.
  what the receipts cover); never more than the balance; with a receipt, or a recorded reason
  why there is none; not before the journey has been made. Approved claims never add up to
  more than the cap: approving locks the grant row first and sums the approved amounts again
  inside the lock, so two approvals at the same moment take turns and the second sees the
  first;
- payment, of an approved claim, once: the approved amount, paid on a given day.
A pending claim can instead be rejected (with a reason) or withdrawn.

A claim for a journey after the last day of validity is refused when added and cannot be
approved (the last day may have been moved meanwhile); one for a journey within it can still be
approved after that day, as receipts come in late.

Status is derived, never stored, and never says paid when only approved:
- bevilget: nothing approved yet;
- delvist godkendt: some approved, a balance left, not all of the approved paid;
- delvist udbetalt: some approved, a balance left, all of the approved paid;
- opbrugt: the whole cap approved, not all of it paid yet;
- afsluttet: the whole cap approved and paid;
- udløbet: past the last day of validity with a balance left.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.cycles.models import Cycle
from award.extensions import db
from award.formtools import CONTROL_IN_LINE, CONTROL_IN_TEXT_AREA
from award.grants.models import Claim, ClaimStatus, Grant
from award.locking import hold_row
from award.nominations.attachments import detect_media_type
from award.nominations.models import Nomination
from award.nominations.services import Upload, check_uploads
from award.service import Refused
from award.templating import format_kroner
from award.timeutil import COPENHAGEN, format_day

# The grant's purpose, as the call for nominations words it. Stored on the record (data, not
# a message of the catalogue: it is what was granted).
PURPOSE = "at præsentere initiativet andre steder i sundhedsvæsenet"
EVENT_MAX = 300
PLACE_MAX = 200
DESCRIPTION_MAX = 2000
REASON_MAX = 2000
PAYEE_NAME_MAX = 200
ACCOUNT_MAX = 100


class GrantRefused(Refused):
    """A claim or a decision on it that the rules do not allow; the message says why."""


class GrantStatus(enum.StrEnum):
    GRANTED = "granted"  # bevilget
    PARTLY_APPROVED = "partly_approved"  # delvist godkendt
    PARTLY_PAID = "partly_paid"  # delvist udbetalt
    USED_UP = "used_up"  # opbrugt
    COMPLETED = "completed"  # afsluttet
    EXPIRED = "expired"  # udløbet


def status_labels() -> dict:
    return {GrantStatus.GRANTED: _l("Bevilget"),
            GrantStatus.PARTLY_APPROVED: _l("Delvist godkendt"),
            GrantStatus.PARTLY_PAID: _l("Delvist udbetalt"),
            GrantStatus.USED_UP: _l("Opbrugt"),
            GrantStatus.COMPLETED: _l("Afsluttet"),
            GrantStatus.EXPIRED: _l("Udløbet")}


class ClaimState(enum.StrEnum):
    """What has happened to a claim: its decision, and for an approved one whether it was
    approved in part and whether it has been paid."""

    PENDING = "pending"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    PAID = "paid"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def claim_state(claim: Claim) -> ClaimState:
    if claim.status == ClaimStatus.APPROVED:
        if claim.paid_at is not None:
            return ClaimState.PAID
        if claim.approved_ore is not None and claim.approved_ore < claim.amount_ore:
            return ClaimState.PARTLY_APPROVED
        return ClaimState.APPROVED
    return ClaimState(str(claim.status))


def claim_state_labels() -> dict:
    return {ClaimState.PENDING: _l("Afventer"),
            ClaimState.APPROVED: _l("Godkendt"),
            ClaimState.PARTLY_APPROVED: _l("Delvist godkendt"),
            ClaimState.PAID: _l("Udbetalt"),
            ClaimState.REJECTED: _l("Afvist"),
            ClaimState.WITHDRAWN: _l("Trukket tilbage")}


# ---------------------------------------------------------------- the record


def reference_for(cycle: Cycle) -> str:
    return f"RG-{cycle.year}-01"


def default_valid_until(cycle: Cycle) -> date:
    """31 December of the year after the award (the cycle's year)."""
    return date(cycle.year + 1, 12, 31)


def create_for_decision(cycle: Cycle, nomination: Nomination, *, actor: str,
                        at: datetime) -> Grant:
    """The grant for the cycle's winner, made in the decision's transaction."""
    if grant_for(cycle) is not None:
        raise GrantRefused(_l("Der er allerede en bevilling for %(year)d.", year=cycle.year))
    grant = Grant(cycle_id=cycle.id, reference=reference_for(cycle),
                  nomination_id=nomination.id, cap_ore=cycle.grant_cap_ore, purpose=PURPOSE,
                  valid_until=default_valid_until(cycle), created_at=at)
    db.session.add(grant)
    db.session.flush()
    audit.record(actor, "grant.created", "grant", grant.reference, at, {
        "year": cycle.year, "nomination": nomination.reference, "cap_ore": grant.cap_ore,
        "valid_until": grant.valid_until.isoformat()})
    return grant


def grant_for(cycle: Cycle) -> Grant | None:
    return db.session.scalar(sa.select(Grant).where(Grant.cycle_id == cycle.id))


def local_day(moment: datetime) -> date:
    """The day in Copenhagen: validity ends with the last day, Danish time."""
    return moment.astimezone(COPENHAGEN).date()


@dataclass(frozen=True)
class LedgerLine:
    """An approved claim, in the order of approval, with the totals after it."""

    claim: Claim
    approved_ore: int
    balance_ore: int


@dataclass(frozen=True)
class Summary:
    cap_ore: int
    approved_ore: int
    paid_ore: int
    pending_ore: int
    balance_ore: int
    status: GrantStatus
    ledger: list[LedgerLine]

    @property
    def expired(self) -> bool:
        return self.status is GrantStatus.EXPIRED

    @property
    def unpaid_ore(self) -> int:
        """Approved, not paid yet."""
        return self.approved_ore - self.paid_ore


def approval_order(claims: list[Claim]) -> list[Claim]:
    """Approved claims in the order they were approved."""
    approved = [c for c in claims if c.status == ClaimStatus.APPROVED]
    return sorted(approved, key=lambda c: (c.decided_at, c.number))


def ledger_order(claims: list[Claim]) -> list[Claim]:
    """Every claim: the decided in the order of decision, then the others (pending, withdrawn)
    by number."""
    decided = sorted((c for c in claims if c.decided_at is not None),
                     key=lambda c: (c.decided_at, c.number))
    return decided + sorted((c for c in claims if c.decided_at is None),
                            key=lambda c: c.number)


def summarise(grant: Grant, at: datetime) -> Summary:
    ledger, total = [], 0
    for claim in approval_order(grant.claims):
        total += claim.approved_ore
        ledger.append(LedgerLine(claim, total, grant.cap_ore - total))
    paid = sum(c.paid_ore or 0 for c in grant.claims)
    pending = sum(c.amount_ore for c in grant.claims if c.status == ClaimStatus.PENDING)
    return Summary(cap_ore=grant.cap_ore, approved_ore=total, paid_ore=paid,
                   pending_ore=pending, balance_ore=grant.cap_ore - total,
                   status=status_of(grant.cap_ore, total, paid, grant.valid_until,
                                    local_day(at)),
                   ledger=ledger)


def status_of(cap_ore: int, approved_ore: int, paid_ore: int, valid_until: date,
              today: date) -> GrantStatus:
    if approved_ore >= cap_ore:
        return GrantStatus.COMPLETED if paid_ore >= approved_ore else GrantStatus.USED_UP
    if today > valid_until:
        return GrantStatus.EXPIRED
    if approved_ore == 0:
        return GrantStatus.GRANTED
    if paid_ore >= approved_ore:
        return GrantStatus.PARTLY_PAID
    return GrantStatus.PARTLY_APPROVED


def claim_by_number(grant: Grant, number: int) -> Claim | None:
    return next((c for c in grant.claims if c.number == number), None)


# ---------------------------------------------------------------- claims


def _text(value: str | None, *, required, too_long, limit: int, area: bool = False) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    pattern = CONTROL_IN_TEXT_AREA if area else CONTROL_IN_LINE
    if pattern.search(text):
        raise GrantRefused(_l("Teksten indeholder usynlige tegn (kontroltegn), som ikke kan "
                              "gemmes. Skriv den igen uden dem."))
    if required is not None and not text:
        raise GrantRefused(required)
    if len(text) > limit:
        raise GrantRefused(too_long)
    return text


def _reason(value: str | None, required) -> str:
    return _text(value, required=required, area=True, limit=REASON_MAX,
                 too_long=_l("Begrundelsen må højst være %(max)d tegn lang.", max=REASON_MAX))


def check_receipt(receipt: Upload | None, max_bytes: int) -> Upload | None:
    """The receipt, if it passes the nominations' content checks (PDF, DOCX, PNG or JPEG by
    what the file holds, not empty, not too large); else refused with their message."""
    if receipt is None:
        return None
    name = CONTROL_IN_LINE.sub("", receipt.filename).strip()[:255] or "kvittering"
    accepted, problems = check_uploads(None, [Upload(name, receipt.data)], max_count=1,
                                       max_bytes=max_bytes)
    if problems:
        raise GrantRefused(problems[0])
    return accepted[0]


@dataclass(frozen=True)
class ClaimDetails:
    """What a claim says, as added or corrected: the journey, the amount and the payee.
    `payee_account` is the account reference; empty when paid via the organisation."""

    travel_date: date
    event: str
    place: str
    description: str
    amount_ore: int
    payee_name: str
    payee_account: str = ""
    payee_via_organisation: bool = False


def checked_details(grant: Grant, details: ClaimDetails) -> ClaimDetails:
    """The details cleaned (white space) and checked against the grant; refused with the
    first problem. The amount has been read exactly (award.grants.money)."""
    event = _text(details.event, required=_l("Skriv, hvilket arrangement rejsen var til."),
                  too_long=_l("Arrangementet må højst være %(max)d tegn langt.", max=EVENT_MAX),
                  limit=EVENT_MAX)
    place = _text(details.place, required=_l("Skriv, hvor arrangementet var."),
                  too_long=_l("Stedet må højst være %(max)d tegn langt.", max=PLACE_MAX),
                  limit=PLACE_MAX)
    description = _text(details.description, required=None, area=True, limit=DESCRIPTION_MAX,
                        too_long=_l("Beskrivelsen må højst være %(max)d tegn lang.",
                                    max=DESCRIPTION_MAX))
    payee_name = _text(details.payee_name, required=_l("Skriv, hvem pengene skal udbetales "
                                                       "til."),
                       too_long=_l("Modtagerens navn må højst være %(max)d tegn langt.",
                                   max=PAYEE_NAME_MAX), limit=PAYEE_NAME_MAX)
    account = _text(details.payee_account, required=None, limit=ACCOUNT_MAX,
                    too_long=_l("Kontoreferencen må højst være %(max)d tegn lang.",
                                max=ACCOUNT_MAX))
    if details.payee_via_organisation and account:
        raise GrantRefused(_l("Pengene udbetales enten til en konto eller via organisationen. "
                              "Vælg det ene."))
    if not details.payee_via_organisation and not account:
        raise GrantRefused(_l("Skriv modtagerens kontoreference, eller vælg, at pengene "
                              "udbetales via organisationen."))
    amount_ore, travel_date = details.amount_ore, details.travel_date
    if amount_ore <= 0:
        raise GrantRefused(_l("Beløbet skal være større end 0 kr."))
    if amount_ore > grant.cap_ore:
        raise GrantRefused(_l("Beløbet på %(amount)s er større end hele bevillingen "
                              "(%(cap)s).", amount=format_kroner(amount_ore),
                              cap=format_kroner(grant.cap_ore)))
    if travel_date > grant.valid_until:
        raise GrantRefused(_l("Rejsen den %(day)s ligger efter bevillingens sidste "
                              "gyldighedsdag, %(until)s. Udgiften kan ikke dækkes.",
                              day=format_day(travel_date), until=format_day(grant.valid_until)))
    given = local_day(grant.created_at)
    if travel_date < given:
        raise GrantRefused(_l("Rejsen den %(day)s ligger før bevillingen blev givet "
                              "(%(given)s). Udgiften kan ikke dækkes.",
                              day=format_day(travel_date), given=format_day(given)))
    return ClaimDetails(travel_date=travel_date, event=event, place=place,
                        description=description, amount_ore=amount_ore, payee_name=payee_name,
                        payee_account=account,
                        payee_via_organisation=details.payee_via_organisation)


def _attach(claim: Claim, receipt: Upload) -> None:
    claim.receipt_filename = receipt.filename
    claim.receipt_media_type = detect_media_type(receipt.data)
    claim.receipt_data = receipt.data


def _audited_details(claim: Claim) -> dict:
    return {"amount_ore": claim.amount_ore, "travel_date": claim.travel_date.isoformat(),
            "event": claim.event, "place": claim.place, "description": claim.description,
            "payee_name": claim.payee_name, "payee_account": claim.payee_account,
            "payee_via_organisation": claim.payee_via_organisation,
            "receipt": claim.receipt_filename}


def add_claim(grant: Grant, details: ClaimDetails, *, receipt: Upload | None, max_bytes: int,
              actor: str, at: datetime) -> Claim:
    """A claim waiting for the secretariat's decision, with the grant's next number. A
    journey after the grant's last day (or before it was given) is refused here; one not yet
    made may be claimed, but is approved only once it has been."""
    details = checked_details(grant, details)
    receipt = check_receipt(receipt, max_bytes)
    lock(grant)
    number = 1 + db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Claim.number), 0))
        .where(Claim.grant_id == grant.id))
    claim = Claim(number=number, status=ClaimStatus.PENDING, created_at=at, created_by=actor,
                  decision_reason="", no_receipt_reason="", **details.__dict__)
    if receipt is not None:
        _attach(claim, receipt)
    grant.claims.append(claim)
    db.session.flush()
    audit.record(actor, "grant.claim_added", "grant", grant.reference, at, {
        "claim": claim.number, **_audited_details(claim)})
    return claim


def lock(grant: Grant) -> None:
    """Hold the grant until the caller commits, so that numbering and decisions on its claims
    take turns (award.locking); then read its claims afresh."""
    hold_row(Grant, grant.id)
    row = Grant.id == grant.id
    db.session.scalars(sa.select(Grant).where(row)
                       .execution_options(populate_existing=True)).one()
    db.session.scalars(sa.select(Claim).where(Claim.grant_id == grant.id)
                       .execution_options(populate_existing=True)).all()
    db.session.expire(grant, ["claims"])


def approved_total(grant: Grant) -> int:
    """The approved amounts' sum, read from the database (inside the lock when deciding).
    PostgreSQL sums a bigint as numeric: back to an int of øre."""
    return int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Claim.approved_ore), 0))
        .where(Claim.grant_id == grant.id, Claim.status == ClaimStatus.APPROVED)))


def _claim(grant: Grant, number: int) -> Claim:
    claim = claim_by_number(grant, number)
    if claim is None:
        raise GrantRefused(_l("Udgift nr. %(number)d findes ikke på bevillingen "
                              "%(reference)s.", number=number, reference=grant.reference))
    return claim


def _pending_claim(grant: Grant, number: int) -> Claim:
    claim = _claim(grant, number)
    if claim.status == ClaimStatus.APPROVED:
        raise GrantRefused(_l("Udgift nr. %(number)d er allerede godkendt.",
                              number=claim.number))
    if claim.status == ClaimStatus.REJECTED:
        raise GrantRefused(_l("Udgift nr. %(number)d er allerede afvist.", number=claim.number))
    if claim.status == ClaimStatus.WITHDRAWN:
        raise GrantRefused(_l("Udgift nr. %(number)d er trukket tilbage.", number=claim.number))
    return claim


def correct_claim(grant: Grant, number: int, details: ClaimDetails, *,
                  receipt: Upload | None, max_bytes: int, actor: str, at: datetime) -> dict:
    """Correct a pending claim: its details, and a receipt added or replaced (None keeps the
    one it has). Returns what changed, {field: [before, after]}; empty when nothing did."""
    details = checked_details(grant, details)
    receipt = check_receipt(receipt, max_bytes)
    lock(grant)
    claim = _pending_claim(grant, number)
    before = _audited_details(claim)
    for field, value in details.__dict__.items():
        setattr(claim, field, value)
    if receipt is not None:
        _attach(claim, receipt)
    after = _audited_details(claim)
    changes = {field: [before[field], after[field]] for field in before
               if before[field] != after[field] or (field == "receipt" and receipt)}
    if changes:
        db.session.flush()
        audit.record(actor, "grant.claim_corrected", "grant", grant.reference, at, {
            "claim": claim.number, "changes": changes})
    return changes


def withdraw(grant: Grant, number: int, reason: str, *, actor: str, at: datetime) -> Claim:
    """Withdraw a pending claim (the recipient no longer claims it); the reason is optional."""
    reason = _reason(reason, required=None)
    lock(grant)
    claim = _pending_claim(grant, number)
    claim.status = ClaimStatus.WITHDRAWN
    claim.withdrawn_at = at
    claim.withdrawn_by = actor
    claim.decision_reason = reason
    db.session.flush()
    audit.record(actor, "grant.claim_withdrawn", "grant", grant.reference, at, {
        "claim": claim.number, "amount_ore": claim.amount_ore, "reason": reason})
    return claim


def approval_problem(grant: Grant, claim: Claim, today: date) -> str | None:
    """Why the claim cannot be approved at all today, whatever is filled in; None if it can."""
    if claim.travel_date > grant.valid_until:
        return _l("Udgift nr. %(number)d kan ikke godkendes: rejsen den %(day)s ligger efter "
                  "bevillingens sidste gyldighedsdag, %(until)s.", number=claim.number,
                  day=format_day(claim.travel_date), until=format_day(grant.valid_until))
    if claim.travel_date > today:
        return _l("Udgift nr. %(number)d kan ikke godkendes endnu: rejsen den %(day)s er ikke "
                  "foretaget. Den kan godkendes fra den dag.", number=claim.number,
                  day=format_day(claim.travel_date))
    if not claim.payee_name:
        return _l("Udgift nr. %(number)d kan ikke godkendes, fordi den ikke siger, hvem "
                  "pengene skal udbetales til. Ret udgiften først.", number=claim.number)
    return None


def approve(grant: Grant, number: int, *, actor: str, at: datetime,
            amount_ore: int | None = None, reason: str = "",
            no_receipt_reason: str = "") -> Claim:
    """Approve a pending claim: in full (amount_ore None or the amount claimed) or in part
    with a reason, up to the balance; with a receipt or a reason why there is none."""
    reason = _reason(reason, required=None)
    no_receipt_reason = _reason(no_receipt_reason, required=None)
    lock(grant)
    claim = _pending_claim(grant, number)
    problem = approval_problem(grant, claim, local_day(at))
    if problem:
        raise GrantRefused(problem)
    if claim.receipt_filename is None and not no_receipt_reason:
        raise GrantRefused(_l("Udgift nr. %(number)d har ingen kvittering. Tilføj den ved at "
                              "rette udgiften, eller skriv, hvorfor der ikke er nogen.",
                              number=claim.number))
    approved = claim.amount_ore if amount_ore is None else amount_ore
    if approved <= 0:
        raise GrantRefused(_l("Det godkendte beløb skal være større end 0 kr."))
    if approved > claim.amount_ore:
        raise GrantRefused(_l("Der kan højst godkendes %(amount)s, som er det beløb, der er "
                              "søgt om.", amount=format_kroner(claim.amount_ore)))
    if approved < claim.amount_ore and not reason:
        raise GrantRefused(_l("Skriv en begrundelse, når der godkendes mindre end de "
                              "%(amount)s, der er søgt om.",
                              amount=format_kroner(claim.amount_ore)))
    balance = grant.cap_ore - approved_total(grant)
    if approved > balance:
        raise GrantRefused(_l("Udgift nr. %(number)d kan ikke godkendes med %(amount)s, fordi "
                              "det er mere end resten af bevillingen. Der er %(balance)s "
                              "tilbage af bevillingen.", number=claim.number,
                              amount=format_kroner(approved), balance=format_kroner(balance)))
    claim.status = ClaimStatus.APPROVED
    claim.approved_ore = approved
    claim.decided_at = at
    claim.decided_by = actor
    claim.decision_reason = reason if approved < claim.amount_ore else ""
    if claim.receipt_filename is None:
        claim.no_receipt_reason = no_receipt_reason
    db.session.flush()
    audit.record(actor, "grant.claim_approved", "grant", grant.reference, at, {
        "claim": claim.number, "amount_ore": claim.amount_ore, "approved_ore": approved,
        "reason": claim.decision_reason, "no_receipt_reason": claim.no_receipt_reason,
        "balance_ore": balance - approved})
    return claim


def pay(grant: Grant, number: int, paid_on: date, *, actor: str, at: datetime) -> Claim:
    """Record that an approved claim was paid: its approved amount, on `paid_on` (not before
    the approval, not in the future). Once."""
    lock(grant)
    claim = _claim(grant, number)
    if claim.status == ClaimStatus.PENDING:
        raise GrantRefused(_l("Udgift nr. %(number)d er ikke godkendt endnu, så den kan ikke "
                              "udbetales.", number=claim.number))
    if claim.status != ClaimStatus.APPROVED:
        raise GrantRefused(_l("Udgift nr. %(number)d er ikke godkendt, så den kan ikke "
                              "udbetales.", number=claim.number))
    if claim.paid_at is not None:
        raise GrantRefused(_l("Udgift nr. %(number)d er allerede udbetalt den %(day)s.",
                              number=claim.number, day=format_day(claim.paid_on)))
    approved_on = local_day(claim.decided_at)
    if paid_on < approved_on:
        raise GrantRefused(_l("Udbetalingen kan ikke ligge før godkendelsen den %(day)s.",
                              day=format_day(approved_on)))
    if paid_on > local_day(at):
        raise GrantRefused(_l("Udbetalingsdatoen %(day)s er ikke kommet endnu. Registrér "
                              "udbetalingen, når den er sket.", day=format_day(paid_on)))
    claim.paid_ore = claim.approved_ore
    claim.paid_on = paid_on
    claim.paid_at = at
    claim.paid_by = actor
    db.session.flush()
    audit.record(actor, "grant.claim_paid", "grant", grant.reference, at, {
        "claim": claim.number, "paid_ore": claim.paid_ore, "paid_on": paid_on.isoformat(),
        "payee_name": claim.payee_name, "payee_account": claim.payee_account,
        "payee_via_organisation": claim.payee_via_organisation})
    return claim


def reject(grant: Grant, number: int, reason: str, *, actor: str, at: datetime) -> Claim:
    reason = _reason(reason, required=_l("Skriv en begrundelse for afvisningen."))
    lock(grant)
    claim = _pending_claim(grant, number)
    claim.status = ClaimStatus.REJECTED
    claim.decided_at = at
    claim.decided_by = actor
    claim.decision_reason = reason
    db.session.flush()
    audit.record(actor, "grant.claim_rejected", "grant", grant.reference, at, {
        "claim": claim.number, "amount_ore": claim.amount_ore, "reason": reason})
    return claim


def change_validity(grant: Grant, until: date, *, actor: str, at: datetime) -> bool:
    """Move the grant's last day; False when it is that day already. It cannot end before it
    was given, nor before a journey whose claim has been approved."""
    lock(grant)
    if until == grant.valid_until:
        return False
    given = local_day(grant.created_at)
    if until < given:
        raise GrantRefused(_l("Bevillingen kan ikke udløbe før den dag, den blev givet "
                              "(%(day)s).", day=format_day(given)))
    latest = max((c.travel_date for c in grant.claims if c.status == ClaimStatus.APPROVED),
                 default=None)
    if latest is not None and until < latest:
        raise GrantRefused(_l("Der er godkendt en udgift til en rejse den %(day)s, så "
                              "bevillingen kan ikke udløbe før den dag.", day=format_day(latest)))
    before = grant.valid_until
    grant.valid_until = until
    db.session.flush()
    audit.record(actor, "grant.validity_changed", "grant", grant.reference, at, {
        "from": before.isoformat(), "to": until.isoformat()})
    return True


def record_download(grant: Grant, what: str, *, actor: str, at: datetime) -> None:
    """A download of the record (PDF or CSV), in the audit log like the exports."""
    audit.record(actor, "grant.downloaded", "grant", grant.reference, at, {"format": what})
