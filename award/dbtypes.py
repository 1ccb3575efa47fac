"""Column types shared by every feature's models."""

from datetime import UTC, datetime

import sqlalchemy as sa

# The largest value an INTEGER column holds on PostgreSQL (ids, years, round numbers). A
# number from outside beyond it is not found, rather than sent to the database (which refuses
# it with an error).
INTEGER_MAX = 2**31 - 1


def fits_integer(value: int) -> bool:
    return -INTEGER_MAX - 1 <= value <= INTEGER_MAX


class UTCDateTime(sa.TypeDecorator):
    """An aware datetime in, an aware UTC datetime out, on SQLite and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; the platform stores aware UTC times only")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)
