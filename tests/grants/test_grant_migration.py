"""Migration d2b3c4e5f6a7 on a database in use: the claims already there are numbered within
their grant in the order they were added, an approved claim was approved in full and none is
said to be paid; the way back works."""

from contextlib import ExitStack
from datetime import date

import pytest
import sqlalchemy as sa
from fixtures.database import START, TEST_DATABASE_URL, own_postgresql_database
from flask_migrate import downgrade, upgrade

from award import create_app
from award.extensions import db

BEFORE, REVISION = "a5e6f7b8c9d0", "d2b3c4e5f6a7"


@pytest.fixture
def fresh_database(tmp_path):
    with ExitStack() as stack:
        if TEST_DATABASE_URL:
            yield stack.enter_context(own_postgresql_database(TEST_DATABASE_URL))
        else:
            yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"


def insert(table: sa.Table, **values) -> int:
    """A row as the code before the revision could have written it: the given values, and a
    plain value of its type in every other column that needs one."""
    plain = {sa.Integer: 1, sa.BigInteger: 1, sa.Date: date(2024, 1, 15),
             sa.DateTime: START, sa.JSON: [], sa.Boolean: False}
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key \
                or column.server_default is not None:
            continue
        row[column.name] = next((value for kind, value in plain.items()
                                 if isinstance(column.type, kind)), "x")
    return db.session.execute(table.insert().values(row)).inserted_primary_key[0]


def test_the_upgrade_numbers_the_claims_within_their_grant(fresh_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "TESTING": True,
                      "SECRET_KEY": "migrations"})
    with app.app_context():
        upgrade(revision=BEFORE)
        tables = sa.MetaData()
        tables.reflect(db.engine, only=["cycles", "nominations", "grants", "grant_claims"])
        grants = []
        for year in (2024, 2025):
            cycle = insert(tables.tables["cycles"], year=year)
            nomination = insert(tables.tables["nominations"], cycle_id=cycle,
                                draft_key=f"key-{year}")
            grants.append(insert(tables.tables["grants"], cycle_id=cycle,
                                 nomination_id=nomination, reference=f"RG-{year}-01",
                                 cap_ore=1_000_000))
        claims = tables.tables["grant_claims"]
        # Added in turn: two on 2024's grant, one on 2025's, one more on 2024's.
        for grant, status, amount in ((grants[0], "approved", 250_000),
                                      (grants[0], "rejected", 100_000),
                                      (grants[1], "pending", 300_000),
                                      (grants[0], "pending", 50_000)):
            insert(claims, grant_id=grant, status=status, amount_ore=amount)
        db.session.commit()

        upgrade(revision=REVISION)
        rows = db.session.execute(sa.text(
            "SELECT grant_id, number, approved_ore, paid_ore, paid_at, payee_name "
            "FROM grant_claims ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [
            (grants[0], 1, 250_000, None, None, ""),
            (grants[0], 2, None, None, None, ""),
            (grants[1], 1, None, None, None, ""),
            (grants[0], 3, None, None, None, "")]
        db.session.commit()

        downgrade(revision=BEFORE)
        upgrade(revision=REVISION)
        numbers = db.session.scalars(sa.text("SELECT number FROM grant_claims ORDER BY id"))
        assert list(numbers) == [1, 2, 1, 3]
        db.session.remove()
        db.engine.dispose()
