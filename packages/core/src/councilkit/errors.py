"""Problems found in council files and requests, reported to people, never as tracebacks.

A :class:`Problem` is one finding: the file, the line, the key and a sentence a
clerk can act on.  Loading or validating collects every problem it can find
before giving up, so one run of ``councilkit validate`` shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from councilkit._attrs import frozen

ERROR = "error"
WARNING = "warning"


@frozen
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
    import difflib  # loaded only when a name is wrong

    close = difflib.get_close_matches(str(name), list(valid), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- free text: every field's limit ---------------------------------------------------------


@frozen
class TextLimit:
    """How much text a free-text field takes: ``most`` characters, on one line or several."""

    field: str
    most: int
    one_line: bool
    where: str

    def describe(self) -> str:
        return f"up to {self.most:,} characters" + (", on one line" if self.one_line else "")


#: every free-text field councilkit stores, its limit, and where it is given (docs/security.md lists them)
LIMITS: dict[str, TextLimit] = {t.field: t for t in (
    TextLimit("name", 200, True, "a person's name (people add, people change)"),
    TextLimit("login", 64, True, "a person's or an administrator's login (no spaces)"),
    TextLimit("email", 254, True, "a person's email"),
    TextLimit("title", 200, True, "a case's title (case open --title)"),
    TextLimit("description", 20_000, False, "what a case is about (case open --why)"),
    TextLimit("note", 20_000, False, "a note on a case (case note)"),
    TextLimit("reason", 5_000, False, "why, on every move of a case and every register amendment or withdrawal"),
    TextLimit("register text", 20_000, False, "a text field of a register entry"),
)}


class TextError(CouncilkitError, ValueError):
    """Free text that is too long, or that breaks a one-line field; ``field`` names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def check_text(field: str, text: str | None) -> str:
    """``text`` if it fits ``field``'s limit (:data:`LIMITS`), else :class:`TextError` naming the field.

    A one-line field takes no control characters at all (no line breaks, tabs or escape
    sequences); any field may hold them otherwise, and they are shown escaped
    (:func:`councilkit.present.words.safe`).
    """
    limit = LIMITS[field]
    value = text or ""
    if len(value) > limit.most:
        raise TextError(field, f"the {field} is {len(value):,} characters long; the limit is {limit.most:,} "
                               f"({limit.where}); nothing was written")
    if limit.one_line:
        for i, ch in enumerate(value):
            if _control(ch):
                raise TextError(field, f"the {field} holds a control character ({ch!r} at position {i + 1}); "
                                       f"a {field} is one line of plain text; nothing was written")
    return value


def _control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in "\u2028\u2029\u200e\u200f\u061c" or (
        0x202A <= code <= 0x202E) or (0x2066 <= code <= 0x2069)
