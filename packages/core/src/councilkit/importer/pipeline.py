"""The import, start to finish: text -> clauses, record, roles, proposed norms -> a validated council file.

1. Read the bytes as UTF-8 text (``source.py``) and its lines (``lines.py``).
2. Read the front matter: title, the council's name, the adoption record (``metadata.py``).
3. Find page furniture in the body (``furniture.py``).
4. Cut the body into clauses (``segment.py``).
5. Find role mentions and the council's titles (``roles.py``), then candidate norms (``norms.py``).
6. Write the council file (``writer.py``) and validate it with the loader; a file
   that does not validate is never returned.
7. Report what was found and what needs a person (``report.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from councilkit.council import NATIONS, Council
from councilkit.councilfile import read_council_text
from councilkit.errors import UnknownNameError
from councilkit.importer.draft import BULLETED, HEADING, LETTERED, NUMBERED, Finding
from councilkit.importer.errors import (
    ImportArgumentError,
    ImportInputError,
    ImportValidationError,
    NoStructureError,
)
from councilkit.importer.furniture import PAGE_NUMBER, Dropped, find_furniture, obvious
from councilkit.importer.labels import parse_label, split_runin_numbers
from councilkit.importer.library import (
    CORROBORATE,
    LIVE,
    KnownClause,
    Library,
    Match,
    carry_over,
    fit_roles,
    map_role,
    norm_id,
)
from councilkit.importer.lines import read_lines, split_runin
from councilkit.importer.metadata import FIELDS, read_front_matter
from councilkit.importer.norms import (
    MAX_SENTENCE,
    ActionIndex,
    CandidateRoute,
    CandidateRule,
    aliases,
    distribute,
    find_candidates,
    parties,
    sentences,
)
from councilkit.importer.report import ClauseFound, ImportReport, heading_findings, record
from councilkit.importer.roles import Mention, RoleFound, RoleMatcher, find_roles
from councilkit.importer.routes import OUTSIDE
from councilkit.importer.segment import segment
from councilkit.importer.source import check_text, decode
from councilkit.importer.subjects import collapse
from councilkit.importer.writer import ROLE_CITES, Proposal, council_text, route_table, rule_table
from councilkit.model import Action, Role
from councilkit.plugins import Registry, default_registry

#: the title given when the document prints none the import can recognise
DEFAULT_TITLE = "Member/Officer Protocol"
DEFAULT_NATION = "england"
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: a word a sentence stating a rule has (so a sentence without one is not matched on its own)
_NORMATIVE = re.compile(r"\b(?:must|shall|should|may|can|cannot|not|never|no|expect\w*|entitled|required|duty|only|"
                        r"avoid\w*|acceptable|unacceptable|toleran\w*|tolerated|prohibit\w*|role|will)\b", re.I)
#: where a problem is in a norm: "rule[member-relationships].obligations[...]"
_NORM_KEY = re.compile(r"(?:rule|route)\[([^\]]+)\]")


@functools.lru_cache(maxsize=16)
def _matcher(roles: tuple[Role, ...]) -> RoleMatcher:
    return RoleMatcher({r.id: r for r in roles})


_LIBRARIES: dict[int, tuple[Registry, Library]] = {}


def bundled_library(registry: Registry) -> Library:
    """The library of the councils councilkit carries, built once per registry."""
    cached = _LIBRARIES.get(id(registry))
    if cached is None or cached[0] is not registry:
        cached = (registry, Library.bundled(registry))
        _LIBRARIES[id(registry)] = cached
    return cached[1]


@functools.lru_cache(maxsize=16)
def _ancestors(roles: tuple[Role, ...]) -> dict[str, frozenset[str]]:
    """Each role's ``is_a`` closure (itself left out)."""
    parents = {r.id: r.is_a for r in roles}
    out: dict[str, frozenset[str]] = {}
    for role in parents:
        seen: set[str] = set()
        todo = list(parents[role])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(parents.get(parent, ()))
        out[role] = frozenset(seen)
    return out


@functools.lru_cache(maxsize=16)
def _actions(actions: tuple[Action, ...]) -> ActionIndex:
    return ActionIndex({a.id: a for a in actions})


@attrs.frozen
class ImportResult:
    """The council file's text, the council it loads as, and the report."""

    toml: str
    council: Council
    report: ImportReport


def import_file(
    path: str | Path,
    *,
    council_id: str,
    name: str,
    variant: str,
    nation: str | None = None,
    tier: str | None = None,
    title: str | None = None,
    registry: Registry | None = None,
    library: Library | None = None,
) -> ImportResult:
    """Import the protocol in the text or Markdown file ``path``.  ``library``: the known clauses
    norms are aligned with (default: every council councilkit carries)."""
    registry = registry or default_registry()
    check_arguments(council_id, name, variant, nation, registry)
    path = Path(path)
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportInputError(file, "no such file") from None
    except IsADirectoryError:
        raise ImportInputError(file, "this is a directory; give the protocol's text file") from None
    except OSError as exc:
        raise ImportInputError(file, f"cannot read the file: {exc.strerror or exc}") from None
    text = decode(data, file)
    return import_text(text, file=file, source=path.name, council_id=council_id, name=name, variant=variant,
                       nation=nation, tier=tier, title=title, registry=registry, library=library)


def check_arguments(council_id: str, name: str, variant: str, nation: str | None, registry: Registry) -> None:
    """Refuse unusable arguments before reading anything, naming the argument."""
    if not _ID.fullmatch(council_id):
        raise ImportArgumentError(
            f"--id {council_id!r}: use lower-case letters, digits, '-' and '_', starting with a letter or "
            "digit (e.g. compton-parish)")
    if not name.strip():
        raise ImportArgumentError("--name: give the council's name, e.g. \"Compton Parish Council\"")
    if registry.variant(variant) is None:
        raise UnknownNameError("variant", variant, registry.variants)
    if nation is not None and nation not in NATIONS:
        raise UnknownNameError("nation", nation, NATIONS)


def import_text(
    text: str,
    *,
    council_id: str,
    name: str,
    variant: str,
    file: str = "<text>",
    source: str | None = None,
    nation: str | None = None,
    tier: str | None = None,
    title: str | None = None,
    registry: Registry | None = None,
    library: Library | None = None,
) -> ImportResult:
    """Import a protocol from its text.  Raises an ImportInputError for text that cannot be imported.

    ``library`` holds the known clauses whose norms a matching clause takes (default: every
    council councilkit carries; ``Library([])`` for none)."""
    registry = registry or default_registry()
    check_arguments(council_id, name, variant, nation, registry)
    variant_ = registry.variant(variant)
    assert variant_ is not None
    text = check_text(text, file)

    lines = split_runin(read_lines(text), split_runin_numbers)
    labels = [None if line.blank else parse_label(line.marked) for line in lines]
    skip = {i for i, line in enumerate(lines) if not line.blank and obvious(line) is not None}
    front = read_front_matter(lines, labels, skip)
    furniture, records = find_furniture(lines, labels, front.end, front.lines)
    meta = front.metadata
    for values, line_no in records:
        meta.take(values, line_no)
    seg = segment(lines, labels, front.end, furniture)
    clauses = seg.clauses
    for clause in clauses:
        clause.done()
    titled_paragraphs = meta.title is not None and len(clauses) >= 3  # a titled page of paragraphs
    if not titled_paragraphs and not any(c.kind in (NUMBERED, HEADING, LETTERED, BULLETED) for c in clauses):
        first = next((line.number for line in lines[front.end:] if not line.blank), None)
        raise NoStructureError(
            file,
            "no clause structure found: the text has no clause numbers (1., 1.1, a), (i)) and no headings "
            "followed by paragraphs, so it cannot be cut into clauses; check that this is the protocol, "
            "saved with its numbering",
            line=first,
        )

    dropped = sorted(
        [Dropped(lines[i].number, lines[i].text, obvious(lines[i]) or PAGE_NUMBER) for i in skip if i < front.end]
        + [Dropped(lines[i].number, lines[i].text, reason) for i, reason in furniture.items()]
        + [Dropped(number, text_, PAGE_NUMBER) for number, text_ in seg.page_numbers],
        key=lambda d: d.line,
    )

    # roles and proposed norms: the variant's, and those the known councils define themselves (a
    # council left out of the library teaches none)
    if library is None:
        library = bundled_library(registry)
    variant_roles = registry.roles_for(variant)
    learned = library.learned_roles(variant_roles)
    all_roles = {**variant_roles, **learned}
    matcher = _matcher(tuple(all_roles.values()))
    texts = [(c.id, c.heading) for c in clauses if c.heading] + [(c.id, c.text) for c in clauses]
    order = {c.id: n for n, c in enumerate(clauses)}
    texts.sort(key=lambda pair: order[pair[0]])
    roles, mentions, unmapped = find_roles(matcher, texts)  # mentions: in each clause's text
    mentions = aliases([(c.id, c.text) for c in clauses], mentions)  # "the Proper Officer (the Clerk)"
    mentions = distribute([(c.id, c.text) for c in clauses], mentions, matcher)  # "Committee Chairs and Vice-Chairs"
    actions = registry.actions_for(variant)
    named = {c.id: parties(mentions.get(c.id, ()), c.text) for c in clauses}  # the roles each clause names
    ancestors = _ancestors(tuple(all_roles.values()))

    def read(skip: set[str], skip_sentences: set[tuple[str, str]]) -> tuple[list[CandidateRule], list[CandidateRoute]]:
        return find_candidates([(c.id, c.text) for c in clauses], mentions, _actions(tuple(actions.values())),
                               ancestors, {c.id: c.parent for c in clauses}, named, skip, skip_sentences)

    proposals, rules, routes = propose(clauses, read, library, all_roles, actions, named, ancestors,
                                       lambda v: _matcher(tuple(registry.roles_for(v).values())))
    # the file
    needs: list[Finding] = []
    found_title = meta.title
    protocol: dict[str, object] = {"title": title or found_title or DEFAULT_TITLE}
    if not title and not found_title:
        needs.append(Finding("title", f"no title found in the text; used {DEFAULT_TITLE!r} "
                             "(give --title, or edit [protocol] title)"))
    for key in FIELDS:
        value = meta.get(key)
        if value is not None:
            protocol[key] = value
    protocol["source"] = source or Path(file).name
    if meta.title_number:
        protocol["note"] = (f"The title is printed as section {meta.title_number.rstrip('.')} "
                            "(of a larger document, such as a constitution).")
        needs.append(Finding("numbering", f"the title is numbered {meta.title_number!r}: read as a section of a "
                             "larger document, so the number is not a clause", meta.title_line))
    header = {"id": council_id, "name": name, "tier": tier or variant_.tier,
              "nation": nation or DEFAULT_NATION, "variant": variant}
    if nation is None:
        needs.append(Finding("nation", f"no --nation given: assumed {DEFAULT_NATION} (deadlines count that "
                             "nation's bank holidays); give --nation or edit nation"))
    intro = [
        f"{name}: {protocol['title']}, imported by `councilkit import` from {protocol['source']}.",
        "Check it against the source and the import report before relying on it; the proposed "
        "norms at the end are comments until a person confirms them.  Format: docs/schema.md.",
    ]
    # a role learned from a known council is defined in the file, as that council defines it, where the
    # text names it or a norm found binds it
    used: dict[str, list[str]] = {}
    for p in proposals:
        for role in norm_roles(p.table):
            if role in learned and p.clause not in used.setdefault(role, []):
                used[role].append(p.clause)
    named_learned = {r.id for r in roles if r.id in learned}
    defined = [learned_table(learned[r.id], r) for r in roles if r.id in learned] + [
        learned_table(learned[role], RoleFound(role, None, learned[role].title, (), tuple(cites)))
        for role, cites in used.items() if role not in named_learned]
    file_roles = [r for r in roles if r.id not in learned]
    toml = council_text(header, protocol, file_roles, clauses, {c.id: c.parent for c in clauses}, proposals, intro,
                        defined + outside_roles(proposals))
    council, problems = read_council_text(toml, f"{council_id}.toml", registry)
    demoted: list[str] = []
    for attempt in range(3):
        if council is not None or not any(p.live for p in proposals):
            break
        # a norm carried over or read does not validate here: it is left for the review (the ones the
        # problems name; failing that, every one)
        errors = [p for p in problems if p.is_error]
        demoted += [str(p) for p in errors]
        named = {m.group(1) for p in errors if (m := _NORM_KEY.match(p.key or ""))}
        every = attempt == 2 or not named

        def demote(p: Proposal, every: bool = every, named: set[str] = named) -> Proposal:
            if p.live and (every or p.table.get("id") in named):
                return attrs.evolve(p, live=False, why=p.why or "did not validate in this council")
            return p

        proposals = [demote(p) for p in proposals]
        toml = council_text(header, protocol, file_roles, clauses, {c.id: c.parent for c in clauses}, proposals,
                            intro, defined + outside_roles(proposals))
        council, problems = read_council_text(toml, f"{council_id}.toml", registry)
    if council is None:
        raise ImportValidationError(file, problems)

    # the report
    needs = seg.findings + heading_findings(clauses) + needs
    for bad, line_no in meta.unreadable:
        needs.append(Finding("metadata", f"{bad.key.replace('_', ' ')} {bad.printed!r}: {bad.why}", line_no))
    for first, first_line, other, other_line in meta.conflicts:
        needs.append(Finding("metadata", f"{first.key.replace('_', ' ')}: line {first_line} says {first.printed!r} "
                             f"but line {other_line} says {other.printed!r}; the first was used", other_line))
    for i in front.asides:
        needs.append(Finding("placing", f"{lines[i].text!r} at the top of the document is not part of any "
                             "clause and was left out", lines[i].number))
    for phrase, count in sorted(unmapped.items()):
        needs.append(Finding("role", f"{phrase!r} ({count}x) matches no role of the {variant} variant; add a "
                             "[[role]] for it if the protocol gives it duties"))
    if demoted:
        needs.append(Finding("norms", "some norms found did not validate in this council, so they are left as "
                             "proposals for the review: " + "; ".join(demoted[:3])))
    proposed = {p.candidate for p in proposals if not p.live}  # readings in the file as comments
    report = ImportReport(
        file=file,
        council_id=council_id,
        variant=variant,
        title=str(protocol["title"]),
        title_line=meta.title_line if not title else None,
        name_in_document=meta.name,
        clauses=tuple(ClauseFound.of(c) for c in clauses),
        records=tuple(record(key, meta.values[key][0].value, meta.values[key][0].printed, meta.values[key][1])
                      for key in FIELDS if key in meta.values),
        roles=tuple(roles),
        dropped=tuple(dropped),
        joined=tuple(seg.joins),
        needs=tuple(needs),
        rules=tuple(r for r in rules if r.id in proposed),
        routes=tuple(r for r in routes if r.id in proposed),
        norms=tuple(proposals),
        warnings=tuple(p.message for p in problems if not p.is_error),
    )
    return ImportResult(toml, council, report)


def _shape(table: dict[str, object]) -> tuple[object, ...]:
    when = table.get("when")
    return (table.get("effect"), table.get("actor"), table.get("action"), table.get("target"),
            tuple(sorted(when.items())) if isinstance(when, dict) else ())


def norm_roles(table: Mapping[str, Any]) -> set[str]:
    """Every role a norm's table names."""
    out = {str(table[key]) for key in ("actor", "target") if isinstance(table.get(key), str)}
    for key in ("raised_by", "about", "ask"):
        out.update(str(r) for r in table.get(key) or ())
    obligations = list(table.get("obligations") or ())
    for exception in table.get("exceptions") or ():
        obligations += exception.get("obligations", [])
    for part in [*(table.get("step") or ()), *obligations]:
        for key in ("handler", "consult", "notify"):
            out.update(str(r) for r in part.get(key, ()))
        if isinstance(part.get("role"), str):
            out.add(part["role"])
        for a, b in part.get("substitute", {}).items():
            out.update((str(a), str(b)))
    return out


def learned_table(role: Role, found: RoleFound) -> dict[str, object]:
    """The ``[[role]]`` table defining a role learned from a known council, with the title the text
    prints and the clauses that name it."""
    table: dict[str, object] = {"id": role.id, "kind": role.kind, "title": found.title or role.title}
    if role.is_a:
        table["is_a"] = list(role.is_a)
    if role.description:
        table["description"] = role.description
    table["cite"] = list(found.cite[:ROLE_CITES])
    return table


def outside_roles(proposals: Sequence[Proposal]) -> list[dict[str, object]]:
    """``[[role]]`` tables for whoever raises a concern from outside the council (the public, a
    contractor), where a route (live or proposed) names them, citing where."""
    cites: dict[str, list[str]] = {}
    for p in proposals:
        if p.kind == "route":
            for role in p.table.get("raised_by", []):
                if role in OUTSIDE and p.clause not in cites.setdefault(role, []):
                    cites[role].append(p.clause)
    return [{"id": role, "kind": "external", "title": OUTSIDE[role][0], "description": OUTSIDE[role][1],
             "cite": cites[role][:8]} for role in OUTSIDE if role in cites]


def propose(
    clauses: list,  # DraftClause
    read: Callable[[set[str], set[tuple[str, str]]], tuple[list[CandidateRule], list[CandidateRoute]]],
    library: Library,
    roles: dict[str, Role],
    actions: dict[str, Action],
    mentions: Mapping[str, Sequence[Mention]] | None = None,  # each clause's parties (norms.parties)
    ancestors: Mapping[str, frozenset[str]] | None = None,
    matcher_for: Callable[[str], RoleMatcher] | None = None,
) -> tuple[list[Proposal], list[CandidateRule], list[CandidateRoute]]:
    """The norms for the file: carried over from matching known clauses and sentences, then read
    from sentences (``read(clauses, sentences)``: the readings, but for the rules of the clauses and
    sentences given, which alignment settled).  Returns the proposals and the readings.

    A clause whose match reaches :data:`~councilkit.importer.library.LIVE` takes its norms live,
    and its own sentences' readings are not added (the match already says what they mean); so does
    a sentence that matches a known sentence.  A carried norm names the roles the new text names:
    "that employees will not use their relationship" carried to "that Officers will not use their
    contact" binds officers.  A weaker match, a norm whose roles the new text does not name, or a
    reading not every part of which was recognised, is a proposal.
    """
    out: list[Proposal] = []
    taken: dict[str, set[str]] = {"rule": set(), "route": set()}
    aligned: set[str] = set()
    aligned_sentences: set[tuple[str, str]] = set()
    live_shapes: set[tuple[object, ...]] = set()
    mentions = mentions or {}
    ancestors = ancestors or {}
    _known_matcher = matcher_for or (lambda _: RoleMatcher({}))
    texts = {c.id: c.text for c in clauses}
    weak: list[int] = []  # carried rules below LIVE that a reading of the same clause may confirm

    def unfit_for(table: dict[str, object], kind: str, known: list[str], named: list[str]) -> str:
        return fit_roles(dict(table), kind, known, named, ancestors)[1]

    def known_named(known: KnownClause) -> list[str]:
        """The roles the known text names, as the new variant knows them."""
        key = (known.key, "|".join(sorted(roles)))
        if key not in library.named:
            found = parties(_known_matcher(known.variant).mentions(known.text), known.text)
            mapped = (map_role(m.role, known.parents, roles) for m in found)
            library.named[key] = collapse((r for r in mapped if r is not None), ancestors)
        return library.named[key]

    def carry(match: Match, clause_id: str, text: str, named: list[str]) -> bool:
        """Carry the match's norms to the clause; True when they all went live (so the clause's own
        readings add nothing)."""
        live = match.similarity >= LIVE
        fits = True
        for known in match.known.norms:
            table = carry_over(known, match.known, clause_id, roles, actions)
            if table is None:
                continue
            table["id"] = norm_id(str(table.get("id", known.kind)), taken[known.kind])
            fitted, unfit = fit_roles(table, known.kind, known_named(match.known), named, ancestors)
            why = "" if live else f"similarity {match.similarity:.2f} is below {LIVE:.2f}"
            if live and unfit:
                why = f"the text does not name the role the known clause's norm has ({unfit})"
                fits = False
            if known.kind == "rule" and live and not why:
                shape = (*_shape(fitted), clause_id)
                if shape in live_shapes:
                    continue
                live_shapes.add(shape)
            out.append(Proposal(known.kind, fitted, clause_id, text, match.origin, live and not why, why))
            if not live and known.kind == "rule" and match.similarity >= CORROBORATE and \
                    not unfit_for(fitted, known.kind, known_named(match.known), named):
                weak.append(len(out) - 1)
        return live and fits

    for clause in clauses:
        if not clause.text:
            continue
        named_here = mentions.get(clause.id, [])  # the clause's parties (see norms.parties)
        # an item of a list names its roles in its stem too ("Officers can expect from Councillors:")
        stem = texts.get(clause.parent or "", "")
        stem_roles = [m.role for m in mentions.get(clause.parent or "", ())] if len(stem.split()) <= 14 else []
        match = library.match(clause.text)
        if match is not None and carry(match, clause.id, clause.text,
                                       collapse([*stem_roles, *(m.role for m in named_here)], ancestors)):
            aligned.add(clause.id)
            continue
        for offset, sentence in sentences(clause.text):
            if len(sentence) > MAX_SENTENCE or sentence.strip() == clause.text.strip() \
                    or not _NORMATIVE.search(sentence):
                continue
            found = library.match(sentence, cutoff=LIVE)
            if found is None:
                continue
            named = collapse((m.role for m in named_here if offset <= m.start < offset + len(sentence)), ancestors)
            if carry(found, clause.id, sentence, named):
                aligned_sentences.add((clause.id, sentence))
    rules, routes = read(aligned, aligned_sentences)
    # a weaker match that the clause's own reading confirms (the same effect and action) goes live,
    # with the roles the match gives: "Whilst an officer may report the views of individual
    # Councillors" read as permit report_views, and a known clause at 0.83 that says so too
    said = {(r.clause, r.effect, r.action) for r in rules if r.action and not r.live}
    said -= {(r.clause, r.effect, r.action) for r in rules if r.live}  # the reading says it live itself
    confirmed: set[tuple[str, object, object]] = set()
    for n in weak:
        p = out[n]
        key = (p.clause, p.table.get("effect"), p.table.get("action"))
        shape = (*_shape(p.table), p.clause)
        if key in said and shape not in live_shapes:
            live_shapes.add(shape)
            confirmed.add(key)
            out[n] = attrs.evolve(p, live=True, why="", origin=f"{p.origin}, confirmed by reading the sentence")
    for rule in rules:
        if rule.clause in aligned or (rule.clause, rule.sentence) in aligned_sentences:
            continue
        table = rule_table(rule)
        if rule.live and (*_shape(table), rule.clause) in live_shapes:
            continue  # the clause already has this norm live ("..., neither party should"; "Similarly, ...")
        if not rule.live and (rule.clause, rule.effect, rule.action) in confirmed:
            continue  # the match it confirmed says it, with the roles
        live = rule.live
        if live:
            live_shapes.add((*_shape(table), rule.clause))
        table["id"] = norm_id(rule.id if not live else f"{rule.actor}-{rule.action}-{rule.clause}", taken["rule"])
        out.append(Proposal("rule", table, rule.clause, rule.sentence, f'read from "{rule.words}"',
                            live, rule.why if not live else "", candidate=rule.id))
    for route in routes:
        if route.clause in aligned:
            continue
        table = route_table(route)
        table["id"] = norm_id(route.id, taken["route"])
        out.append(Proposal("route", table, route.clause, route.sentence, "read from the sentence", route.live,
                            route.why, candidate=route.id))
    return out, rules, routes
