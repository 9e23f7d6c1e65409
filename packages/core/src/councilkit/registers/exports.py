"""Registers out to CSV, JSON and Markdown, and in from CSV.

Two variants of every export:

- the **working copy** holds what the person exporting may see: every entry
  (withdrawn ones too, marked), with its version, who recorded it and when;
- the **publication copy** is for the council's website or a public meeting:
  current entries only, no confidential entry (unless it has been released),
  no sensitive field, no reasons or names of those who recorded them.  It is
  built from what the public may see, the same redaction the SDK applies to
  any reader without access, so a sensitive value never reaches the writer.

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
from collections.abc import Sequence
from typing import Any

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
    working copy of what ``viewer`` may see.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    kind = registers.kind(kind_id)
    if publication:
        entries = list(registers.iter_entries(kind.id, None, status="current"))
        fields = [f for f in kind.fields if not f.sensitive]
    else:
        entries = list(registers.iter_entries(kind.id, viewer, status="all"))
        if registers.access(kind, viewer) == "full":
            fields = list(kind.fields)
        else:
            fields = [f for f in kind.fields if not f.sensitive]
    entries.sort(key=lambda e: e.id)
    writer = {"csv": _csv, "json": _json, "md": _markdown}[fmt]
    return writer(registers, kind, fields, entries, publication)


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
    return "'" + text if text.startswith(_FORMULA) else text


def _csv(registers: Registers, kind: RegisterKind, fields: Sequence[Field], entries: Sequence[Entry],
         publication: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    meta = PUBLIC_META if publication else META_COLUMNS
    writer.writerow([*meta, *(f.id for f in fields)])
    for e in entries:
        m = _meta(e, publication)
        writer.writerow([_cell(str(m[c])) for c in meta] + [_cell(e.display.get(f.id, "")) for f in fields])
    return out.getvalue()


def _json(registers: Registers, kind: RegisterKind, fields: Sequence[Field], entries: Sequence[Entry],
          publication: bool) -> str:
    council = registers.council
    data: dict[str, Any] = {
        "council": council.id,
        "council_name": council.name,
        "register": kind.id,
        "title": kind.title,
        "publication": publication,
        "as_of": registers.today.isoformat(),
        "fields": [{"id": f.id, "label": f.label, "type": f.type} for f in fields],
        "entries": [],
    }
    if not publication:
        data["settings"] = registers.settings_text(kind.id)
    for e in entries:
        item: dict[str, Any] = _meta(e, publication)
        if not publication:
            item["confidential"] = e.confidential
            item["hidden"] = list(e.hidden)
            item["reason"] = e.reason
        item["values"] = {f.id: to_json(f.type, e.values[f.id]) for f in fields if f.id in e.values}
        item["display"] = {f.id: e.display[f.id] for f in fields if f.id in e.display}
        data["entries"].append(item)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n")
            .replace("\n", "<br>").strip())


def _markdown(registers: Registers, kind: RegisterKind, fields: Sequence[Field], entries: Sequence[Entry],
              publication: bool) -> str:
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
    for e in entries:
        cells = [str(e.id)] if publication else [str(e.id), str(e.version),
                                                  e.status + (" (confidential)" if e.confidential else "")]
        cells += [_md(e.display.get(f.id, "")) for f in fields]
        lines.append("| " + " | ".join(cells) + " |")
    if not entries:
        lines += ["", "No entries."]
    return "\n".join(lines) + "\n"


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
