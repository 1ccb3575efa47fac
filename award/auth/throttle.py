"""How many wrong passwords an account takes, and from where.

The design, and why
-------------------
A lock-out must stop password guessing without telling who has an account and without letting
a stranger keep a juror out. So:

1. Every log-in answer does the same work: one password hash check, whatever the state
   (unknown address, no password yet, locked, wrong, right; see services.authenticate), and
   no database write for a failure. The counts below live in the rate-limit storage
   (Flask-Limiter's: memory in development, Redis in production, shared by every worker),
   keyed on the *posted* address, normalised, so an address without an account is counted,
   locked and answered exactly like one with an account.

2. The lock is per account *and client address*: LOGIN_MAX_FAILURES wrong passwords in a row
   from one address lock that address out of that account for LOGIN_LOCK_MINUTES. A stranger
   who sends five wrong passwords every quarter of an hour locks out only themselves; the
   juror at home or at work logs in as usual. (LOGIN_RATE_LIMIT still limits each address
   across all accounts.)

3. Guessing from many addresses is capped per account: after LOGIN_MAX_FAILURES_PER_DAY wrong
   passwords in a day (UTC), from anywhere, the account takes no password until the next day.

4. Whatever a stranger does, the juror gets in by e-mail: "Glemt adgangskode?" always leaves a
   valid link in their mailbox (services.request_reset), and choosing a new password through
   it lifts every lock on the account and signs them in. The mailbox is the same proof a reset
   always relied on, so this opens nothing new; a lock that only slowed guessing down would
   still let a stranger use up the juror's attempts, and one that accepted the right password
   while locked would not stop guessing at all.

Times come from the app's clock (tests travel in time); a lock is stored as the moment it
lifts, and the storage forgets every key on its own once it is no longer needed.
"""

import hashlib
import math
from datetime import datetime, timedelta

from flask import current_app
from limits.storage import MemoryStorage

from award.auth.services import normalise_email
from award.extensions import limiter

DAY = 24 * 60 * 60
# With the rate limits switched off (RATELIMIT_ENABLED=false) the lock still counts, here.
_own_storage = MemoryStorage()


def _key(*parts: str) -> str:
    # Hashed: addresses (including mistyped ones) are not kept readable in the storage.
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return f"{prefix}award-login/{digest}"


def _keys(email: str, address: str, at: datetime) -> tuple[str, str, str]:
    email = normalise_email(email)
    return (_key("in-a-row", email, address or ""), _key("locked", email, address or ""),
            _key("day", email, at.date().isoformat()))


def _storage():
    return limiter.storage if limiter.enabled else _own_storage


def is_locked(email: str, address: str, at: datetime) -> bool:
    """This address may not try a password for this account now."""
    config = current_app.config
    _row, locked, day = _keys(email, address, at)
    storage = _storage()
    return (storage.get(locked) > at.timestamp()
            or storage.get(day) >= config["LOGIN_MAX_FAILURES_PER_DAY"])


def failed(email: str, address: str, at: datetime) -> bool:
    """Count a wrong password; True when it locked the account for this address (or for
    the day)."""
    config = current_app.config
    lock_for = timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    row, locked, day = _keys(email, address, at)
    storage = _storage()
    in_a_row = storage.incr(row, int(lock_for.total_seconds()) * 4)
    today = storage.incr(day, DAY * 2)
    if in_a_row >= config["LOGIN_MAX_FAILURES"]:
        storage.clear(row)
        storage.clear(locked)
        # The moment the lock lifts, in whole seconds (an integer, as the storage counts).
        storage.incr(locked, int(lock_for.total_seconds()) + 60,
                     amount=math.ceil((at + lock_for).timestamp()))
        current_app.logger.warning("log-in locked for %s from %s for %s", normalise_email(email),
                                   address, lock_for)
        return True
    if today >= config["LOGIN_MAX_FAILURES_PER_DAY"]:
        current_app.logger.warning("log-in locked for %s for the rest of the day",
                                   normalise_email(email))
        return True
    return False


def succeeded(email: str, address: str, at: datetime) -> None:
    """A right password: the wrong ones before it no longer count towards a lock."""
    row, _locked, _day = _keys(email, address, at)
    _storage().clear(row)


def lift(email: str, address: str, at: datetime) -> None:
    """A new password through an e-mailed link: the account's locks are lifted, the one
    for the whole account and the one for this address."""
    for key in _keys(email, address, at):
        _storage().clear(key)
