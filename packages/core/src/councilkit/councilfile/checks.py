"""What every part of reading a council file shares: saying where a problem is, and the common checks.

:class:`FileChecker` is the base of the loader's builder
(:mod:`councilkit.councilfile.loader`).  It reports each problem at its file, line
and key (``rule[gift-limit].cite``: :func:`~councilkit.councilfile.tomlpos.key_lines`
finds the line), structures TOML tables into the model's objects (each conversion
error explained by :func:`~councilkit.councilfile.schema.explain`), refuses duplicate
ids, and holds the checks every section makes: a citation names a clause that
exists, a role is one the council has, an action is one its variant knows, with
the context attributes that action takes.  The build sets ``protocol``, ``roles``,
``actions`` and ``check_citations`` before any section is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from councilkit.councilfile.schema import ARRAYS, converter, explain
from councilkit.councilfile.tomlpos import key_lines, line_of
from councilkit.errors import ERROR, Problem, did_you_mean
from councilkit.plugins import Registry

PathT = tuple[str | int, ...]

#: an id: lower-case letters, digits, '-' and '_' (a council's, a role's, a rule's, a route's...)
SIMPLE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: a clause's (or an expectation's) id follows the document's numbering: 4.2, 3.2(e), preamble.b1
CLAUSE_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._()-]*")
#: the arrays whose ids follow the document's numbering
NUMBERED = ("clause", "expectation")
#: the longest id (the import makes long ones from headings), and the longest council id
ID_LENGTH = 200
COUNCIL_ID_LENGTH = 64
#: characters no council file's text may hold: controls (but tab, newline and carriage return), and the
#: marks that reorder text on screen (the same set the CLI and the UI escape when they show text)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: the whole numbers a council file may give, by key: (least, most, what the number is)
RANGES: dict[str, tuple[int, int, str]] = {
    "review_months": (1, 120, "months between reviews of the protocol (at most ten years)"),
    "due_days": (0, 500, "working days a step has (at most 500, about two years)"),
    "days": (0, 3660, "days a register's clock runs (at most ten years)"),
    "retention_months": (1, 1200, "months an entry is kept (at most a hundred years)"),
}
#: no other whole number in a council file is larger than this
LARGEST = 10**9


class FileChecker:
    """Problems in one council file, each at its line and key, and the checks all sections share."""

    def __init__(self, file: str, text: str, data: dict[str, Any], registry: Registry, path: Path | None):
        self.file = file
        self.text = text
        self.data = data
        self.registry = registry
        self.path = path
        self.problems: list[Problem] = []
        self._lines: dict[PathT, int] | None = None

    # values no council can mean ---------------------------------------------------
    def check_values(self) -> None:
        """Report ids that are not simple names, control characters, numbers out of range and steps
        that lead to themselves, anywhere in the file (see the module)."""
        self._check_node(self.data, ())
        council_id = self.data.get("id")
        if isinstance(council_id, str) and not (len(council_id) <= COUNCIL_ID_LENGTH and self._simple(council_id)):
            self.report(("id",), f"the council's id {council_id!r} is not a simple name: use lower-case letters, "
                        "digits, '-' and '_' (at most 64 characters), e.g. ashby-parish; it names the council "
                        "on the command line and in file names")
        for i, route in enumerate(self.data.get("route", ()) if isinstance(self.data.get("route"), list) else ()):
            steps = route.get("step") if isinstance(route, dict) else None
            for j, step in enumerate(steps if isinstance(steps, list) else ()):
                outcomes = step.get("outcomes") if isinstance(step, dict) else None
                for k, outcome in enumerate(outcomes if isinstance(outcomes, list) else ()):
                    if isinstance(outcome, dict) and outcome.get("next") is not None \
                            and outcome.get("next") == step.get("id"):
                        self.report(("route", i, "step", j, "outcomes", k, "next"),
                                    f"outcome {outcome.get('id')!r} leads back to its own step {step.get('id')!r}: "
                                    "a step cannot follow itself (leave out next to end the route, or name a "
                                    "later step)")

    def _simple(self, ident: str) -> bool:
        return len(ident) <= ID_LENGTH and SIMPLE_NAME.fullmatch(ident) is not None

    def _check_node(self, node: Any, path: PathT) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if CONTROL.search(key):
                    self.report(path, f"a key holds {_control(key)}: remove it")
                self._check_node(value, (*path, key))
            if len(path) == 2 and isinstance(path[0], str) and isinstance(node.get("id"), str):
                self._check_id(path, node["id"], numbered=path[0] in NUMBERED)
            elif len(path) > 2 and isinstance(node.get("id"), str):
                self._check_id(path, node["id"], numbered=False)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                self._check_node(item, (*path, i))
        elif isinstance(node, str):
            if CONTROL.search(node):
                self.report(path, f"the text holds {_control(node)}, which could change how a terminal shows "
                            "it: remove it")
        elif isinstance(node, int) and not isinstance(node, bool):
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            least, most, what = RANGES.get(key, (-LARGEST, LARGEST, ""))
            if not least <= node <= most:
                self.report(path, f"{node} is out of range: {key} is the {what}, from {least} to {most}"
                            if what else f"{node} is too large a number for a council file")

    def _check_id(self, path: PathT, ident: str, *, numbered: bool) -> None:
        if numbered:
            if len(ident) > ID_LENGTH or not CLAUSE_NUMBER.fullmatch(ident):
                self.report((*path, "id"), f"id {ident!r} is not a clause number: use letters, digits, '.', "
                            "'-', '_' and brackets, as the document numbers it (4.2, 3.2(e), preamble.b1)")
        elif not self._simple(ident):
            self.report((*path, "id"), f"id {ident!r} is not a simple name: use lower-case letters, digits, "
                        f"'-' and '_' (at most {ID_LENGTH} characters)")

    # reporting ------------------------------------------------------------
    @property
    def lines(self) -> dict[PathT, int]:
        if self._lines is None:
            self._lines = key_lines(self.text)
        return self._lines

    def report(self, path: PathT, message: str, severity: str = ERROR) -> None:
        line = line_of(self.lines, path) if path else None
        if line is None and severity == ERROR:
            line = 1  # a key missing from the top level: point at the top of the file
        self.problems.append(Problem(message, file=self.file, line=line, key=self._key(path), severity=severity))

    def _key(self, path: PathT) -> str:
        out = ""
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and part < len(node) else None
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    out += f"[{item['id']}]"
                elif isinstance(item, dict) and isinstance(item.get("kind"), str):
                    out += f"[{item['kind']}]"
                elif not isinstance(item, str | int | float | bool):
                    out += f"[{part + 1}]"
                node = item
            else:
                out += ("." if out else "") + part
                node = node.get(part) if isinstance(node, dict) else None
        return out

    def locate(self, key: str | None) -> PathT:
        """Turn a plugin's ``"rule[some-id].cite"`` back into a path, as far as it resolves."""
        if not key:
            return ()
        path: list[str | int] = []
        node: Any = self.data
        for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", key):
            if part.startswith("["):
                ident = part[1:-1]
                if isinstance(node, list):
                    for i, item in enumerate(node):
                        if isinstance(item, dict) and ident in (item.get("id"), item.get("kind")):
                            path.append(i)
                            node = item
                            break
                    else:
                        break
            elif isinstance(node, dict) and part in node:
                path.append(part)
                node = node[part]
            else:
                break
        return tuple(path)

    # structuring ----------------------------------------------------------
    def structure(self, value: Any, cls: type, path: PathT) -> Any:
        try:
            return converter.structure(value, cls)
        except Exception as exc:
            for sub_path, message in explain(exc, path, cls):
                self.report(sub_path, message)
            return None

    def entries(self, key: str) -> list[tuple[int, Any]]:
        """Structured elements of the array of tables ``key`` (bad ones reported, skipped)."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.report((key,), f"expected [[{key}]] tables (an array of tables), got a single value or table")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.report((key, i), f"each {key} must be a table ([[{key}]]), got {type(item).__name__}")
                continue
            obj = self.structure(item, ARRAYS[key], (key, i))
            if obj is not None:
                out.append((i, obj))
        return out

    def unique(self, key: str, items: list[tuple[int, Any]], what: str) -> list[tuple[int, Any]]:
        seen: dict[str, int] = {}
        out = []
        for i, obj in items:
            ident = obj.id if hasattr(obj, "id") else obj.kind
            if ident in seen:
                first = line_of(self.lines, (key, seen[ident]))
                self.report((key, i, "id" if hasattr(obj, "id") else "kind"),
                            f"duplicate {what} id {ident!r} (first used on line {first})")
                continue
            seen[ident] = i
            out.append((i, obj))
        return out


    # citations, roles, actions ---------------------------------------------
    def cites(self, path: PathT, cite: Iterable[str], required: bool = True) -> None:
        cite = tuple(cite)
        if required and not cite:
            self.report((*path, "cite"), "cites no clause; every norm must cite the clauses it comes from")
        for n, clause_id in enumerate(cite):
            if self.check_citations and clause_id not in self.protocol:
                self.report((*path, "cite", n), f"cites clause {clause_id!r}, which does not exist"
                            f"{did_you_mean(clause_id, [c.id for c in self.protocol.clauses])}")

    def unknown_role(self, role_id: str, roles: Mapping[str, Any] | None = None) -> str:
        roles = self.roles if roles is None else roles
        return (f"unknown role {role_id!r}{did_you_mean(role_id, roles)}; roles in this council: "
                f"{', '.join(sorted(roles))} (define a new one with [[role]])")

    def role(self, path: PathT, role_id: str | None) -> None:
        if role_id is not None and role_id not in self.roles:
            self.report(path, self.unknown_role(role_id))

    def role_list(self, path: PathT, role_ids: Iterable[str]) -> None:
        for n, role_id in enumerate(role_ids):
            self.role((*path, n), role_id)

    def check_context(self, path: PathT, action_id: str, context: Mapping[str, Any]) -> None:
        action = self.actions.get(action_id)
        if action is None:
            return
        for key, value in context.items():
            attribute = action.attribute(key)
            if attribute is None:
                valid = [a.id for a in action.context]
                self.report((*path, key), f"action {action_id!r} takes no context attribute {key!r}"
                            f"{did_you_mean(key, valid)}; it takes: {', '.join(valid) or 'none'}")
                continue
            values = value if isinstance(value, tuple) else (value,)
            for v in values:
                if not attribute.accepts(v):
                    self.report((*path, key), f"{key} expects {attribute.expected()}, got {v!r}")

    def action(self, path: PathT, action_id: str) -> bool:
        if action_id in self.actions:
            return True
        self.report(path, f"unknown action {action_id!r}{did_you_mean(action_id, self.actions)}; "
                    f"actions: {', '.join(sorted(self.actions))}")
        return False


def _control(text: str) -> str:
    """The first control character in ``text``, named: ``the control character U+001B``."""
    found = CONTROL.search(text)
    assert found is not None
    return f"the control character U+{ord(found.group()):04X}"


#: a file that starts with a byte order mark (as Windows Notepad saves UTF-8): read, and said
BOM = "\ufeff"
BOM_WARNING = ("the file starts with a byte order mark (BOM), as some Windows editors save UTF-8; councilkit "
               "reads past it, but other TOML tools may not: save it as UTF-8 without BOM")


def too_deep(text: str, file: str, exc: RecursionError) -> Problem:
    """The problem with a file whose arrays or tables nest deeper than the TOML reader follows."""
    line = _deepest_line(text, 100) or 1
    reason = str(exc) if "nested" in str(exc) else "arrays or tables are nested too deeply"
    return Problem(f"not valid TOML: {reason}; a council file needs only a few levels", file=file, line=line)


def _deepest_line(text: str, limit: int) -> int | None:
    """The first line where arrays and tables are nested more than ``limit`` deep (strings and comments skipped)."""
    depth = 0
    for n, row in enumerate(text.splitlines(), start=1):
        quote = ""
        for char in row:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > limit:
                    return n
            elif char in "]}":
                depth -= 1
    return None
