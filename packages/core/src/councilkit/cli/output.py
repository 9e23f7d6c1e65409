"""Printing for the CLI: plain tables that read without colour, and ``--json``.

``--json`` prints one JSON document made by :mod:`councilkit.present.json` (the one converter the
SDK has): an object whose first key, ``"schema"``, is the version of its shape (docs/json.md).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from councilkit.registers import Registers

#: exit code for a refusal (an illegal move, a bad request): distinct from 1 (errors found)
REFUSED = 2


def json_data(obj: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> Any:
    """``obj`` as JSON data (:func:`councilkit.present.json.unstructure`), loading the converter only when wanted."""
    from councilkit.present.json import unstructure

    return unstructure(obj, today=today, registers=registers)


def emit_json(data: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> None:
    """Print ``data`` (SDK objects, or a dict of them) as a JSON document (:func:`councilkit.present.json.document`)."""
    from councilkit.present.json import dumps

    click.echo(dumps(data, today=today, registers=registers))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A left-aligned table with a rule under the headers; cells never wrap."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    click.echo(line)
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def wrap(text: str, indent: str = "", width: int | None = None) -> str:
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    paragraphs = text.split("\n\n") if text else []
    out = []
    for para in paragraphs:
        out.append(
            textwrap.fill(" ".join(para.split()), width=width, initial_indent=indent, subsequent_indent=indent)
        )
    return "\n\n".join(out)


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"councilkit: {message}", err=True)
    sys.exit(code)
