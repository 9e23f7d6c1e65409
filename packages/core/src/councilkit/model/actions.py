"""The action vocabulary: what one role may or may not do towards another.

Rules name an action (``instruct``, ``inspect_document``...) and may put
conditions on the request's context (``has_interest``, ``urgent``...).  Each
action says, in plain English, what it means and which context facts it
accepts, with their types, so a request can be checked before it is answered
and a typo can never pass as "not covered".
"""

from __future__ import annotations

from councilkit._attrs import frozen

ATTRIBUTE_TYPES = ("bool", "text", "choice", "int")


@frozen
class ContextAttribute:
    """A fact about a request.  ``yes``/``no`` say it in words for a bool."""

    id: str
    type: str = "bool"
    description: str = ""
    yes: str = ""
    no: str = ""
    choices: tuple[str, ...] = ()

    def accepts(self, value: object) -> bool:
        if self.type == "bool":
            return isinstance(value, bool)
        if self.type == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if self.type == "choice":
            return isinstance(value, str) and value in self.choices
        return isinstance(value, str)

    def expected(self) -> str:
        if self.type == "bool":
            return "true or false"
        if self.type == "int":
            return "a whole number"
        if self.type == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return "text"

    def state(self, value: object, negate: bool = False) -> str:
        """The fact ``self == value`` (or its negation) as a clause of a sentence."""
        if self.type == "bool" and isinstance(value, bool):
            positive = value != negate
            phrase = self.yes if positive else self.no
            if phrase:
                return phrase
            return f"{self.id} is {'true' if positive else 'false'}"
        if isinstance(value, tuple | list):
            shown = " or ".join(repr(v) for v in value)
            return f"{self.id} is {'not ' if negate else ''}{shown}"
        return f"{self.id} is {'not ' if negate else ''}{value!r}"


@frozen
class Action:
    """Something a role may do towards another role, and the facts that matter.

    ``description`` is a verb phrase that reads after a role ("may ...") and may
    name the target as ``{target}``.
    """

    id: str
    description: str
    context: tuple[ContextAttribute, ...] = ()

    def phrase(self, target: str | None = None) -> str:
        """The description with the target's title filled in ("others" when none)."""
        return self.description.replace("{target}", target or "others")

    def attribute(self, attribute_id: str) -> ContextAttribute | None:
        for attribute in self.context:
            if attribute.id == attribute_id:
                return attribute
        return None
