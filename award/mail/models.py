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

    # Whose mail it is, so that a data-retention purge finds a person's mail (deleting the
    # nomination or the user deletes it too). NULL for mail queued before these links existed.
    cycle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nominations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The private links (tokens) in the body: replaced by a placeholder once the message has
    # been sent, and then set to NULL, so that no usable link stays in the database.
    secrets: Mapped[list[str] | None] = mapped_column(sa.JSON(none_as_null=True))
