"""Register kinds: the registers a protocol relies on, as definitions.

A kind says which fields an entry has and of which type, which are required,
which cross-field rules apply ("a refusal needs written reasons"), how long
entries are kept, how sensitive they are and who may see them, and which
clocks run ("register a gift within 28 days").  Variants supply kinds; a
council turns on the ones its protocol implies (``[[register]]``, citing the
clauses that imply them, with any settings the kind takes) and may define its
own (``[[register_kind]]``).

Visibility, in one place:

- a *confidential* entry (every entry of a kind whose ``sensitivity`` is
  ``"confidential"``, an entry whose fields match ``confidential_when``, or one
  marked confidential when it was added) is seen only by people holding a role
  in ``visible_to`` (or a kind of one), until the date in its
  ``confidential_until`` field, if the kind has one;
- a *sensitive* field is seen only by those same roles, always;
- publication exports leave out both.

The store-backed service is :mod:`councilkit.registers.service`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from councilkit.registers.values import ValueProblem, format_money, parse_money

FIELD_TYPES = ("text", "date", "person", "role", "choice", "money", "bool")
SENSITIVITIES = ("public", "confidential")
SETTING_TYPES = ("money", "int", "bool", "text")
#: what the policy engine may answer; a policy-decided kind's outcome field takes these
POLICY_OUTCOMES = ("permitted", "forbidden", "conditional", "not_covered")

FieldValue = bool | int | str | tuple[bool | int | str, ...]

Path = tuple[str | int, ...]


@attrs.frozen
class Field:
    id: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    sensitive: bool = False
    help: str = ""


@attrs.frozen(hash=False)
class FieldRule:
    """A cross-field rule.  When the ``when`` fields hold these values (always, if ``when`` is empty):

    - the ``require`` fields must be filled in;
    - the ``forbid`` fields must be left empty;
    - for each ``later = "earlier"`` pair in ``not_before``, when both dates are
      filled, ``later`` may not be before ``earlier``.
    """

    id: str
    when: dict[str, FieldValue] = attrs.field(factory=dict)
    require: tuple[str, ...] = ()
    message: str = ""
    forbid: tuple[str, ...] = ()
    not_before: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(hash=False)
class Clock:
    """Action is due ``days`` after the date in ``start``, unless ``stop`` is filled.

    ``due`` names a date field that, when filled, gives the due date itself
    (a review date, a due-by date agreed with the member).  ``days_setting``
    takes the number of days from one of the kind's settings, so a council can
    change it.  The clock runs only for entries whose fields hold the ``when``
    values and, for each ``money_field = "setting"`` pair in ``at_least``, whose
    amount is at least the setting (gifts worth at least the threshold).
    """

    id: str
    label: str
    start: str | None = None
    days: int = 0
    stop: str | None = None
    working_days: bool = False
    due: str | None = None
    days_setting: str | None = None
    when: dict[str, FieldValue] = attrs.field(factory=dict)
    at_least: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Setting:
    """Something a council may set when it turns a kind on (``[[register]] settings = {...}``)."""

    id: str
    label: str
    type: str
    default: FieldValue
    help: str = ""


@attrs.frozen(hash=False)
class PolicyCheck:
    """The policy engine decides each entry: "may this member inspect this document?"

    When an entry is added or amended, the engine is asked whether ``actor``
    (or, with ``actor_field``, the most specific role the person in that field
    holds that is a kind of ``actor``) may do ``action`` towards ``target`` (or
    the person in ``target_field``), with the context facts taken from the
    fields named in ``context`` (``{ has_interest = "has_interest" }``: context
    attribute = field).  The outcome is written to ``outcome_field`` (a choice
    field), the clauses cited to ``clauses_field`` and the explanation to
    ``explanation_field``; nobody may fill those fields in by hand.
    """

    action: str
    actor: str
    actor_field: str | None = None
    target: str | None = None
    target_field: str | None = None
    context: dict[str, str] = attrs.field(factory=dict)
    outcome_field: str = "decision"
    clauses_field: str | None = "clauses"
    explanation_field: str | None = "explanation"

    def computed_fields(self) -> tuple[str, ...]:
        return tuple(f for f in (self.outcome_field, self.clauses_field, self.explanation_field) if f)


@attrs.frozen(hash=False)
class RegisterKind:
    id: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    rules: tuple[FieldRule, ...] = ()
    clocks: tuple[Clock, ...] = ()
    retention_months: int | None = None
    sensitivity: str = "public"
    visible_to: tuple[str, ...] = ()
    cite: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()
    policy: PolicyCheck | None = None
    confidential_when: dict[str, FieldValue] = attrs.field(factory=dict)
    confidential_until: str | None = None
    keepers: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def field(self, field_id: str) -> Field | None:
        for f in self.fields:
            if f.id == field_id:
                return f
        return None

    def setting(self, setting_id: str) -> Setting | None:
        for s in self.settings:
            if s.id == setting_id:
                return s
        return None

    @property
    def confidential(self) -> bool:
        """Every entry of this kind is confidential."""
        return self.sensitivity == "confidential"

    @property
    def has_secrets(self) -> bool:
        """Some entries or fields of this kind may be hidden from some people."""
        return (self.confidential or bool(self.confidential_when) or bool(self.visible_to)
                or any(f.sensitive for f in self.fields))

    def computed_fields(self) -> tuple[str, ...]:
        """Fields the service fills in (the policy engine's decision), never a person."""
        return self.policy.computed_fields() if self.policy else ()

    def list_columns(self) -> tuple[str, ...]:
        """The fields a one-line listing shows: ``columns``, else the first four."""
        if self.columns:
            return self.columns
        return tuple(f.id for f in self.fields[:4])

    def default_settings(self) -> dict[str, Any]:
        return {s.id: setting_value(s, s.default) for s in self.settings}


@attrs.frozen
class RegisterUse:
    """A council keeps a register of ``kind`` because the cited clauses imply it.

    ``settings`` are the council's values for the kind's settings (a gifts
    threshold from its code of conduct); anything not given takes the kind's default.
    """

    kind: str
    cite: tuple[str, ...]
    note: str = ""
    settings: dict[str, FieldValue] = attrs.field(factory=dict)


# ---------------------------------------------------------------------------
# settings


def setting_value(setting: Setting, value: object) -> Any:
    """The typed value of ``setting`` (money in pence); :class:`ValueProblem` says what is expected."""
    if setting.type == "money":
        if not isinstance(value, str):
            raise ValueProblem(f"expected an amount of money written as text with a £, such as \"£50\" "
                               f"(a bare number could be pounds or pence), got {_describe(value)}")
        return parse_money(value)
    if setting.type == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueProblem(f"expected a whole number, 0 or more, got {_describe(value)}")
        return value
    if setting.type == "bool":
        if not isinstance(value, bool):
            raise ValueProblem(f"expected true or false, got {_describe(value)}")
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"expected text in quotes, got {_describe(value)}")
    return value


def setting_text(setting: Setting, value: Any) -> str:
    """A setting's value as a person reads it."""
    if setting.type == "money":
        return format_money(value)
    if setting.type == "bool":
        return "yes" if value else "no"
    return str(value)


def resolve_settings(kind: RegisterKind, given: Mapping[str, object] | None = None) -> dict[str, Any]:
    """The kind's settings as a council has them: its values over the kind's defaults, typed."""
    out = kind.default_settings()
    for key, value in (given or {}).items():
        setting = kind.setting(key)
        if setting is not None:
            out[key] = setting_value(setting, value)
    return out


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return type(value).__name__


# ---------------------------------------------------------------------------
# checks: every problem as (path inside the kind's table, message)


def _value_fits(f: Field, value: object) -> bool:
    values = value if isinstance(value, tuple) else (value,)
    for v in values:
        if f.type == "bool":
            if not isinstance(v, bool):
                return False
        elif isinstance(v, bool) or not isinstance(v, str) or (f.type == "choice" and v not in f.choices):
            return False
    return True


def _expected_for(f: Field) -> str:
    if f.type == "bool":
        return "true or false"
    if f.type == "choice":
        return "one of " + ", ".join(repr(c) for c in f.choices)
    return f"a {f.type}"


def kind_problems(kind: RegisterKind, *, full: bool = False) -> list[tuple[Path, str]]:
    """Everything wrong with ``kind`` as a definition (nothing about any council).

    The council-file loader checks field ids, types, choices and the fields
    rules and clocks name itself; ``full=True`` checks those too (for kinds
    that come from plugins).
    """
    out: list[tuple[Path, str]] = []
    fields = {f.id: f for f in kind.fields}

    def need(path: Path, field_id: str, types: tuple[str, ...] = (), what: str = "") -> Field | None:
        f = fields.get(field_id)
        if f is None:
            out.append((path, f"{what or 'names'} field {field_id!r}, which this kind lacks"))
            return None
        if types and f.type not in types:
            out.append((path, f"{what or 'names'} field {field_id!r}, which is a {f.type} field; "
                              f"it must be a {' or '.join(types)} field"))
            return None
        return f

    def conditions(path: Path, when: Mapping[str, object]) -> None:
        for key, value in when.items():
            f = need((*path, key), key, what="names")
            if f is not None and not _value_fits(f, value):
                out.append(((*path, key), f"{key} is a {f.type} field: expected {_expected_for(f)}, "
                                          f"got {value!r}"))

    if full:
        seen: set[str] = set()
        if not kind.fields:
            out.append(((), f"register kind {kind.id!r} has no fields"))
        for n, f in enumerate(kind.fields):
            if f.id in seen:
                out.append((("field", n, "id"), f"duplicate field id {f.id!r}"))
            seen.add(f.id)
            if f.type not in FIELD_TYPES:
                out.append((("field", n, "type"), f"unknown field type {f.type!r}; use one of {', '.join(FIELD_TYPES)}"))
            if f.type == "choice" and not f.choices:
                out.append((("field", n, "choices"), f"choice field {f.id!r} lists no choices"))
        for n, rule in enumerate(kind.rules):
            for key in rule.require:
                need(("rule", n, "require"), key, what=f"rule {rule.id!r} names")
        for n, clock in enumerate(kind.clocks):
            for key in (clock.start, clock.stop):
                if key is not None:
                    need(("clock", n), key, ("date",), what=f"clock {clock.id!r} names")
        if kind.sensitivity not in SENSITIVITIES:
            out.append((("sensitivity",), f"unknown sensitivity {kind.sensitivity!r}; use {' or '.join(SENSITIVITIES)}"))

    # settings
    setting_ids: set[str] = set()
    for n, s in enumerate(kind.settings):
        if s.id in setting_ids:
            out.append((("setting", n, "id"), f"duplicate setting id {s.id!r}"))
        setting_ids.add(s.id)
        if s.type not in SETTING_TYPES:
            out.append((("setting", n, "type"), f"unknown setting type {s.type!r}; use one of {', '.join(SETTING_TYPES)}"))
            continue
        try:
            setting_value(s, s.default)
        except ValueProblem as exc:
            out.append((("setting", n, "default"), f"setting {s.id!r}: {exc}"))

    # rules
    for n, rule in enumerate(kind.rules):
        p: Path = ("rule", n)
        conditions((*p, "when"), rule.when)
        for key in rule.forbid:
            need((*p, "forbid"), key, what=f"rule {rule.id!r} names")
        for later, earlier in rule.not_before.items():
            need((*p, "not_before", later), later, ("date",), what=f"rule {rule.id!r} names")
            need((*p, "not_before", later), earlier, ("date",), what=f"rule {rule.id!r} names")
        if not (rule.require or rule.forbid or rule.not_before):
            out.append((p, f"rule {rule.id!r} asks nothing: give require, forbid or not_before"))

    # clocks
    for n, clock in enumerate(kind.clocks):
        p = ("clock", n)
        if clock.start is None and clock.due is None:
            out.append((p, f"clock {clock.id!r} needs start (a date field to count from) or due "
                           "(a date field holding the due date)"))
        if clock.due is not None:
            need((*p, "due"), clock.due, ("date",), what=f"clock {clock.id!r} names")
        if clock.days < 0:
            out.append(((*p, "days"), f"clock {clock.id!r}: days must be 0 or more, got {clock.days}"))
        if clock.days_setting is not None:
            s = kind.setting(clock.days_setting)
            if s is None or s.type != "int":
                out.append(((*p, "days_setting"), f"clock {clock.id!r} takes its days from setting "
                                                  f"{clock.days_setting!r}, which this kind lacks as a whole-number setting"))
        conditions((*p, "when"), clock.when)
        for money_field, setting_id in clock.at_least.items():
            need((*p, "at_least", money_field), money_field, ("money",), what=f"clock {clock.id!r} names")
            s = kind.setting(setting_id)
            if s is None or s.type != "money":
                out.append(((*p, "at_least", money_field), f"clock {clock.id!r} compares {money_field} with "
                                                           f"setting {setting_id!r}, which this kind lacks as a money setting"))

    # policy
    if kind.policy is not None:
        pol = kind.policy
        p = ("policy",)
        if pol.actor_field is not None:
            need((*p, "actor_field"), pol.actor_field, ("person",), what="the policy check's actor_field names")
        if pol.target_field is not None:
            need((*p, "target_field"), pol.target_field, ("person",), what="the policy check's target_field names")
        for attribute, field_id in pol.context.items():
            need((*p, "context", attribute), field_id, what=f"context {attribute!r} takes its value from")
        outcome = need((*p, "outcome_field"), pol.outcome_field, ("choice",), what="the policy check's outcome_field names")
        if outcome is not None and not set(POLICY_OUTCOMES) <= set(outcome.choices):
            out.append(((*p, "outcome_field"), f"the outcome field {outcome.id!r} must offer the choices "
                                               f"{', '.join(POLICY_OUTCOMES)}"))
        for key in ("clauses_field", "explanation_field"):
            field_id = getattr(pol, key)
            if field_id is not None:
                need((*p, key), field_id, ("text",), what=f"the policy check's {key} names")
        for field_id in pol.computed_fields():
            f = fields.get(field_id)
            if f is not None and f.required:
                out.append(((*p,), f"field {field_id!r} is filled in by the policy engine, so it cannot be required"))

    # visibility
    conditions(("confidential_when",), kind.confidential_when)
    if kind.confidential_until is not None:
        need(("confidential_until",), kind.confidential_until, ("date",), what="confidential_until names")
    if (kind.confidential or kind.confidential_when or any(f.sensitive for f in kind.fields)) and not kind.visible_to:
        out.append((("visible_to",), f"register kind {kind.id!r} has confidential entries or sensitive fields, "
                                     "so it must say who may see them: visible_to = [...]"))
    for n, column in enumerate(kind.columns):
        need(("columns", n), column, what="columns names")
    if kind.retention_months is not None and kind.retention_months <= 0:
        out.append((("retention_months",), f"retention_months must be more than 0, got {kind.retention_months}"))
    return out


def settings_problems(kind: RegisterKind, settings: Mapping[str, object]) -> list[tuple[Path, str]]:
    """Problems with a council's ``settings = {...}`` for ``kind``, each under ``(key,)``."""
    out: list[tuple[Path, str]] = []
    for key, value in settings.items():
        setting = kind.setting(key)
        if setting is None:
            known = ", ".join(s.id for s in kind.settings) or "none"
            out.append(((key,), f"unknown setting {key!r} for register kind {kind.id!r}; its settings: {known}"))
            continue
        try:
            setting_value(setting, value)
        except ValueProblem as exc:
            out.append(((key,), f"{key} ({setting.label}): {exc}"))
    return out


def use_problems(
    kind: RegisterKind, use: RegisterUse, roles: Mapping[str, Any], actions: Mapping[str, Any]
) -> list[tuple[Path, str]]:
    """Problems with turning ``kind`` on in a council: its settings, and what it names of the council."""
    out = [(("settings", *path), message) for path, message in settings_problems(kind, use.settings)]
    for path, message in kind_problems(kind, full=True):
        where = ".".join(str(p) for p in path)
        out.append(((), f"register kind {kind.id!r} cannot be used: {where + ': ' if where else ''}{message}"))
    named = [*kind.visible_to, *kind.keepers]
    for f in kind.fields:
        if f.type == "role":
            named += f.choices
    if kind.policy is not None:
        named += [kind.policy.actor] + ([kind.policy.target] if kind.policy.target else [])
    for role in dict.fromkeys(named):
        if role not in roles:
            out.append(((), f"register kind {kind.id!r} names role {role!r}, which this council does not have"))
    if kind.policy is not None:
        action = actions.get(kind.policy.action)
        if action is None:
            out.append(((), f"register kind {kind.id!r} asks the policy engine about action "
                            f"{kind.policy.action!r}, which this council does not have"))
        else:
            accepted = {a.id for a in action.context}
            for attribute in kind.policy.context:
                if attribute not in accepted:
                    out.append(((), f"register kind {kind.id!r} gives context {attribute!r}, which action "
                                    f"{action.id!r} does not take ({', '.join(sorted(accepted)) or 'none'})"))
    return out


# ---------------------------------------------------------------------------
# Standard kinds.  Variants call these with their own role ids (who is
# notified, who may see confidential entries) and register the result, so the
# definitions live in one place and no variant is named here.  Core registers
# the kinds any council may keep (training, gifts and hospitality, document
# inspection requests) itself.
