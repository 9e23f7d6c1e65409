"""What the command line accepts as a number or a date: checked here, at the edge, before the SDK sees it.

Every number a person types has a range (a page, a count of days, an entry's number) and every
date a span of years councilkit can count working days in, so a value out of range is refused
with a one-line message naming the option (click's ``Error: Invalid value for '--page': ...``,
exit 2) instead of overflowing SQLite's integers or Python's dates further in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

#: the largest number SQLite stores as an integer: no entry, case or version is numbered beyond it
ID_MAX = 2**63 - 1
#: the span of dates councilkit takes: working days, bank holidays and reviews are counted in it
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
#: the furthest ahead, in days, a command looks for what falls due (ten years)
HORIZON_DAYS = 3660
#: the furthest page of a list (a list is never longer than this many pages of its smallest size)
PAGE_MAX = 1_000_000


class DateParam(click.ParamType):
    """An ISO date, 2026-11-23, between :data:`FIRST_DAY` and :data:`LAST_DAY`, with a message that says so."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a date like 2026-11-23", param, ctx)
        if not FIRST_DAY <= day <= LAST_DAY:
            self.fail(f"{day.isoformat()} is outside the dates councilkit works with "
                      f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})", param, ctx)
        return day


DATE = DateParam()


def count(low: int, high: int) -> click.IntRange:
    """A whole number from ``low`` to ``high``: more is refused, naming the option and the range."""
    return click.IntRange(low, high)


#: an entry's, a case's or a version's number
NUMBER = count(1, ID_MAX)
#: a version, which may be 0 (nothing yet)
VERSION = count(0, ID_MAX)
#: a page of a list
PAGE = count(1, PAGE_MAX)
#: days ahead
DAYS = count(0, HORIZON_DAYS)
