"""Whom a decision sends the actor to, and whom it names to ask: never a party to the request.

A role an obligation sends the actor to, and the adviser a decision names, are never a party to
the request nor someone its target is senior to: as for a route's handler, the protocol's
substitute, the variant's stand-ins or the adviser are named instead, and the decision says why.
:class:`Advisers` holds these parts of :class:`councilkit.policy.engine.PolicyEngine`; what they
work out depends only on the roles, so it is kept once for each pair of roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from councilkit.model import Obligation


class Advisers:
    """Whom to send to and whom to ask, for :class:`~councilkit.policy.engine.PolicyEngine`."""

    council: Any
    roles: Any
    _role_ids: frozenset[str]
    _unfit_memo: dict[tuple[str, str, str | None], str]
    _advisers_memo: dict[tuple[str, str | None], tuple[tuple[str, ...], str]]

    def _unfit(self, role: str, actor: str, target: str | None) -> str:
        """Why ``role`` may not be sent to about this request ("" when it may): as for a handler,
        never a party (the actor or the target is that role), never someone the target is senior to.
        A pure function of the roles, worked out once for each (kept with the engine)."""
        key = (role, actor, target)
        known = self._unfit_memo.get(key)
        if known is not None:
            return known
        reason = ""
        if any(self.roles.is_a(p, role) for p in (actor, target) if p is not None):
            reason = "who is a party to this"
        else:
            seniority = getattr(self.council, "seniority", None)
            if target is not None and seniority is not None and seniority.conflict(target, role):
                reason = f"whom {self.roles.noun(target, definite=True)} is senior to"
        self._unfit_memo[key] = reason
        return reason

    def _stand_in(self, role: str, actor: str, target: str | None,
                  substitute: Mapping[str, str] | None = None) -> tuple[str | None, str, str]:
        """Whom to send to instead of ``role``: (the role, or None when nobody; why ``role`` cannot act,
        "" when it can; how the stand-in was chosen).  The protocol's ``substitute`` first, then the
        variant's stand-ins and theirs, then the council's adviser."""
        reason = self._unfit(role, actor, target)
        if not reason:
            return role, "", ""
        candidates = [(substitute[role], "as the protocol provides")] if substitute and role in substitute else []
        chain, todo = [], list(self.council.variant.fallbacks.get(role, ()))
        while todo:  # the variant's stand-ins, and theirs
            r = todo.pop(0)
            if r not in chain and r != role:
                chain.append(r)
                todo += self.council.variant.fallbacks.get(r, ())
        candidates += [(r, "the variant's default") for r in chain]
        candidates += [(r, "the adviser the protocol names, as the variant's default")
                       for r in self.council.adviser.roles]
        for r, how in candidates:
            if r in self._role_ids and not self._unfit(r, actor, target):
                return r, reason, how
        return None, reason, ""

    def _advisers(self, actor: str, target: str | None) -> tuple[tuple[str, ...], str]:
        """Whom to ask about this request, and a sentence when an adviser is a party to it.

        The protocol's adviser always; and when an adviser is a party to the request, or one the
        target is senior to, the stand-in a route would use as well, with a sentence saying why
        ("" when no adviser is).  Worked out once for each actor and target.
        """
        key = (actor, target)
        known = self._advisers_memo.get(key)
        if known is None:
            known = self._advisers_memo[key] = self._find_advisers(actor, target)
        return known

    def _find_advisers(self, actor: str, target: str | None) -> tuple[tuple[str, ...], str]:
        unfit, stand_ins = [], []
        for r in self.council.adviser.roles:
            chosen, reason, how = self._stand_in(r, actor, target)
            if reason:
                unfit.append(f"{self.roles.noun(r, definite=True)} is {_party_words(reason, self.roles, target)}")
                if chosen is not None and chosen not in [c for c, _ in stand_ins]:
                    stand_ins.append((chosen, how))
        if not unfit:
            return tuple(self.council.adviser.roles), ""
        why = "As " + " and ".join(unfit)
        if not stand_ins:
            return tuple(self.council.adviser.roles), f" {why}, and the protocol names no one else, ask the council whom to ask."
        who = " or ".join(f"{self.roles.noun(c, definite=True)} ({how})" for c, how in stand_ins)
        return (tuple(dict.fromkeys((*self.council.adviser.roles, *(c for c, _ in stand_ins)))),
                f" {why}, you may ask {who} instead.")

    def _asking(self, roles: tuple[str, ...]) -> str:
        return " or ".join(self.roles.noun(r, definite=True) for r in roles) or "the council"

    def _resolve(self, o: Obligation, actor: str, target: str | None) -> Obligation:
        """The obligation with the role it names resolved: never a party to the request.

        A role is a party when the actor or the target is that role (or a kind of it): advice
        on a matter concerning the Town Clerk is not sought from the Town Clerk.  Nor is anyone the
        target is senior to.  Then, as for a route's handler: the obligation's own ``substitute``,
        else the variant's fallbacks, else the council's adviser; the text says who instead and why.
        """
        if o.role is None:
            return o
        role, why = o.role, ""
        chosen, reason, how = self._stand_in(o.role, actor, target, o.substitute)
        if reason:
            named = self.roles.noun(o.role, definite=True)
            if chosen is None:
                why = (f" ({named}, {reason}, cannot act and the protocol names no one else: ask the council "
                       "whom to go to)")
            else:
                role = chosen
                why = f" (instead of {named}, {reason}; {how})"
        name = self.roles.noun(role, definite=True)
        text = o.text.replace("{role}", name) if "{role}" in o.text else o.text
        if role != o.role and "{role}" not in o.text:
            text = f"{text.rstrip('. ')}: here {name}"
        return attrs.evolve(o, text=text + why, role=role)


def _party_words(reason: str, roles: Any, target: str | None) -> str:
    """ "who is a party to this" -> "a party to this"; "whom X is senior to" -> "junior to X"."""
    if reason.startswith("who is "):
        return reason.removeprefix("who is ")
    return f"junior to {roles.noun(target, definite=True)}" if target else reason
