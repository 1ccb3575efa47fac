"""The backup drill: a backup taken while nominations are coming in restores into a new
database whose audit log verifies against the head taken before the backup, whose counts
agree with its own log, and which the app serves.

On PostgreSQL it is what docs/operations.md tells an operator to do: `pg_dump -Fc`, then
`pg_restore` into a new database. On SQLite (development only) the online backup API.
`make backup-drill` runs this file on PostgreSQL and prints the figures."""

import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from fixtures.database import own_postgresql_database
from fixtures.factories import answers_form

from award import audit, create_app
from award.audit.models import AuditEntry
from award.extensions import db
from award.nominations import services
from award.nominations.models import Nomination, NominationStatus


def nominate(cycle_id: int, at, number: int) -> None:
    from award.cycles.models import Cycle

    cycle = db.session.get(Cycle, cycle_id)
    nomination = Nomination(cycle=cycle, draft_key=services.new_key(), created_at=at,
                            updated_at=at, status=NominationStatus.DRAFT)
    db.session.add(nomination)
    services.apply_answers(nomination, answers_form(cycle, initiative_name=f"Initiativ {number}"),
                           at)
    services.submit(nomination, at, edit_url=lambda token: f"/indstilling/{token}")
    db.session.commit()


class Writer(threading.Thread):
    """Nominations one after another, each in a transaction of its own, until told to stop."""

    def __init__(self, app, cycle_id, at, limit=500):
        super().__init__(daemon=True)
        self.app, self.cycle_id, self.at, self.limit = app, cycle_id, at, limit
        self.done = 0
        self.stop = threading.Event()

    def run(self):
        with self.app.app_context():
            while not self.stop.is_set() and self.done < self.limit:
                nominate(self.cycle_id, self.at, 1000 + self.done)
                self.done += 1
            db.session.remove()


def libpq(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def back_up(url: str, folder: Path) -> Path:
    if url.startswith("sqlite"):
        target = folder / "copy.sqlite3"
        source = sqlite3.connect(sa.make_url(url).database)
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        return target
    target = folder / "award.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={target}", libpq(url)], check=True)
    return target


def restore(url: str, backup: Path, stack) -> str:
    if url.startswith("sqlite"):
        return f"sqlite:///{backup}"
    copy = stack.enter_context(own_postgresql_database(url))
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={libpq(copy)}", str(backup)],
                   check=True)
    return copy


def test_a_backup_taken_during_writes_restores_whole(app, database_url, cycle, clock, tmp_path):
    from contextlib import ExitStack

    for number in range(5):
        nominate(cycle.id, clock(), number)
    before = audit.verify()
    assert before.ok

    writer = Writer(app, cycle.id, clock())
    writer.start()
    while writer.done < 3:  # the backup starts in the middle of the writes
        time.sleep(0.01)
    started = time.perf_counter()
    backup = back_up(database_url, tmp_path)
    dump_s = time.perf_counter() - started
    written_during_dump = writer.done
    writer.stop.set()
    writer.join(60)
    assert not writer.is_alive()

    with ExitStack() as stack:
        started = time.perf_counter()
        copy_url = restore(database_url, backup, stack)
        restore_s = time.perf_counter() - started
        copy = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": copy_url,
                           "SECRET_KEY": "copy", "RATELIMIT_STORAGE_URI": "memory://"})
        with copy.app_context():
            verified = audit.verify(expect=(before.count, before.head))
            assert verified.ok, verified.problem
            submitted = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
                Nomination.status == NominationStatus.SUBMITTED))
            logged = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
                AuditEntry.action == "nomination.submitted"))
            # One snapshot: every nomination in the copy has its log entry and no more.
            assert submitted == logged
            assert 5 + 3 <= submitted <= 5 + written_during_dump + 1
            client = copy.test_client()
            assert client.get("/readyz").get_data(as_text=True) == "ok\n"
            assert "Prisen for Årets Patientoplevelse" in client.get("/").get_data(as_text=True)
            db.session.remove()
            db.engine.dispose()
        print(f"\nbackup_drill database={sa.make_url(database_url).get_backend_name()} "
              f"nominations={submitted} audit_entries={verified.count} dump_s={dump_s:.3f} "
              f"restore_s={restore_s:.3f} backup_bytes={backup.stat().st_size}")
