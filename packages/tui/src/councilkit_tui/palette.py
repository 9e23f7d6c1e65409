"""The command palette (ctrl+p): every screen, clause, case and register, and whatever plugins add."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from councilkit.present.words import safe

from .render.markup import escape, plain

if TYPE_CHECKING:
    from .app import CouncilkitApp

#: the palette matches titles among this many cases (newest first per state, overdue first);
#: a case number finds any case, however many there are
PALETTE_CASES = 5000


class ScreenCommands(Provider):
    """Go to a screen, or choose another council."""

    def _commands(self) -> list[tuple[str, str, Any]]:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        out = [(f"Go to {title}", help_text, partial(app.call_later, app.action_area, mode)) for mode, title, help_text in app.screens_list()]
        out.append(("Choose another council", "Work on a different council", app.action_choose_council))
        out.append(("Read the messages again", "Everything said in the corner of the screen, newest last",
                    app.action_messages))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class ClauseCommands(Provider):
    """Open any clause of the council being worked on: by its reference as printed ("4.2", "clause 3.1(e)"),
    which comes first, or by words of its heading or text, stemmed ("disciplinary")."""

    async def search(self, query: str) -> Hits:
        from councilkit.model.search import index_of, reference

        app: CouncilkitApp = self.app  # type: ignore[assignment]
        council = app.session.council
        if council is None or not query.strip():
            return
        protocol = council.protocol
        for n, hit in enumerate(index_of(council).search(query, limit=20)):
            clause = hit.clause
            about = clause.heading or hit.snippet
            name = f"Clause {reference(protocol, clause.id)}  {about}"
            # an exact reference first (1.0); the rest after any case or screen named exactly, best first
            score = 1.0 if hit.exact else max(0.1, 0.7 - n * 0.02)
            yield Hit(score, plain(name), partial(app.call_later, app.open_clause, clause.id),
                      text=safe(name, one_line=True), help=escape(safe(hit.snippet, one_line=True)))


class CaseCommands(Provider):
    """Open any case you may see at the council being worked on: by number (``#12``, ``case 12``) or title."""

    async def startup(self) -> None:
        self.cases: list[tuple[int, str]] = []
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        session = app.session
        if session.store is None or session.council is None or session.actor() is None:
            return
        worker = app.run_worker(self._load, thread=True, group="palette-cases")
        await worker.wait()
        self.cases = worker.result or []

    def _load(self) -> list[tuple[int, str]]:
        from councilkit.cases import Worklist
        from councilkit.present.words import state_word

        app: CouncilkitApp = self.app  # type: ignore[assignment]
        session = app.session
        with session.using():
            work = Worklist(session.book, session.actor(), council_id=session.council.id, show="all",
                            on=session.today)
            page = work.page(None, PALETTE_CASES)
        return [(s.id, safe(f"Case {s.ref} {s.title} ({state_word(s, session.today)})", one_line=True))
                for s in page.cases]

    async def search(self, query: str) -> Hits:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        wanted = query.strip().lower().removeprefix("case").strip().lstrip("#")
        seen = set()
        if wanted.isdigit():  # any case by number, however old: opening it says if there is none you may see
            seen.add(int(wanted))
            yield Hit(1.0, f"Open case #{int(wanted)}", partial(app.call_later, app.open_case, int(wanted)),
                      help="Open this case by its number")
        matcher = self.matcher(query)
        for case_id, name in self.cases:
            if case_id in seen:
                continue
            score = matcher.match(name)
            if score > 0:  # a title matched: after an exact number or reference
                yield Hit(score * 0.8, matcher.highlight(name), partial(app.call_later, app.open_case, case_id))


class RegisterCommands(Provider):
    """Go to any register the council keeps."""

    def _kinds(self) -> list[tuple[str, str]]:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        session = app.session
        if session.council is None:
            return []
        return [(k.id, k.title) for k in session.council.register_kinds.values()
                if any(u.kind == k.id for u in session.council.registers)]

    async def discover(self) -> Hits:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        for kind_id, title in self._kinds():
            yield DiscoveryHit(f"Register: {title}", partial(app.call_later, app.open_register, kind_id))

    async def search(self, query: str) -> Hits:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for kind_id, title in self._kinds():
            name = f"Register: {title}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(app.call_later, app.open_register, kind_id),
                          help=f"The register of {title.lower()}")
