"""Judging rounds and their panels."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from award.cycles.models import Cycle
from award.dbtypes import UTCDateTime
from award.extensions import db
from award.jury.models import Juror


class Method(enum.StrEnum):
    WEIGHTED = "weighted"
    NORMALISED = "normalised"


class Round(db.Model):
    __tablename__ = "rounds"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    # The first instant at which jurors can no longer change their sheets; None: until closed.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many entries advance to the next round; None for the final round.
    advance_count: Mapped[int | None]
    # The minimum number of submitted sheets per entry.
    quorum: Mapped[int] = mapped_column(default=1)
    method: Mapped[str] = mapped_column(sa.String(20), default=Method.WEIGHTED)
    # True: the whole jury, including jurors added while the round is open.
    whole_jury: Mapped[bool] = mapped_column(default=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship()
    panel: Mapped[list[PanelSeat]] = relationship(back_populates="round",
                                                  cascade="all, delete-orphan")

    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    def accepts_scores(self, moment: datetime) -> bool:
        """Jurors may change their sheets: open, and its deadline has not passed."""
        return self.is_open() and (self.deadline_at is None or moment < self.deadline_at)


class PanelSeat(db.Model):
    """A juror on a round's panel."""

    __tablename__ = "panel_seats"
    __table_args__ = (sa.UniqueConstraint("round_id", "juror_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("jurors.id", ondelete="CASCADE"),
                                          index=True)

    round: Mapped[Round] = relationship(back_populates="panel")
    juror: Mapped[Juror] = relationship()
