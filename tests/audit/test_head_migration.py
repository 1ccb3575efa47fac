"""Migration 5e1f0a7c2b01 on a database in use: the head row starts where the chain stands,
mail already in the outbox keeps NULL links, and the way back works."""

from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from fixtures.database import START, TEST_DATABASE_URL, own_postgresql_database
from flask_migrate import downgrade, upgrade

from award import audit, create_app
from award.audit.models import AuditEntry, AuditHead
from award.extensions import db

BEFORE, REVISION = "8ee4e26bc4f2", "5e1f0a7c2b01"


@pytest.fixture
def fresh_database(tmp_path):
    with ExitStack() as stack:
        if TEST_DATABASE_URL:
            yield stack.enter_context(own_postgresql_database(TEST_DATABASE_URL))
        else:
            yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"


def chain_of(count: int) -> list[AuditEntry]:
    """Entries as the code before this revision wrote them (no head row)."""
    entries, prev = [], audit.GENESIS
    for number in range(1, count + 1):
        entry = AuditEntry(created_at=START, actor="system", action="test.entry",
                           object_type="test", object_id=str(number), details="{}",
                           prev_hash=prev)
        entry.hash = prev = audit.entry_hash(prev, START, "system", "test.entry", "test",
                                             str(number), "{}")
        entries.append(entry)
    return entries


def test_the_upgrade_anchors_the_chain_as_it_stands_and_keeps_old_mail(fresh_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "TESTING": True,
                      "SECRET_KEY": "migrations"})
    with app.app_context():
        upgrade(revision=BEFORE)
        entries = chain_of(3)
        db.session.add_all(entries)
        db.session.execute(sa.text(
            "INSERT INTO outbox_messages (kind, to_address, subject, body, created_at, attempts)"
            " VALUES ('nomination.receipt', 'a@example.dk', 'Kvittering', 'Tak', :at, 0)"),
            {"at": START.replace(tzinfo=None)})
        db.session.commit()

        upgrade(revision=REVISION)
        head = db.session.get(AuditHead, 1)
        assert (head.count, head.hash) == (3, entries[-1].hash)
        assert audit.verify().ok
        row = db.session.execute(sa.text(
            "SELECT cycle_id, nomination_id, user_id, secrets, body FROM outbox_messages")).one()
        assert tuple(row) == (None, None, None, None, "Tak")
        db.session.commit()

        downgrade(revision=BEFORE)
        upgrade(revision=REVISION)
        assert db.session.scalar(sa.select(AuditHead.count)) == 3
        db.session.remove()
        db.engine.dispose()


def test_an_empty_log_gets_an_empty_head(fresh_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "TESTING": True,
                      "SECRET_KEY": "migrations"})
    with app.app_context():
        upgrade(revision=REVISION)
        head = db.session.get(AuditHead, 1)
        assert (head.count, head.hash) == (0, audit.GENESIS)
        assert audit.verify().ok
        db.session.remove()
        db.engine.dispose()
