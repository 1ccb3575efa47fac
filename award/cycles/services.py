"""Cycle queries and the one service that makes a cycle."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from award import audit
from award.criteria import (
    CRITERIA,
    DEFAULT_GRANT_CAP_ORE,
    DEFAULT_TIE_BREAK,
    REGIONS,
    SCALE_LABELS,
)
from award.criteria.weights import check_criterion_weights, format_hundredths
from award.cycles.models import Criterion, Cycle
from award.dbtypes import fits_integer
from award.extensions import db
from award.service import Refused


def current_cycle(moment: datetime) -> Cycle | None:
    """The cycle the public sees: the open one, else the next to open, else the latest."""
    cycles = db.session.scalars(sa.select(Cycle).order_by(Cycle.opens_at)).all()
    open_now = [c for c in cycles if c.accepts_nominations(moment)]
    upcoming = [c for c in cycles if moment < c.opens_at]
    if open_now:
        return open_now[-1]
    if upcoming:
        return upcoming[0]
    return cycles[-1] if cycles else None


def by_year(year: int) -> Cycle | None:
    if not fits_integer(year):
        return None
    return db.session.scalar(sa.select(Cycle).where(Cycle.year == year))


class CycleError(Refused):
    """Bad input for a cycle; the message is shown to the person."""


def create_cycle(*, year: int, title: str, theme: str, opens_at: datetime, deadline_at: datetime,
                 actor: str, at: datetime, call_text: str = "", summit_date: date | None = None,
                 summit_place: str | None = None, regions: list[str] | None = None,
                 theme_question_da: str | None = None,
                 theme_question_en: str | None = None) -> Cycle:
    if by_year(year):
        raise CycleError(f"a cycle for {year} exists already")
    cycle = Cycle(
        year=year, title=title, theme=theme, call_text=call_text, opens_at=opens_at,
        deadline_at=deadline_at, summit_date=summit_date, summit_place=summit_place,
        regions=list(regions or REGIONS), scale_min=1, scale_max=5,
        scale_labels=[dict(step) for step in SCALE_LABELS], tie_break=list(DEFAULT_TIE_BREAK),
        grant_cap_ore=DEFAULT_GRANT_CAP_ORE, theme_question_da=theme_question_da,
        theme_question_en=theme_question_en,
        criteria=[Criterion(number=n, text_da=da, text_en=en)
                  for n, (da, en) in enumerate(CRITERIA, start=1)],
    )
    check_times(cycle)
    db.session.add(cycle)
    db.session.flush()
    audit.record(actor, "cycle.created", "cycle", year, at,
                 {"title": title, "opens_at": opens_at.isoformat(),
                  "deadline_at": deadline_at.isoformat()})
    return cycle


def check_times(cycle: Cycle) -> None:
    if cycle.deadline_at <= cycle.opens_at:
        raise CycleError("the deadline must come after the opening")


UPDATABLE = ("title", "theme", "call_text", "opens_at", "deadline_at", "summit_date",
             "summit_place", "theme_question_da", "theme_question_en", "tie_break",
             "retention_months")


def update_cycle(cycle: Cycle, changes: dict, *, actor: str, at: datetime) -> dict:
    """Apply the given fields; returns what changed (old, new) for the audit entry."""
    changed = {}
    for field, value in changes.items():
        if field not in UPDATABLE:
            raise CycleError(f"{field} cannot be changed")
        old = getattr(cycle, field)
        if old != value:
            setattr(cycle, field, value)
            changed[field] = [_plain(old), _plain(value)]
    check_times(cycle)
    check_tie_break(cycle)
    check_retention_months(cycle)
    if changed:
        audit.record(actor, "cycle.updated", "cycle", cycle.year, at, changed)
    return changed


def check_tie_break(cycle: Cycle) -> None:
    """The tie-break chain: criterion numbers of the cycle, each at most once."""
    numbers = {c.number for c in cycle.criteria}
    chain = list(cycle.tie_break)
    unknown = [n for n in chain if n not in numbers]
    if unknown:
        raise CycleError(_l("Kriterium %(numbers)s findes ikke; kriterierne er %(first)d-%(last)d.",
                            numbers=", ".join(map(str, unknown)), first=min(numbers),
                            last=max(numbers)))
    if len(set(chain)) != len(chain):
        raise CycleError(_l("Et kriterium må kun stå én gang i rækkefølgen."))


# How long the personal data of nominators and contact persons is kept after the winner
# announcement (award.retention), in months.
RETENTION_MONTHS = (1, 120)


def check_retention_months(cycle: Cycle) -> None:
    months = cycle.retention_months
    low, high = RETENTION_MONTHS
    if isinstance(months, bool) or not isinstance(months, int) or not low <= months <= high:
        raise CycleError(_l("Opbevaringsperioden skal være et helt antal måneder fra %(low)d "
                            "til %(high)d.", low=low, high=high))


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def set_criterion_weights(cycle: Cycle, hundredths: list[int], *, actor: str,
                          at: datetime) -> None:
    check_criterion_weights(hundredths, len(cycle.criteria))
    old = [c.weight_hundredths for c in cycle.criteria]
    for criterion, weight in zip(cycle.criteria, hundredths, strict=True):
        criterion.weight_hundredths = weight
    audit.record(actor, "criteria.weights_set", "cycle", cycle.year, at, {
        "old": [format_hundredths(w, ".") for w in old],
        "new": [format_hundredths(w, ".") for w in hundredths],
    })
