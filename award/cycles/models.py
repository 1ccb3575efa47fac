"""A cycle (one year of the award) and its criteria. Its phase is derived, never stored."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from award.dbtypes import UTCDateTime, utcnow
from award.extensions import db

if TYPE_CHECKING:
    from award.announcements.models import Announcement
    from award.rounds.models import Decision

CROSS_REGIONAL = "Tværregionalt"


class Phase(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    JUDGING = "judging"
    DECIDED = "decided"
    ANNOUNCED = "announced"
    ARCHIVED = "archived"


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
    # Personal data of nominators and contact persons is kept this many months after the
    # announcement, then purged (award purge); purged_at records when.
    retention_months: Mapped[int] = mapped_column(default=12, server_default="12")
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who signs the diploma.
    signatory_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    signatory_title: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # When the secretariat published the cycle's nominations on /indstillinger/<year>.
    nominations_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="cycle", order_by="Criterion.number", cascade="all, delete-orphan"
    )
    # The recorded winner (award.rounds.models.Decision), which makes the cycle decided.
    decision: Mapped[Decision | None] = relationship(viewonly=True)
    announcement: Mapped[Announcement | None] = relationship(back_populates="cycle")

    def phase(self, moment: datetime) -> Phase:
        # What was recorded outranks the clock: a deadline moved later after the winner was
        # recorded does not open the call again.
        if self.purged_at is not None:
            return Phase.ARCHIVED
        if self.announcement is not None and self.announcement.published_at is not None:
            return Phase.ANNOUNCED
        if self.decision is not None:
            return Phase.DECIDED
        if moment < self.opens_at:
            return Phase.DRAFT
        if moment < self.deadline_at:
            return Phase.OPEN
        return Phase.JUDGING

    def is_decided(self, moment: datetime) -> bool:
        """The winner is recorded (decided, announced or archived): the cycle takes no more
        nominations by any route."""
        return self.phase(moment) in (Phase.DECIDED, Phase.ANNOUNCED, Phase.ARCHIVED)

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
