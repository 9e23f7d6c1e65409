"""One case: its state, current step, handler and due date with the working, its steps and timeline, and the
moves this person may make next, on keys; an administrator of its council may record a step for its handler."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static

from ...render.cases import case_markup, moves_markup, reads_markup, steps_markup, timeline_markup
from ...render.markup import escape
from ...widgets.footer import Footer
from ...widgets.scrolling import Panel

#: each move a case may allow, with its key and its binding's label
MOVE_BINDINGS = [
    ("start", "s", "Start step"),
    ("consulted", "k", "Consulted"),
    ("notified", "t", "Notified"),
    ("outcome", "o", "Outcome"),
    ("resolve", "r", "Resolve"),
    ("escalate", "e", "Escalate"),
    ("close", "c", "Close"),
    ("withdraw", "w", "Withdrawn"),
    ("reopen", "R", "Reopen"),
    ("note", "n", "Note"),
]


class CaseDetail(Panel):
    HELP = """\
## A case

Its state in words (OPEN, OVERDUE, AWAITING, BLOCKED, RESOLVED, CLOSED), who
raised it and about whom, the route, the **current step** with its handler (and
why them, when someone stands in) and its **due date with the working**: the start,
the working days, and the weekends and bank holidays skipped.  Then every step and
the **timeline**: who did what, on which day, and why.

The bottom lines say which moves are yours, on keys: **s** start the next step,
**k** record a consultation, **t** a notification, **o** an outcome, **r** resolve,
**e** escalate, **c** close, **w** close as withdrawn, **R** reopen, **n** add a note.
Moves that are someone else's are named with who may make them.  Each asks for
what it needs; a refusal says why, and nothing is written.  If another clerk
changed the case meanwhile, it is reloaded and you are told.

An administrator of the council may press **h** to record a step for its handler
(the event names both); **h** again acts as yourself.

**Tab** moves between the case and its timeline; **Home**/**End** go to the top
and the end.  **y** copies the case reference; **ctrl+l** reloads; **Escape** goes
back to the list.
"""


class CaseTimeline(Panel):
    HELP = CaseDetail.HELP


class CaseScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="case.back"),
        # shown on the "Yours:" line with their keys, not in the footer (it would run out of room at 80 columns)
        *[Binding(key, f"move('{action}')", label, id=f"case.{action}", show=False)
          for action, key, label in MOVE_BINDINGS],
        Binding("h", "for_handler", "For the handler", id="case.for_handler", show=False),  # said above the keys
        Binding("y", "copy", "Copy ref", id="case.copy"),
        Binding("ctrl+l", "reload", "Reload", id="case.reload", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.view: Any = None
        self.case: Any = None
        self.actor: Any = None
        self.moves: dict[str, Any] = {}
        #: acting for the handler (an administrator of the council): their moves, recorded as both
        self.for_handler = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="case-body"):
            with CaseDetail(id="case-detail", classes="pane"):
                yield Static(f"Loading case #{self.case_id}…", id="case-text")
                yield Static(id="case-steps")
            with CaseTimeline(id="case-timeline", classes="pane") as timeline:
                timeline.border_title = "Timeline"
                yield Static(id="case-events")
                yield Static(id="case-reads")
        yield Static(id="case-moves")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Case #{self.case_id}"
        self.query_one(CaseDetail).focus()
        self.load(opening=True)

    @work(thread=True, exclusive=True, group="case")
    def load(self, message: str = "", opening: bool = False) -> None:
        try:
            view = self.app.session.case_view(self.case_id, opening=opening)
        except Exception as exc:  # no such case you can see, a store problem: said, never fatal
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self.show_case, view, message)

    def _problem(self, message: str) -> None:
        self.view = self.case = None
        self.moves = {}
        self.query_one("#case-text", Static).update(f"[b]Case #{self.case_id}[/b]\n\n{escape(message)}")
        for part in ("#case-steps", "#case-events", "#case-reads", "#case-moves"):
            self.query_one(part, Static).update("")
        self.refresh_bindings()

    def show_case(self, view: Any, message: str = "") -> None:
        session = self.app.session
        case = view.case
        council = session.council_by_id(case.council_id)
        self.view, self.case = view, case
        if view.for_handler is None:
            self.for_handler = False
        self.sub_title = f"{council.name} · case {case.ref}"
        self.query_one("#case-text", Static).update(case_markup(council, case, view.waiting, session.today))
        self.query_one("#case-steps", Static).update("\n[b]Steps[/b]\n" + steps_markup(case, session.today))
        self.query_one("#case-events", Static).update(timeline_markup(case))
        self.query_one("#case-reads", Static).update(reads_markup(view.reads))
        self._show_moves(message)

    def _show_moves(self, message: str = "") -> None:
        view = self.view
        if self.for_handler and view.for_handler is not None:
            self.actor = view.for_handler
            moves = self.app.session.moves_for(view, self.actor)
        else:
            self.actor = view.actor
            moves = view.moves
        self.moves = {m.action: m for m in moves}
        text = moves_markup(view, moves, self.actor, self.app.key_for, acting_for=self.for_handler)
        if message:
            text = f"{message}\n{text}"
        self.query_one("#case-moves", Static).update(text)
        self.refresh_bindings()

    # keys --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return bool(parameters) and parameters[0] in self.moves
        if action == "copy":
            return self.case is not None
        if action == "for_handler":
            return self.view is not None and self.view.for_handler is not None
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load()

    def action_for_handler(self) -> None:
        if self.view is None or self.view.for_handler is None:
            return
        self.for_handler = not self.for_handler
        self._show_moves()

    def action_move(self, action: str) -> None:
        move = self.moves.get(action)
        if move is None or self.case is None:
            return
        from .action_form import ActionForm

        def done(result: Any) -> None:
            if result is None:
                return
            kind, payload = result
            if kind == "conflict":
                self.notify(f"{payload}", title=f"Case {self.case.ref} was reloaded", severity="warning",
                            timeout=15)
                self.load("[b]RELOADED[/b]: someone changed this case while you were working on it; look again.")
            elif kind == "done":
                change = payload
                recorded = "; ".join(e.summary() for e in change.events)
                self.notify(recorded, title=f"Recorded on case {change.case.ref}")
                for warning in change.warnings:
                    self.notify(warning, severity="warning", timeout=15)
                self.load()

        council = self.app.session.council_by_id(self.case.council_id)
        self.app.push_screen(ActionForm(move, self.case, self.actor, council), done)

    def action_copy(self) -> None:
        if self.case is None:
            return
        council = self.app.session.council_by_id(self.case.council_id)
        reference = f"{council.name}, case {self.case.ref}: {self.case.title}"
        self.app.copy_to_clipboard(reference)
        self.notify(f"Copied: {reference}", title="Clipboard")
