"""A new case: who raises it and about whom (the route follows), the people, then a preview of the route with
the real people, before anything is written."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Header, Input, Label, Select, Static

from councilkit.errors import LIMITS

from ...render.cases import preview_markup
from ...render.markup import escape, refused
from ...widgets.footer import Footer

MATTER = "__matter__"
STEPS = ("wizard-who", "wizard-people", "wizard-preview")


class NewCaseScreen(Screen[None]):
    HELP = """\
## A new case

Three steps; nothing is written until the last.

1. **Who raises it, and about whom**, by role: the protocol's route follows, and is shown.
   A concern about a matter (the meaning of the protocol) instead of a person: choose *a matter*.
2. **The people**: the person raising it, and the person it is about, from those who hold the roles.
3. **The preview**: every step of the route with the people who would handle it today (a party
   never handles their own case: the stand-in and why are shown), whom to consult and notify,
   and each deadline.  **F8** or **Open the case** writes it; its first step starts at once.

**F8** goes on, **Escape** goes back (from the first step: cancels).
"""
    BINDINGS = [
        Binding("escape", "back", "Back", id="new_case.back"),
        Binding("f8", "next", "Next", id="new_case.next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = 0
        self.answer: Any = None

    def compose(self) -> ComposeResult:
        session = self.app.session
        roles = [(r.title, r.id) for r in session.concern_roles()]
        matters = session.matters()
        about = [*roles, *([("A matter, not a person", MATTER)] if matters else [])]
        yield Header()
        with ContentSwitcher(initial=STEPS[0], id="wizard", classes="pane"):
            with VerticalScroll(id="wizard-who"):
                yield Static("[b]New case, 1 of 3:[/b] who raises the concern, and about whom?", classes="wizard-head")
                yield Label("Raised by (role)")
                yield Select(roles, id="nc-raised-by", compact=True, prompt="choose a role")
                yield Label("About")
                yield Select(about, id="nc-about", compact=True, prompt="choose a role, or a matter")
                yield Label("Matter", id="nc-matter-label")
                yield Select([(m.replace("_", " "), m) for m in matters], id="nc-matter", compact=True,
                             prompt="choose the matter")
                yield Static(id="nc-route")
            with VerticalScroll(id="wizard-people"):
                yield Static("[b]New case, 2 of 3:[/b] the people", classes="wizard-head")
                yield Label("Raised by", id="nc-complainant-label")
                yield Select([], id="nc-complainant", compact=True, prompt="choose the person")
                yield Label("About", id="nc-subject-label")
                yield Select([], id="nc-subject", compact=True, prompt="choose the person")
                yield Label("Title (empty: who and whom)")
                yield Input(id="nc-title", placeholder="a short title", compact=True,
                            max_length=LIMITS["title"].most)
                yield Label("What happened (recorded on the case)")
                yield Input(id="nc-why", placeholder="in a sentence or two", compact=True,
                            max_length=LIMITS["description"].most)
            with VerticalScroll(id="wizard-preview"):
                yield Static("[b]New case, 3 of 3:[/b] the route with the people who would handle it. "
                             "Nothing is written until you open the case.", classes="wizard-head")
                yield Static(id="nc-preview")
        yield Static(id="wizard-error")
        with Horizontal(id="wizard-buttons"):
            yield Button("Back", id="nc-back", compact=True)
            yield Button("Next", id="nc-next", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        council = self.app.session.council
        self.sub_title = f"{council.name if council else ''} · new case"
        for field in self.query(Input):
            field.cursor_blink = self.app.blink
        self._show_matter(False)
        self.query_one("#nc-raised-by").focus()

    # the steps -------------------------------------------------------------------
    def _show_matter(self, shown: bool) -> None:
        self.query_one("#nc-matter").display = shown
        self.query_one("#nc-matter-label").display = shown

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def _roles(self) -> tuple[str | None, str | None, str | None]:
        about = self._value("#nc-about")
        matter = self._value("#nc-matter") if about == MATTER else None
        return self._value("#nc-raised-by"), (None if about == MATTER else about), matter

    @on(Select.Changed, "#nc-raised-by, #nc-about, #nc-matter")
    def roles_changed(self, event: Select.Changed) -> None:
        self._show_matter(self._value("#nc-about") == MATTER)
        raised_by, about, matter = self._roles()
        route = self.query_one("#nc-route", Static)
        if raised_by is None or (about is None and matter is None):
            route.update("")
            self.answer = None
            return
        try:
            self.answer = self.app.session.route_answer(raised_by, about, matter)
        except Exception as exc:  # an unknown role or matter: said in words
            self.answer = None
            route.update(escape(str(exc)))
            return
        route.update("\n[b]Route[/b]\n" + escape(self.answer.message))

    def _error(self, text: str) -> None:
        self.query_one("#wizard-error", Static).update(text)

    def _go(self, step: int) -> None:
        self.step = step
        self.query_one(ContentSwitcher).current = STEPS[step]
        self.query_one("#nc-next", Button).label = "Open the case" if step == 2 else "Next"
        self.query_one("#nc-back", Button).label = "Cancel" if step == 0 else "Back"
        self._error("")
        first = {0: "#nc-raised-by", 1: "#nc-complainant", 2: "#nc-next"}[step]
        self.query_one(first).focus()

    def action_back(self) -> None:
        if self.step == 0:
            self.app.pop_screen()
        else:
            self._go(self.step - 1)

    @on(Button.Pressed, "#nc-back")
    def back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#nc-next")
    def next_pressed(self) -> None:
        self.action_next()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_next()

    def action_next(self) -> None:
        if self.step == 0:
            self._to_people()
        elif self.step == 1:
            self._to_preview()
        else:
            self._open()

    def _to_people(self) -> None:
        session = self.app.session
        raised_by, about, matter = self._roles()
        if raised_by is None:
            self._error("Raised by: choose the role of the person raising the concern.")
            return
        if about is None and matter is None:
            self._error("About: choose the role of the person it is about, or a matter.")
            return
        if self.answer is None:
            self._error("No route can be worked out for that: choose other roles.")
            return
        council = session.council
        t = council.title
        complainants = session.holders(raised_by)
        if not complainants:
            self._error(f"Nobody holds the role of {escape(t(raised_by))} at {escape(council.name)} today: "
                        f"appoint someone first (councilkit people appoint PERSON {council.id} {raised_by}).")
            return
        subjects = session.holders(about) if about else []
        if about and not subjects:
            self._error(f"Nobody holds the role of {escape(t(about))} at {escape(council.name)} today.")
            return
        self.query_one("#nc-complainant-label", Label).update(f"Raised by ({t(raised_by)})")
        self.query_one("#nc-complainant", Select).set_options([(name, str(pid)) for pid, name in complainants])
        subject = self.query_one("#nc-subject", Select)
        subject.set_options([(name, str(pid)) for pid, name in subjects])
        subject.display = about is not None
        label = self.query_one("#nc-subject-label", Label)
        label.display = about is not None
        if about:
            label.update(f"About ({t(about)})")
        self._go(1)

    def _people(self) -> tuple[int | None, int | None]:
        complainant = self._value("#nc-complainant")
        subject = self._value("#nc-subject")
        return (int(complainant) if complainant else None), (int(subject) if subject else None)

    def _to_preview(self) -> None:
        _, about, _ = self._roles()
        complainant, subject = self._people()
        if complainant is None:
            self._error("Raised by: choose the person raising the concern.")
            return
        if about is not None and subject is None:
            self._error("About: choose the person the concern is about.")
            return
        if complainant == subject:
            self._error("A person cannot raise a concern about themselves: choose someone else.")
            return
        previews = self.app.session.preview(self.answer, complainant, subject)
        preview = preview_markup(self.app.session.council, self.answer, previews)
        self.query_one("#nc-preview", Static).update(preview)
        self._go(2)

    def _open(self) -> None:
        from councilkit.errors import CouncilkitError

        raised_by, about, matter = self._roles()
        complainant, subject = self._people()
        assert raised_by is not None and complainant is not None
        try:
            change = self.app.session.open_case(
                complainant_id=complainant, subject_id=subject, raised_by=raised_by, about=about, matter=matter,
                title=self.query_one("#nc-title", Input).value, description=self.query_one("#nc-why", Input).value)
        except CouncilkitError as exc:
            self._error(refused(exc))
            return
        for warning in change.warnings:
            self.notify(warning, severity="warning", timeout=15)
        self.notify(f"Opened case {change.case.ref}: {change.case.title}", title="New case")
        self.app.pop_screen()
        self.app.call_later(self.app.open_case, change.case.id)
