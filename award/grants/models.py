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
    cap. Its status (bevilget, delvist udbetalt, afsluttet, udløbet) is derived from its
    approved claims and its validity, never stored."""

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
    claims: Mapped[list[Claim]] = relationship(back_populates="grant", order_by="Claim.id",
                                               cascade="all, delete-orphan")


class ClaimStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Claim(db.Model):
    """A travel expense claimed against the grant, approved or rejected by the secretariat."""

    __tablename__ = "grant_claims"
    __table_args__ = (sa.CheckConstraint("amount_ore > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(sa.ForeignKey("grants.id", ondelete="CASCADE"),
                                          index=True)
    travel_date: Mapped[date]
    event: Mapped[str] = mapped_column(sa.String(300))
    place: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    amount_ore: Mapped[int] = mapped_column(sa.BigInteger)
    receipt_filename: Mapped[str | None] = mapped_column(sa.String(255))
    receipt_media_type: Mapped[str | None] = mapped_column(sa.String(100))
    receipt_data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    status: Mapped[str] = mapped_column(sa.String(20), default=ClaimStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(sa.String(254))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(sa.String(254))
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")

    grant: Mapped[Grant] = relationship(back_populates="claims")
