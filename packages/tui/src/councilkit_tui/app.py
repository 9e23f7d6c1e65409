"""The councilkit terminal app.

Areas are Textual *modes* (Home, Clauses, Ask, Compare; plugins may add more),
switched with function keys or the command palette (ctrl+p).  Every binding has
an id, so a user keymap can remap it (see :mod:`councilkit_tui.keymap`); F1
shows help for whatever has focus.  Nothing slow happens before the first
paint: council files are read in a worker while Home shows progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding

from councilkit.plugins import default_registry

from .commands import ClauseCommands, ScreenCommands
from .keymap import keymap_path, load_keymap
from .plugins import tui_extensions
from .screens.ask import AskScreen
from .screens.clauses import ClausesScreen
from .screens.compare import CompareScreen
from .screens.councils import CouncilPicker
from .screens.home import HomeScreen
from .session import Session

AREAS = [
    ("home", "Home", "What needs attention", HomeScreen),
    ("clauses", "Clauses", "Read the protocol clause by clause", ClausesScreen),
    ("ask", "Ask", "May someone do something? With the clauses that say so", AskScreen),
    ("compare", "Compare", "Several councils' clauses on one topic, side by side", CompareScreen),
]


class CouncilkitApp(App[None]):
    TITLE = "councilkit"
    CSS_PATH = "councilkit.tcss"
    MODES = {name: screen for name, _, _, screen in AREAS}
    DEFAULT_MODE = "home"
    COMMANDS = App.COMMANDS | {ScreenCommands, ClauseCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "toggle_help", "Help", id="app.help"),
        Binding("f2", "switch_mode('home')", "Home", id="app.home", show=False),
        Binding("f3", "switch_mode('clauses')", "Clauses", id="app.clauses", show=False),
        Binding("f4", "switch_mode('ask')", "Ask", id="app.ask", show=False),
        Binding("f7", "switch_mode('compare')", "Compare", id="app.compare", show=False),
        Binding("f9", "choose_council", "Council", id="app.council", show=False),
    ]

    def __init__(self, councils: Path | str | None = None, council_id: str | None = None) -> None:
        super().__init__()
        self.session = Session(councils)
        self.council_id = council_id
        self.extra_screens, providers, self.plugin_problems = tui_extensions(default_registry())
        for spec in self.extra_screens:
            self.add_mode(spec.name, spec.factory)
        self.COMMANDS = self.COMMANDS | set(providers)  # type: ignore[misc]
        self.keymap_problems: list[str] = []
        keymap, self.keymap_problems = load_keymap(self.binding_ids())
        if keymap:
            self.set_keymap(keymap)

    # start-up -------------------------------------------------------------------
    def on_mount(self) -> None:
        for problem in [*self.keymap_problems, *self.plugin_problems]:
            self.notify(problem, title="Keymap" if problem.startswith(str(keymap_path())) else "Plugin",
                        severity="warning", timeout=15)
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        def progress(message: str, fraction: float) -> None:
            self.call_from_thread(self._progress, message, fraction)

        self.session.load(progress)
        self.call_from_thread(self._loaded)

    def _home(self) -> HomeScreen | None:
        stack = self._screen_stacks.get("home") or []
        return next((s for s in stack if isinstance(s, HomeScreen)), None)

    def _progress(self, message: str, fraction: float) -> None:
        home = self._home()
        if home is not None:
            home.progress(message, fraction)

    def _loaded(self) -> None:
        home = self._home()
        if home is not None:
            home.loaded()
        wanted = self.session.council_or_none(self.council_id)
        if self.council_id and wanted is None:
            self.notify(f"No council {self.council_id!r}; choose one.", severity="error")
        if wanted is None and len(self.session.councils) == 1:
            wanted = self.session.councils[0]
        if wanted is not None:
            self.set_council(wanted.id)
        elif self.session.councils:
            self.action_choose_council()
        else:
            self.notify("No council could be loaded: run `councilkit validate`.", severity="error", timeout=30)

    # councils -------------------------------------------------------------------
    def set_council(self, council_id: str) -> None:
        self.session.choose(council_id)
        self.sub_title = self.session.council.name if self.session.council else ""
        screen = self.screen
        if hasattr(screen, "sync_council"):
            screen.sync_council()

    def action_choose_council(self) -> None:
        if not self.session.loaded:
            return
        today = self.session.today
        review = {c.id: c.review_status(today) for c in self.session.councils}
        current = self.session.council.id if self.session.council else None

        def chosen(council_id: str | None) -> None:
            if council_id:
                self.set_council(council_id)

        self.push_screen(CouncilPicker(self.session.councils, review, current), chosen)

    # moving between areas -------------------------------------------------------
    def screens_list(self) -> list[tuple[str, str, str]]:
        return [(name, title, text) for name, title, text, _ in AREAS] + [
            (s.name, s.title, s.description) for s in self.extra_screens]

    async def open_clause(self, clause_id: str) -> None:
        """Show ``clause_id`` in the Clauses area (from a citation, the palette or Home)."""
        await self.switch_mode("clauses")
        screen = self.screen
        if isinstance(screen, ClausesScreen):
            screen.sync_council()
            screen.go_to(clause_id)

    def open_compare(self, topic: str) -> None:
        async def go() -> None:
            await self.switch_mode("compare")
            if isinstance(self.screen, CompareScreen):
                self.screen.set_topic(topic)

        self.call_later(go)

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # keys -----------------------------------------------------------------------
    @classmethod
    def binding_ids(cls) -> list[str]:
        """Every binding id a keymap may remap."""
        ids = []
        for owner in [cls, *(screen for *_, screen in AREAS)]:
            ids += [b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id]
        from .screens.clauses import JumpDialog
        from .screens.councils import CouncilPicker

        for owner in (JumpDialog, CouncilPicker):
            ids += [b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id]
        return ids


def run(councils: Path | str | None = None, council_id: str | None = None, **_: Any) -> None:
    CouncilkitApp(councils=councils, council_id=council_id).run()
