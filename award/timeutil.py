"""Time: stored in UTC, shown in Europe/Copenhagen, read from the app's clock."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app
from flask_babel import get_locale

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def now() -> datetime:
    """The current time in UTC; tests replace the app's CLOCK to travel in time."""
    clock = current_app.config.get("CLOCK") if current_app else None
    return clock() if clock else datetime.now(UTC)


def parse_deadline(text: str) -> datetime:
    """A date means the end of that day in Copenhagen; a date with a time is exact.

    Returns the first instant (UTC) at which the deadline has passed: "2024-01-13"
    gives 2024-01-14 00:00 Copenhagen time, "2024-01-13 12:00" gives 12:00.
    """
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=COPENHAGEN)
        return moment.astimezone(UTC)
    return local_midnight(day + timedelta(days=1))


def parse_opening(text: str) -> datetime:
    """An opening date means the start of that day in Copenhagen."""
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return parse_deadline(text)
    return local_midnight(day)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=COPENHAGEN).astimezone(UTC)


PATTERNS = {"da": "d. MMMM y 'kl.' HH.mm", "en": "d MMMM y 'at' HH:mm"}
DATE_PATTERNS = {"da": "d. MMMM y", "en": "d MMMM y"}


def _locale() -> str:
    locale = get_locale()
    return locale.language if locale else "da"


def format_moment(moment: datetime) -> str:
    """'13. januar 2024 kl. 23.59' (Danish) or '13 January 2024 at 23:59' (English)."""
    language = _locale()
    return format_datetime(moment, PATTERNS.get(language, PATTERNS["da"]), tzinfo=COPENHAGEN,
                           locale=language)


def format_deadline(deadline: datetime) -> str:
    """A deadline at local midnight is shown as the last minute of the day before."""
    local = deadline.astimezone(COPENHAGEN)
    if local.time() == time(0, 0):
        deadline = deadline - timedelta(minutes=1)
    return format_moment(deadline)


def format_day(day: date) -> str:
    language = _locale()
    return format_datetime(datetime.combine(day, time(12, 0)),
                           DATE_PATTERNS.get(language, DATE_PATTERNS["da"]), locale=language)
