"""The travel grant's rules. No Flask request in here: plain arguments in, the change and its
audit entry out; the caller commits once.

The grant is made with the decision (`create_for_decision`, called by `decide()`): RG-<year>-01
for the winning initiative, the cycle's cap, valid until 31 December of the year after the
award. Claims are added with a receipt; the secretariat approves or rejects each. Approved
claims never add up to more than the cap: approving locks the grant row first and sums the
approved claims again inside the lock, so two approvals at the same moment take turns and the
second sees the first.

A claim for a journey after the last day of validity is refused when added and cannot be
approved (the last day may have been moved meanwhile); one for a journey within it can still be
approved after that day, as receipts come in late.

Status is derived, never stored:
- bevilget: nothing approved yet;
- delvist udbetalt: some approved, a balance left;
- afsluttet: the whole cap approved;
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


class GrantRefused(Refused):
    """A claim or a decision on it that the rules do not allow; the message says why."""


class GrantStatus(enum.StrEnum):
    GRANTED = "granted"  # bevilget
    PARTLY_PAID = "partly_paid"  # delvist udbetalt
    COMPLETED = "completed"  # afsluttet
    EXPIRED = "expired"  # udløbet


def status_labels() -> dict:
    return {GrantStatus.GRANTED: _l("Bevilget"),
            GrantStatus.PARTLY_PAID: _l("Delvist udbetalt"),
            GrantStatus.COMPLETED: _l("Afsluttet"),
            GrantStatus.EXPIRED: _l("Udløbet")}


def claim_status_labels() -> dict:
    return {ClaimStatus.PENDING: _l("Afventer"),
            ClaimStatus.APPROVED: _l("Godkendt"),
            ClaimStatus.REJECTED: _l("Afvist")}


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
    pending_ore: int
    balance_ore: int
    status: GrantStatus
    ledger: list[LedgerLine]

    @property
    def expired(self) -> bool:
        return self.status is GrantStatus.EXPIRED


def approval_order(claims: list[Claim]) -> list[Claim]:
    """Approved claims in the order they were approved."""
    approved = [c for c in claims if c.status == ClaimStatus.APPROVED]
    return sorted(approved, key=lambda c: (c.decided_at, c.id))


def ledger_order(claims: list[Claim]) -> list[Claim]:
    """Every claim: the decided in the order of decision, then those still pending."""
    decided = sorted((c for c in claims if c.status != ClaimStatus.PENDING),
                     key=lambda c: (c.decided_at, c.id))
    return decided + [c for c in claims if c.status == ClaimStatus.PENDING]


def summarise(grant: Grant, at: datetime) -> Summary:
    ledger, total = [], 0
    for claim in approval_order(grant.claims):
        total += claim.amount_ore
        ledger.append(LedgerLine(claim, total, grant.cap_ore - total))
    pending = sum(c.amount_ore for c in grant.claims if c.status == ClaimStatus.PENDING)
    return Summary(cap_ore=grant.cap_ore, approved_ore=total, pending_ore=pending,
                   balance_ore=grant.cap_ore - total,
                   status=status_of(grant.cap_ore, total, grant.valid_until, local_day(at)),
                   ledger=ledger)


def status_of(cap_ore: int, approved_ore: int, valid_until: date, today: date) -> GrantStatus:
    if approved_ore >= cap_ore:
        return GrantStatus.COMPLETED
    if today > valid_until:
        return GrantStatus.EXPIRED
    if approved_ore > 0:
        return GrantStatus.PARTLY_PAID
    return GrantStatus.GRANTED


def claim_by_id(grant: Grant, claim_id: int) -> Claim | None:
    return next((c for c in grant.claims if c.id == claim_id), None)


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


def add_claim(grant: Grant, *, travel_date: date, event: str, place: str, description: str,
              amount_ore: int, receipt: Upload | None, max_bytes: int, actor: str,
              at: datetime) -> Claim:
    """A claim waiting for the secretariat's decision. The amount has been read exactly
    (award.grants.money); a journey after the grant's last day is refused here."""
    event = _text(event, required=_l("Skriv, hvilket arrangement rejsen var til."),
                  too_long=_l("Arrangementet må højst være %(max)d tegn langt.", max=EVENT_MAX),
                  limit=EVENT_MAX)
    place = _text(place, required=_l("Skriv, hvor arrangementet var."),
                  too_long=_l("Stedet må højst være %(max)d tegn langt.", max=PLACE_MAX),
                  limit=PLACE_MAX)
    description = _text(description, required=None, area=True, limit=DESCRIPTION_MAX,
                        too_long=_l("Beskrivelsen må højst være %(max)d tegn lang.",
                                    max=DESCRIPTION_MAX))
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
    receipt = check_receipt(receipt, max_bytes)
    claim = Claim(travel_date=travel_date, event=event, place=place, description=description,
                  amount_ore=amount_ore, status=ClaimStatus.PENDING, created_at=at,
                  created_by=actor, decision_reason="")
    if receipt is not None:
        claim.receipt_filename = receipt.filename
        claim.receipt_media_type = detect_media_type(receipt.data)
        claim.receipt_data = receipt.data
    grant.claims.append(claim)
    db.session.flush()
    audit.record(actor, "grant.claim_added", "grant", grant.reference, at, {
        "claim": claim.id, "amount_ore": amount_ore, "travel_date": travel_date.isoformat(),
        "event": event, "place": place, "receipt": claim.receipt_filename})
    return claim


def lock(grant: Grant) -> None:
    """Hold the grant until the caller commits, so that decisions on its claims take turns;
    then read its claims afresh.

    PostgreSQL locks the row (SELECT … FOR UPDATE). SQLite has no row locks: its first write in
    a transaction takes the database's write lock, so a write that changes nothing does the
    same, and a second writer waits for the first to commit.
    """
    row = Grant.id == grant.id
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.scalar(sa.select(Grant.id).where(row).with_for_update())
    else:
        db.session.execute(sa.update(Grant).where(row).values(id=Grant.id)
                           .execution_options(synchronize_session=False))
    db.session.scalars(sa.select(Grant).where(row)
                       .execution_options(populate_existing=True)).one()
    db.session.scalars(sa.select(Claim).where(Claim.grant_id == grant.id)
                       .execution_options(populate_existing=True)).all()
    db.session.expire(grant, ["claims"])


def approved_total(grant: Grant) -> int:
    """The approved claims' sum, read from the database (inside the lock when deciding).
    PostgreSQL sums a bigint as numeric: back to an int of øre."""
    return int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Claim.amount_ore), 0))
        .where(Claim.grant_id == grant.id, Claim.status == ClaimStatus.APPROVED)))


def _pending_claim(grant: Grant, claim_id: int) -> Claim:
    claim = claim_by_id(grant, claim_id)
    if claim is None:
        raise GrantRefused(_l("Udgift nr. %(id)d findes ikke på bevillingen %(reference)s.",
                              id=claim_id, reference=grant.reference))
    if claim.status == ClaimStatus.APPROVED:
        raise GrantRefused(_l("Udgift nr. %(id)d er allerede godkendt.", id=claim.id))
    if claim.status == ClaimStatus.REJECTED:
        raise GrantRefused(_l("Udgift nr. %(id)d er allerede afvist.", id=claim.id))
    return claim


def approve(grant: Grant, claim_id: int, *, actor: str, at: datetime) -> Claim:
    """Approve a pending claim if the balance covers it; else refused with the balance."""
    lock(grant)
    claim = _pending_claim(grant, claim_id)
    if claim.travel_date > grant.valid_until:
        raise GrantRefused(_l("Udgift nr. %(id)d kan ikke godkendes: rejsen den %(day)s ligger "
                              "efter bevillingens sidste gyldighedsdag, %(until)s.",
                              id=claim.id, day=format_day(claim.travel_date),
                              until=format_day(grant.valid_until)))
    balance = grant.cap_ore - approved_total(grant)
    if claim.amount_ore > balance:
        raise GrantRefused(_l("Udgift nr. %(id)d på %(amount)s kan ikke godkendes, fordi den er "
                              "større end resten af bevillingen. Der er %(balance)s tilbage af "
                              "bevillingen.", id=claim.id, amount=format_kroner(claim.amount_ore),
                              balance=format_kroner(balance)))
    claim.status = ClaimStatus.APPROVED
    claim.decided_at = at
    claim.decided_by = actor
    db.session.flush()
    audit.record(actor, "grant.claim_approved", "grant", grant.reference, at, {
        "claim": claim.id, "amount_ore": claim.amount_ore,
        "balance_ore": balance - claim.amount_ore})
    return claim


def reject(grant: Grant, claim_id: int, reason: str, *, actor: str, at: datetime) -> Claim:
    reason = _text(reason, required=_l("Skriv en begrundelse for afvisningen."), area=True,
                   limit=REASON_MAX, too_long=_l("Begrundelsen må højst være %(max)d tegn "
                                                 "lang.", max=REASON_MAX))
    lock(grant)
    claim = _pending_claim(grant, claim_id)
    claim.status = ClaimStatus.REJECTED
    claim.decided_at = at
    claim.decided_by = actor
    claim.decision_reason = reason
    db.session.flush()
    audit.record(actor, "grant.claim_rejected", "grant", grant.reference, at, {
        "claim": claim.id, "amount_ore": claim.amount_ore, "reason": reason})
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
