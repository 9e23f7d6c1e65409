"""The councilkit terminal app: pick a council, then read its protocol clause by clause.

Everything shown comes from the SDK (``councilkit``); the app adds no data of
its own.  Council files are read in a worker thread so the first screen paints
at once, even on a slow link.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from councilkit import Council, read_councils
from councilkit.errors import Problem

from .screens.clauses import ClausesScreen
from .screens.councils import CouncilsScreen


class CouncilkitApp(App[None]):
    TITLE = "councilkit"
    CSS_PATH = "councilkit.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, councils: Path | str | None = None, council_id: str | None = None) -> None:
        super().__init__()
        self.councils_dir = councils
        self.council_id = council_id
        self.councils: list[Council] = []
        self.problems: list[Problem] = []

    def on_mount(self) -> None:
        self.push_screen(CouncilsScreen())
        self.load_councils()

    @work(thread=True, exclusive=True, group="load")
    def load_councils(self) -> None:
        councils, problems = read_councils(self.councils_dir)
        self.call_from_thread(self.councils_loaded, councils, problems)

    def councils_loaded(self, councils: list[Council], problems: list[Problem]) -> None:
        self.councils = councils
        self.problems = problems
        screen = self.screen
        if isinstance(screen, CouncilsScreen):
            screen.show(councils, problems)
        if self.council_id:
            chosen = next((c for c in councils if c.id == self.council_id), None)
            if chosen is None:
                self.notify(f"No council {self.council_id!r}", severity="error")
            else:
                self.open_council(chosen)

    def open_council(self, council: Council) -> None:
        self.push_screen(ClausesScreen(council))


def run(councils: Path | str | None = None, council_id: str | None = None) -> None:
    CouncilkitApp(councils=councils, council_id=council_id).run()
