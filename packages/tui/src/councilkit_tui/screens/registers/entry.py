"""A register entry with its clocks and history; amending and withdrawing it (the form: :mod:`.entry_form`)."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Static

from councilkit.errors import LIMITS

from ...render.markup import escape
from ...render.registers import entry_markup, history_markup
from ...widgets.footer import Footer
from ...widgets.scrolling import Panel


class EntryDetail(Panel):
    HELP = """\
## A register entry

The entry as it stands: its fields (a field you may not see is named, not shown),
CONFIDENTIAL or WITHDRAWN when it is, its clocks (OVERDUE, due in N days, done)
and the policy engine's decision where the register has one.  Beside it, every
version: who made it, when, why, and what changed.

- **m** amends it (a new version; the old one stays), **w** withdraws it (with a reason)
- **y** copies the entry's reference; **Escape** goes back
"""


class EntryHistory(Panel):
    HELP = EntryDetail.HELP


class ReasonDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="reason.cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="reason"):
            yield Static(escape(self.question))
            yield Input(placeholder="why (kept with the new version)", id="reason-input", compact=True,
                        max_length=LIMITS["reason"].most)
            yield Static(id="reason-error")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.app.blink
        field.focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#reason-error", Static).update("Say why: the register keeps every version and why.")
            return
        self.dismiss(event.value.strip())


class EntryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="entry.back"),
        Binding("m", "amend", "Amend", id="entry.amend"),
        Binding("w", "withdraw", "Withdraw", id="entry.withdraw"),
        Binding("y", "copy", "Copy ref", id="entry.copy"),
    ]

    def __init__(self, entry_id: int) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.entry: Any = None
        self._revision = -1
        self._council_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="entry-body"):
            with EntryDetail(id="entry-detail", classes="pane"):
                yield Static(f"Loading entry #{self.entry_id}…", id="entry-text")
            with EntryHistory(id="entry-history", classes="pane") as history:
                history.border_title = "History"
                yield Static(id="entry-versions")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Entry #{self.entry_id}"
        council = self.app.session.council
        self._council_id = council.id if council is not None else None
        self.query_one(EntryDetail).focus()
        self._revision = self.app.session.revision
        self.load()

    @property
    def council_id(self) -> str | None:
        """The council whose register holds the entry (the one worked on when it was opened)."""
        return self._council_id

    def on_screen_resume(self) -> None:
        council = self.app.session.council
        if council is not None and council.id != self._council_id:  # another council was chosen meanwhile
            self.dismiss()
            return
        if self._revision != self.app.session.revision:
            self.load()

    @work(thread=True, exclusive=True, group="entry")
    def load(self) -> None:
        from councilkit.errors import CouncilkitError
        from councilkit.registers import visible_clocks

        session = self.app.session
        self._revision = session.revision
        try:
            with session.using():
                regs = session.registers()
                entry = regs.get(self.entry_id, session.viewer)
                kind = regs.kind(entry.kind)
                versions = regs.history(self.entry_id, session.viewer)
                clocks = visible_clocks(regs, entry)
                visible_to = " or ".join(regs.council.title(r) for r in regs.visible_to(kind))
        except CouncilkitError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._show, entry, kind, versions, clocks, visible_to)

    def _problem(self, message: str) -> None:
        self.entry = None
        self.query_one("#entry-text", Static).update(f"[b]Entry #{self.entry_id}[/b]\n\n{escape(message)}")

    def _show(self, entry: Any, kind: Any, versions: list[Any], clocks: list[Any], visible_to: str) -> None:
        council = self.app.session.council
        self.entry = entry
        self.sub_title = f"{kind.title} · entry #{entry.id}"
        self.query_one("#entry-text", Static).update(entry_markup(council, kind, entry, visible_to, clocks))
        self.query_one("#entry-versions", Static).update(history_markup(kind, versions))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_amend(self) -> None:
        if self.entry is None:
            return
        from .entry_form import EntryForm

        self.app.push_screen(EntryForm(self.entry.kind, self.entry.id))

    def action_withdraw(self) -> None:
        if self.entry is None:
            return
        entry = self.entry

        def reason(text: str | None) -> None:
            from councilkit.errors import CouncilkitError

            if not text:
                return
            session = self.app.session
            try:
                with session.using():
                    session.registers().withdraw(entry.id, session.actor(), reason=text,
                                                 expected_version=entry.version)
            except CouncilkitError as exc:
                self.notify(str(exc), title="REFUSED: nothing was written", severity="error", timeout=15)
                self.load()
                return
            session.changed()
            self.notify(f"Entry #{entry.id} withdrawn; its history is kept.", title="Registers")
            self.load()

        self.app.push_screen(ReasonDialog(f"Withdraw entry #{entry.id}? It stays in the register's history. Why?"),
                             reason)

    def action_copy(self) -> None:
        if self.entry is None:
            return
        session = self.app.session
        kind = session.registers().kind(self.entry.kind)
        reference = f"{session.council.name}, {kind.title}, entry #{self.entry.id} (version {self.entry.version})"
        self.app.copy_to_clipboard(reference)
        self.notify(f"Copied: {reference}", title="Clipboard")
