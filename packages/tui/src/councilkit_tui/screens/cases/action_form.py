"""The small form each case action asks: what to choose, why, on which day; a refusal is shown, not hidden."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from councilkit.errors import LIMITS

from ...render.markup import escape, refused
from ...widgets.footer import Footer

CHOOSE_LABELS = {
    "step": "Step",
    "role": "Role",
    "outcome": "Outcome",
    "obligation": "Discharges the obligation (optional)",
}


class ActionForm(ModalScreen[tuple[str, Any] | None]):
    """Ask for what one action needs, take it through the SDK, and say why if it is refused."""

    HELP = """\
## A case action

Choose from the lists (Enter opens a list), say why, and optionally the day it
happened (it defaults to today; never in the future, nor before the case's last
event).  **F8** or **Record** takes the action; **Escape** cancels.  If the
action is refused, the reason is shown here and nothing is written.
"""
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("f8", "record", "Record", id="form.record"),
    ]

    def __init__(self, move: Any, case: Any, actor: Any, council: Any) -> None:
        super().__init__()
        self.move = move
        self.case = case
        self.actor = actor
        self.council = council

    def compose(self) -> ComposeResult:
        m = self.move
        with VerticalScroll(id="action-form") as box:
            box.border_title = f"{m.label}: case {self.case.ref}"
            yield Static(escape(f"Who may: {m.who}.") + (f"\n{escape(m.note)}" if m.note else ""),
                         id="action-who")
            if m.choose and m.choices:
                yield Label(CHOOSE_LABELS.get(m.choose, m.choose.capitalize()))
                options = [(f"{c.label}" + (f" ({c.detail})" if c.detail else ""), c.id) for c in m.choices]
                yield Select(options, id="action-choice", compact=True, prompt="choose",
                             allow_blank=m.optional or len(options) > 1,
                             value=options[0][1] if m.action in ("start", "reopen") else Select.NULL)
            if m.handlers:
                yield Label("Handled by")
                yield Select([(f"{h.label} ({h.detail})", h.id) for h in m.handlers], id="action-handler",
                             compact=True, allow_blank=False)
            yield Label("Note" if m.action == "note" else ("Why (required)" if m.why_required else "Why"))
            limit = LIMITS["note" if m.action == "note" else "reason"].most
            yield Input(id="action-why", placeholder="recorded on the case with the action", compact=True,
                        max_length=limit)
            yield Label("On (the day it happened; empty: today)")
            yield Input(id="action-on", placeholder=self.app.session.today.isoformat(), compact=True,
                        max_length=10)
            yield Static(id="action-error")
            with Horizontal(id="action-buttons"):
                yield Button("Record", id="action-record", variant="primary", compact=True)
                yield Button("Cancel", id="action-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.app.blink
        first = self.query("#action-choice").first() if self.query("#action-choice") else self.query_one(
            "#action-why")
        first.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#action-cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#action-record")
    def record_pressed(self) -> None:
        self.action_record()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_record()

    def _error(self, text: str) -> None:
        self.query_one("#action-error", Static).update(text)

    def action_record(self) -> None:
        from councilkit.errors import CouncilkitError
        from councilkit.store import ConflictError

        m = self.move
        choice = None
        if self.query("#action-choice"):
            value = self.query_one("#action-choice", Select).value
            if value is Select.NULL:
                if not m.optional:
                    self._error(f"{CHOOSE_LABELS.get(m.choose, m.choose)}: choose one from the list.")
                    self.query_one("#action-choice").focus()
                    return
            else:
                choice = str(value)
        handler_id = None
        if self.query("#action-handler"):
            value = self.query_one("#action-handler", Select).value
            handler_id = int(str(value)) if value is not Select.NULL else None
        why = self.query_one("#action-why", Input).value.strip()
        if (m.why_required or m.action == "note") and not why:
            self._error(f"{'Note' if m.action == 'note' else 'Why'}: this action needs it written down.")
            self.query_one("#action-why").focus()
            return
        on_text = self.query_one("#action-on", Input).value.strip()
        day = None
        if on_text:
            try:
                day = dt.date.fromisoformat(on_text)
            except ValueError:
                self._error(f"On: {escape(on_text)!s} is not a date like {self.app.session.today.isoformat()}.")
                self.query_one("#action-on").focus()
                return
        try:
            change = self.app.session.act(m.action, self.case, self.actor, choice=choice, handler_id=handler_id,
                                          why=why, on=day)
        except ConflictError as exc:
            self.dismiss(("conflict", str(exc)))
            return
        except CouncilkitError as exc:
            self._error(refused(exc))
            return
        self.dismiss(("done", change))
