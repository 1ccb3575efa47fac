"""Accounts: making users, one-time links, passwords and the log-in with its lock-out.
Plain arguments in; the change and its audit entry out; the caller commits once."""

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from award import audit, mail
from award.auth.models import Role, TokenPurpose, User, UserToken, new_session_stamp
from award.extensions import db
from award.service import Refused
from award.tokens import new_token, token_hash

if TYPE_CHECKING:
    from award.cycles.models import Cycle


@cache
def _dummy_hash(method: str) -> str:
    """Checked instead of a real hash (unknown address, no password yet, locked), made with
    the method real hashes are made with, so that every answer costs the same."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


class AccountError(Refused):
    """Bad input for an account; the message is shown to the person."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(*, email: str, name: str, role: Role, actor: str, at: datetime) -> User:
    email = normalise_email(email)
    if not email or "@" not in email:
        raise AccountError(f"'{email}' is not an e-mail address")
    if not name.strip():
        raise AccountError("a name is required")
    if by_email(email):
        raise AccountError(f"a user with the e-mail {email} exists already")
    user = User(email=email, name=name.strip(), role=Role(role), created_at=at)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.created", "user", user.email, at, {"role": str(role)})
    return user


def issue_token(user: User, purpose: TokenPurpose, at: datetime, valid: timedelta) -> str:
    """A new one-time link token; only its hash is stored."""
    token = new_token()
    db.session.add(UserToken(user=user, purpose=purpose, token_hash=token_hash(token),
                             created_at=at, expires_at=at + valid))
    db.session.flush()
    return token


def usable_token(token: str, purpose: TokenPurpose, at: datetime) -> UserToken | None:
    found = db.session.scalar(sa.select(UserToken).where(
        UserToken.token_hash == token_hash(token), UserToken.purpose == purpose))
    return found if found is not None and found.usable(at) and found.user.active else None


def invite(user: User, *, link: Callable[[str], str], valid: timedelta, actor: str,
           at: datetime, cycle: "Cycle | None" = None) -> str:
    """Queue the invitation e-mail with a link to set a password; returns the link. A juror's
    invitation names the cycle whose jury they joined, and the message is linked to it."""
    url = link(issue_token(user, TokenPurpose.INVITATION, at, valid))
    mail.queue("user.invitation", user.email, "invitation", user=user, url=url,
               expires_at=at + valid, cycle=cycle, secrets=[url])
    audit.record(actor, "user.invited", "user", user.email, at,
                 {"expires_at": (at + valid).isoformat()})
    return url


def request_reset(email: str, *, link: Callable[[str], str], valid: timedelta, at: datetime,
                  interval: timedelta, per_day: int) -> bool:
    """Queue a reset link when the address belongs to an active user with a password.

    Limited per account, whoever asks: no new mail while a link sent less than `interval`
    ago is still valid, and after `per_day` mails in a day only when no earlier link is
    still valid. So nobody can fill a juror's mailbox, and the juror always has a valid link
    in it or gets one. The routes run this after the answer has gone (no request waits on it
    or is slower for an address with an account), and the page says the same either way.
    """
    user = by_email(email)
    if user is None or not user.active or user.password_hash is None:
        return False
    resets = [token for token in user.tokens if token.purpose == TokenPurpose.RESET]
    valid_now = [token for token in resets if token.usable(at)]
    if any(token.created_at > at - interval for token in valid_now):
        return False
    today = [token for token in resets if token.created_at > at - timedelta(days=1)]
    if len(today) >= per_day and valid_now:
        return False
    url = link(issue_token(user, TokenPurpose.RESET, at, valid))
    mail.queue("user.password_reset", user.email, "password_reset", user=user, url=url,
               expires_at=at + valid, secrets=[url])
    audit.record(user.email, "user.reset_requested", "user", user.email, at)
    return True


def check_password_rules(password: str, min_length: int) -> None:
    if len(password) < min_length:
        raise AccountError(f"the password must be at least {min_length} characters")


def set_password(user: User, password: str, *, actor: str, at: datetime,
                 min_length: int, used_token: UserToken | None = None) -> None:
    """Store a new password. Every other open link and every session of the user ends."""
    check_password_rules(password, min_length)
    user.password_hash = generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"])
    user.password_set_at = at
    user.session_stamp = new_session_stamp()
    for token in user.tokens:
        if token.used_at is None:
            token.used_at = at
    details = {"through": used_token.purpose} if used_token else {}
    audit.record(actor, "user.password_set", "user", user.email, at, details)


class LoginResult:
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


def authenticate(email: str, password: str, *, at: datetime,
                 locked: bool = False) -> tuple[str, User | None]:
    """Check a log-in, with exactly one password hash check whatever the answer: an unknown
    address, an account without a password and a locked one (`locked`, from throttle.py)
    check a dummy hash of the same cost. Only a right password writes anything."""
    user = by_email(email)
    usable = user is not None and user.active and user.password_hash is not None
    stored = (user.password_hash if usable and not locked
              else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]))
    right = check_password_hash(stored, password)
    if locked:
        return LoginResult.LOCKED, None
    if not (usable and right):
        return LoginResult.WRONG, None
    signed_in(user, at)
    return LoginResult.OK, user


def signed_in(user: User, at: datetime) -> None:
    user.last_login_at = at
    audit.record(user.email, "user.logged_in", "user", user.email, at)


def end_sessions(user: User) -> None:
    """Every session of the user ends (log-out): the stamp in their session ids changes."""
    user.session_stamp = new_session_stamp()
