"""The data shared across features: cycles and their criteria, nominations, the outbox,
the audit log. Times are stored in UTC (UTCDateTime); money and weights are integers."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from award.extensions import db

CROSS_REGIONAL = "Tværregionalt"


class UTCDateTime(sa.TypeDecorator):
    """An aware datetime in, an aware UTC datetime out, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; the platform stores aware UTC times only")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Phase(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    JUDGING = "judging"


class Cycle(db.Model):
    """One year of the award. Its phase is derived from its times, never stored."""

    __tablename__ = "cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    theme: Mapped[str] = mapped_column(sa.String(500), default="")
    call_text: Mapped[str] = mapped_column(sa.Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The first instant at which nominations are refused (exclusive).
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    summit_date: Mapped[date | None]
    summit_place: Mapped[str | None] = mapped_column(sa.String(200))
    regions: Mapped[list[str]] = mapped_column(sa.JSON)
    scale_min: Mapped[int] = mapped_column(default=1)
    scale_max: Mapped[int] = mapped_column(default=5)
    # [{"value": 1, "da": "i meget ringe grad", "en": "to a very small extent"}, ...]
    scale_labels: Mapped[list[dict]] = mapped_column(sa.JSON)
    tie_break: Mapped[list[int]] = mapped_column(sa.JSON)
    grant_cap_ore: Mapped[int] = mapped_column(sa.BigInteger, default=1_000_000)
    theme_question_da: Mapped[str | None] = mapped_column(sa.Text)
    theme_question_en: Mapped[str | None] = mapped_column(sa.Text)
    # Last nomination number handed out; incremented atomically at submission.
    nomination_counter: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="cycle", order_by="Criterion.number", cascade="all, delete-orphan"
    )

    def phase(self, moment: datetime) -> Phase:
        if moment < self.opens_at:
            return Phase.DRAFT
        if moment < self.deadline_at:
            return Phase.OPEN
        return Phase.JUDGING

    def accepts_nominations(self, moment: datetime) -> bool:
        return self.phase(moment) is Phase.OPEN

    @property
    def region_choices(self) -> list[str]:
        return [*self.regions, CROSS_REGIONAL]

    def theme_question(self, language: str) -> str | None:
        if language == "en" and self.theme_question_en:
            return self.theme_question_en
        return self.theme_question_da

    def scale_label(self, value: int, language: str) -> str:
        for step in self.scale_labels:
            if step["value"] == value:
                return step.get(language) or step["da"]
        return str(value)


class Criterion(db.Model):
    __tablename__ = "criteria"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"))
    number: Mapped[int]
    text_da: Mapped[str] = mapped_column(sa.Text)
    text_en: Mapped[str] = mapped_column(sa.Text)
    # v_c as an exact decimal with two places: 150 means 1.50.
    weight_hundredths: Mapped[int] = mapped_column(default=100)

    cycle: Mapped[Cycle] = relationship(back_populates="criteria")

    def text(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_da


class NominationStatus(enum.StrEnum):
    DRAFT = "draft"  # being written; not yet a nomination
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


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
    nominator_relation: Mapped[str] = mapped_column(sa.String(20), default="")
    privacy_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="Attachment.id"
    )

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


class OutboxMessage(db.Model):
    """An e-mail written in the same transaction as what caused it, sent after commit."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(50))
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Set while one sender has the message, so two senders (a request, `award mail send`,
    # "Send nu") never send it twice; a sender that dies lets go when the time runs out.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(db.Model):
    """Append-only; each entry's hash covers the previous hash, so edits show."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(100))
    object_type: Mapped[str] = mapped_column(sa.String(50))
    object_id: Mapped[str] = mapped_column(sa.String(100))
    details: Mapped[str] = mapped_column(sa.Text)
    # Unique: two entries can never claim the same predecessor (no forks).
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
