"""The coverage table: every normative sentence of a protocol, with the norms that model it.

A sentence is *normative* when it carries one of the words in :data:`MARKERS` (must,
shall, should, may, not, never, entitled, expected, duty, responsibility, required,
will...) or an escalation (raised with, referred to, recourse, complaints...).  Each
such sentence needs an entry in the council's coverage file, ``coverage/<id>.toml``
beside the council file: the norms modelling it, or ``descriptive`` with a one-line
reason.  The format is documented in ``docs/schema.md`` ("Coverage").

:func:`coverage_problems` finds sentences without an entry and entries that do not
resolve; :func:`coverage_markdown` writes the table into ``docs/coverage/<id>.md``.
The importer's review fills the same file for a council it imports.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from councilkit.councilfile import key_lines
from councilkit.errors import ERROR, Problem, did_you_mean

#: words that make a sentence normative (matched as whole words, case-insensitive)
MARKERS = (
    "must", "shall", "should", "may", "not", "never", "cannot", "entitled", "expected", "expect",
    "duty", "duties", "responsibility", "responsibilities", "responsible", "required", "require",
    "requirement", "will", "only", "is to", "are to", "need to", "prevented", "avoid", "essential",
)
#: phrases that send a matter somewhere: an escalation
ESCALATIONS = (
    "raised with", "referred to", "recourse", "complaint", "complaints", "grievance", "arbitrate",
    "brought to the attention", "be made to", "sought from", "notified", "seek advice",
)
_MARKER_RE = re.compile(r"\b(" + "|".join(re.escape(m) for m in (*MARKERS, *ESCALATIONS)) + r")\b",
                        re.IGNORECASE)
# abbreviations after which a full stop does not end a sentence
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "No.", "viz.", "cf.")
_END = re.compile(r"(?<=[.!?])[\"')\u201d]?\s+(?=[\"'(\u201c\u2018A-Z0-9\u00b7•-])")

COVERAGE_DIR = "coverage"
ENTRY_KEYS = ("clause", "starts", "norms", "descriptive", "note")


def sentences(text: str) -> list[str]:
    """A clause's text as sentences (paragraphs and bullets split too), whitespace normalised."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*[\u00b7•-]\s)", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        start = 0
        for m in _END.finditer(paragraph):
            before = paragraph[start:m.start()].rstrip("\"')\u201d")
            if any(before.endswith(a) for a in _ABBREVIATIONS) or re.search(r"\b[a-zA-Z]\.$", before):
                continue
            out.append(paragraph[start:m.end()].strip())
            start = m.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return out


def markers(sentence: str) -> tuple[str, ...]:
    """The words that make a sentence normative, lower-cased, in order, once each."""
    return tuple(dict.fromkeys(m.group(1).lower() for m in _MARKER_RE.finditer(sentence)))


@attrs.frozen
class Entry:
    """One row of the table: a sentence (by its clause and opening words) and how it is modelled."""

    clause: str
    starts: str
    norms: tuple[str, ...] = ()
    descriptive: str = ""
    note: str = ""
    line: int | None = None
    norms_line: int | None = None
    starts_line: int | None = None


@attrs.frozen
class Row:
    """A sentence of the protocol as the table shows it."""

    clause: str
    label: str
    sentence: str
    markers: tuple[str, ...]
    entry: Entry | None


def coverage_path(council: Any) -> Path | None:
    """Where a council's coverage file lives: ``coverage/<id>.toml`` beside the council file."""
    if council.path is None:
        return None
    return Path(council.path).resolve().parent / COVERAGE_DIR / f"{council.id}.toml"


def read_coverage(council: Any, path: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    """The entries of a council's coverage file, and any problem reading it (never raises)."""
    path = path or coverage_path(council)
    if path is None or not path.exists():
        where = str(path) if path else f"coverage/{council.id}.toml"
        return [], [Problem("no coverage file: every normative sentence needs an entry (docs/schema.md, "
                            "Coverage)", file=where)]
    text = path.read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Problem(f"not valid TOML: {exc}", file=str(path))]
    lines = key_lines(text)
    problems: list[Problem] = []

    def report(message: str, at: tuple[str | int, ...], key: str) -> None:
        problems.append(Problem(message, file=str(path), line=_line(lines, at), key=key))

    for key in data:
        if key not in ("council", "sentence"):
            report(f"unknown key {key!r}; allowed keys: council, sentence", (key,), key)
    if data.get("council") != council.id:
        report(f"council = {data.get('council')!r}, but this file is for {council.id!r}", ("council",), "council")
    entries = []
    raw = data.get("sentence", [])
    if not isinstance(raw, list):
        report("expected [[sentence]] tables", ("sentence",), "sentence")
        raw = []
    for i, item in enumerate(raw):
        key = f"sentence[{i + 1}]"
        if not isinstance(item, dict):
            report("each sentence must be a table ([[sentence]])", ("sentence", i), key)
            continue
        bad = False
        for k in item:
            if k not in ENTRY_KEYS:
                report(f"unknown key {k!r}; allowed keys: {', '.join(ENTRY_KEYS)}", ("sentence", i, k), f"{key}.{k}")
                bad = True
        for k in ("clause", "starts", "descriptive", "note"):
            if k in item and not isinstance(item[k], str):
                report("expected text in quotes", ("sentence", i, k), f"{key}.{k}")
                bad = True
        norms = item.get("norms", [])
        if isinstance(norms, str):
            norms = [norms]
        if not isinstance(norms, list) or not all(isinstance(n, str) for n in norms):
            report("expected a list of norm ids", ("sentence", i, "norms"), f"{key}.norms")
            bad = True
        for k in ("clause", "starts"):
            if k not in item:
                report(f"missing required key {k!r}", ("sentence", i), key)
                bad = True
        if bad:
            continue
        if bool(norms) == bool(item.get("descriptive", "").strip()):
            report("give either norms (the norms modelling the sentence) or descriptive (why it binds no "
                   "one), not both or neither", ("sentence", i), key)
            continue
        entries.append(Entry(item["clause"], " ".join(item["starts"].split()), tuple(norms),
                             item.get("descriptive", ""), item.get("note", ""), _line(lines, ("sentence", i)),
                             _line(lines, ("sentence", i, "norms")), _line(lines, ("sentence", i, "starts"))))
    return entries, problems


def _line(lines: dict[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def norm_ids(council: Any) -> dict[str, tuple[str, ...]]:
    """Every norm a coverage entry may name, with the clauses it cites.

    Rules and expectations by id, a rule's exception as ``<rule>/<exception>``; ``route:<id>``
    and ``route:<id>.<step>``; ``register:<kind>``;
    ``role:<id>``; ``relation:<role>`` (who it reports to, sits on or chairs); ``adviser``.  A bare
    id that is a route's names the route.
    """
    out: dict[str, tuple[str, ...]] = {}
    for route in council.routes:
        cites = (*route.cite, *(c for s in route.steps for c in s.cite))
        out[f"route:{route.id}"] = out.setdefault(route.id, cites)
        for step in route.steps:
            out[f"route:{route.id}.{step.id}"] = step.cite or route.cite
    for use in council.registers:
        out[f"register:{use.kind}"] = use.cite
    for role_id in council.roles:
        cite = getattr(council.roles[role_id], "cite", ())
        if cite:
            out[f"role:{role_id}"] = tuple(cite)
    if council.adviser.cite:
        out["adviser"] = council.adviser.cite
    for relation in getattr(council, "relations", ()):
        if relation.cite:
            key = f"relation:{relation.role}"
            out[key] = tuple(dict.fromkeys((*out.get(key, ()), *relation.cite)))
    for e in council.expectations:
        out[e.id] = e.cite
    for r in council.rules:
        out[r.id] = r.cite
        for n, e in enumerate(r.exceptions, start=1):
            out[f"{r.id}/{e.id or n}"] = e.cite or r.cite
    return out


def table(council: Any, entries: Iterable[Entry], path: Path | None = None) -> tuple[list[Row], list[Problem]]:
    """Match entries to sentences: the rows of the table, and the problems (naming ``path``'s lines)."""
    entries = list(entries)
    path = path or coverage_path(council)
    file = str(path) if path else f"coverage/{council.id}.toml"
    problems: list[Problem] = []
    norms = norm_ids(council)
    by_clause: dict[str, list[Entry]] = {}
    clause_ids = {c.id for c in council.protocol.clauses}
    for e in entries:
        if e.clause not in clause_ids:
            problems.append(Problem(f"clause {e.clause!r} does not exist{did_you_mean(e.clause, clause_ids)}",
                                    file=file, line=e.line and e.line + 1, key="clause"))
            continue
        by_clause.setdefault(e.clause, []).append(e)
        for n in e.norms:
            if n not in norms:
                problems.append(Problem(f"{e.clause}: no norm {n!r}{did_you_mean(n, norms)}", file=file,
                                        line=e.norms_line, key="norms"))
            elif e.clause not in norms[n]:
                problems.append(Problem(f"{e.clause}: norm {n!r} does not cite clause {e.clause} (it cites "
                                        f"{', '.join(norms[n]) or 'nothing'})", file=file, line=e.norms_line,
                                        key="norms"))
    rows: list[Row] = []
    used: set[int] = set()
    for clause in council.protocol.clauses:
        mine = by_clause.get(clause.id, [])
        texts = sentences(clause.text)
        for sentence in texts:
            found = [e for e in mine if sentence.startswith(e.starts)]
            entry = found[0] if found else None
            for e in found:
                used.add(id(e))
            if len(found) > 1:
                problems.append(Problem(f"{clause.id}: {len(found)} entries for the sentence "
                                        f"{_quote(sentence)}", file=file, line=found[1].starts_line, key="starts"))
            rows.append(Row(clause.id, clause.display_label or clause.id, sentence, markers(sentence), entry))
        for e in mine:
            if id(e) not in used:
                hint = "; its sentences begin: " + " / ".join(_quote(t, 40) for t in texts) if texts else ""
                problems.append(Problem(f"{clause.id}: no sentence begins {_quote(e.starts)}{hint}", file=file,
                                        line=e.starts_line, key="starts"))
    for row in rows:
        if row.markers and row.entry is None:
            problems.append(Problem(f"{row.clause}: normative sentence ({', '.join(row.markers)}) has no entry: "
                                    f"{_quote(row.sentence)}", file=file, key="sentence"))
    return rows, problems


def coverage_problems(council: Any, path: Path | None = None) -> list[Problem]:
    """Everything wrong with a council's coverage: missing entries first, then entries that do not resolve."""
    entries, problems = read_coverage(council, path)
    if any(p.severity == ERROR for p in problems) and not entries:
        return problems
    _, more = table(council, entries, path)
    return problems + more


def coverage_markdown(council: Any, path: Path | None = None) -> str:
    """The coverage table of one council, as Markdown (docs/coverage/<id>.md)."""
    entries, _ = read_coverage(council, path)
    rows, _ = table(council, entries, path)
    norms = {r.id: r for r in council.rules}
    expectations = {e.id: e for e in council.expectations}
    normative = [r for r in rows if r.markers or r.entry]
    modelled = sum(1 for r in normative if r.entry and r.entry.norms)
    descriptive = sum(1 for r in normative if r.entry and r.entry.descriptive)
    missing = sum(1 for r in normative if r.entry is None)
    lines = [
        f"# Coverage: {council.name} (`{council.id}`)",
        "",
        f"Generated from `coverage/{council.id}.toml` and the council file by",
        f"`python -m councilkit.policy.coverage {council.id} -o docs/coverage/{council.id}.md`; a test fails",
        "when this file, the council or the protocol's text disagree, or when a normative sentence has no",
        "entry.  Every sentence carrying must, shall, should, may, not, never, entitled, expected, duty,",
        "responsibility, will, required or an escalation is listed, with the norms that model it or the",
        "reason it binds no one.",
        "",
        f"{len(normative)} sentences: {modelled} modelled, {descriptive} descriptive, {missing} without an entry.",
        "",
        "| Clause | Sentence | Modelled by |",
        "|---|---|---|",
    ]
    for row in normative:
        if row.entry is None:
            how = "**no entry**"
        elif row.entry.norms:
            how = "<br>".join(_norm_words(council, n, norms, expectations) for n in row.entry.norms)
        else:
            how = f"descriptive: {row.entry.descriptive}"
        if row.entry and row.entry.note:
            how += f"<br>*{row.entry.note}*"
        lines.append(f"| {row.clause} | {_cell(row.sentence)} | {_cell(how)} |")
    return "\n".join(lines) + "\n"


def draft_coverage(council: Any, entries: Iterable[Entry] = ()) -> str:
    """A coverage file to fill in: one entry per normative sentence, keeping ``entries`` already made.

    Where a clause has a single normative sentence, the norms citing the clause are filled in;
    otherwise ``norms = []`` with the candidates in a comment, for a reviewer to choose.  The
    result does not pass :func:`coverage_problems` until every empty entry is filled in: that is
    the review the importer asks for.
    """
    kept = list(entries)
    norms = norm_ids(council)
    lines = [f"# Coverage of {council.name}'s protocol: every normative sentence, with the norms that",
             "# model it or why it binds no one.  Format: docs/schema.md (\"Coverage\").",
             f"council = {_toml(council.id)}", ""]
    for clause in council.protocol.clauses:
        texts = sentences(clause.text)
        normative = [t for t in texts if markers(t)]
        citing = [n for n, cites in norms.items() if clause.id in cites and not n.startswith("route:")]
        for text in texts:
            old = next((e for e in kept if e.clause == clause.id and text.startswith(e.starts)), None)
            if old is None and not markers(text):
                continue
            lines += ["[[sentence]]", f"clause = {_toml(clause.id)}"]
            if old is not None:
                lines.append(f"starts = {_toml(old.starts)}")
                if old.norms:
                    lines.append("norms = [" + ", ".join(_toml(n) for n in old.norms) + "]")
                else:
                    lines.append(f"descriptive = {_toml(old.descriptive)}")
                if old.note:
                    lines.append(f"note = {_toml(old.note)}")
            else:
                lines.append(f"starts = {_toml(_opening(text, texts))}")
                if len(normative) == 1 and citing:
                    lines.append("norms = [" + ", ".join(_toml(n) for n in citing) + "]")
                else:
                    lines.append(f"# {text}")
                    if citing:
                        lines.append(f"# norms citing {clause.id}: {', '.join(citing)}")
                    lines.append("norms = []  # or descriptive = \"why it binds no one\"")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _opening(text: str, others: list[str]) -> str:
    """The fewest opening words (four at least) that no other sentence of the clause begins with."""
    words = text.split()
    n = min(4, len(words))
    while n < len(words) and any(o != text and o.startswith(" ".join(words[:n])) for o in others):
        n += 1
    return " ".join(words[:n])


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _norm_words(council: Any, norm: str, rules: dict[str, Any], expectations: dict[str, Any]) -> str:
    if norm in rules:
        rule = rules[norm]
        extra = " (with exceptions)" if rule.exceptions else ""
        return f"`{norm}` ({rule.effect}{extra})"
    if norm in expectations:
        return f"`{norm}` ({expectations[norm].kind.replace('_', ' ')})"
    if "/" in norm and norm.split("/", 1)[0] in rules:
        return f"`{norm}` (exception, {'grants' if _grants(rules, norm) else 'lifts the rule'})"
    kind = norm.split(":", 1)[0] if ":" in norm else norm if norm == "adviser" else "route"
    return f"`{norm}` ({kind})"


def _grants(rules: dict[str, Any], norm: str) -> bool:
    rule_id, exception_id = norm.split("/", 1)
    rule = rules[rule_id]
    for n, e in enumerate(rule.exceptions, start=1):
        if (e.id or str(n)) == exception_id:
            return rule.effect == "forbid" and e.grants
    return False


def _quote(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _main(argv: list[str] | None = None) -> int:
    """``python -m councilkit.policy.coverage COUNCIL [-o FILE] [--check | --draft]``: the table, its
    problems, or a coverage file to fill in."""
    import argparse
    import sys

    from councilkit.councilfile import load_council

    parser = argparse.ArgumentParser(prog="python -m councilkit.policy.coverage")
    parser.add_argument("council", nargs="+", help="council ids or files")
    parser.add_argument("-o", "--output", help="write the Markdown here (a directory when several councils)")
    parser.add_argument("--check", action="store_true", help="list the problems instead; exit 1 if any")
    parser.add_argument("--draft", action="store_true",
                        help="write a coverage file to fill in, keeping the entries the council has")
    args = parser.parse_args(argv)
    status = 0
    for name in args.council:
        council = load_council(name)
        if args.check:
            for p in coverage_problems(council):
                print(p, file=sys.stderr)
                status = 1
            continue
        if args.draft:
            kept, _ = read_coverage(council)
            text = draft_coverage(council, kept)
        else:
            text = coverage_markdown(council)
        if args.output:
            out = Path(args.output)
            if len(args.council) > 1 or out.is_dir():
                out = out / f"{council.id}.{'toml' if args.draft else 'md'}"
            out.write_text(text, "utf-8")
        else:
            sys.stdout.write(text)
    return status


def iter_problems(councils: Iterable[Any]) -> Iterator[Problem]:
    for council in councils:
        yield from coverage_problems(council)


if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess in the tests
    raise SystemExit(_main())
