"""JSON for programs: one cattrs converter turns every object councilkit shows into JSON data.

:func:`unstructure` gives plain data (dicts, lists, strings, numbers, booleans, None):
dates as ISO strings (``2026-11-23``), tuples and sets as lists, paths as strings, and
each SDK object in the shape docs/json.md describes.  :func:`document` makes the
top-level object a front end prints, carrying ``"schema": SCHEMA`` first, so a program
can tell the shape it reads; :func:`dumps` writes it as text.

Some shapes depend on more than the object:

- ``today``: a case's ``state`` (``overdue`` past its step's deadline), a step's
  ``overdue``, a deadline's ``status``.  Default :func:`councilkit.settings.today`.
- ``registers``: the :class:`~councilkit.registers.Registers` of the council the objects
  belong to.  A register kind is shown as that council keeps it (the clauses that imply
  it, its settings, who may see its entries), and an entry's values follow the order of
  its kind's fields.

An attrs class with no hook of its own below is shown field by field.  A hook names its
class by the package that exports it and the class's name, so that this module imports
none of the SDK until an object is shown, and a class may move between the modules of
its package (tests check that every name still finds its class).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import attrs
from cattrs.preconf.json import make_converter

from councilkit._attrs import frozen

if TYPE_CHECKING:
    from councilkit.registers import Registers

#: the version of the JSON documents' shape; it changes only when a key is removed or changes meaning
SCHEMA = 1

#: the one converter (hooks below); use :func:`unstructure`, which sets the date and the council it needs
converter = make_converter(unstruct_collection_overrides={Sequence: list, Set: list})
converter.register_unstructure_hook(PurePath, str)


@frozen
class _Context:
    today: dt.date | None = None
    registers: Registers | None = None


_NO_CONTEXT = _Context()
_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("councilkit_json", default=None)


def _now() -> _Context:
    return _context.get() or _NO_CONTEXT


def _today() -> dt.date:
    day = _now().today
    if day is None:
        from councilkit.settings import today

        return today()
    return day


def _registers() -> Registers | None:
    return _now().registers


@contextmanager
def _using(today: dt.date | None, registers: Registers | None) -> Iterator[None]:
    token = _context.set(_Context(today, registers))
    try:
        yield
    finally:
        _context.reset(token)


def unstructure(obj: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> Any:
    """``obj`` (an SDK object, or lists and dicts of them) as JSON data; see the module for ``today``
    and ``registers``."""
    with _using(today, registers):
        return converter.unstructure(obj)


def document(obj: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> dict[str, Any]:
    """The top-level object a front end prints: ``{"schema": SCHEMA, ...obj's keys}``.

    ``obj`` must come out as a JSON object (a dict, or an SDK object shown as one): a list is
    always wrapped in an object with a key that names it, so every document carries its schema.
    """
    data = unstructure(obj, today=today, registers=registers)
    if not isinstance(data, dict):
        raise TypeError(f"a JSON document is an object, not {type(data).__name__}: wrap it in a dict")
    return {"schema": SCHEMA, **data}


def dumps(obj: Any, *, today: dt.date | None = None, registers: Registers | None = None) -> str:
    """:func:`document` as indented JSON text: UTF-8 characters kept as they are, except those a
    terminal would act on (DEL, the C1 controls, line separators, bidirectional overrides), which
    are written as ``\\uXXXX`` escapes, so printing the JSON never moves the cursor or reorders
    the text.  JSON already escapes the C0 controls."""
    from councilkit.present.words import UNSAFE

    text = json.dumps(document(obj, today=today, registers=registers), indent=2, ensure_ascii=False)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- how hooks find their classes ---------------------------------------------------------

Hook = Callable[[Any], Any]

#: each hook, by the package that exports its class (or the module that defines it) and the class's name
HOOKS: dict[tuple[str, str], Hook] = {}


def hook(package: str, name: str) -> Callable[[Hook], Hook]:
    """Register the decorated function as the JSON shape of class ``name`` from ``package``."""

    def register(fn: Hook) -> Hook:
        HOOKS[(package, name)] = fn
        return fn

    return register


def _hook_for(cls: type) -> Hook | None:
    module = getattr(cls, "__module__", None) or ""
    for (package, name), fn in HOOKS.items():
        if getattr(cls, "__name__", None) == name and (module == package or module.startswith(package + ".")):
            return fn
    return None


def _fields(obj: Any) -> dict[str, Any]:
    """An attrs object field by field, each value through the converter."""
    u = converter.unstructure
    return {a.name: u(getattr(obj, a.name)) for a in attrs.fields(type(obj))}


# registered before the named hooks, which take precedence over it
converter.register_unstructure_hook_factory(attrs.has, lambda cls: _fields)
converter.register_unstructure_hook_factory(lambda cls: _hook_for(cls) is not None, _hook_for)


def _u(value: Any) -> Any:
    return converter.unstructure(value)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- problems and the model ---------------------------------------------------------------


@hook("councilkit.errors", "Problem")
def _problem(p: Any) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "key": p.key, "severity": p.severity, "message": p.message}


@hook("councilkit.model", "Clause")
def _clause(c: Any) -> dict[str, Any]:
    return {"id": c.id, "label": c.label, "heading": c.heading, "text": c.text, "parent": c.parent,
            "children": list(c.children)}


@hook("councilkit.model", "SearchHit")
def _clause_hit(h: Any) -> dict[str, Any]:
    return {**_clause(h.clause), "snippet": h.snippet}


@hook("councilkit.model", "Protocol")
def _protocol(p: Any) -> dict[str, Any]:
    """The protocol's record (its clauses are listed apart, as ``clauses``)."""
    return {"title": p.title, "version": p.version, "adopted": _iso(p.adopted), "adopted_by": p.adopted_by,
            "minute": p.minute, "review_months": p.review_months, "review_due": _iso(p.review_due_date()),
            "revised": p.revised, "source": p.source, "note": p.note}


@hook("councilkit.council", "Council")
def _council(c: Any) -> dict[str, Any]:
    p = c.protocol
    return {"id": c.id, "name": c.name, "tier": c.tier, "nation": c.nation, "variant": c.variant.id,
            "title": p.title, "adopted": _iso(p.adopted), "review_due": _iso(p.review_due_date()),
            "review_overdue": p.review_overdue(_today()), "clauses": len(p.clauses), "rules": len(c.rules),
            "routes": len(c.routes), "source": p.source}


@hook("councilkit.council", "NormRef")
def _norm_ref(n: Any) -> dict[str, Any]:
    return {"kind": n.kind, "id": n.id, "summary": n.summary}


@hook("councilkit.model", "Obligation")
def _obligation(o: Any) -> dict[str, Any]:
    """What must go with an act; its substitutions are the council file's business, not the answer's."""
    return {"id": o.id, "text": o.text, "role": o.role, "when": _u(dict(o.when)), "cite": list(o.cite)}


# --- routing ------------------------------------------------------------------------------


@hook("councilkit.routing", "Skipped")
def _skipped(s: Any) -> dict[str, Any]:
    return {"date": s.day.isoformat(), "why": s.why}


def _deadline(d: Any, today: dt.date | None = None) -> dict[str, Any]:
    out = {"start": d.start.isoformat(), "days": d.days, "nation": d.nation, "due": d.due.isoformat(),
           "source": d.source, "weekends_skipped": [w.isoformat() for w in d.weekends],
           "bank_holidays_skipped": _u(d.holidays), "working": d.working()}
    if today is not None:
        out["overdue"] = d.overdue(today)
        out["status"] = d.status(today)
    return out


@hook("councilkit.routing", "Deadline")
def _deadline_plain(d: Any) -> dict[str, Any]:
    """A deadline as counted; its ``overdue`` and ``status`` appear where it belongs to a step in progress."""
    return _deadline(d)


@hook("councilkit.routing", "ResolvedStep")
def _resolved_step(r: Any) -> dict[str, Any]:
    s = r.step
    return {"id": s.id, "title": r.title, "mode": s.mode, "procedure": list(s.procedure), "optional": s.optional,
            "handlers": _u(r.handlers), "named_handlers": list(s.handler), "consult": _u(r.consult),
            "notify": _u(r.notify), "due_days": r.due_days, "days_source": r.days_source,
            "outcomes": [{"id": o.id, "label": o.label, "next": o.next} for o in r.outcomes],
            "obligations": [{"id": o.id, "text": o.text, "role": o.role} for o in s.obligations],
            "description": s.description, "cite": list(r.cite), "blocked": r.blocked, "notes": list(r.notes)}


@hook("councilkit.routing", "RouteAnswer")
def _route_answer(a: Any) -> dict[str, Any]:
    route = None if a.route is None else {
        "id": a.route.id, "title": a.route.title, "cite": list(a.route.cite), "raised_by": list(a.route.raised_by),
        "about": list(a.route.about), "matters": list(a.route.matters)}
    return {"council": a.council_id, "raised_by": a.raised_by, "about": a.about, "matter": a.matter,
            "found": a.found, "route": route, "also": list(a.also), "message": a.message,
            "adviser": {"roles": list(a.adviser), "titles": list(a.adviser_titles), "cite": list(a.adviser_cite)},
            "steps": _u(a.steps)}


@hook("councilkit.routing", "StepPreview")
def _step_preview(p: Any) -> dict[str, Any]:
    return {**_resolved_step(p.step), "assignment": _u(p.assignment), "consult_people": _u(p.consult),
            "notify_people": _u(p.notify), "deadline": _u(p.deadline)}


# --- cases --------------------------------------------------------------------------------


@hook("councilkit.cases", "Event")
def _event(e: Any) -> dict[str, Any]:
    return {"n": e.n, "seq": e.seq, "kind": e.kind, "at": e.at, "on": e.on.isoformat(), "actor_id": e.actor_id,
            "actor": e.actor, "recorded_by": e.recorded_by, "reason": e.reason, "data": _u(e.data),
            "summary": e.summary(), "hash": e.hash}


@hook("councilkit.cases", "Requirement")
def _requirement(r: Any) -> dict[str, Any]:
    return {"role": r.role, "title": r.title, "people": [{"id": i, "name": n} for i, n in r.people],
            "waived": r.waived, "done": r.done}


@hook("councilkit.cases", "StepRun")
def _step_run(r: Any) -> dict[str, Any]:
    today = _today()
    return {
        "step": r.step_id, "title": r.title, "started_on": r.started_on.isoformat(),
        "handler": {"id": r.handler_id, "name": r.handler, "role": r.handler_role, "title": r.handler_title,
                    "instead_of": r.instead_of, "why": r.why, "cite": list(r.cite)},
        "deadline": _deadline(r.deadline, today) if r.deadline else None,
        "overdue": r.overdue(today),
        "consult": _u(r.consult), "notify": _u(r.notify),
        "obligations": [{"id": i, "text": t, "discharged": d} for i, t, d in r.obligations],
        "outcome": r.outcome, "outcome_label": r.outcome_label, "ended_on": _iso(r.ended_on), "ended": r.ended,
    }


@hook("councilkit.cases", "Case")
def _case(c: Any) -> dict[str, Any]:
    return {
        "id": c.id, "ref": c.ref, "council": c.council_id, "route": c.route_id, "route_title": c.route_title,
        "title": c.title, "description": c.description, "raised_by": c.raised_by, "about": c.about,
        "matter": c.matter, "complainant": {"id": c.complainant_id, "name": c.complainant},
        "subject": {"id": c.subject_id, "name": c.subject} if c.subject_id is not None else None,
        "status": c.status, "state": c.state(_today()),
        "current_step": c.current.step_id if c.current else None, "pending_step": c.pending,
        "opened_on": c.opened_on.isoformat(), "closed_on": _iso(c.closed_on), "reopened": c.reopened,
        "withdrawn": c.withdrawn, "escalated": c.escalated, "version": c.version,
        "steps": _u(c.steps), "events": _u(c.events),
    }


@hook("councilkit.cases", "Change")
def _change(ch: Any) -> dict[str, Any]:
    return {"case": _u(ch.case), "events": _u(ch.events), "warnings": list(ch.warnings)}


@hook("councilkit.cases", "CaseSummary")
def _case_summary(s: Any) -> dict[str, Any]:
    return {"id": s.id, "ref": s.ref, "council": s.council_id, "route": s.route_id, "title": s.title,
            "status": s.status, "state": s.state(_today()), "current_step": s.current_step,
            "step_title": s.step_title,
            "handler": {"id": s.handler_id, "name": s.handler} if s.handler_id else None,
            "due": _iso(s.due), "pending_step": s.pending_step, "opened_on": s.opened_on.isoformat(),
            "closed_on": _iso(s.closed_on), "reopened": s.reopened, "version": s.version}


@hook("councilkit.cases", "CasePage")
def _case_page(p: Any) -> dict[str, Any]:
    return {"total": p.total, "offset": p.offset, "limit": p.limit, "cases": _u(p.cases)}


@hook("councilkit.cases", "WorkPage")
def _work_page(p: Any) -> dict[str, Any]:
    return {"total": p.total, "cursor": p.cursor, "cases": _u(p.cases)}


@hook("councilkit.cases", "Move")
def _move(m: Any) -> dict[str, Any]:
    return {"action": m.action, "label": m.label, "who": m.who, "choose": m.choose, "choices": _u(m.choices),
            "optional": m.optional, "why_required": m.why_required, "handlers": _u(m.handlers), "note": m.note}


# --- registers ----------------------------------------------------------------------------


@hook("councilkit.registers", "FieldProblem")
def _field_problem(p: Any) -> dict[str, Any]:
    return {"row": p.row, "field": p.field, "message": p.message}


def _entry(e: Any, kind: Any) -> dict[str, Any]:
    fields = kind.fields if kind is not None else ()
    order = [f.id for f in fields if f.id in e.values] or sorted(e.values)
    return {
        "entry": e.id, "council": e.council_id, "kind": e.kind, "version": e.version, "status": e.status,
        "action": e.action, "confidential": e.confidential, "released_on": _iso(e.released_on),
        "values": {k: _u(e.values[k]) for k in order}, "display": {k: e.display.get(k, "") for k in order},
        "hidden": list(e.hidden), "reason": e.reason, "recorded_by": e.recorded_by,
        "recorded_by_name": e.recorded_by_name, "recorded_login": e.recorded_login, "recorded_at": e.recorded_at,
        "added_at": e.added_at, "hash": e.hash,
    }


def _kind_of(kind_id: str) -> Any:
    regs = _registers()
    return regs.council.register_kinds.get(kind_id) if regs is not None else None


@hook("councilkit.registers", "Entry")
def _register_entry(e: Any) -> dict[str, Any]:
    """An entry; its values in its kind's order when the council's registers are known, else by field id."""
    return _entry(e, _kind_of(e.kind))


@hook("councilkit.registers", "Page")
def _entry_page(p: Any) -> dict[str, Any]:
    return {"entries": _u(p.entries), "next_before": p.next_before, "access": p.access}


@hook("councilkit.registers", "SearchHit")
def _entry_hit(h: Any) -> dict[str, Any]:
    return {**_entry(h.entry, None), "snippet": h.snippet}


@hook("councilkit.registers", "ClockState")
def _clock_state(s: Any) -> dict[str, Any]:
    return {"clock": s.clock.id, "label": s.clock.label, "due_on": s.due_on.isoformat(), "start_on": _iso(s.start_on),
            "done_on": _iso(s.stopped_on), "overdue": s.overdue, "late": s.late, "status": s.status(),
            "working_days": s.working_days, "working": s.working}


@hook("councilkit.registers", "DueItem")
def _due_item(d: Any) -> dict[str, Any]:
    return {"entry": d.entry.id, "kind": d.entry.kind, "register": d.kind_title, "council": d.entry.council_id,
            **_clock_state(d.state), "summary_values": dict(d.entry.display)}


@hook("councilkit.registers", "RegisterKind")
def _register_kind(kind: Any) -> dict[str, Any]:
    """A register kind as a council keeps it: needs ``registers`` (the council's) to say so."""
    from councilkit.registers import setting_text

    regs = _registers()
    if regs is None:
        raise ValueError(f"register kind {kind.id!r} is shown as a council keeps it: pass registers= as well")
    use = regs.use(kind.id)
    title = regs.council.title
    settings = regs.settings(kind.id)
    shown_settings = regs.settings_text(kind.id)
    defaults = kind.default_settings()
    computed = kind.computed_fields()
    return {
        "id": kind.id, "title": kind.title, "description": kind.description,
        "cite": list(use.cite) if use else [], "note": use.note if use else "", "sensitivity": kind.sensitivity,
        "visible_to": [{"role": r, "title": title(r)} for r in regs.visible_to(kind)],
        "keepers": [{"role": r, "title": title(r)} for r in kind.keepers],
        "retention_months": kind.retention_months, "confidential_when": _u(dict(kind.confidential_when)),
        "confidential_until": kind.confidential_until,
        "fields": [{"id": f.id, "label": f.label, "type": f.type, "required": f.required, "choices": list(f.choices),
                    "sensitive": f.sensitive, "help": f.help, "computed": f.id in computed} for f in kind.fields],
        "rules": [{"id": r.id, "when": _u(dict(r.when)), "require": list(r.require), "forbid": list(r.forbid),
                   "not_before": dict(r.not_before), "message": r.message} for r in kind.rules],
        "clocks": [{"id": k.id, "label": k.label, "start": k.start,
                    "days": settings.get(k.days_setting, k.days) if k.days_setting else k.days,
                    "working_days": k.working_days, "due": k.due, "stop": k.stop, "when": _u(dict(k.when)),
                    "at_least": dict(k.at_least)} for k in kind.clocks],
        "settings": [{"id": s.id, "label": s.label, "type": s.type, "value": shown_settings[s.id],
                      "default": setting_text(s, defaults[s.id])} for s in kind.settings],
        "policy": None if kind.policy is None else {
            "action": kind.policy.action, "actor": kind.policy.actor, "target": kind.policy.target,
            "context": dict(kind.policy.context), "outcome_field": kind.policy.outcome_field},
    }


# --- people, attention, the demo ---------------------------------------------------------


@hook("councilkit.people", "Person")
def _person(p: Any) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "login": p.login, "email": p.email, "version": p.version}


@hook("councilkit.people", "Appointment")
def _appointment(a: Any) -> dict[str, Any]:
    return {"id": a.id, "person_id": a.person_id, "person": a.person_name, "council": a.council_id, "role": a.role,
            "from": a.from_date.isoformat(), "to": _iso(a.to_date), "version": a.version}


@hook("councilkit.attention", "AttentionItem")
def _attention_item(i: Any) -> dict[str, Any]:
    return {"kind": i.kind, "text": i.text, "due": _iso(i.due), "overdue": i.overdue, "status": i.status,
            "ref": i.ref, "council": i.council_id}


@hook("councilkit.demo", "DemoReport")
def _demo_report(r: Any) -> dict[str, Any]:
    return {"path": str(r.path), "people": r.people, "cases": _u(r.cases), "created": r.created}


# --- the importer's report ---------------------------------------------------------------


@hook("councilkit.importer", "ImportReport")
def _import_report(r: Any) -> dict[str, Any]:
    return {
        "file": r.file, "output": r.output, "council": r.council_id, "variant": r.variant,
        "found": {
            "title": {"text": r.title, "line": r.title_line}, "council_name": r.name_in_document,
            "clauses": _u(r.clauses), "clause_kinds": dict(r.kinds()),
            "headings": [{"id": c.id, "heading": c.heading, "how": c.heading_how, "line": c.line} for c in r.headings],
            "metadata": _u(r.records), "roles": _u(r.roles), "dropped": _u(r.dropped),
            "joined": [{"clause": c, "line": line} for c, line in r.joined],
        },
        "needs_a_person": {"findings": _u(r.needs), "proposed_rules": _u(r.rules), "proposed_routes": _u(r.routes)},
        "warnings": list(r.warnings),
    }


@hook("councilkit.importer", "RoleFound")
def _role_found(r: Any) -> dict[str, Any]:
    return {"id": r.id, "title": r.title, "default_title": r.default_title, "forms": dict(r.forms),
            "mentions": r.count, "cite": list(r.cite)}


@hook("councilkit.importer", "Proposal")
def _proposal(p: Any) -> dict[str, Any]:
    return {"kind": p.kind, "clause": p.clause, "sentence": p.sentence, "origin": p.origin, "live": p.live,
            "why": p.why, "norm": _u(p.table)}


def hooked_names() -> Mapping[tuple[str, str], Hook]:
    """Every class with a hook of its own, by package and name (for tests and docs)."""
    return dict(HOOKS)
