"""Reading and checking a council file: TOML -> :class:`~councilkit.council.Council`.

:func:`read_council_file` never raises on a bad file: it returns the council
(or None) and every problem it found, each naming the file, line and key.
:func:`load_council` raises :class:`~councilkit.errors.CouncilFileError` when
there are errors.  The checks are listed in ``docs/schema.md``; those every
section shares, and where each problem is, are :mod:`councilkit.councilfile.checks`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs

from councilkit.council import NATIONS, Council
from councilkit.councilfile import cache
from councilkit.councilfile.checks import BOM, BOM_WARNING, FileChecker, PathT, too_deep
from councilkit.councilfile.schema import ARRAYS, SCHEMA_VERSION, Header, RoleEntry, RouteEntry
from councilkit.councilfile.tomlpos import line_of
from councilkit.errors import ERROR, WARNING, CouncilFileError, Problem, did_you_mean
from councilkit.model import (
    EFFECTS,
    EXPECTATION_KINDS,
    MODES,
    PROCEDURES,
    RELATION_KINDS,
    ROLE_KINDS,
    Adviser,
    Clause,
    Example,
    Expectation,
    Protocol,
    Relation,
    Role,
    RoleSet,
    Route,
    RouteExample,
    Rule,
    Step,
    derived_parent,
    find_cycle,
)
from councilkit.plugins import Registry, default_registry
from councilkit.policy import rule_problems
from councilkit.registers import (
    FIELD_TYPES,
    SENSITIVITIES,
    RegisterKind,
    RegisterUse,
    kind_problems,
    use_problems,
)

try:  # tomli is tomllib compiled with mypyc: the same parser, three to four times faster
    import tomli as tomllib
except ImportError:  # pragma: no cover - tomli is a dependency, but tomllib reads the same files
    import tomllib  # type: ignore[no-redef]

OUTCOMES = ("permitted", "forbidden", "conditional", "not_covered")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def read_council_file(
    path: str | Path, registry: Registry | None = None
) -> tuple[Council | None, list[Problem]]:
    """Read, check and build one council file.  Never raises for a bad file.

    With the default registry, what a file gives is kept on disk and found again by the file's
    bytes and what is installed (:mod:`councilkit.councilfile.cache`), so a council is built once.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(f"cannot read the file: {exc.strerror or exc}", file=name)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                f"the file is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x}); "
                "save it as UTF-8",
                file=name,
                line=line,
            )
        ]
    if registry is not None:  # a registry the program made: built every time
        return read_council_text(text, name, registry, path=path)
    cached = cache.load(raw, name)
    if cached is not None:
        return cached
    council, problems = read_council_text(text, name, None, path=path)
    cache.save(raw, name, council, problems)
    return council, problems


def read_council_text(
    text: str,
    name: str = "<council>",
    registry: Registry | None = None,
    *,
    path: Path | None = None,
) -> tuple[Council | None, list[Problem]]:
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    try:
        data = tomllib.loads(text)
    except RecursionError as exc:  # tomli follows arrays and tables 400 levels deep, then gives up
        return None, [too_deep(text, name, exc)]
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = int(m.group(1)) if m else None
        if m:
            message = message[: m.start()] + f" (column {m.group(2)})"
        return None, [Problem(f"not valid TOML: {message}", file=name, line=line)]
    builder = _Builder(name, text, data, registry or default_registry(), path)
    if bom:
        builder.problems.append(Problem(BOM_WARNING, file=name, line=1, severity=WARNING))
    council = builder.build()
    return (council if not any(p.is_error for p in builder.problems) else None), builder.problems


def load_council_file(path: str | Path, registry: Registry | None = None) -> Council:
    """Load a council file; raise :class:`CouncilFileError` listing every error."""
    council, problems = read_council_file(path, registry)
    if council is None:
        raise CouncilFileError(path, problems)
    return council


class _Builder(FileChecker):
    """Builds a :class:`~councilkit.council.Council` from one file's TOML, section by section."""

    # the build ------------------------------------------------------------
    def build(self) -> Council | None:
        self.check_values()
        header_data = {k: v for k, v in self.data.items() if k not in ARRAYS}
        header: Header | None = self.structure(header_data, Header, ())
        before = len(self.problems)
        arrays = {key: self.entries(key) for key in ARRAYS}
        clause_errors = any(p.key and p.key.startswith("clause") for p in self.problems[before:])
        # a clause that could not be read would make every citation of it look wrong
        self.check_citations = not clause_errors
        if header is None:
            return None
        if header.schema != SCHEMA_VERSION:
            self.report(("schema",), f"schema {header.schema} is not supported; this councilkit reads schema {SCHEMA_VERSION}")
        if header.nation not in NATIONS:
            self.report(("nation",), f"unknown nation {header.nation!r}{did_you_mean(header.nation, NATIONS)}; "
                        f"use one of {', '.join(NATIONS)}")
        variant = self.registry.variant(header.variant)
        if variant is None:
            installed = sorted(self.registry.variants)
            self.report(("variant",), f"variant {header.variant!r} is not installed"
                        f"{did_you_mean(header.variant, installed)}; installed variants: "
                        f"{', '.join(installed) or 'none'} (is its plugin installed, and allowed by "
                        "COUNCILKIT_LOAD_PLUGINS?)")
            return None

        protocol = self.build_protocol(header.protocol, arrays["clause"])
        self.protocol = protocol
        roles = self.build_roles(header, variant.id, arrays["role"])
        if roles is None:
            return None
        self.roles = roles
        self.actions = self.registry.actions_for(variant.id)
        adviser = self.build_adviser(header, variant)
        expectations = self.build_expectations(arrays["expectation"])
        rules = self.build_rules(arrays["rule"])
        routes = self.build_routes(arrays["route"], variant)
        kinds = self.build_register_kinds(arrays["register_kind"], variant.id)
        registers = self.build_registers(arrays["register"], kinds)
        examples = self.build_examples(arrays["example"])
        relations = self.build_relations(arrays["relation"], variant)
        route_examples = self.build_route_examples(arrays["route_example"], routes)
        if any(p.is_error for p in self.problems):
            return None
        self.warn_missing_routes(routes, roles)
        council = Council(
            id=header.id,
            name=header.name,
            tier=header.tier,
            nation=header.nation,
            variant=variant,
            protocol=protocol,
            roles=roles,
            actions=self.actions,
            adviser=adviser,
            expectations=tuple(expectations),
            rules=tuple(rules),
            routes=tuple(routes),
            registers=tuple(registers),
            register_kinds={u.kind: kinds[u.kind] for u in registers},
            examples=tuple(examples),
            relations=(*variant.relations, *relations),
            route_examples=tuple(route_examples),
            path=self.path,
        )
        self.run_plugin_checks(council)
        council.warnings = tuple(p for p in self.problems if not p.is_error)
        return council if not any(p.is_error for p in self.problems) else None

    # protocol -------------------------------------------------------------
    def build_protocol(self, meta: Protocol, entries: list[tuple[int, Clause]]) -> Protocol:
        entries = self.unique("clause", entries, "clause")
        ids = {c.id for _, c in entries}
        parents: dict[str, str | None] = {}
        for i, clause in entries:
            if not clause.text.strip() and not (clause.heading or "").strip():
                self.report(("clause", i), f"clause {clause.id!r} has neither text nor heading")
            if clause.parent is not None:
                if clause.parent not in ids or clause.parent == clause.id:
                    self.report(("clause", i, "parent"), f"parent clause {clause.parent!r} does not exist"
                                f"{did_you_mean(clause.parent, ids)}")
                    parents[clause.id] = None
                else:
                    parents[clause.id] = clause.parent
                continue
            parent = derived_parent(clause.id)
            while parent is not None and parent not in ids:
                parent = derived_parent(parent)
            parents[clause.id] = parent
        cycle = find_cycle({c: [p] for c, p in parents.items() if p})
        if cycle:
            self.report(("clause",), "clause parents form a loop: " + " -> ".join(cycle))
            parents = dict.fromkeys(parents)
        children: dict[str, list[str]] = {c.id: [] for _, c in entries}
        for _, clause in entries:
            if (p := parents[clause.id]) is not None:
                children[p].append(clause.id)
        clauses = tuple(
            attrs.evolve(c, parent=parents[c.id], children=tuple(children[c.id])) for _, c in entries
        )
        return attrs.evolve(meta, clauses=clauses)

    # roles ----------------------------------------------------------------
    def build_roles(self, header: Header, variant: str, entries: list[tuple[int, RoleEntry]]) -> RoleSet | None:
        base = self.registry.roles_for(variant)
        roles: dict[str, Role] = dict(base)
        entries = self.unique("role", entries, "role")
        new: list[tuple[int, RoleEntry]] = []
        for i, entry in entries:
            if entry.id in base:
                for key in ("kind", "is_a", "single"):
                    if getattr(entry, key) not in (None, ()):
                        self.report(("role", i, key), f"role {entry.id!r} comes from a plugin; a council may "
                                    "give it a title, description and citations, but not change its " + key)
                roles[entry.id] = attrs.evolve(
                    base[entry.id],
                    title=entry.title or base[entry.id].title,
                    description=entry.description or base[entry.id].description,
                    cite=entry.cite,
                )
            else:
                if entry.kind is None:
                    self.report(("role", i), f"new role {entry.id!r} needs a kind ({', '.join(ROLE_KINDS)}); "
                                f"existing roles: {', '.join(sorted(base))}{did_you_mean(entry.id, base)}")
                    continue
                if entry.kind not in ROLE_KINDS:
                    self.report(("role", i, "kind"), f"unknown role kind {entry.kind!r}; use one of {', '.join(ROLE_KINDS)}")
                    continue
                roles[entry.id] = Role(entry.id, entry.title or entry.id.replace("_", " ").title(),
                                       entry.kind, entry.is_a, entry.description, entry.cite, bool(entry.single))
                new.append((i, entry))
            self.cites(("role", i), entry.cite, required=False)
        for i, entry in new:
            for n, parent in enumerate(entry.is_a):
                if parent not in roles:
                    self.report(("role", i, "is_a", n), self.unknown_role(parent, roles))
        cycle = find_cycle({r.id: [p for p in r.is_a if p in roles] for r in roles.values()})
        if cycle:
            where = next((("role", i, "is_a") for i, e in new if e.id in cycle), ("role",))
            self.report(where, "roles form an is_a cycle: " + " -> ".join(cycle))
            return None
        for role_id, title in header.titles.items():
            if role_id not in roles:
                self.report(("titles", role_id), self.unknown_role(role_id, roles))
                continue
            entry_title = next((e.title for _, e in entries if e.id == role_id and e.title), None)
            if entry_title and entry_title != title:
                self.report(("titles", role_id), f"title {title!r} conflicts with [[role]] {role_id!r} "
                            f"title {entry_title!r}; give it once")
            roles[role_id] = attrs.evolve(roles[role_id], title=title)
        return RoleSet(roles.values())

    # norms ----------------------------------------------------------------
    def build_adviser(self, header: Header, variant: Any) -> Adviser:
        if header.adviser is not None:
            if not header.adviser.roles:
                self.report(("adviser", "roles"), "names no role to ask")
            self.role_list(("adviser", "roles"), header.adviser.roles)
            self.cites(("adviser",), header.adviser.cite)
            return header.adviser
        if not variant.adviser:
            self.report((), "the protocol names no adviser and the variant has no default; add "
                        "[adviser] roles = [...] cite = [...]")
            return Adviser(())
        return Adviser(tuple(variant.adviser))

    def build_expectations(self, entries: list[tuple[int, Expectation]]) -> list[Expectation]:
        out = []
        for i, e in self.unique("expectation", entries, "expectation"):
            self.role(("expectation", i, "owed_by"), e.owed_by)
            self.role(("expectation", i, "owed_to"), e.owed_to)
            if e.kind not in EXPECTATION_KINDS:
                self.report(("expectation", i, "kind"), f"unknown kind {e.kind!r}; use {' or '.join(EXPECTATION_KINDS)}")
            self.cites(("expectation", i), e.cite)
            out.append(e)
        return out

    def build_rules(self, entries: list[tuple[int, Rule]]) -> list[Rule]:
        out = []
        for i, rule in self.unique("rule", entries, "rule"):
            p = ("rule", i)
            if rule.effect not in EFFECTS:
                self.report((*p, "effect"), f"unknown effect {rule.effect!r}; use one of {', '.join(EFFECTS)}")
            self.role((*p, "actor"), rule.actor)
            self.role((*p, "target"), rule.target)
            if self.action((*p, "action"), rule.action):
                self.check_context((*p, "when"), rule.action, rule.when)
                for n, exemption in enumerate(rule.unless):
                    self.check_context((*p, "unless", n) if len(rule.unless) > 1 else (*p, "unless"),
                                       rule.action, exemption)
            seen = set()
            for n, ob in enumerate(rule.obligations):
                self.role((*p, "obligations", n, "role"), ob.role)
                if ob.id in seen:
                    self.report((*p, "obligations", n, "id"), f"duplicate obligation id {ob.id!r}")
                seen.add(ob.id)
                self.cites((*p, "obligations", n), ob.cite, required=False)
            for n, exception in enumerate(rule.exceptions):
                self.cites((*p, "exceptions", n), exception.cite, required=False)
                for m, ob in enumerate(exception.obligations):
                    self.role((*p, "exceptions", n, "obligations", m, "role"), ob.role)
            self.cites(p, rule.cite)
            out.append(rule)
        # what the policy layer checks: exceptions' and obligations' conditions, substitutes, ask
        checked = SimpleNamespace(actions=self.actions, roles=self.roles, rules=tuple(out))
        for key, message in rule_problems(checked):
            self.report(self.locate(key), message)
        return out

    def build_route_examples(self, entries: list[tuple[int, RouteExample]], routes: list[Route]) -> list[RouteExample]:
        """``[[route_example]]``: a worked concern, the route it takes and who handles its steps."""
        by_id = {r.id: r for r in routes}
        out = []
        for i, ex in self.unique("route_example", entries, "route example"):
            p = ("route_example", i)
            self.role((*p, "raised_by"), ex.raised_by)
            self.role((*p, "about"), ex.about)
            route = by_id.get(ex.route)
            if ex.route and route is None:
                self.report((*p, "route"), f"no route {ex.route!r}{did_you_mean(ex.route, by_id)}")
            steps = [s.id for s in route.steps] if route else ["adviser"] if not ex.route else []
            for step_id, handlers in ex.handlers.items():
                if steps and step_id not in steps:
                    self.report((*p, "handlers", step_id), f"the route has no step {step_id!r}"
                                f"{did_you_mean(step_id, steps)}; its steps: {', '.join(steps)}")
                self.role_list((*p, "handlers", step_id), handlers)
            self.cites(p, ex.cite, required=False)
            out.append(ex)
        return out

    def build_relations(self, entries: list[tuple[int, Relation]], variant: Any) -> list[Relation]:
        """``[[relation]]``: who reports to whom, and who sits on or chairs which body."""
        out = []
        for i, relation in entries:
            p = ("relation", i)
            self.role((*p, "role"), relation.role)
            if not any(getattr(relation, k) for k in RELATION_KINDS):
                self.report(p, f"says nothing: give {', '.join(RELATION_KINDS)} (lists of roles)")
            for k in RELATION_KINDS:
                self.role_list((*p, k), getattr(relation, k))
            for k in ("sits_on", "chairs"):
                for n, body in enumerate(getattr(relation, k)):
                    role = self.roles.get(body)
                    if role is not None and role.kind != "body":
                        self.report((*p, k, n), f"{k} names {body!r}, which is not a body (its kind is {role.kind})")
            self.cites(p, relation.cite)
            out.append(relation)
        manages: dict[str, list[str]] = {}
        for r in (*variant.relations, *out):
            manages.setdefault(r.role, []).extend(r.reports_to)
        cycle = find_cycle(manages)
        if cycle:
            self.report(("relation",), "reporting lines form a loop: " + " reports to ".join(cycle))
        return out

    def build_routes(self, entries: list[tuple[int, RouteEntry]], variant: Any) -> list[Route]:
        templates = self.registry.routes_for(variant.id)
        out = []
        for i, entry in self.unique("route", entries, "route"):
            p = ("route", i)
            base: Route | None = None
            if entry.template is not None:
                base = templates.get(entry.template)
                if base is None:
                    self.report((*p, "template"), f"no route template {entry.template!r}"
                                f"{did_you_mean(entry.template, templates)}; templates for this variant: "
                                f"{', '.join(sorted(templates)) or 'none'}")
                    continue
            raised_by = entry.raised_by if entry.raised_by is not None else (base.raised_by if base else ())
            about = entry.about if entry.about is not None else (base.about if base else ())
            matters = entry.matters if entry.matters is not None else (base.matters if base else ())
            steps = entry.steps if entry.steps is not None else (
                tuple(attrs.evolve(s, cite=()) for s in base.steps) if base else ()
            )
            if not raised_by:
                self.report(p, "route says nobody raises it; give raised_by = [...]")
            self.role_list((*p, "raised_by"), raised_by)
            self.role_list((*p, "about"), about)
            if not steps:
                self.report(p, "route has no steps; add [[route.step]] tables")
            step_ids = [s.id for s in steps]
            resolved = []
            for n, step in enumerate(steps):
                resolved.append(self.check_step((*p, "step", n), step, step_ids[:n], step_ids, variant))
            self.cites(p, entry.cite)
            out.append(Route(
                id=entry.id, raised_by=raised_by, about=about, matters=matters, steps=tuple(resolved),
                cite=entry.cite, title=entry.title or (base.title if base else ""),
                description=entry.description or (base.description if base else ""),
            ))
        return out

    def check_step(self, p: PathT, step: Step, earlier: list[str], ids: list[str], variant: Any) -> Step:
        if step.id in earlier:
            self.report((*p, "id"), f"duplicate step id {step.id!r} in this route")
        if step.mode not in MODES:
            self.report((*p, "mode"), f"unknown mode {step.mode!r}; use {' or '.join(MODES)}")
        for n, proc in enumerate(step.procedure):
            if proc not in PROCEDURES:
                self.report((*p, "procedure", n), f"unknown procedure {proc!r}{did_you_mean(proc, PROCEDURES)}; "
                            f"procedures: {', '.join(PROCEDURES)}")
        handler = step.handler
        if not handler:
            handler = next((tuple(variant.procedure_handlers[x]) for x in step.procedure
                            if x in variant.procedure_handlers), ())
            if not handler:
                self.report(p, f"step {step.id!r} has no handler; give handler = [...]"
                            + (f" (the {variant.id} variant names no handler for "
                               f"{', '.join(step.procedure)})" if step.procedure else ""))
        self.role_list((*p, "handler"), handler)
        self.role_list((*p, "consult"), step.consult)
        self.role_list((*p, "notify"), step.notify)
        if step.due_days is not None and step.due_days < 0:
            self.report((*p, "due_days"), f"due_days must be 0 or more, got {step.due_days}")
        for key, value in step.substitute.items():
            self.role((*p, "substitute", key), key)
            self.role((*p, "substitute", key), value)
            if key in self.roles and handler and all(h in self.roles for h in handler) and key not in handler:
                self.report((*p, "substitute", key), f"substitute names {key!r}, which does not handle this step "
                            f"(handlers: {', '.join(handler)})")
        seen = set()
        for n, outcome in enumerate(step.outcomes):
            if outcome.id in seen:
                self.report((*p, "outcomes", n, "id"), f"duplicate outcome id {outcome.id!r}")
            seen.add(outcome.id)
            if outcome.next is not None and outcome.next not in ids:
                self.report((*p, "outcomes", n, "next"), f"next step {outcome.next!r} is not a step of this route"
                            f"{did_you_mean(outcome.next, ids)}; steps: {', '.join(ids)}")
        for n, ob in enumerate(step.obligations):
            self.role((*p, "obligations", n, "role"), ob.role)
        self.cites(p, step.cite, required=False)
        return attrs.evolve(step, handler=handler) if handler != step.handler else step

    # registers ------------------------------------------------------------
    def build_register_kinds(self, entries: list[tuple[int, RegisterKind]], variant: str) -> dict[str, RegisterKind]:
        kinds = dict(self.registry.register_kinds_for(variant))
        for i, kind in self.unique("register_kind", entries, "register kind"):
            p = ("register_kind", i)
            if kind.id in kinds:
                self.report((*p, "id"), f"register kind {kind.id!r} already comes from a plugin; "
                            "choose another id")
                continue
            problems_before = len(self.problems)
            self.check_register_kind(p, kind)
            if len(self.problems) == problems_before:
                kinds[kind.id] = kind
        return kinds

    def check_register_kind(self, p: PathT, kind: RegisterKind) -> None:
        fields: dict[str, Any] = {}
        if not kind.fields:
            self.report(p, f"register kind {kind.id!r} has no fields; add [[register_kind.field]] tables")
        for n, f in enumerate(kind.fields):
            fp = (*p, "field", n)
            if f.id in fields:
                self.report((*fp, "id"), f"duplicate field id {f.id!r}")
            fields[f.id] = f
            if f.type not in FIELD_TYPES:
                self.report((*fp, "type"), f"unknown field type {f.type!r}; use one of {', '.join(FIELD_TYPES)}")
            if f.type == "choice" and not f.choices:
                self.report((*fp, "choices"), f"choice field {f.id!r} lists no choices")
        for n, rule in enumerate(kind.rules):
            for key in [*rule.when, *rule.require]:
                if key not in fields:
                    self.report((*p, "rule", n), f"rule {rule.id!r} names field {key!r}, which this kind lacks"
                                f"{did_you_mean(key, fields)}")
        for n, clock in enumerate(kind.clocks):
            for key in (clock.start, clock.stop):
                if key is not None and key not in fields:
                    self.report((*p, "clock", n), f"clock {clock.id!r} names field {key!r}, which this kind lacks")
                elif key is not None and fields[key].type != "date":
                    self.report((*p, "clock", n), f"clock {clock.id!r} needs a date field, but {key!r} is {fields[key].type}")
        if kind.sensitivity not in SENSITIVITIES:
            self.report((*p, "sensitivity"), f"unknown sensitivity {kind.sensitivity!r}; use {' or '.join(SENSITIVITIES)}")
        self.role_list((*p, "visible_to"), kind.visible_to)
        self.cites(p, kind.cite, required=False)
        for sub, message in kind_problems(kind):
            self.report((*p, *sub), message)

    def build_registers(self, entries: list[tuple[int, RegisterUse]], kinds: dict[str, RegisterKind]) -> list[RegisterUse]:
        out = []
        for i, use in self.unique("register", entries, "register"):
            if use.kind not in kinds:
                self.report(("register", i, "kind"), f"unknown register kind {use.kind!r}"
                            f"{did_you_mean(use.kind, kinds)}; kinds: {', '.join(sorted(kinds)) or 'none'}")
                continue
            self.cites(("register", i), use.cite)
            for sub, message in use_problems(kinds[use.kind], use, self.roles, self.actions):
                self.report(("register", i, *sub), message)
            out.append(use)
        return out

    def build_examples(self, entries: list[tuple[int, Example]]) -> list[Example]:
        out = []
        for i, ex in self.unique("example", entries, "example"):
            p = ("example", i)
            self.role((*p, "actor"), ex.actor)
            self.role((*p, "target"), ex.target)
            if self.action((*p, "action"), ex.action):
                self.check_context((*p, "context"), ex.action, ex.context)
            if ex.expect not in OUTCOMES:
                self.report((*p, "expect"), f"unknown outcome {ex.expect!r}; use one of {', '.join(OUTCOMES)}")
            self.cites(p, ex.cite, required=False)
            out.append(ex)
        return out

    # whole-council checks -------------------------------------------------
    def warn_missing_routes(self, routes: list[Route], roles: RoleSet) -> None:
        for kind, who in (("officer", "an officer"), ("member", "a councillor")):
            concerns = [route for route in routes if route.about]
            if not any(roles[r].kind == kind for route in concerns for r in route.raised_by if r in roles):
                self.report((), f"the protocol states no route for a concern raised by {who}; "
                            "cases of that kind will be referred to the adviser", WARNING)

    def run_plugin_checks(self, council: Council) -> None:
        for impl in self.registry.hook_impls("validate_council"):
            def report(message: str, key: str | None = None, severity: str = ERROR,
                       _plugin: str = impl.plugin_name) -> None:
                path = self.locate(key)
                problem = Problem(f"{message} [{_plugin}]", file=self.file, line=line_of(self.lines, path),
                                  key=key, severity=severity if severity in (ERROR, WARNING) else ERROR)
                self.problems.append(problem)
            try:
                impl.function(council=council, report=report)
            except Exception as exc:
                self.problems.append(Problem(
                    f"plugin {impl.plugin_name!r} failed while checking this council "
                    f"({type(exc).__name__}: {exc}); its checks were skipped",
                    file=self.file, severity=WARNING))


Reporter = Callable[..., None]
