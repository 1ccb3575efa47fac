"""Nominations: the initiative, the nominator's answers per criterion, attachments."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from award.cycles.models import Criterion, Cycle
from award.dbtypes import UTCDateTime, utcnow
from award.extensions import db


class NominationStatus(enum.StrEnum):
    DRAFT = "draft"  # being written; not yet a nomination
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Eligibility(enum.StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


class IneligibilityReason(enum.StrEnum):
    NOT_REGIONAL = "not_regional"  # not a regional initiative
    NOT_IMPLEMENTED = "not_implemented"
    OUTSIDE_CALL = "outside_call"
    DUPLICATE = "duplicate"
    OTHER = "other"


class Nomination(db.Model):
    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=NominationStatus.DRAFT)
    # The key of the form session that writes the draft (in the draft's URLs).
    draft_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    reference: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    # SHA-256 of the private edit link's token; the token itself is only in the e-mail.
    edit_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    language: Mapped[str] = mapped_column(sa.String(5), default="da")

    initiative_name: Mapped[str] = mapped_column(sa.String(200), default="")
    region: Mapped[str] = mapped_column(sa.String(100), default="")
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    unit: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    theme_answer: Mapped[str] = mapped_column(sa.Text, default="")

    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    nominator_name: Mapped[str] = mapped_column(sa.String(200), default="")
    nominator_email: Mapped[str] = mapped_column(sa.String(254), default="")
    nominator_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # A postal address, for a nominator the secretariat registers without an e-mail address
    # (the receipt is then a letter); never asked on the public form.
    nominator_address: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    nominator_relation: Mapped[str] = mapped_column(sa.String(20), default="")
    privacy_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Registered by the secretariat (a letter, a phone call, an e-mail): who entered it; None
    # for the public form. After the deadline such a nomination is late and has a reason.
    entered_by: Mapped[str | None] = mapped_column(sa.String(254))
    late_reason: Mapped[str | None] = mapped_column(sa.Text)

    # Screening: None until the secretariat has decided.
    eligibility: Mapped[str | None] = mapped_column(sa.String(20))
    ineligibility_reason: Mapped[str | None] = mapped_column(sa.String(30))
    screening_note: Mapped[str] = mapped_column(sa.Text, default="")
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    screened_by: Mapped[str | None] = mapped_column(sa.String(254))
    # A duplicate merged into another nomination of the same initiative: the kept entry is
    # judged with every merged nomination's answers; the duplicate keeps its reference, receipt
    # and edit link. Undone by clearing it, until round 1 opens.
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nominations.id"), index=True)
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship()
    merged_into: Mapped[Nomination | None] = relationship(
        remote_side="Nomination.id", back_populates="merged")
    merged: Mapped[list[Nomination]] = relationship(
        back_populates="merged_into", order_by="Nomination.reference")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    @property
    def is_late(self) -> bool:
        return self.late_reason is not None

    def answer_for(self, criterion: Criterion) -> str:
        return next((a.text for a in self.answers if a.criterion_id == criterion.id), "")


class Answer(db.Model):
    """The nominator's free text on how the initiative meets one criterion."""

    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("nomination_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(sa.ForeignKey("nominations.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id"))
    text: Mapped[str] = mapped_column(sa.Text, default="")

    nomination: Mapped[Nomination] = relationship(back_populates="answers")
    criterion: Mapped[Criterion] = relationship()


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    nomination: Mapped[Nomination] = relationship(back_populates="attachments")
