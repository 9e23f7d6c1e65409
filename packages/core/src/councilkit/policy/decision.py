"""What the policy engine answers: a :class:`Decision` (its outcome, the rules that decided it,
the clauses they cite, obligations and an explanation), the :class:`Request` it answers and the
:class:`Permission` rows of ``council.permissions(actor)``, and the facts of a request as typed
on the command line (:func:`parse_context`).  The engine is :mod:`.engine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from councilkit.errors import CouncilkitError, UnknownNameError, did_you_mean
from councilkit.model import Action, Obligation, Value

PERMITTED = "permitted"
FORBIDDEN = "forbidden"
CONDITIONAL = "conditional"
NOT_COVERED = "not_covered"
OUTCOMES = (PERMITTED, FORBIDDEN, CONDITIONAL, NOT_COVERED)



class RequestError(CouncilkitError, ValueError):
    """A request the engine cannot answer as asked: a value of the wrong type."""


@attrs.frozen
class CitedClause:
    id: str
    label: str
    heading: str | None
    text: str


@attrs.frozen
class RuleRef:
    """A rule as a decision reports it: what it says and where."""

    id: str
    effect: str
    summary: str
    cite: tuple[str, ...]
    why: str = ""  # "because the Councillor has an interest", for a forbid that overrode a permit


@attrs.frozen(slots=False)
class Decision:
    """The answer to one request.

    ``determining`` are the rules that decided it (for ``conditional``, the rules
    the remaining conditions come from); ``overridden`` are permits a forbid beat;
    ``lifted`` are forbids an exception or exemption lifted; ``conditions`` are the
    remaining conditions in words; ``facts`` the context attributes that would
    settle them; ``ask`` the roles to seek advice from.  ``required`` says the act
    is a duty, not only allowed; ``debatable`` gives the reasons a reading the
    decision rests on is open to argument (``ask`` then names whom to ask).
    """

    outcome: str
    explanation: str
    determining: tuple[RuleRef, ...] = ()
    overridden: tuple[RuleRef, ...] = ()
    citations: tuple[CitedClause, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    conditions: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    advice: tuple[RuleRef, ...] = ()
    ask: tuple[str, ...] = ()
    ask_titles: tuple[str, ...] = ()
    required: bool = False
    lifted: tuple[RuleRef, ...] = ()
    debatable: tuple[str, ...] = ()

    @property
    def cited_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.citations)

    # made later --------------------------------------------------------------
    # The engine knows a decision's outcome as soon as it knows which rules apply; its words (the
    # explanation, the rules described, the conditions, the clauses cited) take longer, so a decision
    # made by :meth:`later` works them out when any of them is first read.  Reading, comparing,
    # printing, copying or pickling a decision gives exactly what building it at once would.

    @classmethod
    def later(cls, outcome: str, build: Callable[[], Decision]) -> Decision:
        """A decision with ``outcome`` whose other fields come from ``build()`` when first read."""
        decision = object.__new__(cls)
        state = decision.__dict__
        state["outcome"] = outcome
        state["_build"] = build
        return decision

    def __getattr__(self, name: str) -> Any:
        # called only for an attribute not found: a field of a decision made by later(), not filled in yet
        state = self.__dict__
        if name in _FIELDS:
            build = state.get("_build")
            if build is not None:  # (two threads may both build it: they fill in the same values)
                full = build()
                for field in _FIELDS:
                    state[field] = getattr(full, field)
                state.pop("_build", None)
            if name in state:
                return state[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in _FIELDS}


_FIELDS = tuple(a.name for a in attrs.fields(Decision))


@attrs.frozen
class Request:
    actor: str
    action: str
    target: str | None = None
    context: Mapping[str, Value] = attrs.field(factory=dict)

    @classmethod
    def of(cls, request: Request | Mapping[str, Any] | Sequence[Any]) -> Request:
        """A request from a Request, a mapping (actor=, action=, target=, context=) or a tuple."""
        if isinstance(request, Request):
            return request
        if isinstance(request, Mapping):
            known = {"actor", "action", "target", "context"}
            extra = {k: v for k, v in request.items() if k not in known}
            return cls(request["actor"], request["action"], request.get("target"),
                       {**dict(request.get("context") or {}), **extra})
        actor, action, *rest = request
        target = rest[0] if rest else None
        context = rest[1] if len(rest) > 1 else {}
        return cls(actor, action, target, dict(context))


@attrs.frozen
class Permission:
    """One line of "what may this role do": an action, a target and the answer with no facts given.

    ``required`` marks a duty: the role must do it, not only may.
    """

    action: str
    target: str | None
    outcome: str
    conditions: tuple[str, ...]
    cite: tuple[str, ...]
    summary: str
    required: bool = False


# ---------------------------------------------------------------------------


def parse_context(pairs: Iterable[str], action: Action) -> dict[str, Value]:
    """``key=value`` strings from the command line, typed by the action's attributes."""
    out: dict[str, Value] = {}
    attributes = {a.id: a for a in action.context}
    for pair in pairs:
        if "=" not in pair:
            raise RequestError(f"--ctx {pair!r}: write it as key=value, e.g. has_interest=true")
        key, raw = (p.strip() for p in pair.split("=", 1))
        attribute = attributes.get(key)
        if attribute is None:
            raise UnknownNameError("context attribute", key, attributes, f"of action {action.id!r}")
        value: Value
        if attribute.type == "bool":
            lowered = raw.lower()
            if lowered not in {"true", "false", "yes", "no"}:
                raise RequestError(f"--ctx {key}: expected true or false, got {raw!r}")
            value = lowered in {"true", "yes"}
        elif attribute.type == "int":
            try:
                value = int(raw)
            except ValueError:
                raise RequestError(f"--ctx {key}: expected a whole number, got {raw!r}") from None
        else:
            value = raw
            if attribute.type == "choice" and raw not in attribute.choices:
                raise RequestError(f"--ctx {key}: expected one of {', '.join(attribute.choices)}, got {raw!r}"
                                   f"{did_you_mean(raw, attribute.choices)}")
        out[key] = value
    return out
