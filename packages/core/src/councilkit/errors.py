"""Problems found in council files and requests, reported to people, never as tracebacks.

A :class:`Problem` is one finding: the file, the line, the key and a sentence a
clerk can act on.  Loading or validating collects every problem it can find
before giving up, so one run of ``councilkit validate`` shows them all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

ERROR = "error"
WARNING = "warning"


@attrs.frozen
class Problem:
    """One thing wrong (or worth a look) in a council file."""

    message: str
    file: str | None = None
    line: int | None = None
    key: str | None = None
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = self.file or "<council>"
        if self.line is not None:
            where += f":{self.line}"
        head = f"{where}: {self.severity}"
        if self.key:
            head += f": {self.key}"
        return f"{head}: {self.message}"


class CouncilkitError(Exception):
    """Base class for errors the SDK reports to its callers."""


class CouncilFileError(CouncilkitError):
    """A council file could not be loaded; ``problems`` says why, all of it."""

    def __init__(self, path: str | Path | None, problems: Sequence[Problem]):
        self.path = str(path) if path is not None else None
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{len(errors)} error(s) in {self.path or 'council'}:\n{lines}")


class UnknownCouncilError(CouncilkitError, LookupError):
    def __init__(self, council_id: str, known: Iterable[str]):
        self.council_id = council_id
        self.known = sorted(known)
        super().__init__(
            f"no council {council_id!r}{did_you_mean(council_id, self.known)}; "
            f"known councils: {', '.join(self.known) or 'none'}"
        )


class UnknownNameError(CouncilkitError, LookupError):
    """An id (role, action, clause, attribute...) that does not exist, with the valid ones."""

    def __init__(self, what: str, name: str, valid: Iterable[str], where: str = ""):
        self.what = what
        self.name = name
        self.valid = sorted(valid)
        where = f" {where}" if where else ""
        super().__init__(
            f"unknown {what} {name!r}{where}{did_you_mean(name, self.valid)}; "
            f"valid {what}s{where}: {', '.join(self.valid) or 'none'}"
        )


def did_you_mean(name: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), list(valid), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
