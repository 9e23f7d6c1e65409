"""What the terminal UI works with, obtained only from the SDK.

A :class:`Session` holds the councils, the one being worked on, today's date
and (once the store is open) the person using the app.  Screens read it from
``app.session``; nothing here knows about Textual, so everything the UI shows
the SDK can produce too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from councilkit import Council, Problem
from councilkit.catalog import council_dirs, council_files
from councilkit.clock import today
from councilkit.loader import read_council_file

Progress = Callable[[str, float], None]


class Session:
    def __init__(self, councils_dir: Path | str | None = None) -> None:
        self.councils_dir = councils_dir
        self.councils: list[Council] = []
        self.problems: list[Problem] = []
        self.council: Council | None = None
        self.today: dt.date = today()
        self.loaded = False

    def load(self, progress: Progress | None = None) -> None:
        """Read every council file (slow work: call it from a worker), reporting progress."""
        files = council_files(council_dirs(self.councils_dir))
        councils, problems = [], []
        for n, path in enumerate(files, 1):
            if progress:
                progress(f"Reading {path.name}", n / max(len(files), 1))
            council, found = read_council_file(path)
            problems.extend(found)
            if council is not None:
                councils.append(council)
        self.councils = sorted(councils, key=lambda c: c.name)
        self.problems = problems
        self.loaded = True

    def choose(self, council_id: str) -> Council:
        for council in self.councils:
            if council.id == council_id:
                self.council = council
                return council
        raise LookupError(f"no council {council_id!r}")

    def council_or_none(self, council_id: str | None) -> Council | None:
        return next((c for c in self.councils if c.id == council_id), None)

    def broken_files(self) -> list[str]:
        return sorted({p.file for p in self.problems if p.is_error and p.file})
