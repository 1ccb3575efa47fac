"""The outbox table."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from award.dbtypes import UTCDateTime, utcnow
from award.extensions import db


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
