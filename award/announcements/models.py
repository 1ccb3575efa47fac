"""The winner announcement of a cycle: drafted from the data, edited by the secretariat as
Markdown, then published on /vindere/<year>."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from award.cycles.models import Cycle
from award.dbtypes import UTCDateTime
from award.extensions import db


class Announcement(db.Model):
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"),
                                          unique=True)
    headline_da: Mapped[str] = mapped_column(sa.String(300))
    lead_da: Mapped[str] = mapped_column(sa.Text, default="")
    # Markdown, sanitised when rendered.
    body_da: Mapped[str] = mapped_column(sa.Text, default="")
    # An English version may be written beside it; empty: Danish only.
    headline_en: Mapped[str] = mapped_column(sa.String(300), default="")
    lead_en: Mapped[str] = mapped_column(sa.Text, default="")
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(sa.String(254))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by: Mapped[str | None] = mapped_column(sa.String(254))
    # When it was first published: never cleared, so taking the announcement down and putting
    # it up again does not restart the retention period of the cycle's personal data.
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship(back_populates="announcement")
