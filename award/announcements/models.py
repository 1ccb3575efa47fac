"""The winner announcement of a cycle: drafted from the data, edited by the secretariat as
Markdown, then published on /vindere/<year>."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from award.cycles.models import Cycle
from award.dbtypes import UTCDateTime
from award.extensions import db
from award.nominations.models import Nomination


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
    # Who the press may call or write to, at the end of the release (optional).
    press_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    press_phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    press_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(sa.String(254))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by: Mapped[str | None] = mapped_column(sa.String(254))
    # When it was first published: never cleared, so taking the announcement down and putting
    # it up again does not restart the retention period of the cycle's personal data.
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[Cycle] = relationship(back_populates="announcement")


class PublicationKind(enum.StrEnum):
    ANNOUNCEMENT = "announcement"  # /vindere/<year> and its downloads
    NOMINATIONS = "nominations"  # /indstillinger/<year>


class Publication(db.Model):
    """One published version of a cycle's announcement or list of nominations, frozen at the
    moment of publication: the public pages and downloads are made from `content` alone, so
    later changes to the data do not alter what was published. Versions are numbered 1, 2, …
    per cycle and kind and never changed or deleted; the newest is the one shown while the
    announcement (or the list) is up."""

    __tablename__ = "publications"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "kind", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("cycles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by: Mapped[str] = mapped_column(sa.String(254))
    content: Mapped[dict] = mapped_column(sa.JSON)


class Omission(db.Model):
    """A nomination the secretariat leaves out of the public list of nominations (a nominator
    may ask), with the reason; deleted again when it is put back. It applies to the next
    published version: a version already published stays as it was."""

    __tablename__ = "public_list_omissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), unique=True)
    reason: Mapped[str] = mapped_column(sa.Text)
    left_out_at: Mapped[datetime] = mapped_column(UTCDateTime)
    left_out_by: Mapped[str] = mapped_column(sa.String(254))

    nomination: Mapped[Nomination] = relationship()
