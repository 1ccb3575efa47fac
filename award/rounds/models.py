"""Judging rounds and their panels."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from award.cycles.models import Cycle
from award.dbtypes import UTCDateTime
from award.extensions import db
from award.jury.models import Juror
from award.nominations.models import Nomination


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
    closed_by: Mapped[str | None] = mapped_column(sa.String(254))
    # Set when the secretariat advanced the top entries to the next round.
    advanced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship()
    panel: Mapped[list[PanelSeat]] = relationship(back_populates="round",
                                                  cascade="all, delete-orphan")
    entries: Mapped[list[RoundEntry]] = relationship(back_populates="round",
                                                     cascade="all, delete-orphan")

    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    def accepts_scores(self, moment: datetime) -> bool:
        """Jurors may change their sheets: open, and its deadline has not passed."""
        return self.is_open() and (self.deadline_at is None or moment < self.deadline_at)

    def order_settled(self) -> bool:
        """The ranking can no longer be changed: the best have advanced, or the winner was
        chosen from this round."""
        decision = self.cycle.decision
        return self.advanced_at is not None or (decision is not None
                                                and decision.round_id == self.id)


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


class RoundEntry(db.Model):
    """An entry of a round, fixed when the round opens: round 1's are the eligible
    nominations, round N+1's those advanced from round N."""

    __tablename__ = "round_entries"
    __table_args__ = (sa.UniqueConstraint("round_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(sa.ForeignKey("nominations.id"), index=True)

    round: Mapped[Round] = relationship(back_populates="entries")
    nomination: Mapped[Nomination] = relationship()


class RoundResult(db.Model):
    """The snapshot stored when a round closes, never changed afterwards: the inputs of the
    computation as they were (every counted sheet's aggregated scores, the weights, the
    method, the tie-break chain, quorum and cut) and the outcome computed from them."""

    __tablename__ = "round_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"),
                                          unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    inputs: Mapped[dict] = deferred(mapped_column(sa.JSON))
    # What was left out at close, for the explanation: conflicts, drafts, missing sheets.
    left_out: Mapped[dict] = deferred(mapped_column(sa.JSON))

    round: Mapped[Round] = relationship()


class Resolution(db.Model):
    """The secretariat's order for entries the formula left tied (or tied across the cut
    line), with the reason. Applied on top of the snapshot; the snapshot itself stays."""

    __tablename__ = "round_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"),
                                          index=True)
    # Nomination ids, first place first.
    order: Mapped[list[int]] = mapped_column(sa.JSON)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Decision(db.Model):
    """The winner of a cycle, recorded by the secretariat from the final round."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"),
                                          unique=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id"))
    nomination_id: Mapped[int] = mapped_column(sa.ForeignKey("nominations.id"))
    # Required when the winner is not the final round's first.
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by: Mapped[str] = mapped_column(sa.String(254))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship()
    round: Mapped[Round] = relationship()
    nomination: Mapped[Nomination] = relationship()
