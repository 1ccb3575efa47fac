"""The grant's record as files: a formal PDF (every claim and decision, the running balance)
and a CSV for Danish Excel (award/exports/formats.py).

The CSV's headers and words are plain Danish rather than messages of the catalogue, as in the
exports: a spreadsheet built on one year's file still fits the next. The PDF is a page like
the others, rendered from templates/grants/record.html in the person's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from award.exports import formats
from award.exports.formats import DECIMAL, INTEGER, MOMENT, TEXT, Column, Table
from award.grants import services
from award.grants.models import Grant
from award.pdf import render_pdf

CSV_STATUSES = {services.ClaimState.PENDING: "Afventer",
                services.ClaimState.APPROVED: "Godkendt",
                services.ClaimState.PARTLY_APPROVED: "Delvist godkendt",
                services.ClaimState.PAID: "Udbetalt",
                services.ClaimState.REJECTED: "Afvist",
                services.ClaimState.WITHDRAWN: "Trukket tilbage"}
VIA_ORGANISATION = "via organisationen"
CSV_COLUMNS = [
    Column("Bevilling"), Column("Udgift nr.", INTEGER), Column("Rejsedato"),
    Column("Arrangement"), Column("Sted"), Column("Beskrivelse"), Column("Modtager"),
    Column("Udbetales"), Column("Søgt (kr.)", DECIMAL, 2), Column("Status"),
    Column("Afgjort", MOMENT), Column("Afgjort af"), Column("Trukket tilbage", MOMENT),
    Column("Begrundelse"),
    Column("Godkendt (kr.)", DECIMAL, 2), Column("Kvittering"),
    Column("Uden kvittering, fordi"), Column("Udbetalt (kr.)", DECIMAL, 2),
    Column("Udbetalt den"), Column("Udbetaling registreret af"),
    Column("Godkendt i alt (kr.)", DECIMAL, 2), Column("Tilbage af bevillingen (kr.)", DECIMAL, 2),
    Column("Indsendt", MOMENT), Column("Registreret af", TEXT),
]


@dataclass(frozen=True)
class File:
    filename: str
    media_type: str
    data: bytes


def kroner(ore: int) -> Decimal:
    return Decimal(ore).scaleb(-2)


def optional_kroner(ore: int | None) -> Decimal | None:
    return None if ore is None else kroner(ore)


def paid_how(claim) -> str:
    """How the payee is paid, in the CSV's plain Danish."""
    return VIA_ORGANISATION if claim.payee_via_organisation else claim.payee_account


def csv_table(grant: Grant) -> Table:
    """One row per claim, with its number: the decided in the order of decision, then the
    pending and withdrawn. An approved claim's row holds the running totals after it."""
    after = {line.claim.id: line for line in services.summarise(grant, grant.created_at).ledger}
    rows = []
    for claim in services.ledger_order(grant.claims):
        line = after.get(claim.id)
        rows.append([
            grant.reference, claim.number, claim.travel_date.isoformat(), claim.event,
            claim.place, claim.description, claim.payee_name or None, paid_how(claim) or None,
            kroner(claim.amount_ore), CSV_STATUSES[services.claim_state(claim)],
            claim.decided_at, claim.decided_by, claim.withdrawn_at,
            claim.decision_reason or None, optional_kroner(claim.approved_ore),
            claim.receipt_filename, claim.no_receipt_reason or None,
            optional_kroner(claim.paid_ore), claim.paid_on.isoformat() if claim.paid_on else None,
            claim.paid_by, kroner(line.approved_ore) if line else None,
            kroner(line.balance_ore) if line else None, claim.created_at, claim.created_by,
        ])
    return Table(title=grant.reference, columns=CSV_COLUMNS, rows=rows)


def csv_file(grant: Grant) -> File:
    return File(f"{grant.reference}.csv", formats.MEDIA_TYPES[formats.CSV],
                formats.to_csv(csv_table(grant)))


def pdf_file(grant: Grant, at: datetime) -> File:
    """The formal record, A4, dated when it was printed."""
    data = render_pdf("grants/record.html", grant=grant, summary=services.summarise(grant, at),
                      claims=grant.claims, printed_at=at, local_day=services.local_day,
                      statuses=services.status_labels(), claim_state=services.claim_state,
                      claim_states=services.claim_state_labels())
    return File(f"{grant.reference}.pdf", "application/pdf", data)
