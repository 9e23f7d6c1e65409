"""Deadlines in UK working days, with their working shown.

A step that must happen "within 5 working days" is due on the fifth working day
after the day it starts: the start day itself is day 0, and weekends and the
bank holidays of the council's nation are skipped.  Bank holidays differ:
England and Wales share theirs; Scotland has St Andrew's Day and 2 January;
Northern Ireland has St Patrick's Day and the Battle of the Boyne.  They come
from the ``holidays`` package, including one-off days such as a coronation.

Every :class:`Deadline` carries its working (the start, the number of days,
and each day skipped with the reason), so a clerk can check it by hand, and
says whether it is overdue on a given day.

Importing ``holidays`` loads every country it knows (about 0.2 s), and a clerk's
command needs only the United Kingdom's, so the days it gives are kept in a small
JSON file in the platform cache directory (``COUNCILKIT_CACHE_DIR`` to move it),
one per installed copy of ``holidays``: a new version, which may bring a new one-off bank
holiday, is asked again.  A missing, damaged or unwritable cache only means asking
``holidays``.

Where the number of days comes from: a step's own ``due_days`` (the council's
text, or the council overriding its variant) wins; otherwise the variant's
default for the step's first procedure that has one (ACAS good practice is to
meet about a grievance within 5 working days); otherwise the step has no
deadline.  :func:`days_for` answers that, with its source.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from councilkit import settings
from councilkit._attrs import frozen
from councilkit.errors import CouncilkitError
from councilkit.files import write_atomically

#: the council's nation -> the ``holidays`` subdivision of the United Kingdom
SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}
NATION_NAMES = {
    "england": "England and Wales",
    "wales": "England and Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}
#: how far a deadline may reach: 500 working days is about two years
MAX_DAYS = 500


class DeadlineError(CouncilkitError, ValueError):
    """A deadline that cannot be counted: an unknown nation or a negative number of days."""


#: where the bank holidays ``holidays`` gave are kept (default: the platform cache directory)
CACHE_ENV = settings.CACHE_ENV
_asking = threading.Lock()  # one thread at a time asks ``holidays`` and writes the cache


@functools.cache
def _calendar(nation: str, year: int) -> dict[dt.date, str]:
    if nation not in SUBDIVISIONS:
        raise DeadlineError(
            f"unknown nation {nation!r}; bank holidays are known for {', '.join(SUBDIVISIONS)}")
    key = f"{nation}:{year}"
    known = _cache().get(key)
    if known is None:
        with _asking:
            known = _cache().get(key)
            if known is None:
                # asked once, ``holidays`` answers for every nation and the years around this one
                import holidays

                found = {f"{n}:{y}": {d.isoformat(): name for d, name in
                                      holidays.country_holidays("GB", subdiv=sub, years=y).items()}
                         for n, sub in SUBDIVISIONS.items() for y in range(year - 1, year + 3)}
                _cache().update(found)
                _save_cache()
                known = found[key]
    return {dt.date.fromisoformat(day): name for day, name in sorted(known.items())}


def cache_path() -> Path:
    """The file the bank holidays are kept in, for the installed copy of ``holidays``.

    The name carries the size and time of the package's ``__init__.py`` (found without importing
    it, or ``importlib.metadata``, which costs a command or the UI's first screen ~15 ms): a new
    version of ``holidays``, or the same one installed again, gets a file of its own.
    """
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    try:
        st = os.stat(spec.origin)  # type: ignore[union-attr, arg-type]
        stamp = f"{st.st_size}-{st.st_mtime_ns}"
    except (AttributeError, TypeError, OSError):
        stamp = "unknown"
    return settings.cache_dir() / f"bank-holidays-{stamp}.json"


@functools.cache
def _cache() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)
            and all(isinstance(d, str) and isinstance(n, str) for d, n in v.items())}


def _save_cache() -> None:
    """Write the cache whole, through a temporary file, so a reader never sees half of it."""
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(_cache(), sort_keys=True), durable=False)
    except OSError:
        pass  # no cache: the next process asks ``holidays`` again


def bank_holidays(nation: str, years: Iterable[int]) -> dict[dt.date, str]:
    """The bank holidays of ``nation`` in ``years``: date -> name."""
    out: dict[dt.date, str] = {}
    for year in years:
        out.update(_calendar(nation, year))
    return dict(sorted(out.items()))


def bank_holiday(nation: str, day: dt.date) -> str | None:
    """The name of the bank holiday on ``day`` in ``nation``, or None."""
    return _calendar(nation, day.year).get(day)


def is_working_day(nation: str, day: dt.date) -> bool:
    return day.weekday() < 5 and bank_holiday(nation, day) is None


@frozen
class Skipped:
    """A day not counted, and why: ``weekend`` or the bank holiday's name."""

    day: dt.date
    why: str

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5

    def __str__(self) -> str:
        return f"{_short(self.day)} ({self.why})"


@frozen
class Deadline:
    """``days`` working days from ``start`` in ``nation``: due on ``due``, with the days skipped."""

    start: dt.date
    days: int
    nation: str
    due: dt.date
    skipped: tuple[Skipped, ...] = ()
    #: where the number of days came from ("the step", "the parish variant's default for grievance")
    source: str = ""

    @property
    def weekends(self) -> tuple[dt.date, ...]:
        return tuple(s.day for s in self.skipped if s.weekend)

    @property
    def holidays(self) -> tuple[Skipped, ...]:
        """Bank holidays that fell on a working day and so were skipped."""
        return tuple(s for s in self.skipped if not s.weekend)

    def overdue(self, today: dt.date) -> bool:
        """True once ``today`` is past the due date."""
        return today > self.due

    def working_days_left(self, today: dt.date) -> int:
        """Working days from ``today`` to the due date (negative once overdue)."""
        if today <= self.due:
            return working_days_between(today, self.due, self.nation)
        return -working_days_between(self.due, today, self.nation)

    def status(self, today: dt.date) -> str:
        """"due in 3 working days", "due today", "OVERDUE by 2 working days"."""
        left = self.working_days_left(today)
        if self.overdue(today):
            late = max(-left, 1)
            return f"OVERDUE by {late} working day{'s' if late != 1 else ''}"
        if today == self.due:
            return "due today"
        return f"due in {left} working day{'s' if left != 1 else ''}"

    def working(self) -> str:
        """The sum, in words: start, days, what was skipped, due date."""
        plural = "s" if self.days != 1 else ""
        text = f"{self.days} working day{plural} from {_long(self.start)}"
        if self.source:
            text += f" ({self.source})"
        weekends = [s for s in self.skipped if s.weekend]
        holidays_ = self.holidays
        parts = []
        if weekends:
            parts.append(f"{len(weekends)} weekend day{'s' if len(weekends) != 1 else ''} "
                         f"({', '.join(_short(s.day) for s in weekends)})")
        if holidays_:
            names = ", ".join(f"{_short(s.day)} {s.why}" for s in holidays_)
            parts.append(f"{NATION_NAMES.get(self.nation, self.nation)} bank "
                         f"holiday{'s' if len(holidays_) != 1 else ''} ({names})")
        text += "; skipping " + " and ".join(parts) if parts else "; nothing to skip"
        return f"{text}: due {_long(self.due)}"


def add_working_days(start: dt.date, days: int, nation: str, source: str = "") -> Deadline:
    """The deadline ``days`` working days after ``start`` (day 0) in ``nation``.

    With 0 days the step is due the day it starts.  Holidays on a weekend
    ("Boxing Day" on a Saturday) are counted as the weekend they fall on; the
    day the holiday is moved to ("Boxing Day (observed)") is skipped as a bank holiday.
    """
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise DeadlineError(f"a deadline needs 0 or more working days, not {days!r}")
    if days > MAX_DAYS:
        raise DeadlineError(f"{days} working days is more than {MAX_DAYS}; is that a number of calendar days?")
    return _count(start, days, nation, source)


@functools.lru_cache(maxsize=4096)
def _count(start: dt.date, days: int, nation: str, source: str) -> Deadline:
    """The counting itself; a deadline is a pure function of its inputs, so many cases share one."""
    _calendar(nation, start.year)  # an unknown nation fails here, even for 0 days
    day = start
    counted = 0
    skipped: list[Skipped] = []
    while counted < days:
        day += dt.timedelta(days=1)
        holiday = bank_holiday(nation, day)
        if day.weekday() >= 5:
            skipped.append(Skipped(day, "weekend" + (f", {holiday}" if holiday else "")))
        elif holiday:
            skipped.append(Skipped(day, holiday))
        else:
            counted += 1
    # "weekend" entries keep the word first so Skipped.weekend stays true for them
    return Deadline(start=start, days=days, nation=nation, due=day, skipped=tuple(skipped), source=source)


def working_days_between(start: dt.date, end: dt.date, nation: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(nation, day):
            count += 1
    return count


def working_days_before(end: dt.date, days: int, nation: str) -> dt.date:
    """The date ``days`` working days before ``end``: the start that would make ``end`` due."""
    day = end
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_working_day(nation, day):
            counted += 1
    return day


def days_for(step: Any, variant: Any) -> tuple[int | None, str]:
    """How many working days ``step`` has, and where that number comes from.

    The step's own ``due_days`` first (the council's text or its override),
    else the variant's default for the first of the step's procedures that
    has one, else ``(None, "")``: no deadline.
    """
    if step.due_days is not None:
        return step.due_days, "set by the council for this step"
    defaults = getattr(variant, "default_days", {}) or {}
    for procedure in step.procedure:
        if procedure in defaults:
            name = procedure.replace("_", " ")
            return defaults[procedure], f"the {variant.id} variant's default for {name}"
    return None, ""


def _short(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _long(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"
