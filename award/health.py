"""Health for a balancer: /healthz (the process serves) and /readyz (it can serve a person:
the database answers at the newest migration, and the rate-limit storage answers). Neither
sets a cookie, counts against a rate limit, or is kept by a cache.

And for an operator: `award check`, the same and SMTP, with each production setting."""

import smtplib
from functools import cache
from urllib.parse import urlsplit

import click
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app

from award import mail
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


def shown_url(url: str | None) -> str:
    """An address with its password left out."""
    if not url:
        return "-"
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def smtp_problem() -> str | None:
    try:
        with mail.connect() as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as error:
        return f"{type(error).__name__}: {error}"
    return None


@click.command("check")
def check_command():
    """Each production setting and whether the database, the rate-limit storage and SMTP
    answer. Exits non-zero when something would stop the app or leave mail unsent."""
    config = current_app.config
    production = not config["DEVELOPMENT"]
    findings: list[tuple[bool, str, str]] = []  # (a problem?, what, state)

    def note(problem: bool, what: str, state: str) -> None:
        findings.append((problem, what, state))

    note(False, "AWARD_ENV", "production" if production else "development")
    note(production and not config.get("PUBLIC_BASE_URL"), "AWARD_PUBLIC_BASE_URL",
         config.get("PUBLIC_BASE_URL") or "not set")
    note(False, "AWARD_SECRET_KEY", "set" if config.get("SECRET_KEY") else "not set")
    note(False, "AWARD_RATELIMIT_STORAGE_URI", shown_url(config.get("RATELIMIT_STORAGE_URI")))
    note(False, "AWARD_PROXY_COUNT", str(config.get("PROXY_COUNT") or 0))
    note(False, "AWARD_DATABASE_URL", shown_url(config.get("SQLALCHEMY_DATABASE_URI")))
    reason = not_ready()
    note(reason is not None, "database and rate-limit storage", reason or "answer")
    if config.get("SMTP_HOST"):
        problem = smtp_problem()
        note(problem is not None, "SMTP",
             problem or f"{config['SMTP_HOST']}:{config['SMTP_PORT']} answers")
    else:
        note(production, "SMTP", "AWARD_SMTP_HOST is not set: mail stays in the outbox")
    width = max(len(what) for _, what, _ in findings)
    for problem, what, state in findings:
        click.echo(f"{'FAIL' if problem else 'ok  '}  {what.ljust(width)}  {state}")
    failed = sum(problem for problem, _, _ in findings)
    if failed:
        raise click.ClickException(f"{failed} problem(s): see the lines marked FAIL")


commands = [check_command]
