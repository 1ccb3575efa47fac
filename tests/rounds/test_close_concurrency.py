"""Two processes close the same round at the same moment: exactly one snapshot is stored, one
process is told the round is closed already, and the audit log records one close and still
verifies.

Each process (tests/fixtures/race.py) loads the round, so both see it open and pass the
check in memory, and they meet at a barrier before calling `close_round`: the conditional
UPDATE of the round row is what decides between them. On PostgreSQL both are made to wait on
a lock inside that UPDATE; the second to get the row waits for the first to commit and
matches no row. SQLite serialises writers: the second UPDATE waits for the first
transaction's write lock and then finds the round closed.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from fixtures.race import SAFETY_TIMEOUT, own_app, race

from award import audit
from award.audit.models import AuditEntry
from award.extensions import db
from award.jury import sheets
from award.rounds import closing
from award.rounds.models import Round, RoundResult
from award.rounds.services import RoundError

CLOSED_AT = datetime(2024, 2, 20, 12, 0, tzinfo=UTC)


def close_in_own_process(url: str, name: str, barrier, outcomes, round_id: int) -> None:
    with own_app(url, name, outcomes):
        round_ = db.session.get(Round, round_id)
        assert round_.is_open()
        barrier.wait(SAFETY_TIMEOUT)
        try:
            snapshot = closing.close_round(round_, actor=f"{name}@example.dk", at=CLOSED_AT,
                                           force=True)
            db.session.commit()
            outcomes.put((name, "closed", snapshot.id))
        except RoundError as refused:
            db.session.rollback()
            outcomes.put((name, "refused", str(refused)))


def submit(round_, juror, entry, scores, clock):
    sheets.save_sheet(round_, juror, entry,
                      sheets.SheetInput(dict(enumerate(scores, start=1)), {}),
                      submit=True, actor=juror.email, at=clock())


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

    results = race(database_url, close_in_own_process, [(round_id,), (round_id,)],
                   gate=sa.select(Round.id).where(Round.id == round_id),
                   waiting_like="UPDATE rounds %")

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
