"""Which cycles `award demo` builds on a given day, and their dates.

Every demo cycle keeps the award's own calendar, so that a cycle's year fits its dates: the
call for year Y opens on 21 November of Y-1, closes at the end of 13 January Y, and the prize
is presented at Regionernes Politiske Topmøde on the second Thursday of April Y (as on
11 April 2024 and 10 April 2025).

The rule, for today's date in Copenhagen:

- the cycle being judged is the latest one whose call has closed: this year's once 13 January
  is over, last year's before that;
- the cycle for the call is the year after it: open from 21 November until 13 January, in
  draft (about to open) before 21 November.

So from 14 January 2027 to 20 November 2027 the demo has 2027 being judged and 2028 in draft;
from 21 November 2027 to 13 January 2028, 2027 still being judged and 2028 open.

What the real calendar cannot show: a jury round opens only once the call has closed, and a
real cycle is judged only from its January deadline until its April summit, when no call is
open. A demo with one cycle open (or about to open) and one being judged on every day of the
year must bend one thing; it keeps the dates and instead leaves the judged cycle's round 1
open after its summit date (from April until the next deadline), as if the jury were late.

An earlier cycle, decided and announced, is the year before the judged one: `plan(moment,
decided=1)` gives it with its dates and `Stage.DECIDED`; `award demo` asks for one, and
award.demo.decided builds it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from award import timeutil

CALL_OPENS = (11, 21)  # (month, day) in the year before the award
DEADLINE = (1, 13)  # the last day to nominate, in the award's year
SUMMIT_MONTH, SUMMIT_WEEKDAY, SUMMIT_WEEK = 4, 3, 2  # the second Thursday of April


class Stage(enum.StrEnum):
    DECIDED = "decided"  # judged, awarded at its summit, winner announced
    JUDGED = "judged"  # call closed, round 1 open with the jury
    CALL = "call"  # call open now, or in draft until it opens


@dataclass(frozen=True)
class DemoCycle:
    year: int
    stage: Stage
    opens_at: datetime  # UTC
    deadline_at: datetime  # UTC, the first instant at which nominations are refused
    summit_date: date


def summit_day(year: int) -> date:
    first = date(year, SUMMIT_MONTH, 1)
    first_weekday = first + timedelta(days=(SUMMIT_WEEKDAY - first.weekday()) % 7)
    return first_weekday + timedelta(weeks=SUMMIT_WEEK - 1)


def dates(year: int) -> tuple[datetime, datetime, date]:
    """(opens_at, deadline_at, summit_date) of the cycle for `year`."""
    opens_at = timeutil.local_midnight(date(year - 1, *CALL_OPENS))
    deadline_at = timeutil.local_midnight(date(year, *DEADLINE) + timedelta(days=1))
    return opens_at, deadline_at, summit_day(year)


def judged_year(moment: datetime) -> int:
    """The year of the latest cycle whose call has closed by `moment`."""
    year = moment.astimezone(timeutil.COPENHAGEN).year
    _opens, deadline_at, _summit = dates(year)
    return year if moment >= deadline_at else year - 1


def demo_cycle(year: int, stage: Stage) -> DemoCycle:
    return DemoCycle(year, stage, *dates(year))


def plan(moment: datetime, *, decided: int = 0) -> list[DemoCycle]:
    """The demo's cycles at `moment`, oldest first: `decided` earlier cycles (none unless
    asked), the one being judged, and the one for the call."""
    judged = judged_year(moment)
    earlier = [demo_cycle(judged - n, Stage.DECIDED) for n in range(decided, 0, -1)]
    return [*earlier, demo_cycle(judged, Stage.JUDGED), demo_cycle(judged + 1, Stage.CALL)]
