"""Two processes approve a claim each at the same moment: two claims of 6.000 kr. against a
10.000 kr. cap. Exactly one is approved; the other is refused with the balance that is left
(4.000,00 kr.), and the approved claims never pass the cap.

Each process is started with 'spawn', makes its own app on the test database and approves in
its own app context and transaction. Both load the grant and their claim (so both see 10.000
kr. left in memory) and meet at a barrier right before calling `approve`, so that the lock on
the grant row and the sum read again inside it are what decide between them.

On PostgreSQL the test makes the overlap certain rather than likely: it holds a row lock on the
grant itself until pg_stat_activity shows both processes waiting for it in approve's
SELECT … FOR UPDATE, then lets go. Both transactions are then at the gate before either can
commit; the second to get the row reads the first one's approval. SQLite serialises writers:
approve's first statement is a write, so the second waits for the first transaction to commit
and then sums what it committed. No sleeps decide anything; the timeouts are only a safety net.
"""

import multiprocessing
import time
from datetime import UTC, datetime

import sqlalchemy as sa
from grant_data import add, decided_fixture, make_decided_fixture, plain  # noqa: F401

from award import audit, create_app
from award.audit.models import AuditEntry
from award.extensions import db
from award.grants import services as grants
from award.grants.models import Claim, ClaimStatus, Grant
from award.grants.services import GrantRefused

SAFETY_TIMEOUT = 60  # seconds; only reached when something is broken
APPROVED_AT = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)


def approve_in_own_process(url: str, grant_id: int, claim_id: int, name: str, barrier,
                           outcomes) -> None:
    """The body of each process: its own app, app context and transaction."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "approve",
                      "SMTP_HOST": None, "RATELIMIT_STORAGE_URI": "memory://",
                      "PUBLIC_BASE_URL": None})
    with app.app_context():
        try:
            grant = db.session.get(Grant, grant_id)
            assert grants.claim_by_id(grant, claim_id).status == ClaimStatus.PENDING
            assert grants.summarise(grant, APPROVED_AT).balance_ore == 1_000_000
            db.session.commit()  # nothing held while waiting at the barrier
            barrier.wait(SAFETY_TIMEOUT)
            try:
                grants.approve(grant, claim_id, actor=f"{name}@example.dk", at=APPROVED_AT)
                db.session.commit()
                outcomes.put((name, "approved", claim_id))
            except GrantRefused as refused:
                db.session.rollback()
                outcomes.put((name, "refused", str(refused)))
        except BaseException as error:  # reported to the test, never hidden
            outcomes.put((name, "error", repr(error)))
            raise
        finally:
            db.session.remove()
            db.engine.dispose()


def waiting_for_the_grant(monitor, processes: int) -> None:
    """Until `processes` sessions of this database wait on a lock in SELECT … FOR UPDATE."""
    deadline = time.monotonic() + SAFETY_TIMEOUT
    while True:
        waiting = monitor.scalar(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE 'SELECT grants.id %FOR UPDATE'"))
        if waiting == processes:
            return
        assert time.monotonic() < deadline, f"{waiting} of {processes} processes at the gate"
        time.sleep(0.01)


def test_two_processes_never_approve_past_the_cap(app, database_url, decided, clock):
    grant = decided.grant
    claims = [add(grant, clock, 600_000, event=f"Konference {n}") for n in (1, 2)]
    grant_id, claim_ids = grant.id, [claim.id for claim in claims]
    db.session.remove()  # the test's own session holds nothing while the processes run

    postgresql = sa.make_url(database_url).get_backend_name() == "postgresql"
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT") if postgresql \
        else None
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    outcomes = context.Queue()
    processes = [context.Process(target=approve_in_own_process,
                                 args=(database_url, grant_id, claim_id, name, barrier,
                                       outcomes))
                 for name, claim_id in zip(("first", "second"), claim_ids, strict=True)]
    try:
        if postgresql:
            holder = engine.connect().execution_options(isolation_level="READ COMMITTED")
            lock = holder.begin()
            holder.execute(sa.select(Grant.id).where(Grant.id == grant_id).with_for_update())
        for process in processes:
            process.start()
        if postgresql:
            with engine.connect() as monitor:
                waiting_for_the_grant(monitor, 2)
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
    assert sorted(kind for _name, kind, _detail in results) == ["approved", "refused"]
    approved_id = next(detail for _name, kind, detail in results if kind == "approved")
    refused_id = next(claim_id for claim_id in claim_ids if claim_id != approved_id)
    refusal = next(detail for _name, kind, detail in results if kind == "refused")
    assert plain(refusal) == (
        f"Udgift nr. {refused_id} på 6.000,00 kr. kan ikke godkendes, fordi den er større end "
        "resten af bevillingen. Der er 4.000,00 kr. tilbage af bevillingen.")

    statuses = dict(db.session.execute(sa.select(Claim.id, Claim.status)).all())
    assert statuses == {approved_id: ClaimStatus.APPROVED, refused_id: ClaimStatus.PENDING}
    summary = grants.summarise(db.session.get(Grant, grant_id), APPROVED_AT)
    assert (summary.approved_ore, summary.balance_ore) == (600_000, 400_000)
    approvals = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "grant.claim_approved")).all()
    assert len(approvals) == 1
    verification = audit.verify()
    assert verification.ok, verification.problem
