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
