"""The append-only audit log with its SHA-256 hash chain."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from award.audit.models import AuditEntry
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
    return entry


@dataclass
class Verification:
    ok: bool
    count: int
    head: str
    problem: str | None = None


def verify() -> Verification:
    """Walk the chain in order; the first broken link is reported."""
    expected_prev = GENESIS
    count = 0
    rows = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000)
    for entry in rows:
        count += 1
        if entry.prev_hash != expected_prev:
            return Verification(False, count, expected_prev,
                                f"entry {entry.id}: the previous entry is missing or was changed")
        actual = entry_hash(entry.prev_hash, entry.created_at, entry.actor, entry.action,
                            entry.object_type, entry.object_id, entry.details)
        if actual != entry.hash:
            return Verification(False, count, expected_prev,
                                f"entry {entry.id}: its content does not match its hash")
        expected_prev = entry.hash
    return Verification(True, count, expected_prev)
