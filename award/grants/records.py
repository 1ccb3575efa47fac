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
from award.grants.models import ClaimStatus, Grant
from award.pdf import render_pdf

CSV_STATUSES = {ClaimStatus.PENDING: "Afventer", ClaimStatus.APPROVED: "Godkendt",
                ClaimStatus.REJECTED: "Afvist"}
CSV_COLUMNS = [
    Column("Bevilling"), Column("Udgift nr.", INTEGER), Column("Rejsedato"),
    Column("Arrangement"), Column("Sted"), Column("Beskrivelse"),
    Column("Beløb (kr.)", DECIMAL, 2), Column("Status"), Column("Afgjort", MOMENT),
    Column("Afgjort af"), Column("Begrundelse"), Column("Kvittering"),
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


def csv_table(grant: Grant) -> Table:
    """One row per claim: the decided in the order of decision, then the pending. An approved
    claim's row holds the running totals after it."""
    after = {line.claim.id: line for line in services.summarise(grant, grant.created_at).ledger}
    rows = []
    for claim in services.ledger_order(grant.claims):
        line = after.get(claim.id)
        rows.append([
            grant.reference, claim.id, claim.travel_date.isoformat(), claim.event, claim.place,
            claim.description, kroner(claim.amount_ore), CSV_STATUSES.get(claim.status),
            claim.decided_at, claim.decided_by, claim.decision_reason or None,
            claim.receipt_filename, kroner(line.approved_ore) if line else None,
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
                      statuses=services.status_labels(),
                      claim_statuses=services.claim_status_labels())
    return File(f"{grant.reference}.pdf", "application/pdf", data)
