"""The jury of a cycle, conflicts of interest and score sheets.

Weights are exact decimals stored as integer hundredths (150 means 1.50), never floats.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from award.auth.models import User
from award.cycles.models import Criterion, Cycle
from award.dbtypes import UTCDateTime, utcnow
from award.extensions import db
from award.nominations.models import Nomination

if TYPE_CHECKING:
    from award.rounds.models import Round


class JurorKind(enum.StrEnum):
    PATIENT_REPRESENTATIVE = "patientrepraesentant"
    PATIENT_ORGANISATION = "patientorganisation"
    EXPERT = "fagperson"


class Juror(db.Model):
    """A user's seat on one cycle's jury."""

    __tablename__ = "jurors"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "user_id"),
                      sa.CheckConstraint("weight_hundredths > 0", name="weight_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[str] = mapped_column(sa.String(30))
    # w_j: 100 means 1.00.
    weight_hundredths: Mapped[int] = mapped_column(default=100)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle: Mapped[Cycle] = relationship()
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def email(self) -> str:
        return self.user.email


class Conflict(db.Model):
    """A conflict of interest: the juror neither sees nor scores the entry, in any round."""

    __tablename__ = "conflicts"
    __table_args__ = (sa.UniqueConstraint("juror_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("jurors.id", ondelete="CASCADE"))
    nomination_id: Mapped[int] = mapped_column(sa.ForeignKey("nominations.id"), index=True)
    reason: Mapped[str] = mapped_column(sa.Text)
    # The actor who recorded it: the juror's own e-mail, or the secretariat's.
    recorded_by: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    juror: Mapped[Juror] = relationship()
    nomination: Mapped[Nomination] = relationship()


class SheetStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ScoreSheet(db.Model):
    """One juror's scores on one entry in one round."""

    __tablename__ = "score_sheets"
    __table_args__ = (sa.UniqueConstraint("round_id", "juror_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("jurors.id", ondelete="CASCADE"),
                                          index=True)
    nomination_id: Mapped[int] = mapped_column(sa.ForeignKey("nominations.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=SheetStatus.DRAFT)
    overall_comment: Mapped[str] = mapped_column(sa.Text, default="")
    # The actor who last saved it: the juror's e-mail, a secretariat user's, or "system".
    entered_by: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    juror: Mapped[Juror] = relationship()
    nomination: Mapped[Nomination] = relationship()
    scores: Mapped[list[Score]] = relationship(back_populates="sheet",
                                               cascade="all, delete-orphan")

    @property
    def submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED

    def score_for(self, criterion: Criterion) -> Score | None:
        return next((s for s in self.scores if s.criterion_id == criterion.id), None)


class Score(db.Model):
    __tablename__ = "scores"
    __table_args__ = (sa.UniqueConstraint("sheet_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("score_sheets.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("criteria.id"))
    # None in a draft where only a comment has been written so far.
    value: Mapped[int | None]
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()
