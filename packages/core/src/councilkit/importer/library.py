"""Norms by alignment: a library of known clauses, each with the norms that cite it.

Many protocols descend from a few model protocols, and councils copy each other.
The library holds every clause of every council councilkit carries that a norm
cites (and, for the benchmark, the sentences of the development corpus's key).
A clause of a new document that closely matches a known one gets that clause's
norms: roles mapped through the new variant's roles (a role the variant lacks
becomes the nearest role it ``is_a``), citations pointing at the new clause, and
a note of where they came from ("as Langport Town Council 2.6, similarity 0.94").

Similarity is rapidfuzz's ``token_sort_ratio`` (an edit-distance ratio over the
words in sorted order, so "Members and Officers" matches "Officers and Members"),
computed in C++ with each text's words sorted once; a length window cuts the
comparisons to the texts that could reach the threshold, so the import stays
linear in the text.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from rapidfuzz import fuzz, process, utils

from councilkit.model import Role

if TYPE_CHECKING:
    from councilkit.council import Council
    from councilkit.plugins import Registry

#: similarity (0-1) at or above which a matched clause's norms go live
LIVE = 0.88
#: similarity at or above which a matched clause's norm goes live when the clause's own reading says
#: the same (the same effect and action)
CORROBORATE = 0.78
#: similarity at or above which they are proposed for review
PROPOSE = 0.72
#: texts shorter than this (characters) are not matched: "Introduction" says nothing of a norm
MIN_CHARS = 20
#: a text shorter than this (characters) must match almost word for word: "criticise officers in
#: public" and "criticise officers in private" differ by one word
SHORT_CHARS = 60
SHORT_CUTOFF = 0.95
#: the keys of a norm table that hold role ids
_ROLE_KEYS = ("actor", "target")
_ROUTE_ROLE_KEYS = ("raised_by", "about")
_STEP_ROLE_KEYS = ("handler", "consult", "notify")


@attrs.frozen
class KnownNorm:
    """A norm as its council file writes it (``table``), and the clauses it cites there."""

    kind: str  # rule | route
    table: Mapping[str, Any]


@attrs.frozen
class KnownClause:
    """A clause (or a sentence) of a known council, and the norms that cite it."""

    source: str  # the council's id, or the corpus document's name: what leave-one-out leaves out
    source_name: str  # "Langport Town Council"
    clause: str  # its id there
    text: str
    variant: str
    parents: Mapping[str, tuple[str, ...]]  # role id -> its is_a parents, for mapping roles
    norms: tuple[KnownNorm, ...]
    key: str = ""  # normalised text (rapidfuzz's default processing)


@attrs.frozen
class Match:
    known: KnownClause
    similarity: float  # 0-1

    @property
    def origin(self) -> str:
        return f"as {self.known.source_name} {self.known.clause}, similarity {self.similarity:.2f}"


def sorted_words(text: str) -> str:
    """``text`` as the similarity compares it: rapidfuzz's default processing (lower case, no
    punctuation), words in sorted order.  ``fuzz.ratio`` of two such strings is rapidfuzz's
    ``token_sort_ratio``, with the sorting done once per text instead of once per comparison."""
    return " ".join(sorted(utils.default_process(text).split()))


@attrs.frozen
class KnownRole:
    """A role a known council's file defines itself ("Appropriate senior manager", kind officer,
    ``is_a`` officer): a new council whose text names it may have it too."""

    source: str  # the council's id, as for a known clause
    id: str
    title: str
    kind: str
    is_a: tuple[str, ...] = ()
    description: str = ""


class Library:
    """Known clauses, searchable by similarity.  ``without(source)`` leaves one council out."""

    def __init__(self, clauses: Iterable[KnownClause], excluded: frozenset[str] = frozenset(),
                 roles: Iterable[KnownRole] = ()):
        self.roles: tuple[KnownRole, ...] = tuple(roles)
        items = [c if c.key else attrs.evolve(c, key=sorted_words(c.text)) for c in clauses]
        items = [c for c in items if len(c.key) >= MIN_CHARS]
        items.sort(key=lambda c: len(c.key))
        self.clauses: tuple[KnownClause, ...] = tuple(items)
        self._lengths = [len(c.key) for c in self.clauses]
        self._keys = [c.key for c in self.clauses]
        self.excluded = excluded
        #: the roles each known text names, as a variant knows them (filled by the import)
        self.named: dict[tuple[str, str], list[str]] = {}

    def __len__(self) -> int:
        return sum(1 for c in self.clauses if c.source not in self.excluded)

    @property
    def sources(self) -> set[str]:
        return {c.source for c in self.clauses} - self.excluded

    def without(self, *sources: str) -> Library:
        """The library with ``sources`` (council ids or corpus names) left out."""
        out = Library.__new__(Library)
        out.clauses, out._lengths, out._keys = self.clauses, self._lengths, self._keys
        out.roles = self.roles
        out.excluded = self.excluded | frozenset(sources)
        out.named = self.named
        return out

    def plus(self, other: Library) -> Library:
        return Library([*self.clauses, *other.clauses], self.excluded | other.excluded, [*self.roles, *other.roles])

    def learned_roles(self, roles: Mapping[str, Role]) -> dict[str, Role]:
        """The roles the known councils (those not left out) define themselves that a council with
        the variant's ``roles`` may have: each kind of a role the variant has (``is_a`` mapped
        through the variant's roles), or standing alone (a mediator from outside the council); the
        first council to define an id gives its definition."""
        out: dict[str, Role] = {}
        for known in self.roles:
            if known.source in self.excluded or known.id in roles or known.id in out:
                continue
            parents = tuple(dict.fromkeys(p for p in known.is_a if p in roles))
            if len(parents) != len(known.is_a):
                continue  # a kind of a role this variant does not have
            out[known.id] = Role(known.id, known.title, known.kind, parents, known.description)
        return out

    def match(self, text: str, cutoff: float = PROPOSE) -> Match | None:
        """The known clause most like ``text``, if any reaches ``cutoff``."""
        query = sorted_words(text)
        n = len(query)
        if n < MIN_CHARS or not self.clauses:
            return None
        # a ratio of r needs the shorter text to be at least r/(2-r) of the longer one
        factor = cutoff / (2 - cutoff)
        lo = bisect.bisect_left(self._lengths, int(n * factor))
        hi = bisect.bisect_right(self._lengths, int(n / factor) + 1)
        if lo >= hi:
            return None
        if not self.excluded:  # the best in the window (in C++)
            one = process.extractOne(query, self._keys[lo:hi], scorer=fuzz.ratio, processor=None,
                                     score_cutoff=cutoff * 100)
            found = [one] if one is not None else []
        else:  # the best few, then the first whose council is not left out
            found = process.extract(query, self._keys[lo:hi], scorer=fuzz.ratio, processor=None,
                                    score_cutoff=cutoff * 100, limit=8)
        for _, score, index in found:
            known = self.clauses[lo + index]
            if known.source in self.excluded:
                continue
            if min(n, len(known.key)) < SHORT_CHARS and score < SHORT_CUTOFF * 100:
                return None
            return Match(known, score / 100)
        if len(found) == 8:  # every one of the best was left out: look at the rest
            rest = [(i, c.key) for i, c in enumerate(self.clauses[lo:hi]) if c.source not in self.excluded]
            best = process.extractOne(query, [k for _, k in rest], scorer=fuzz.ratio, processor=None,
                                      score_cutoff=cutoff * 100)
            if best is not None:
                known = self.clauses[lo + rest[best[2]][0]]
                if min(n, len(known.key)) >= SHORT_CHARS or best[1] >= SHORT_CUTOFF * 100:
                    return Match(known, best[1] / 100)
        return None

    # building -----------------------------------------------------------------------------------
    @classmethod
    def from_councils(cls, councils: Iterable[tuple[Council, Mapping[str, Any]]],
                      coverage: Mapping[str, Mapping[str, Any]] | None = None) -> Library:
        """Every clause that a norm of these councils cites (``(council, its file's TOML)`` pairs),
        and, from each council's coverage (``coverage``: council id -> its coverage file's TOML),
        every sentence with the rules that model it."""
        items: list[KnownClause] = []
        roles: list[KnownRole] = []
        for council, raw in councils:
            items += _sentences(council, raw, (coverage or {}).get(council.id))
            for table in raw.get("role", []):
                if "kind" in table and table.get("id") and table.get("title"):  # defined by the file itself
                    roles.append(KnownRole(council.id, str(table["id"]), str(table["title"]), str(table["kind"]),
                                           tuple(table.get("is_a", ())), str(table.get("description", ""))))
            parents = {role.id: tuple(role.is_a) for role in council.roles.values()}
            by_clause: dict[str, list[KnownNorm]] = {}
            for kind, key in (("rule", "rule"), ("route", "route")):
                for table in raw.get(key, []):
                    cites = table.get("cite", [])
                    if cites:
                        by_clause.setdefault(cites[0], []).append(KnownNorm(kind, table))
            for clause_id, norms in by_clause.items():
                try:
                    clause = council.clause(clause_id)
                except KeyError:
                    continue
                items.append(KnownClause(council.id, council.name, clause_id, clause.text, council.variant.id,
                                         parents, tuple(norms)))
        return cls(items, roles=roles)

    @classmethod
    def bundled(cls, registry: Registry | None = None) -> Library:
        """The councils councilkit carries (the variant plugins' council files)."""
        from councilkit.councilfile import bundled_dirs, council_files

        return cls.from_files(council_files(bundled_dirs(registry)), registry)

    @classmethod
    def from_files(cls, files: Iterable[Path], registry: Registry | None = None) -> Library:
        """The councils in these council files; a file that does not load is left out."""
        from councilkit.councilfile import read_council_file

        pairs = []
        coverage: dict[str, Mapping[str, Any]] = {}
        for path in files:
            council, _ = read_council_file(path, registry)
            if council is None:
                continue
            pairs.append((council, tomllib.loads(Path(path).read_text("utf-8"))))
            covered = Path(path).parent / "coverage" / f"{council.id}.toml"
            # a coverage file that does not read adds no sentences
            with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                coverage[council.id] = tomllib.loads(covered.read_text("utf-8"))
        return cls.from_councils(pairs, coverage)

    def with_corpus(self, directory: Path, registry: Registry | None = None) -> Library:
        """This library plus the rules of a development corpus's keys (``benchmarks/corpus``), each
        known by the sentence it comes from."""
        from councilkit.plugins import default_registry

        registry = registry or default_registry()
        items = list(self.clauses)
        for path in sorted(Path(directory).glob("*.key.toml")):
            key = tomllib.loads(path.read_text("utf-8"))
            name = path.name.removesuffix(".key.toml")
            roles = registry.roles_for(key["variant"])
            parents = {r.id: tuple(r.is_a) for r in roles.values()}
            by_sentence: dict[str, list[KnownNorm]] = {}  # the rules one sentence states, together
            first: dict[str, int] = {}
            for n, rule in enumerate(key.get("rule", []), start=1):
                if not rule.get("sentence"):
                    continue
                table = {k: v for k, v in rule.items() if k in ("effect", "actor", "action", "target")}
                table = {"id": f"{name}-{n}", **table, "cite": ["?"]}
                by_sentence.setdefault(rule["sentence"], []).append(KnownNorm("rule", table))
                first.setdefault(rule["sentence"], n)
            for sentence, norms in by_sentence.items():
                items.append(KnownClause(name, key.get("council", name), f"rule {first[sentence]}", sentence,
                                         key["variant"], parents, tuple(norms)))
        return Library(items, self.excluded, self.roles)


def _sentences(council: Council, raw: Mapping[str, Any], coverage: Mapping[str, Any] | None) -> list[KnownClause]:
    """The sentences a council's coverage file says its rules model, each with those rules (a
    sentence that is its whole clause is left to the clause)."""
    from councilkit.importer.norms import sentences

    if not coverage:
        return []
    rules = {table.get("id"): table for table in raw.get("rule", [])}
    parents = {role.id: tuple(role.is_a) for role in council.roles.values()}
    out = []
    for entry in coverage.get("sentence", []):
        norms = tuple(KnownNorm("rule", rules[n]) for n in entry.get("norms", []) if n in rules)
        starts = " ".join(str(entry.get("starts", "")).split())
        if not norms or not starts:
            continue
        try:
            clause = council.clause(str(entry.get("clause")))
        except KeyError:
            continue
        text = next((s for _, s in sentences(clause.text) if " ".join(s.split()).startswith(starts)), None)
        if text is None or text.strip() == clause.text.strip():
            continue
        out.append(KnownClause(council.id, council.name, clause.id, text, council.variant.id, parents, norms))
    return out


# --- carrying a known norm over to a new clause ---------------------------------------------------


def _copy(value: Any) -> Any:
    """A copy of a norm's table (dicts, lists and scalars), quicker than ``copy.deepcopy``."""
    kind = type(value)
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_copy(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    return value


def map_role(role: str, parents: Mapping[str, Sequence[str]], wanted: Mapping[str, Any]) -> str | None:
    """``role`` as the new variant knows it: itself, else the nearest role it ``is_a`` that the
    variant has ("director" -> "officer"), else None."""
    seen: set[str] = set()
    queue = [role]
    while queue:
        current = queue.pop(0)
        if current in wanted:
            return current
        if current in seen:
            continue
        seen.add(current)
        queue.extend(parents.get(current, ()))
    return None


def carry_over(norm: KnownNorm, known: KnownClause, clause_id: str, roles: Mapping[str, Any],
               actions: Mapping[str, Any]) -> dict[str, Any] | None:
    """The norm's table for the new council: roles mapped, citing ``clause_id``; None when a role or
    the action has no counterpart in the new variant."""
    table = _copy(norm.table)
    parents = known.parents

    def one(role: str) -> str | None:
        return map_role(role, parents, roles)

    if norm.kind == "rule":
        if table.get("action") not in actions:
            return None
        for key in _ROLE_KEYS:
            if key in table:
                mapped = one(table[key])
                if mapped is None:
                    return None
                table[key] = mapped
        if "ask" in table:
            asked = [one(r) for r in table["ask"]]
            if any(a is None for a in asked):
                return None
            table["ask"] = list(dict.fromkeys(asked))
        obligations = list(table.get("obligations", []))
        for exception in table.get("exceptions", []):
            if "cite" in exception:
                exception["cite"] = [clause_id]
            obligations += exception.get("obligations", [])
        for obligation in obligations:
            if "cite" in obligation:
                obligation["cite"] = [clause_id]
            if obligation.get("role") is not None:
                mapped = one(obligation["role"])
                if mapped is None:
                    return None
                obligation["role"] = mapped
            if "substitute" in obligation:
                # who instead, when the obligation's role is a party: kept only where both roles map
                # and the first is still the obligation's role
                sub = {one(a): one(b) for a, b in obligation["substitute"].items()}
                sub = {a: b for a, b in sub.items() if a is not None and b is not None and a != b
                       and a == obligation.get("role")}
                if sub:
                    obligation["substitute"] = sub
                else:
                    del obligation["substitute"]
        if table.get("target") is not None and table.get("target") == table.get("actor") \
                and norm.table.get("target") != norm.table.get("actor"):
            return None  # two roles became one: the norm no longer says anything
    else:
        for key in _ROUTE_ROLE_KEYS:
            if key in table:
                mapped_list = [one(r) for r in table[key]]
                if any(m is None for m in mapped_list):
                    return None
                table[key] = list(dict.fromkeys(mapped_list))
        for step in table.get("step", []):
            for key in _STEP_ROLE_KEYS:
                if key in step:
                    mapped_list = [one(r) for r in step[key]]
                    if any(m is None for m in mapped_list):
                        return None
                    step[key] = list(dict.fromkeys(mapped_list))
            if "substitute" in step:
                sub = {}
                for instead, who in step["substitute"].items():
                    a, b = one(instead), one(who)
                    if a is None or b is None or a == b:
                        return None
                    sub[a] = b
                step["substitute"] = sub
            step["cite"] = [clause_id]
    table["cite"] = [clause_id]
    return table


def fit_roles(table: dict[str, Any], kind: str, known_named: Sequence[str], named: Sequence[str],
              ancestors: Mapping[str, frozenset[str]]) -> tuple[dict[str, Any], str]:
    """A carried rule's roles as the new text names them.  Where the new text names a role in place
    of one the known text named (a norm for "employees" carried to a sentence about "Officers"), the
    norm binds the new text's role when it includes or is included by the old one; a role the norm
    has from context (named in neither text) stays.  The second value names a role that fits
    nothing ("" when all fit)."""
    if kind != "rule" or not named:
        return table, ""
    added = [n for n in named if n not in known_named]
    out = dict(table)
    for key in _ROLE_KEYS:
        role = out.get(key)
        if role is None or role in named:
            continue
        related = [n for n in added if n in ancestors.get(role, ()) or role in ancestors.get(n, ())]
        if len(related) == 1:
            out[key] = related[0]
        elif role in known_named or related:
            return table, role  # the known text named it, the new one names something else
    if out.get("actor") == out.get("target") and table.get("actor") != table.get("target"):
        return table, str(table.get("target"))
    return out, ""


_NOT_ID = re.compile(r"[^a-z0-9_-]+")
#: the longest id a norm is given before its "-2" (an id may have 64 characters)
NORM_ID_LENGTH = 56


def norm_id(wanted: str, taken: set[str]) -> str:
    base = _NOT_ID.sub("-", wanted.lower()).strip("-")[:NORM_ID_LENGTH].strip("-") or "norm"
    out, n = base, 2
    while out in taken:
        out = f"{base}-{n}"
        n += 1
    taken.add(out)
    return out
