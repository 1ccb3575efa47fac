"""The winner's travel grant and the claims against it. Money is integer øre."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from award.cycles.models import Cycle
from award.dbtypes import UTCDateTime
from award.extensions import db
from award.nominations.models import Nomination


class Grant(db.Model):
    """Created with the decision: RG-<year>-01 for the winning initiative, up to the cycle's
    cap. Its status (bevilget, delvist godkendt, delvist udbetalt, opbrugt, afsluttet, udløbet)
    is derived from its approved and paid claims and its validity, never stored."""

    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"),
                                          unique=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    nomination_id: Mapped[int] = mapped_column(sa.ForeignKey("nominations.id"))
    cap_ore: Mapped[int] = mapped_column(sa.BigInteger)
    purpose: Mapped[str] = mapped_column(sa.Text)
    valid_until: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship()
    nomination: Mapped[Nomination] = relationship()
    claims: Mapped[list[Claim]] = relationship(back_populates="grant", order_by="Claim.number",
                                               cascade="all, delete-orphan")


class ClaimStatus(enum.StrEnum):
    """The secretariat's decision on the claim (or its withdrawal). Payment is a later step of
    an approved claim: `paid_at` says it happened, the status stays approved."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Claim(db.Model):
    """A travel expense claimed against the grant: numbered 1, 2, 3 … within the grant, naming
    who is to be paid; approved (in full or in part) or rejected by the secretariat, and paid
    after approval."""

    __tablename__ = "grant_claims"
    __table_args__ = (
        sa.CheckConstraint("amount_ore > 0", name="amount_positive"),
        sa.CheckConstraint("approved_ore > 0 AND approved_ore <= amount_ore",
                           name="approved_within_claimed"),
        sa.CheckConstraint("paid_ore > 0 AND paid_ore <= approved_ore",
                           name="paid_within_approved"),
        sa.UniqueConstraint("grant_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(sa.ForeignKey("grants.id", ondelete="CASCADE"),
                                          index=True)
    # The claim's number within its grant (1, 2, 3 …), given under the grant's lock when the
    # claim is added; never changes. Pages, files and commands name the claim by it.
    number: Mapped[int]
    travel_date: Mapped[date]
    event: Mapped[str] = mapped_column(sa.String(300))
    place: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    amount_ore: Mapped[int] = mapped_column(sa.BigInteger)
    receipt_filename: Mapped[str | None] = mapped_column(sa.String(255))
    receipt_media_type: Mapped[str | None] = mapped_column(sa.String(100))
    receipt_data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    # Why the claim was approved without a receipt (approval asks for one or the other).
    no_receipt_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Who gets the money: a name, and an account reference or "via the organisation".
    payee_name: Mapped[str] = mapped_column(sa.String(200), default="")
    payee_account: Mapped[str] = mapped_column(sa.String(100), default="")
    payee_via_organisation: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default=ClaimStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(sa.String(254))
    # Approved or rejected: when, by whom, and why (a rejection's reason, or why less than
    # claimed was approved).
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(sa.String(254))
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    approved_ore: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Paid: the amount approved, on the day it was paid (paid_on), recorded when and by whom.
    paid_ore: Mapped[int | None] = mapped_column(sa.BigInteger)
    paid_on: Mapped[date | None]
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_by: Mapped[str | None] = mapped_column(sa.String(254))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(sa.String(254))

    grant: Mapped[Grant] = relationship(back_populates="claims")
