"""Two processes close the same round at the same moment: exactly one snapshot is stored, one
process is told the round is closed already, and the audit log records one close and still
verifies.

Each process is started with 'spawn', makes its own app on the test database and closes the
round in its own app context and transaction. Both load the round (so both see it open and
pass the check in memory) and then meet at a barrier before calling `close_round`, so that
the conditional UPDATE of the round row is what decides between them.

On PostgreSQL the test makes the overlap certain rather than likely: it holds a row lock on
the round itself until pg_stat_activity shows both processes waiting on a lock inside that
UPDATE, then lets go. Both transactions are then open and at the gate before either can
commit; the second to get the row waits for the first to commit and matches no row. SQLite
serialises writers: the second UPDATE waits for the first transaction's write lock and then
finds the round closed. No sleeps decide anything; the timeouts are only a safety net.
"""

import multiprocessing
import time
from datetime import UTC, datetime

import sqlalchemy as sa

from award import audit, create_app
from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import sheets
from award.rounds import closing
from award.rounds.models import Round, RoundResult
from award.rounds.services import RoundError

SAFETY_TIMEOUT = 60  # seconds; only reached when something is broken
CLOSED_AT = datetime(2024, 2, 20, 12, 0, tzinfo=UTC)


def close_in_own_process(url: str, round_id: int, name: str, barrier, outcomes) -> None:
    """The body of each process: its own app, app context and transaction."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "close",
                      "SMTP_HOST": None, "RATELIMIT_STORAGE_URI": "memory://",
                      "PUBLIC_BASE_URL": None})
    with app.app_context():
        try:
            round_ = db.session.get(Round, round_id)
            assert round_.is_open()
            barrier.wait(SAFETY_TIMEOUT)
            try:
                snapshot = closing.close_round(round_, actor=f"{name}@example.dk",
                                               at=CLOSED_AT, force=True)
                db.session.commit()
                outcomes.put((name, "closed", snapshot.id))
            except RoundError as refused:
                db.session.rollback()
                outcomes.put((name, "refused", str(refused)))
        except BaseException as error:  # reported to the test, never hidden
            outcomes.put((name, "error", repr(error)))
            raise
        finally:
            db.session.remove()
            db.engine.dispose()


def submit(round_, juror, entry, scores, clock):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), {}),
                      submit=True, actor=juror.email, at=clock())


def waiting_in_update(monitor, processes: int) -> None:
    """Until `processes` sessions of this database wait on a lock in UPDATE rounds."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while True:
        waiting = monitor.scalar(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE 'UPDATE rounds %'"))
        if waiting == processes:
            return
        assert time.monotonic() < deadline, f"{waiting} of {processes} processes at the gate"
        time.sleep(0.01)


def test_two_processes_close_one_round_once(app, database_url, cycle, make_nomination,
                                            make_juror, open_round, clock):
    entries = [make_nomination(cycle, initiative_name=name)
               for name in ("Flexklinikken", "Broen til bedre sundhed")]
    jurors = [make_juror(cycle, f"{name}@example.dk", name=name.title(), weight=weight)
              for name, weight in (("anna", 50), ("bo", 200))]
    round_ = open_round(cycle)
    for juror in jurors:
        for entry, score in zip(entries, (5, 3), strict=True):
            submit(round_, juror, entry, [score] * 7, clock)
    db.session.commit()
    round_id = round_.id
    db.session.remove()  # the test's own session holds nothing while the processes run

    postgresql = sa.make_url(database_url).get_backend_name() == "postgresql"
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT") if postgresql \
        else None
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    outcomes = context.Queue()
    processes = [context.Process(target=close_in_own_process,
                                 args=(database_url, round_id, name, barrier, outcomes))
                 for name in ("first", "second")]
    try:
        if postgresql:
            holder = engine.connect().execution_options(isolation_level="READ COMMITTED")
            lock = holder.begin()
            holder.execute(sa.select(Round.id).where(Round.id == round_id).with_for_update())
        for process in processes:
            process.start()
        if postgresql:
            with engine.connect() as monitor:
                waiting_in_update(monitor, 2)
            lock.rollback()
            holder.close()
        results = sorted(outcomes.get(timeout=SAFETY_TIMEOUT) for _ in processes)
        for process in processes:
            process.join(SAFETY_TIMEOUT)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(SAFETY_TIMEOUT)
        if engine is not None:
            engine.dispose()

    assert [detail for _name, kind, detail in results if kind == "error"] == []
    assert [process.exitcode for process in processes] == [0, 0]
    assert sorted(kind for _name, kind, _detail in results) == ["closed", "refused"]
    refusal = next(detail for _name, kind, detail in results if kind == "refused")
    assert refusal == "Runde 1 er allerede lukket."

    stored = db.session.scalars(sa.select(RoundResult)).all()
    assert len(stored) == 1 and stored[0].round_id == round_id
    winner = next(name for name, kind, _detail in results if kind == "closed")
    closed = db.session.get(Round, round_id)
    assert closed.closed_at == CLOSED_AT and closed.closed_by == f"{winner}@example.dk"
    assert len(stored[0].inputs["sheets"]) == 4
    closes = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "round.closed")).all()
    assert [entry.actor for entry in closes] == [f"{winner}@example.dk"]
    verification = audit.verify()
    assert verification.ok, verification.problem
