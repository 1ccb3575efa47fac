"""Holding one row until the caller commits, so that two requests that change it take turns
(numbering a grant's claims, publishing a version, saving a draft's files)."""

import sqlalchemy as sa

from award.extensions import db


def hold_row(model, row_id: int) -> bool:
    """Lock the row of `model` with this id until the transaction ends; False when it is gone.

    PostgreSQL locks the row (SELECT … FOR UPDATE). SQLite has no row locks: its first write
    in a transaction takes the database's write lock, so a write that changes nothing does the
    same, and a second writer waits for the first to commit."""
    row = model.id == row_id
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalar(sa.select(model.id).where(row).with_for_update()) is not None
    return db.session.execute(sa.update(model).where(row).values(id=model.id)
                              .execution_options(synchronize_session=False)).rowcount == 1
