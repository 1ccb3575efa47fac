"""The append-only audit log with its SHA-256 hash chain."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from award.audit.models import AuditEntry, AuditHead
from award.extensions import db

GENESIS = "0" * 64
# Any fixed 64-bit key: serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK = 0x4157415244  # "AWARD"


def _canonical(details: dict) -> str:
    return json.dumps(details, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, created_at: datetime, actor: str, action: str,
               object_type: str, object_id: str, details: str) -> str:
    payload = json.dumps(
        [prev_hash, created_at.isoformat(), actor, action, object_type, object_id, details],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(actor: str, action: str, obj_type: str, obj_id, at: datetime,
           details: dict | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction (it commits with the change it records)."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    prev = session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    prev = prev or GENESIS
    text = _canonical(details or {})
    entry = AuditEntry(
        created_at=at, actor=actor, action=action, object_type=obj_type, object_id=str(obj_id),
        details=text, prev_hash=prev,
        hash=entry_hash(prev, at, actor, action, obj_type, str(obj_id), text),
    )
    session.add(entry)
    session.flush()
    _advance_head(prev, entry.hash)
    return entry


def _advance_head(prev: str, new: str) -> None:
    """Move the head row on to the new entry, in the same transaction (and, on PostgreSQL,
    under the same lock). The count only ever goes up by one: entries deleted from the newest
    end stay visible as a count the chain no longer reaches, even after later entries."""
    session = db.session
    head = session.scalar(sa.select(AuditHead).where(AuditHead.id == 1)
                          .execution_options(populate_existing=True))
    if head is None:
        if prev != GENESIS:
            current_app.logger.error("the audit log's head row is missing; a new one starts "
                                     "counting from here, and `award audit verify` will fail")
        session.add(AuditHead(id=1, count=1, hash=new))
    else:
        if head.hash != prev:
            current_app.logger.error("the audit log's head row (%s) is not its newest entry "
                                     "(%s); `award audit verify` will fail", head.hash, prev)
        head.count += 1
        head.hash = new
    session.flush()


@dataclass
class Verification:
    ok: bool
    count: int  # entries walked
    head: str  # the hash of the newest entry walked
    problem: str | None = None
    good: int = 0  # entries found intact before the problem


def verify(expect: tuple[int, str] | None = None) -> Verification:
    """Walk the chain in order; the first broken link is reported. An intact chain must end
    exactly where the head row says, and contain `expect` (an earlier head kept outside the
    database, as (count, hash)) at that position."""
    expected_prev = GENESIS
    count = 0
    at_expected = GENESIS if expect is not None and expect[0] == 0 else None
    rows = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000)
    for entry in rows:
        count += 1
        if entry.prev_hash != expected_prev:
            return Verification(False, count, expected_prev,
                                f"entry {entry.id}: the previous entry is missing or was changed",
                                good=count - 1)
        actual = entry_hash(entry.prev_hash, entry.created_at, entry.actor, entry.action,
                            entry.object_type, entry.object_id, entry.details)
        if actual != entry.hash:
            return Verification(False, count, expected_prev,
                                f"entry {entry.id}: its content does not match its hash",
                                good=count - 1)
        expected_prev = entry.hash
        if expect is not None and count == expect[0]:
            at_expected = entry.hash
    head = db.session.get(AuditHead, 1, populate_existing=True)
    if head is None and count:
        return Verification(False, count, expected_prev,
                            "the head of the log is missing (the audit_head row was deleted)",
                            good=count)
    if head is not None and (head.count, head.hash) != (count, expected_prev):
        return Verification(
            False, count, expected_prev,
            f"the newest entries are missing or the head was changed: the chain has {count} "
            f"entries ending in {expected_prev}; the head says {head.count} ending in {head.hash}",
            good=count)
    if expect is not None and at_expected != expect[1]:
        return Verification(
            False, count, expected_prev,
            f"entry {expect[0]} of the log is not {expect[1]} (the head printed earlier): "
            "the log was cut back or rewritten since", good=count)
    return Verification(True, count, expected_prev, good=count)
