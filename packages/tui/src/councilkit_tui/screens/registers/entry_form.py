"""Adding an entry to a register, or amending one: each field's problem shown under it."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static

from councilkit.errors import LIMITS

from ...render.markup import escape, refused, state_word
from ...widgets.footer import Footer

PLACEHOLDERS = {
    "date": "2026-11-23, 23/11/2026 or today",
    "money": "£50.00",
    "text": "",
}


class MarkedCheckbox(Checkbox):
    """A checkbox marked X only when ticked: Textual's shows an X either way, and only its colour changes."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:  # Textual reads this class attribute through the instance
        return "X" if self.value else " "


class EntryForm(Screen[None]):
    """Add an entry to a register, or amend one (a new version).  Problems appear under the fields they concern."""

    HELP = """\
## Adding or amending an entry

One line per field (* required).  Dates as 2026-11-23, 23/11/2026 or `today`;
money as £50 or £49.99; people, roles and choices from lists (Enter opens a list).
A field the policy engine decides is filled in for you.

**F8** (or **Save**) checks every field: each problem is written under its field,
and nothing is saved until all are right.  An amendment must say why.  If someone
else amended the entry meanwhile, the form is reloaded with their version and you
are told.  **Escape** cancels.
"""
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="entry_form.cancel"),
        Binding("f8", "save", "Save", id="entry_form.save"),
    ]

    def __init__(self, kind_id: str, entry_id: int | None = None) -> None:
        super().__init__()
        self.kind_id = kind_id
        self.entry_id = entry_id
        self.entry: Any = None
        self.original: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        session = self.app.session
        regs = session.registers()
        self.kind = kind = regs.kind(self.kind_id)
        council = session.council
        self.kind_council = council.id
        if self.entry_id is not None:
            with session.using():
                self.entry = regs.get(self.entry_id, session.viewer)
        people = [(p.name, str(p.id)) for p in session.people_at()]
        computed = kind.computed_fields()
        yield Header()
        with VerticalScroll(id="entry-form", classes="pane"):
            yield Static(self._title(), id="entry-form-title")
            for f in kind.fields:
                label = f.label + (" *" if f.required else "")
                with Horizontal(classes="field-row"):
                    yield Label(escape(label), classes="field-label")
                    if f.id in computed:
                        yield Static("decided by the policy engine", id=f"field-{f.id}", classes="field-computed")
                    elif f.type in ("person", "role", "choice", "bool"):
                        if f.type == "person":
                            options = people
                        elif f.type == "role":
                            ids = f.choices or tuple(council.roles)
                            options = [(council.title(r), r) for r in ids]
                        elif f.type == "choice":
                            options = [(c, c) for c in f.choices]
                        else:
                            options = [("yes", "yes"), ("no", "no")]
                        yield Select(options, id=f"field-{f.id}", compact=True, prompt="(empty)",
                                     classes="field-input")
                    else:
                        yield Input(id=f"field-{f.id}", placeholder=PLACEHOLDERS.get(f.type, ""), compact=True,
                                    classes="field-input", max_length=LIMITS["register text"].most)
                yield Static(id=f"error-{f.id}", classes="field-error")
            if regs.visible_to(kind) and not kind.confidential:
                yield MarkedCheckbox("Confidential: only " + " or ".join(council.title(r) for r in regs.visible_to(kind))
                               + " may see it", id="entry-confidential", compact=True)
            if self.entry is not None:
                with Horizontal(classes="field-row"):
                    yield Label("Why it changes *", classes="field-label")
                    yield Input(id="entry-reason", placeholder="kept with the new version", compact=True,
                                classes="field-input", max_length=LIMITS["reason"].most)
                yield Static(id="error-reason", classes="field-error")
            yield Static(id="entry-form-error")
            with Horizontal(id="entry-form-buttons"):
                yield Button("Save", id="entry-save", variant="primary", compact=True)
                yield Button("Cancel", id="entry-cancel", compact=True)
        yield Footer()

    @property
    def council_id(self) -> str | None:
        """The council whose register the form writes to."""
        return self.kind_council

    def on_screen_resume(self) -> None:
        council = self.app.session.council
        if council is not None and council.id != self.kind_council:  # another council was chosen meanwhile
            self.notify("Another council was chosen: the form was closed and nothing was saved.",
                        severity="warning")
            self.dismiss()

    def on_mount(self) -> None:
        self.sub_title = f"{self.kind.title} · {'amend #' + str(self.entry_id) if self.entry_id else 'new entry'}"
        for field in self.query(Input):
            field.cursor_blink = self.app.blink
        for error in self.query(".field-error"):
            error.display = False
        if self.entry is not None:
            self.fill(self.entry)
        first = next(iter(self.query(".field-input")), None)
        if first is not None:
            first.focus()

    # values ---------------------------------------------------------------------
    def _text(self, entry: Any, field: Any) -> str:
        value = entry.values.get(field.id)
        if value is None:
            return ""
        if field.type in ("person",):
            return str(value)
        if field.type == "bool":
            return "yes" if value else "no"
        if field.type in ("role", "choice"):
            return str(value)
        return entry.display.get(field.id, "")

    def _title(self) -> str:
        """What the form does, and to which version: an amendment reloaded after a conflict says the new one."""
        title = (f"Amend entry #{self.entry_id} (version {self.entry.version})" if self.entry is not None
                 else "Add an entry")
        return f"[b]{escape(title)}[/b]: {escape(self.kind.title)}  [dim]* required[/dim]"

    def fill(self, entry: Any) -> None:
        """Put ``entry``'s values in the form (an amendment starts from what the entry says)."""
        self.entry = entry
        self.original = {}
        self.query_one("#entry-form-title", Static).update(self._title())
        for f in self.kind.fields:
            if f.id in self.kind.computed_fields():
                shown = entry.display.get(f.id, "")
                self.query_one(f"#field-{f.id}", Static).update(
                    escape(f"{shown} (decided by the policy engine)" if shown else "decided by the policy engine"))
                continue
            text = self._text(entry, f)
            self.original[f.id] = text
            widget = self.query_one(f"#field-{f.id}")
            if isinstance(widget, Select):
                widget.value = text if text else Select.NULL
            elif isinstance(widget, Input):
                widget.value = text
        if self.query("#entry-confidential"):
            self.query_one("#entry-confidential", Checkbox).value = entry.confidential

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.kind.fields:
            widget = self.query_one(f"#field-{f.id}")
            if isinstance(widget, Select):
                out[f.id] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                out[f.id] = widget.value.strip()
        return out

    # saving -----------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#entry-form-error", Static).update("")

    def _field_error(self, field_id: str | None, message: str) -> bool:
        if field_id and self.query(f"#error-{field_id}"):
            error = self.query_one(f"#error-{field_id}", Static)
            error.update(f"↑ {escape(message)}")
            error.display = True
            return True
        return False

    def action_cancel(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#entry-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#entry-save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from councilkit.errors import CouncilkitError
        from councilkit.registers import EntryInvalid
        from councilkit.store import ConflictError

        session = self.app.session
        regs = session.registers()
        self._clear_errors()
        values = self.values()
        confidential = (self.query_one("#entry-confidential", Checkbox).value
                        if self.query("#entry-confidential") else None)
        try:
            with session.using():
                if self.entry is None:
                    entry = regs.add(self.kind_id, {k: v for k, v in values.items() if v}, session.actor(),
                                     confidential=bool(confidential))
                else:
                    reason = self.query_one("#entry-reason", Input).value.strip()
                    if not reason:
                        self._field_error("reason", "Say why it changes: the register keeps every version and why.")
                        self.query_one("#entry-reason").focus()
                        return
                    changes = {k: v for k, v in values.items() if v != self.original.get(k, "")}
                    change_confidential = (confidential if confidential is not None
                                           and confidential != self.entry.confidential else None)
                    entry = regs.amend(self.entry.id, changes, session.actor(), reason=reason,
                                       expected_version=self.entry.version, confidential=change_confidential)
        except EntryInvalid as exc:
            general = [str(p) for p in exc.problems if not self._field_error(p.field, p.message)]
            count = len(exc.problems)
            self.query_one("#entry-form-error", Static).update(
                f"{state_word('REFUSED')} Not saved: {count} problem{'s' if count != 1 else ''}, shown under "
                "the fields." + "".join(f"\n{escape(g)}" for g in general))
            bad = next((p.field for p in exc.problems if p.field and self.query(f"#field-{p.field}")), None)
            if bad:
                self.query_one(f"#field-{bad}").focus()
            return
        except ConflictError as exc:
            with session.using():
                fresh = regs.get(self.entry.id, session.viewer)
            self.fill(fresh)
            self.query_one("#entry-form-error", Static).update(
                f"{state_word('RELOADED')} {escape(str(exc))}\nThe form now shows version {fresh.version}, as "
                "someone else left it: make your change again.")
            self.notify(f"Entry #{fresh.id} was changed by someone else: reloaded.", severity="warning")
            return
        except CouncilkitError as exc:
            self.query_one("#entry-form-error", Static).update(
                refused(exc))
            return
        session.changed()
        verb = "Added" if self.entry is None else "Amended"
        self.notify(f"{verb} entry #{entry.id} (version {entry.version}).", title=self.kind.title)
        self.app.pop_screen()
        if self.entry is None:
            self.app.call_later(self.app.open_entry, entry.id)
