"""People who sign in: the secretariat and the jurors. Passwords are stored as slow hashes;
the links sent by e-mail are stored as SHA-256 hashes of their tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from award.dbtypes import UTCDateTime, utcnow
from award.extensions import db


class Role(enum.StrEnum):
    SECRETARIAT = "secretariat"
    JUROR = "juror"


def new_session_stamp() -> str:
    return secrets.token_urlsafe(12)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-case: the address is how a person signs in.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    # None until the person has set a password through their invitation link.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Part of the session's user id: changing it (a new password, a log-out) ends every
    # session of the user.
    session_stamp: Mapped[str] = mapped_column(sa.String(32), default=new_session_stamp)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[UserToken]] = relationship(back_populates="user",
                                                   cascade="all, delete-orphan")

    def get_id(self) -> str:
        return f"{self.id}.{self.session_stamp}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_secretariat(self) -> bool:
        return self.role == Role.SECRETARIAT

    @property
    def is_juror(self) -> bool:
        return self.role == Role.JUROR


class TokenPurpose(enum.StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class UserToken(db.Model):
    """A one-time link: an invitation to set a password, or a password reset."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the link is used, and on every unused link when the password changes.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    def usable(self, moment: datetime) -> bool:
        return self.used_at is None and moment < self.expires_at
