"""How long closing a round takes: `close_round` on a synthetic cycle, against the bare SQL
aggregate that feeds it.

Run by hand:

    .venv/bin/python bench/close_round.py --entries 5000 --jurors 25 \
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/test] [--pages] \
        [--no-analyse] [--profile close.prof]

Without --database it uses a throwaway SQLite file. With a PostgreSQL URL it creates a
database of its own on that server and drops it afterwards (the user must be allowed to
create databases), like the test suite does.

The cycle: the seven criteria with unequal weights, J jurors with weights from 0.50 to 2.00,
N eligible entries in round 1, every juror scoring every entry except for about one pair in
a hundred, which is a declared conflict of interest (no sheet). Rows go in with Core
executemany, and the sheets and scores by COPY on PostgreSQL; never the ORM one by one.
Then ANALYZE, as autovacuum would have done during the weeks of scoring (--no-analyse
leaves the planner without statistics, as right after a bulk load on a server without
autovacuum).

Timed, in this order: the aggregate once to warm the caches (printed, not the figure),
`close_round` plus its commit, then the aggregate alone (`counted_sheets_query` executed and
every row fetched, best of three). With --pages, the secretariat's round page (while the
round is open, and again once closed) and results page are requested through the test
client, each in an app context of its own, and the SQL statements each request sends are
counted (before_cursor_execute on the engine).

The LAST line is always, exactly:

    close_round entries=N jurors=J scores=S close_s=X aggregate_s=Y ratio=Z
"""

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from award import create_app
from award.auth.models import User
from award.criteria import results as engine
from award.criteria.query import counted_sheets_query
from award.cycles.services import create_cycle
from award.extensions import db
from award.jury.models import Conflict, Juror, Score, ScoreSheet, SheetStatus
from award.nominations.models import Nomination, NominationStatus
from award.rounds import closing
from award.rounds import results as round_results
from award.rounds.models import PanelSeat, Round, RoundEntry

OPENS = datetime(2023, 11, 21, 0, 0, tzinfo=UTC)
DEADLINE = datetime(2024, 1, 13, 23, 0, tzinfo=UTC)
JUDGING = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
CRITERION_WEIGHTS = (100, 100, 150, 100, 50, 100, 200)  # v_c in hundredths
JUROR_WEIGHTS = (50, 100, 100, 150, 200)  # w_j in hundredths
CONFLICT_SHARE = 0.01
CHUNK = 50_000  # rows per executemany


@contextmanager
def own_database(url: str | None):
    """A throwaway SQLite file, or a PostgreSQL database of this run's own (dropped after)."""
    if url is None or sa.make_url(url).get_backend_name() == "sqlite":
        if url:
            yield url
            return
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    server = sa.make_url(url)
    name = f"award_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def insert_many(table, rows: list[dict], *, copy: bool = False) -> None:
    """Many rows into the table in the session's transaction, with Core executemany in
    chunks. With `copy` (rows that give every column but a serial id, as plain values), on
    PostgreSQL by COPY instead (executemany costs ~20 µs a row there: 30 s to build 5,000
    entries × 25 jurors, against 13 s with COPY, most of it making the rows in Python)."""
    if not rows:
        return
    if copy and db.engine.dialect.name == "postgresql":
        columns = list(rows[0])
        cursor = db.session.connection().connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as stream:
            for row in rows:
                stream.write_row([row[column] for column in columns])
        return
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(table), rows[start:start + CHUNK])


def build(entries: int, jurors: int, seed: int) -> tuple[Round, int]:
    """The synthetic cycle with round 1 open and every sheet submitted; returns the round
    and the number of scores."""
    rng = random.Random(seed)
    cycle = create_cycle(year=2024, title="Benchmark", theme="", actor="system", at=OPENS,
                         opens_at=OPENS, deadline_at=DEADLINE)
    for criterion, weight in zip(cycle.criteria, CRITERION_WEIGHTS, strict=True):
        criterion.weight_hundredths = weight
    db.session.flush()
    criterion_ids = [c.id for c in cycle.criteria]

    insert_many(User.__table__, [
        {"email": f"juror{j}@example.dk", "name": f"Jurymedlem {j:02d}", "role": "juror",
         "password_hash": None, "created_at": OPENS} for j in range(1, jurors + 1)])
    user_ids = db.session.scalars(sa.select(User.id).where(User.role == "juror")
                                  .order_by(User.id)).all()
    insert_many(Juror.__table__, [
        {"cycle_id": cycle.id, "user_id": user_id, "kind": "fagperson", "organisation": "",
         "weight_hundredths": JUROR_WEIGHTS[i % len(JUROR_WEIGHTS)], "created_at": OPENS}
        for i, user_id in enumerate(user_ids)])
    juror_ids = db.session.scalars(sa.select(Juror.id).order_by(Juror.id)).all()

    insert_many(Nomination.__table__, [
        {"cycle_id": cycle.id, "status": NominationStatus.SUBMITTED,
         "draft_key": uuid.uuid4().hex, "reference": f"2024-{n:05d}",
         "initiative_name": f"Initiativ {n}", "region": "Region Hovedstaden",
         "organisation": "Hospital", "description": "En beskrivelse. " * 20,
         "eligibility": "eligible", "screened_at": DEADLINE, "screened_by": "system",
         "created_at": OPENS, "updated_at": OPENS, "submitted_at": OPENS}
        for n in range(1, entries + 1)])
    cycle.nomination_counter = entries
    nomination_ids = db.session.scalars(sa.select(Nomination.id).order_by(Nomination.id)).all()

    round_ = Round(cycle=cycle, number=1, name="Runde 1", quorum=1, method="weighted",
                   whole_jury=True, opened_at=JUDGING)
    db.session.add(round_)
    db.session.flush()
    insert_many(PanelSeat.__table__, [{"round_id": round_.id, "juror_id": j}
                                      for j in juror_ids])
    insert_many(RoundEntry.__table__, [{"round_id": round_.id, "nomination_id": n}
                                       for n in nomination_ids])

    conflicts, sheets, scores = [], [], []
    sheet_id = 0
    for nomination_id in nomination_ids:
        quality = rng.randint(1, 5)  # entries differ, so that scores do not all tie
        for juror_id in juror_ids:
            if rng.random() < CONFLICT_SHARE:
                conflicts.append({"juror_id": juror_id, "nomination_id": nomination_id,
                                  "reason": "Kollega.", "recorded_by": "system",
                                  "created_at": JUDGING})
                continue
            sheet_id += 1
            sheets.append({"id": sheet_id, "round_id": round_.id, "juror_id": juror_id,
                           "nomination_id": nomination_id, "status": str(SheetStatus.SUBMITTED),
                           "overall_comment": "", "entered_by": "system",
                           "created_at": JUDGING, "updated_at": JUDGING,
                           "submitted_at": JUDGING})
            for criterion_id in criterion_ids:
                value = min(5, max(1, quality + rng.randint(-1, 1)))
                scores.append({"sheet_id": sheet_id, "criterion_id": criterion_id,
                               "value": value, "comment": ""})
    insert_many(Conflict.__table__, conflicts, copy=True)
    insert_many(ScoreSheet.__table__, sheets, copy=True)
    insert_many(Score.__table__, [{"id": i, **row} for i, row in enumerate(scores, 1)],
                copy=True)
    if db.engine.dialect.name == "postgresql":
        for table in ("score_sheets", "scores"):
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"))
    db.session.commit()
    return round_, len(scores)


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would have them after the jurors' weeks of
    scoring (right after a bulk load they would be missing)."""
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()


def aggregate(round_: Round) -> tuple[float, int]:
    criteria = round_.cycle.criteria
    started = time.perf_counter()
    rows = db.session.execute(counted_sheets_query(round_, criteria)).all()
    seconds = time.perf_counter() - started
    db.session.rollback()
    return seconds, len(rows)


class QueryCounter:
    """Counts the SQL statements sent to the engine (before_cursor_execute)."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *args) -> None:
        self.count += 1

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._count)


def page(app, client, path: str) -> str:
    """One GET in an app context of its own (its own database session), as in production."""
    with QueryCounter(db.engine) as counter, app.app_context():
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    size = len(response.get_data())
    return f"{path}: {counter.count} SQL statements, {seconds:.3f} s, {size / 1e3:.0f} kB"


def secretariat_client(app):
    from award.auth import services as accounts

    app.config["PASSWORD_HASH_METHOD"] = "scrypt:1024:8:1"
    user = accounts.create_user(email="sekretariat@example.dk", name="Sara Sekretær",
                                role="secretariat", actor="system", at=JUDGING)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_since"] = session["_seen"] = int(time.time())
    return client


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--jurors", type=int, required=True)
    parser.add_argument("--database", help="a PostgreSQL server URL (a database of its own is "
                        "made on it) or a SQLite URL; default: a temporary SQLite file")
    parser.add_argument("--pages", action="store_true",
                        help="also time the secretariat's round and results pages")
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of close_round to FILE")
    parser.add_argument("--no-analyse", action="store_true",
                        help="leave the planner without statistics (as right after a bulk "
                        "load on a server without autovacuum)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    moment = [JUDGING + timedelta(days=30)]
    with ExitStack() as stack:
        url = stack.enter_context(own_database(args.database))
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "CLOCK": lambda: moment[0], "SMTP_HOST": None,
                          "RATELIMIT_ENABLED": False,
                          "PUBLIC_BASE_URL": "http://localhost"})
        stack.enter_context(app.app_context())
        upgrade()
        dialect = db.engine.dialect.name
        started = time.perf_counter()
        round_, scores = build(args.entries, args.jurors, args.seed)
        build_s = time.perf_counter() - started
        if not args.no_analyse:
            analyse()
        print(f"database {dialect}; built {args.entries} entries x {args.jurors} jurors, "
              f"{scores} scores in {build_s:.1f} s")

        client = secretariat_client(app) if args.pages else None
        if args.pages:
            print("round page, open: " + page(app, client, "/sekretariat/2024/runder/1"))

        warm_s, rows = aggregate(round_)
        print(f"aggregate, first run (warming the caches): {warm_s:.3f} s, {rows} sheets")

        round_ = db.session.get(Round, round_.id)
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        closing.close_round(round_, actor="sekretariat@example.dk", at=moment[0])
        db.session.commit()
        close_s = time.perf_counter() - started
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        round_id = round_.id
        db.session.remove()

        aggregate_s = min(aggregate(db.session.get(Round, round_id))[0] for _ in range(3))

        round_ = db.session.get(Round, round_id)
        stored = round_results.snapshot(round_)
        # As the JSON column stores them (json.dumps with its default separators).
        inputs_json = len(json.dumps(stored.inputs))
        left_out_json = len(json.dumps(stored.left_out))
        started = time.perf_counter()
        outcome = engine.compute(round_results.round_input(stored))
        engine_s = time.perf_counter() - started
        print(f"snapshot: inputs {inputs_json / 1e6:.2f} MB of JSON, left_out "
              f"{left_out_json / 1e3:.1f} kB, {len(stored.inputs['sheets'])} counted sheets")
        print(f"engine (compute from the snapshot): {engine_s:.3f} s; first "
              f"{outcome.entries[0].entry}, {len(outcome.tie_groups)} tie groups")
        db.session.rollback()
        if args.pages:
            print("results page: " + page(app, client, "/sekretariat/2024/runder/1/resultat"))
            print("round page, closed: " + page(app, client, "/sekretariat/2024/runder/1"))
        db.session.remove()
        db.engine.dispose()

    print(f"close_round entries={args.entries} jurors={args.jurors} scores={scores} "
          f"close_s={close_s:.3f} aggregate_s={aggregate_s:.3f} "
          f"ratio={close_s / aggregate_s:.2f}")


if __name__ == "__main__":
    sys.exit(main())
