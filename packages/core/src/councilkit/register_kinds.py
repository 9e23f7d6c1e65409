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

The store-backed service is :mod:`councilkit.registers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .register_values import ValueProblem, format_money, parse_money

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


def relationships(notified_to: tuple[str, ...], visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="relationships",
        title="Relationships between members and officers",
        description="Close personal, family or financial relationships between members and "
        "officers, notified in writing, with the guidance given and how the risk is managed.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("officer", "Officer", "person", required=True),
            Field("relationship", "Relationship", "choice", required=True,
                  choices=("close personal", "family", "financial")),
            Field("notified_to", "Notified in writing to", "role", required=True,
                  choices=notified_to),
            Field("notified_on", "Date notified", "date", required=True),
            Field("guidance", "Guidance given", "text", sensitive=True),
            Field("mitigation", "Mitigation agreed", "text", sensitive=True),
            Field("review_on", "Review date", "date"),
            Field("ended_on", "Relationship ended on", "date"),
        ),
        rules=(
            FieldRule("financial-guidance", {"relationship": "financial"}, ("guidance",),
                      "guidance must be sought on any financial relationship"),
            FieldRule("dates", not_before={"review_on": "notified_on", "ended_on": "notified_on"}),
        ),
        clocks=(Clock("review", "Review the arrangement", start="notified_on", days=365,
                      due="review_on", stop="ended_on"),),
        retention_months=72,
        sensitivity="confidential",
        visible_to=visible_to,
        columns=("member", "officer", "relationship", "review_on"),
    )


def officer_interests(declared_to: tuple[str, ...], visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="officer_interests",
        title="Officers' declared interests",
        description="Interests relating to their work that officers and employees declare.",
        fields=(
            Field("officer", "Officer or employee", "person", required=True),
            Field("interest", "Interest declared", "text", required=True, sensitive=True),
            Field("prejudicial", "Prejudicial", "bool"),
            Field("declared_to", "Declared to", "role", required=True, choices=declared_to),
            Field("declared_on", "Date declared", "date", required=True),
            Field("managed_by", "How the interest is managed", "text", sensitive=True),
            Field("ended_on", "Interest ended on", "date"),
        ),
        rules=(FieldRule("dates", not_before={"ended_on": "declared_on"}),),
        retention_months=72,
        sensitivity="confidential",
        visible_to=visible_to,
        columns=("officer", "prejudicial", "declared_to", "declared_on"),
    )


def information_given() -> RegisterKind:
    return RegisterKind(
        id="information_given",
        title="Information given to members",
        description="Factual information officers give individual members, and whether the "
        "other members were told it had been given.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("information", "Information given", "text", required=True),
            Field("given_on", "Date given", "date", required=True),
            Field("minor", "Of a minor nature", "bool", required=True),
            Field("members_advised_on", "Members advised on", "date"),
            Field("copy_supplied_on", "Copy supplied on request on", "date"),
        ),
        rules=(
            FieldRule("advise-members", {"minor": False}, ("members_advised_on",),
                      "unless the information is minor, record when members were advised it was given"),
            FieldRule("dates", not_before={"members_advised_on": "given_on", "copy_supplied_on": "given_on"}),
        ),
        retention_months=24,
    )


def information_requests(copy_to: str, visible_to: tuple[str, ...], answer_days: int = 10) -> RegisterKind:
    return RegisterKind(
        id="information_requests",
        title="Members' information requests",
        description="Requests by members for information, the purpose given, and the outcome; "
        "a refusal needs written reasons and a copy to the adviser named.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("information", "Information requested", "text", required=True),
            Field("purpose", "Purpose stated", "text", required=True, sensitive=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("due_on", "Due by", "date", help="when the answer is due; else the council's "
                  "number of working days after the request"),
            Field("outcome", "Outcome", "choice", required=True, choices=("pending", "provided", "refused")),
            Field("answered_on", "Date provided or refused", "date"),
            Field("chair_advised", "Chair advised", "bool"),
            Field("reasons", "Written reasons for refusal", "text", sensitive=True),
            Field("copy_to", "Copy of reasons sent to", "role", choices=(copy_to,)),
            Field("copied_on", "Date copy sent", "date"),
        ),
        rules=(
            FieldRule("refusal-reasons", {"outcome": "refused"}, ("reasons", "copy_to", "copied_on"),
                      "a refusal needs written reasons and a copy sent to the adviser"),
            FieldRule("answered", {"outcome": ("provided", "refused")}, ("answered_on",),
                      "record when the information was provided or refused"),
            FieldRule("pending", {"outcome": "pending"}, forbid=("answered_on", "reasons"),
                      message="a pending request has not been answered yet"),
            FieldRule("dates", not_before={"due_on": "requested_on", "answered_on": "requested_on",
                                           "copied_on": "requested_on"}),
        ),
        clocks=(Clock("answer", "Answer the request", start="requested_on", days=answer_days, working_days=True,
                      due="due_on", stop="answered_on", days_setting="answer_days"),),
        settings=(Setting("answer_days", "Working days to answer a request", "int", answer_days,
                          "counted from the request, unless the entry gives its own due date"),),
        retention_months=24,
        visible_to=visible_to,
        columns=("member", "information", "requested_on", "outcome"),
    )


def briefings(visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="briefings",
        title="Confidential briefings",
        description="Private and confidential briefings given to a chair or political group, "
        "confidential until the date they are released.",
        fields=(
            Field("requested_by", "Requested by (chair or political group)", "text", required=True),
            Field("officers_present", "Officers present", "text", required=True),
            Field("subject", "Subject", "text", required=True),
            Field("briefed_on", "Date of briefing", "date", required=True),
            Field("written_information", "Written information provided", "bool"),
            Field("confidential_until", "Confidential until (released on this date)", "date"),
            Field("released_when", "Confidential until (event)", "text",
                  help="e.g. until determined by the Executive or published before the meeting"),
        ),
        rules=(FieldRule("dates", not_before={"confidential_until": "briefed_on"}),),
        retention_months=24,
        sensitivity="confidential",
        confidential_until="confidential_until",
        visible_to=visible_to,
        columns=("requested_by", "subject", "briefed_on", "confidential_until"),
    )


def training() -> RegisterKind:
    return RegisterKind(
        id="training",
        title="Training records",
        description="Training and development members (and officers) have taken part in.",
        fields=(
            Field("person", "Person trained", "person", required=True),
            Field("course", "Course or activity", "text", required=True),
            Field("completed_on", "Date completed", "date", required=True),
            Field("provider", "Provider", "text"),
            Field("hours", "Length (hours)", "text"),
            Field("notes", "Notes", "text"),
        ),
        retention_months=72,
        columns=("person", "course", "completed_on", "provider"),
    )


def external_meetings(report_days: int = 28) -> RegisterKind:
    return RegisterKind(
        id="external_meetings",
        title="Officers' meetings with other bodies' representatives",
        description="Meetings officers hold with councillors or elected representatives of other "
        "councils or organisations, and when each was reported to the Council.",
        fields=(
            Field("officer", "Officer", "person", required=True),
            Field("met_with", "Representatives met", "text", required=True),
            Field("organisation", "Council or organisation", "text", required=True),
            Field("met_on", "Date of meeting", "date", required=True),
            Field("purpose", "Briefing or advice given", "text"),
            Field("reported_on", "Reported to the Council on", "date"),
        ),
        rules=(FieldRule("dates", not_before={"reported_on": "met_on"}),),
        clocks=(Clock("report", "Report the meeting to the Council", start="met_on", days=report_days,
                      stop="reported_on", days_setting="report_days"),),
        settings=(Setting("report_days", "Days to report a meeting to the Council", "int", report_days,
                          "the protocol says \"as soon as is practicable\""),),
        retention_months=24,
        columns=("officer", "organisation", "met_on", "reported_on"),
    )


def document_inspections() -> RegisterKind:
    return RegisterKind(
        id="document_inspections",
        title="Document inspection requests",
        description="Members' requests to inspect or copy documents the council holds; the policy "
        "engine decides each one from the facts recorded, citing the clauses it rests on.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("document", "Document", "text", required=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("for_council_duties", "Needed for their duties as a member", "bool"),
            Field("has_interest", "Member has a professional, personal or pecuniary interest", "bool",
                  required=True),
            Field("decision", "Decision", "choice", choices=POLICY_OUTCOMES),
            Field("clauses", "Clauses", "text"),
            Field("explanation", "Explanation", "text"),
            Field("inspected_on", "Inspected or copied on", "date"),
            Field("notes", "Notes", "text"),
        ),
        rules=(
            FieldRule("refused-not-inspected", {"decision": "forbidden"}, forbid=("inspected_on",),
                      message="a refused request cannot have been inspected"),
            FieldRule("dates", not_before={"inspected_on": "requested_on"}),
        ),
        policy=PolicyCheck(
            action="inspect_document",
            actor="councillor",
            actor_field="member",
            context={"has_interest": "has_interest", "for_council_duties": "for_council_duties"},
        ),
        retention_months=24,
        columns=("member", "document", "requested_on", "decision"),
    )


def media_assistance(visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="media_assistance",
        title="Media assistance to members",
        description="Help officers give members with media relations; the policy engine decides "
        "each request, and help given on a confidential basis stays confidential.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("officer", "Officer assisting", "person", required=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("subject", "Statement or media matter", "text", required=True),
            Field("factual", "A factual statement", "bool", required=True),
            Field("adverse_to_council", "Would adversely affect the Council's reputation", "bool",
                  required=True),
            Field("confidential_basis", "Assistance asked for on a confidential basis", "bool"),
            Field("decision", "Decision", "choice", choices=POLICY_OUTCOMES),
            Field("clauses", "Clauses", "text"),
            Field("explanation", "Explanation", "text"),
            Field("assisted_on", "Assistance given on", "date"),
        ),
        rules=(
            FieldRule("refused-not-assisted", {"decision": "forbidden"}, forbid=("assisted_on",),
                      message="help the protocol forbids cannot have been given"),
            FieldRule("dates", not_before={"assisted_on": "requested_on"}),
        ),
        policy=PolicyCheck(
            action="seek_media_assistance",
            actor="councillor",
            actor_field="member",
            target="officer",
            target_field="officer",
            context={"factual": "factual", "adverse_to_council": "adverse_to_council"},
        ),
        confidential_when={"confidential_basis": True},
        visible_to=visible_to,
        retention_months=24,
        columns=("member", "officer", "subject", "decision"),
    )


def delegated_decisions(keepers: tuple[str, ...], publish_days: int = 28) -> RegisterKind:
    return RegisterKind(
        id="delegated_decisions",
        title="Decisions taken under delegated authority",
        description="Decisions the Clerk takes under the council's Scheme of Delegation: the "
        "decision, the reasons, the alternatives rejected, any conflict declared, and when it was published.",
        fields=(
            Field("decision", "Decision", "text", required=True),
            Field("decided_on", "Date of decision", "date", required=True),
            Field("decided_by", "Decided by", "person", required=True),
            Field("authority", "Delegated authority used", "text",
                  help="the paragraph of the Scheme of Delegation"),
            Field("reasons", "Reasons", "text", required=True),
            Field("alternatives_rejected", "Alternatives considered and rejected", "text", required=True),
            Field("conflicts_declared", "Conflicts of interest declared", "text", required=True,
                  help="write \"none\" when there were none, and any dispensation granted"),
            Field("cost", "Cost", "money"),
            Field("published_on", "Date published", "date"),
        ),
        rules=(FieldRule("dates", not_before={"published_on": "decided_on"}),),
        clocks=(Clock("publish", "Publish the decision", start="decided_on", days=publish_days,
                      stop="published_on", days_setting="publish_days"),),
        settings=(Setting("publish_days", "Days to publish a decision", "int", publish_days),),
        keepers=keepers,
        retention_months=72,
        columns=("decided_on", "decision", "decided_by", "published_on"),
    )


def gifts_hospitality(threshold: str = "£50", days: int = 28) -> RegisterKind:
    return RegisterKind(
        id="gifts_hospitality",
        title="Gifts and hospitality",
        description="Gifts and hospitality offered to members and officers, accepted or declined; "
        "anything worth at least the threshold in the council's code must be registered within "
        "its time limit.",
        fields=(
            Field("recipient", "Member or officer", "person", required=True),
            Field("gift_or_hospitality", "Gift or hospitality", "choice", required=True,
                  choices=("gift", "hospitality")),
            Field("description", "Description", "text", required=True),
            Field("offered_by", "Offered by", "text", required=True),
            Field("value", "Estimated value", "money", required=True),
            Field("received_on", "Date offered or received", "date", required=True),
            Field("accepted", "Accepted", "bool", required=True),
            Field("notified_on", "Date notified for the register", "date"),
            Field("notes", "Notes", "text"),
        ),
        rules=(FieldRule("dates", not_before={"notified_on": "received_on"}),),
        clocks=(Clock("register", "Register the gift or hospitality", start="received_on", days=days,
                      stop="notified_on", days_setting="days", at_least={"value": "threshold"}),),
        settings=(
            Setting("threshold", "Value at or above which it must be registered", "money", threshold,
                    "from the council's code of conduct"),
            Setting("days", "Days to register it", "int", days),
        ),
        retention_months=72,
        columns=("recipient", "description", "value", "received_on"),
    )


def standard_kinds() -> Iterable[RegisterKind]:
    """Core's kinds, which any council may turn on."""
    return (training(), gifts_hospitality(), document_inspections())
