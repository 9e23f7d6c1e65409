"""Printing for the CLI: tables and text that fit the terminal, hints in the user's own words, and ``--json``.

**Width.**  Tables and wrapped text fit the width the output has: ``COLUMNS`` when it is set
(a number), else the terminal's width when standard output is a terminal.  Output that is not a
terminal (a pipe, a file) with no ``COLUMNS`` gets the plain layout: each table row on one line,
however long, so that ``grep`` and ``cut`` see whole rows; prose is wrapped at 100 columns.  A
table too wide for its width wraps its longest column first (then the next longest, ...),
each cell over as many lines as it needs; headers are never wrapped.

**The program's name** (:func:`program`).  Hints name a command the way it can be typed again:
``uv run councilkit ...`` when uv started this process (uv puts its own path in the ``UV``
variable of every command it runs), ``python -m councilkit ...`` when run as a module, else
``councilkit ...``.  The SDK's messages, which say ``councilkit CMD``, are re-worded the same way
(:func:`say`) before they are printed.

``--json`` prints one JSON document made by :mod:`councilkit.present.json` (the one converter the
SDK has): an object whose first key, ``"schema"``, is the version of its shape (docs/json.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from councilkit.registers import Registers

#: exit code for a refusal (an illegal move, a bad request): distinct from 1 (errors found)
REFUSED = 2

#: the widest prose is wrapped, even on a wider terminal (long lines are hard to read)
PROSE = 100
#: a column is never wrapped narrower than this (nor than its header)
NARROWEST = 8
#: nor narrower than its longest word, up to this many characters (longer words are broken)
WORD = 20
GAP = "  "


# --- the program's name -----------------------------------------------------------------


@functools.cache
def program() -> str:
    """How the user ran councilkit, to name commands in hints: ``uv run councilkit``,
    ``python -m councilkit`` or ``councilkit`` (see the module)."""
    if Path(sys.argv[0]).name == "__main__.py":
        return "python -m councilkit"
    if os.environ.get("UV"):
        return "uv run councilkit"
    return "councilkit"


@functools.cache
def _command_pattern() -> re.Pattern[str]:
    from councilkit.cli import COMMANDS

    names = "|".join(sorted(map(re.escape, COMMANDS), key=len, reverse=True))
    # not a name already said as run ("uv run councilkit", "python -m councilkit")
    return re.compile(rf"(?<![\w./-])(?<!run )(?<!-m )councilkit(?= (?:{names}|--?[a-z])\b)")


def say(text: str) -> str:
    """``text`` with each ``councilkit CMD ...`` it names said as the user runs it (:func:`program`)."""
    name = program()
    if name == "councilkit" or "councilkit" not in text:
        return text
    return _command_pattern().sub(name, text)


def hint(command: str) -> str:
    """A command to type, ``command`` being what follows the program's name: ``hint("validate x.toml")``."""
    return f"{program()} {command}"


# --- width ------------------------------------------------------------------------------


def terminal_width() -> int | None:
    """The width to fit: ``COLUMNS`` if set, else the terminal's; None when the output is no terminal."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):  # a closed or replaced stdout
        return None
    import shutil

    return shutil.get_terminal_size((PROSE, 24)).columns


def prose_width() -> int:
    """The width prose is wrapped at: the terminal's (or ``COLUMNS``), at most :data:`PROSE`."""
    return min(PROSE, terminal_width() or PROSE)


def wrap(text: str, indent: str = "", width: int | None = None, *, hanging: str | None = None) -> str:
    """``text``'s paragraphs (split on blank lines) filled to the width, each line after ``indent``
    (later lines of a paragraph after ``hanging``, if given)."""
    width = width or prose_width()
    later = indent if hanging is None else hanging
    out = []
    for para in text.split("\n\n") if text else []:
        out.append(textwrap.fill(" ".join(para.split()), width=max(width, len(later) + 20), initial_indent=indent,
                                 subsequent_indent=later, break_on_hyphens=False, break_long_words=False))
    return "\n\n".join(out)


def clean(text: object, *, one_line: bool = False) -> str:
    """``text`` safe to print (:func:`councilkit.present.words.safe`, as the terminal UI shows it): each
    control character, which could move the cursor, recolour or retitle the terminal, shown escaped
    (``\\x1b``); ``one_line``: newlines and tabs too."""
    from councilkit.present.words import safe

    return safe(text, one_line=one_line)


def fit(line: str, width: int | None = None, hanging: str | None = None) -> str:
    """One line of output made to fit the width: wrapped at spaces (a longer word, such as a path, is
    left whole), later lines after ``hanging`` (default: two spaces more than the line's own indent).
    Spaces inside the line are kept, so aligned columns stay aligned."""
    width = width or terminal_width()
    if width is None or len(line) <= width:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    later = indent + "  " if hanging is None else hanging
    out, rest = [], line
    while len(rest) > width:
        cut = rest.rfind(" ", len(later) + 1 if out else len(indent) + 1, width + 1)
        if cut < 0:  # one word longer than the line: leave it whole
            cut = rest.find(" ", width)
            if cut < 0:
                break
        out.append(rest[:cut].rstrip())
        rest = later + rest[cut:].lstrip()
    out.append(rest)
    return "\n".join(out)


def echo(text: str = "", *, err: bool = False, nl: bool = True, hanging: str | None = None) -> None:
    """Print ``text`` (stored text among it made safe, :func:`clean`), each line fitting the width (:func:`fit`)."""
    click.echo("\n".join(fit(line, hanging=hanging) for line in clean(text).split("\n")), err=err, nl=nl)


def echo_wrapped(text: str, indent: str = "", *, hanging: str | None = None, err: bool = False) -> None:
    """Print ``text`` wrapped to the width (:func:`wrap`), made safe (:func:`clean`)."""
    click.echo(wrap(clean(text), indent, hanging=hanging), err=err)


def _fill(natural: list[int], floors: list[int], room: int, which: list[int]) -> list[int]:
    """The widths with the columns ``which`` cut down, widest first, to one common cap (none below its
    floor) so that the total fits ``room`` if it can; what is left over goes back to the widest."""
    widths = list(natural)
    fixed = sum(w for i, w in enumerate(natural) if i not in which)

    def total(cap: int) -> int:
        return fixed + sum(max(min(natural[i], cap), floors[i]) for i in which)

    low, high = 1, max((natural[i] for i in which), default=1)
    while low < high:  # the largest cap at which the columns fit
        cap = (low + high + 1) // 2
        low, high = (cap, high) if total(cap) <= room else (low, cap - 1)
    for i in which:
        widths[i] = max(min(natural[i], low), floors[i])
    spare = room - sum(widths)
    for i in sorted(which, key=lambda i: -natural[i]):
        more = max(0, min(spare, natural[i] - widths[i]))
        widths[i] += more
        spare -= more
    return widths


def _widths(natural: list[int], floors: list[int], least: list[int], room: int, prose: list[bool]) -> list[int]:
    """Each column's width: the natural ones if they fit ``room``; else the columns of words (``prose``)
    wrap, the longest first, no narrower than its ``floors`` (then its ``least``, breaking words); if
    that is not enough, the others too."""
    if sum(natural) <= room:
        return natural
    every = list(range(len(natural)))
    words = [i for i, p in enumerate(prose) if p]
    for which, lowest in ((words, floors), (words, least), (every, floors), (every, least)):
        widths = _fill(natural, lowest, room, which)
        if sum(widths) <= room:
            break
    return widths


def _lines(cell: str, width: int) -> list[str]:
    if len(cell) <= width:
        return [cell]
    return textwrap.wrap(cell, width=width, break_long_words=True, break_on_hyphens=False) or [""]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, width: int | None = None) -> None:
    """A left-aligned table with a rule under the headers, fitting the width (see the module)."""
    cells = [[clean(" ".join(("" if c is None else str(c)).split()), one_line=True) for c in row] for row in rows]
    headers = [clean(h, one_line=True) for h in headers]
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    room = width or terminal_width()
    if room is None:
        widths = natural
    else:
        longest_word = [max((len(w) for r in cells for w in r[i].split()), default=0) for i in range(len(headers))]
        floors = [min(n, max(len(h), NARROWEST, min(word, WORD))) for n, h, word in zip(natural, headers, longest_word,
                                                                                     strict=True)]
        prose = [any(" " in r[i] for r in cells) for i in range(len(headers))]
        least = [min(n, len(h)) for n, h in zip(natural, headers, strict=True)]
        widths = _widths(natural, floors, least, room - len(GAP) * (len(headers) - 1), prose)
    click.echo(GAP.join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    click.echo(GAP.join("-" * w for w in widths))
    for row in cells:
        wrapped = [_lines(c, w) for c, w in zip(row, widths, strict=True)]
        for n in range(max(len(x) for x in wrapped)):
            parts = [(x[n] if n < len(x) else "").ljust(w) for x, w in zip(wrapped, widths, strict=True)]
            click.echo(GAP.join(parts).rstrip())


# --- JSON and failure ---------------------------------------------------------------------


def json_data(obj: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> Any:
    """``obj`` as JSON data (:func:`councilkit.present.json.unstructure`), loading the converter only when wanted."""
    from councilkit.present.json import unstructure

    return unstructure(obj, today=today, registers=registers)


def emit_json(data: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> None:
    """Print ``data`` (SDK objects, or a dict of them) as a JSON document (:func:`councilkit.present.json.document`)."""
    from councilkit.present.json import dumps

    click.echo(dumps(data, today=today, registers=registers))


def warn(message: str) -> None:
    """A warning on standard error, its commands said as the user runs them; one line, never wrapped."""
    click.echo(clean(f"warning: {say(message)}"), err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``councilkit: message`` on standard error (its commands said as the user runs them) and exit:
    one line, never wrapped, so that a log or ``grep`` keeps it whole."""
    click.echo(clean(f"councilkit: {say(message)}"), err=True)
    sys.exit(code)
