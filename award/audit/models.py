"""The audit log table."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from award.dbtypes import UTCDateTime
from award.extensions import db


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


class AuditHead(db.Model):
    """The one row that anchors the chain's newest end: how many entries have been appended
    and the hash of the newest, written in the same transaction as each entry. Deleting the
    newest entries leaves a chain that checks out link by link; it no longer ends here."""

    __tablename__ = "audit_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    count: Mapped[int]
    hash: Mapped[str] = mapped_column(sa.String(64))
