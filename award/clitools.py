"""What the feature command groups share: the actor, failing with a message, parsing."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from award import mail
from award.cycles import services as cycles
from award.cycles.models import Cycle
from award.extensions import db
from award.service import Refused

SYSTEM = "system"


def fail(message: str):
    raise click.ClickException(message)


@contextmanager
def committing(prefix: str = "") -> Iterator[None]:
    """Run a command's change: a refusal rolls back and exits non-zero with its message;
    otherwise one commit, then the mail it queued is sent (here, the command waits for it)."""
    try:
        yield
    except Refused as refused:
        db.session.rollback()
        fail(f"{prefix}{refused}")
    db.session.commit()
    mail.deliver_now()


def cycle_for(year: int) -> Cycle:
    cycle = cycles.by_year(year)
    if cycle is None:
        fail(f"no cycle for {year}; create it with `award cycle create --year {year} …`")
    return cycle


def parse_time(value: str | None, parser, option: str):
    if value is None:
        return None
    try:
        return parser(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date (2024-01-13) or a date and time "
             "(2024-01-13 12:00, Copenhagen time)")


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date like 2024-04-11")
