"""Today's date, which tests, demos and snapshots can fix with ``COUNCILKIT_TODAY``."""

from __future__ import annotations

import datetime as dt
import os

TODAY_ENV = "COUNCILKIT_TODAY"


def today() -> dt.date:
    """The date to judge deadlines and review dates by (``COUNCILKIT_TODAY=2026-11-23``)."""
    value = os.environ.get(TODAY_ENV)
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{TODAY_ENV}={value!r} is not a date like 2026-11-23") from None
    return dt.date.today()
