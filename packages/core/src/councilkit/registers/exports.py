"""Registers out to CSV, JSON and Markdown, and in from CSV.

Two variants of every export:

- the **working copy** holds what the person exporting may see: every entry
  (withdrawn ones too, marked), with its version, who recorded it and when;
- the **publication copy** is for the council's website or a public meeting:
  current entries only, no confidential entry (unless it has been released),
  no sensitive field, no reasons or names of those who recorded them.  It is
  built from what the public may see, the same redaction the SDK applies to
  any reader without access, so a sensitive value never reaches the writer.

An export is written as it is read (:func:`write_export`): the entries come from one
indexed query in the register's order, a batch at a time, and each batch goes to the
output before the next is read, so memory stays the same for a register of a million
entries as for one of ten, and a front end can show progress (``progress``).
:func:`export_register` gives the same text as a string, for a small register.

CSV cells that a spreadsheet would run as a formula (starting ``=``, ``+``,
``-``, ``@``) are written with a leading ``'``, and the import takes it off again.

An import adds new entries from a CSV whose header row names the kind's
fields (by id or label) and, optionally, ``confidential``.  Every row is checked
first; if any is wrong, each problem is reported with its row and field and
nothing is written.  Otherwise all rows are written in one transaction.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from councilkit.people.records import Person
from councilkit.registers.entries import Entry, EntryInvalid, FieldProblem
from councilkit.registers.kinds import Field, RegisterKind
from councilkit.registers.service import Registers
from councilkit.registers.values import ValueProblem, parse_bool, to_json

FORMATS = ("csv", "json", "md")
#: columns a working-copy export adds before the fields
META_COLUMNS = ("entry", "version", "status", "confidential", "released_on", "added_at", "recorded_at",
                "recorded_by")
PUBLIC_META = ("entry",)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = frozenset(_FORMULA)
#: entries read, rendered and written at a time
BATCH = 500

#: called after each batch with the entries written so far and the number the export will hold
Progress = Callable[[int, int], None]


def export_register(
    registers: Registers,
    kind_id: str,
    viewer: Person | None,
    fmt: str = "csv",
    *,
    publication: bool = False,
) -> str:
    """The register ``kind_id`` as ``csv``, ``json`` or ``md`` text.

    ``publication=True`` gives the publication copy whoever asks; otherwise the
    working copy of what ``viewer`` may see.  For a large register, write it to a
    file with :func:`write_export` instead: this holds the whole text in memory.
    """
    out = io.StringIO(newline="")
    write_export(registers, kind_id, viewer, out, fmt, publication=publication)
    return out.getvalue()


def write_export(
    registers: Registers,
    kind_id: str,
    viewer: Person | None,
    out: TextIO,
    fmt: str = "csv",
    *,
    publication: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the register ``kind_id`` to ``out`` as ``csv``, ``json`` or ``md``; return the entries written.

    What is written is what :func:`export_register` returns, written as it is read: a
    batch of entries at a time, oldest first, so memory does not grow with the
    register.  ``out`` is a text file (open a file with ``newline=""``: CSV rows end in
    CRLF as the format asks).  ``progress(done, total)`` is called before the first
    batch and after each.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    kind = registers.kind(kind_id)
    who = None if publication else viewer
    status = "current" if publication else "all"
    if publication or registers.access(kind, viewer) != "full":
        fields = [f for f in kind.fields if not f.sensitive]
    else:
        fields = list(kind.fields)
    total = registers.count(kind.id, who, status) if progress is not None else 0
    batches = registers.stream(kind.id, who, status=status, batch=BATCH)
    if progress is not None:
        progress(0, total)
        batches = _counted(batches, progress, total)
    writer = {"csv": _csv, "json": _json, "md": _markdown}[fmt]
    return writer(out, registers, kind, fields, batches, publication)


def _counted(batches: Iterable[list[Entry]], progress: Progress, total: int) -> Iterable[list[Entry]]:
    done = 0
    for batch in batches:
        yield batch
        done += len(batch)
        progress(done, max(total, done))


def _meta(entry: Entry, publication: bool) -> dict[str, Any]:
    if publication:
        return {"entry": entry.id}
    return {
        "entry": entry.id,
        "version": entry.version,
        "status": entry.status,
        "confidential": "yes" if entry.confidential else "no",
        "released_on": entry.released_on.isoformat() if entry.released_on else "",
        "added_at": entry.added_at,
        "recorded_at": entry.recorded_at,
        "recorded_by": entry.recorded_by_name,
    }


def _cell(text: str) -> str:
    return "'" + text if text[:1] in _FORMULA_START else text


def _csv(out: TextIO, registers: Registers, kind: RegisterKind, fields: Sequence[Field],
         batches: Iterable[list[Entry]], publication: bool) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    meta = PUBLIC_META if publication else META_COLUMNS
    writer.writerow([*meta, *(f.id for f in fields)])
    ids = [f.id for f in fields]
    formula = _FORMULA_START
    written = 0
    for batch in batches:
        rows = []
        for e in batch:
            if publication:
                head = [str(e.id)]
            else:
                head = [str(e.id), str(e.version), e.status, "yes" if e.confidential else "no",
                        e.released_on.isoformat() if e.released_on else "", e.added_at, e.recorded_at,
                        _cell(e.recorded_by_name)]  # only a name can start like a formula
            display = e.display
            cells = [display.get(i, "") for i in ids]
            rows.append(head + ["'" + c if c[:1] in formula else c for c in cells])
        writer.writerows(rows)
        written += len(batch)
    return written


def _json(out: TextIO, registers: Registers, kind: RegisterKind, fields: Sequence[Field],
          batches: Iterable[list[Entry]], publication: bool) -> int:
    """The text ``json.dumps(document, indent=2, ensure_ascii=False)`` gives, an entry at a time."""
    council = registers.council
    head: dict[str, Any] = {
        "council": council.id,
        "council_name": council.name,
        "register": kind.id,
        "title": kind.title,
        "publication": publication,
        "as_of": registers.today.isoformat(),
        "fields": [{"id": f.id, "label": f.label, "type": f.type} for f in fields],
    }
    tail: dict[str, Any] = {} if publication else {"settings": registers.settings_text(kind.id)}
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {_dumps(key)}: {_dumps(value, 2)},\n")
    out.write('  "entries": [')
    written = 0
    for batch in batches:
        parts = []
        for e in batch:
            item: dict[str, Any] = _meta(e, publication)
            if not publication:
                item["confidential"] = e.confidential
                item["hidden"] = list(e.hidden)
                item["reason"] = e.reason
            item["values"] = {f.id: to_json(f.type, e.values[f.id]) for f in fields if f.id in e.values}
            item["display"] = {f.id: e.display[f.id] for f in fields if f.id in e.display}
            parts.append(("\n    " if not written and not parts else ",\n    ") + _dumps(item, 4))
        out.write("".join(parts))
        written += len(batch)
    out.write("\n  ]" if written else "]")
    for key, value in tail.items():
        out.write(f",\n  {_dumps(key)}: {_dumps(value, 2)}")
    out.write("\n}\n")
    return written


def _dumps(value: Any, indent: int = 0) -> str:
    """``value`` as it appears ``indent`` spaces in, in a document dumped with ``indent=2``."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * indent) if indent else text


def _md(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n")
            .replace("\n", "<br>").strip())


def _markdown(out: TextIO, registers: Registers, kind: RegisterKind, fields: Sequence[Field],
              batches: Iterable[list[Entry]], publication: bool) -> int:
    council = registers.council
    lines = [f"# {_md(kind.title)}", "", f"{_md(council.name)}, as at {registers.today.isoformat()}.", ""]
    if publication:
        lines += ["Publication copy: confidential entries and sensitive details are left out.", ""]
    elif kind.has_secrets:
        lines += ["Working copy: it may hold confidential entries and sensitive details. Do not publish it; "
                  "publish the publication copy instead.", ""]
    meta = ["Entry"] if publication else ["Entry", "Version", "Status"]
    header = [*meta, *(_md(f.label) for f in fields)]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" for _ in header) + "|")
    out.write("\n".join(lines) + "\n")
    ids = [f.id for f in fields]
    written = 0
    for batch in batches:
        rows = []
        for e in batch:
            cells = [str(e.id)] if publication else [str(e.id), str(e.version),
                                                      e.status + (" (confidential)" if e.confidential else "")]
            cells += [_md(e.display.get(i, "")) for i in ids]
            rows.append("| " + " | ".join(cells) + " |\n")
        out.write("".join(rows))
        written += len(batch)
    if not written:
        out.write("\nNo entries.\n")
    return written


# import ---------------------------------------------------------------------------


def read_csv(kind: RegisterKind, text: str) -> tuple[list[dict[str, str]], list[bool], list[FieldProblem]]:
    """Rows of ``text`` as {field id: cell}, whether each is marked confidential, and the problems found.

    Row numbers count the header as row 1, as a spreadsheet does.
    """
    problems: list[FieldProblem] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [], [FieldProblem(None, "the file is empty: the first row must name the fields", 1)]
    except csv.Error as exc:
        return [], [], [FieldProblem(None, f"not a readable CSV file: {exc}", 1)]
    by_name: dict[str, str] = {}
    for f in kind.fields:
        by_name[f.id.lower()] = f.id
        by_name[f.label.lower()] = f.id
    columns: list[str | None] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(header, start=1):
        name = raw.strip()
        key = name.lower()
        if not name:
            problems.append(FieldProblem(None, f"column {n} has no name in the header row", 1))
            columns.append(None)
            continue
        if key == "confidential":
            target = "confidential"
        elif key in by_name:
            target = by_name[key]
        elif key in META_COLUMNS:
            problems.append(FieldProblem(name, f"column {name!r} is one an export adds: an import adds new entries, "
                                         "so remove the columns " + ", ".join(META_COLUMNS[:1] + META_COLUMNS[2:])
                                         + " (keep confidential if you want it)", 1))
            columns.append(None)
            continue
        else:
            names = [f.id for f in kind.fields]
            problems.append(FieldProblem(name, f"unknown column {name!r}: {kind.title} has the fields "
                                         f"{', '.join(names)} (or their labels), and confidential", 1))
            columns.append(None)
            continue
        if target in seen:
            problems.append(FieldProblem(target, f"columns {seen[target]} and {n} both give {target!r}", 1))
            columns.append(None)
            continue
        seen[target] = n
        columns.append(target)
    rows: list[dict[str, str]] = []
    flags: list[bool] = []
    row_number = 1
    try:
        for record in reader:
            row_number += 1
            if not any(cell.strip() for cell in record):
                rows.append({})
                flags.append(False)
                continue
            if len(record) > len(columns):
                problems.append(FieldProblem(None, f"has {len(record)} cells but the header names {len(columns)} "
                                             "columns", row_number))
            values: dict[str, str] = {}
            confidential = False
            for column, cell in zip(columns, record, strict=False):
                if column is None:
                    continue
                cell = _uncell(cell)
                if column == "confidential":
                    if cell.strip():
                        try:
                            confidential = parse_bool(cell)
                        except ValueProblem as exc:
                            problems.append(FieldProblem("confidential", str(exc), row_number))
                    continue
                values[column] = cell
            rows.append(values)
            flags.append(confidential)
    except csv.Error as exc:
        problems.append(FieldProblem(None, f"cannot be read as CSV: {exc}", row_number + 1))
    return rows, flags, problems


def _uncell(cell: str) -> str:
    if cell.startswith("'") and cell[1:2] and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def import_csv(
    registers: Registers,
    kind_id: str,
    text: str,
    by: Person | None,
    *,
    check_only: bool = False,
) -> list[Entry] | int:
    """Add an entry per row of ``text``, all in one transaction, or none.

    Raises :class:`~councilkit.registers.entries.EntryInvalid` listing every problem
    with its row and field.  ``check_only`` checks everything and writes nothing,
    returning the number of entries the file would add.
    """
    kind = registers.kind(kind_id)
    rows, flags, problems = read_csv(kind, text)
    numbered = [(n + 2, row, flag) for n, (row, flag) in enumerate(zip(rows, flags, strict=True)) if row]
    if not numbered and not problems:
        problems.append(FieldProblem(None, "the file has a header but no entries", 2))
    # check every row, even when the header was wrong, so one run shows everything
    checked_problems: list[FieldProblem] = []
    for number, row, flag in numbered:
        try:
            registers.check_many(kind.id, [row], by, confidential=[flag], first_row=number)
        except EntryInvalid as exc:
            checked_problems += list(exc.problems)
    problems = sorted([*problems, *checked_problems], key=lambda p: (p.row or 0))
    if problems:
        raise EntryInvalid(problems, "nothing was imported")
    if check_only:
        return len(numbered)
    return registers.add_many(kind.id, [r for _, r, _ in numbered], by,
                              confidential=[f for _, _, f in numbered], first_row=numbered[0][0])
