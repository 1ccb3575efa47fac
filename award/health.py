"""Health for a balancer: /healthz (the process serves) and /readyz (it can serve a person:
the database answers at the newest migration, and the rate-limit storage answers).

Neither sets a cookie, counts against a rate limit, or is kept by a cache."""

from functools import cache

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app

from award.extensions import db, limiter

bp = Blueprint("health", __name__)
limiter.exempt(bp)


@cache
def newest_migration(directory: str) -> str:
    return ScriptDirectory(directory).get_current_head()


def not_ready() -> str | None:
    """Why this host cannot serve a person now, in one line; None when it can."""
    try:
        version = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        return f"database: {type(error.__cause__ or error).__name__}"
    finally:
        db.session.close()  # give the connection back at once
    newest = newest_migration(current_app.extensions["migrate"].directory)
    if version != newest:
        return f"database: schema at {version}, newest migration is {newest} (award db upgrade)"
    try:
        storage_answers = limiter.storage.check()
    except Exception as error:  # noqa: BLE001  (any failure of the storage's client)
        return f"rate-limit storage: {type(error).__name__}"
    if not storage_answers:
        return "rate-limit storage: no answer"
    return None


def plain(text: str, status: int):
    return text + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
def healthz():
    return plain("ok", 200)


@bp.get("/readyz")
def readyz():
    reason = not_ready()
    return plain("ok", 200) if reason is None else plain(reason, 503)
