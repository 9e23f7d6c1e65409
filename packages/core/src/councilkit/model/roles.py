"""Roles: who councillors, officers and bodies are, and which roles include which.

A role has parents (``is_a``): a ``chair`` is a ``councillor``, a ``clerk`` is an
``officer``.  Anything written for a parent applies to its children, so a rule
about councillors also binds the Chair.  A council may give a role its own
title ("Parish Clerk", "Town Clerk") without changing what the role is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from councilkit._attrs import frozen
from councilkit.errors import UnknownNameError

ROLE_KINDS = ("member", "officer", "body", "external")


@frozen
class Role:
    """A role in a council: ``id`` is what files use, ``title`` what people read."""

    id: str
    title: str
    kind: str
    is_a: tuple[str, ...] = ()
    description: str = ""
    cite: tuple[str, ...] = ()
    #: a post one person (or one body) holds at a time: "the Parish Clerk", not "a Councillor"
    single: bool = False


def find_cycle(parents: Mapping[str, Iterable[str]]) -> list[str] | None:
    """Return one ``is_a`` cycle as a list of ids (first == last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for parent in parents.get(node, ()):
            if state.get(parent) == 1:
                return [*stack[stack.index(parent) :], parent]
            if parent not in state and (cycle := visit(parent)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in parents:
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


class RoleSet(Mapping[str, Role]):
    """The roles one council knows, with their titles and the ``is_a`` closure.

    Build it from roles whose parents all exist and contain no cycle (the
    loader checks both before building).
    """

    def __init__(self, roles: Iterable[Role]):
        self._roles: dict[str, Role] = {r.id: r for r in roles}
        self._ancestors: dict[str, frozenset[str]] = {}
        for rid in self._roles:
            self._ancestors[rid] = self._closure(rid)
        children: dict[str, set[str]] = {rid: set() for rid in self._roles}
        for rid, ancestors in self._ancestors.items():
            for a in ancestors:
                children[a].add(rid)
        self._descendants = {rid: frozenset(c) for rid, c in children.items()}

    def _closure(self, rid: str) -> frozenset[str]:
        seen = {rid}
        todo = [rid]
        while todo:
            for parent in self._roles[todo.pop()].is_a:
                if parent not in seen and parent in self._roles:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)

    # Mapping protocol
    def __getitem__(self, rid: str) -> Role:
        return self._roles[rid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._roles)

    def __len__(self) -> int:
        return len(self._roles)

    def require(self, rid: str) -> Role:
        """The role ``rid``, or an error listing the valid role ids."""
        try:
            return self._roles[rid]
        except KeyError:
            raise UnknownNameError("role", rid, self._roles) from None

    def title(self, rid: str) -> str:
        role = self._roles.get(rid)
        return role.title if role else rid

    def noun(self, rid: str | None, definite: bool = False) -> str:
        """The role as a noun phrase: "the Parish Clerk", "a Councillor", "an Officer"."""
        if rid is None:
            return "others"
        role = self._roles.get(rid)
        title = role.title if role else rid
        if definite or (role is not None and role.single):
            return f"the {title}"
        return f"{'an' if title[:1].upper() in 'AEIOU' else 'a'} {title}"

    def ancestors(self, rid: str) -> frozenset[str]:
        """``rid`` and every role it is a kind of."""
        return self._ancestors.get(rid, frozenset({rid}))

    def descendants(self, rid: str) -> frozenset[str]:
        """``rid`` and every role that is a kind of it."""
        return self._descendants.get(rid, frozenset({rid}))

    def is_a(self, rid: str, ancestor: str) -> bool:
        """True when ``rid`` is ``ancestor`` or one of its kinds (a chair is a councillor)."""
        return ancestor in self.ancestors(rid)

    def of_kind(self, kind: str) -> list[Role]:
        return [r for r in self._roles.values() if r.kind == kind]
