"""The review of an import: its proposed norms one at a time, each decided and written to the file at once.

``councilkit tui --review FILE`` opens it (``create_app(review=...)``).  For each proposal: its clause and
sentence, where the proposal came from, and the norm in plain words; then accept, change a field, reject,
mark the sentence descriptive, or skip.  Everything is done by the SDK's :class:`~councilkit.importer.review.
Review`, as ``councilkit review FILE`` does: a norm that does not validate is refused and nothing is
written; the file is the record, so closing keeps the progress and the next sitting starts with what
remains.  Each decision costs one check of the council and one write: nothing happens per keystroke.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from councilkit.present.words import safe

from ..render.markup import escape, plain, refused, state_word
from ..widgets.footer import Footer
from ..widgets.scrolling import Panel

if TYPE_CHECKING:
    from councilkit.importer import Candidate, Review
    from councilkit.plugins import Registry

#: a list of every valid value in a message ("...; actions: bully, lobby, ..."): the dialog offers them
_LISTED = re.compile(r";\s*(?:actions|procedures|roles): [^;]*")


def short(message: str, path: Path) -> str:
    """An SDK message as this screen shows it: without the file's name (the title says it) and without a
    trailing list of every valid value (the change dialog offers them to choose from)."""
    return _LISTED.sub("", message.removeprefix(f"{path}: "))


class ReviewView(Panel):
    HELP = """\
## Review of an import

The norms the import only proposed, one at a time: the clause and its sentence,
where the proposal came from, and the norm in plain words.

- **a** accepts it: it becomes part of the council (checked first: a norm that does
  not validate is refused, and nothing is written)
- **c** changes a field (who, does what, towards whom; for a route who raises it,
  whom it is about, who handles it), choosing from the values that fit
- **r** rejects it: not a norm of this council
- **d** marks the sentence descriptive: it states no norm
- **s** skips it for now (it stays in the file); once every proposal left was
  skipped, **g** goes round them again

Each decision is written to the file at once: closing keeps the progress, and
the next review starts with what remains.  The line at the top says how many
proposals and normative sentences remain; the council is **onboarded** when
none do.  **Escape** closes the review.
"""


class ReviewScreen(Screen[None]):
    """One proposal at a time, from the file ``path``; every decision written at once through the SDK."""

    HELP = ReviewView.HELP
    BINDINGS = [
        Binding("a", "decide('accept')", "Accept", id="review.accept"),
        Binding("c", "change", "Change", id="review.change"),
        Binding("r", "decide('reject')", "Reject", id="review.reject"),
        Binding("d", "decide('descriptive')", "Descriptive", id="review.descriptive"),
        Binding("s", "skip", "Skip", id="review.skip"),
        Binding("g", "again", "Go round again", id="review.again"),
        Binding("escape", "close", "Close", id="review.close"),
    ]

    def __init__(self, path: Path | str, registry: Registry | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.registry = registry
        self.review: Review | None = None
        self.problem: str | None = None
        #: proposals skipped in this sitting: they stay in the file, first in line next time
        self.skipped: set[str] = set()
        self.current: Candidate | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-progress")
        with ReviewView(id="review-view", classes="pane"):
            yield Static(id="review-text")
        yield Static(id="review-said")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = safe(f"Review: {self.path.name}", one_line=True)  # the title line is plain text
        self.query_one("#review-progress", Static).update(escape(f"Reading {self.path} ..."))
        self.query_one(ReviewView).focus()
        self.load()

    @work(thread=True, exclusive=True, group="review-load")
    def load(self) -> None:
        """Read the file and check its council (the importer's modules load here, not before the first frame)."""
        from councilkit.importer import Review, ReviewError

        try:
            review, problem = Review.load(self.path, self.registry), None
        except ReviewError as exc:
            review, problem = None, str(exc)
        self.app.call_from_thread(self._loaded, review, problem)

    def _loaded(self, review: Review | None, problem: str | None) -> None:
        self.review, self.problem = review, problem
        self.show()

    # what is shown ----------------------------------------------------------------------------------
    def waiting(self) -> list[Candidate]:
        return [c for c in self.review.candidates if c.id not in self.skipped] if self.review else []

    def show(self) -> None:
        """The next proposal not skipped, or the end: onboarded, or what the skipped ones leave."""
        review = self.review
        progress = self.query_one("#review-progress", Static)
        text = self.query_one("#review-text", Static)
        waiting = self.waiting()
        self.current = waiting[0] if waiting else None
        if review is None:
            progress.update(state_word("REFUSED") + " " + escape("This file cannot be reviewed."))
            text.update(escape(self.problem or "") + "\n\n" + escape(
                "Run `councilkit validate` on it, or import the protocol again.  Escape closes."))
        elif self.current is None:
            progress.update(self._end_line(review))
            text.update(self._end_text(review))
        else:
            line = review.progress(self.current)
            if self.skipped:
                line += f" ({len(self.skipped)} skipped)"
            progress.update(escape(line))
            text.update(self._proposal_text(review, self.current))
        self.query_one(ReviewView).scroll_home(animate=False)
        self.refresh_bindings()

    def _end_line(self, review: Review) -> str:
        if review.onboarded:
            return state_word("ONBOARDED") + " " + escape(review.progress())
        return state_word("SKIPPED") + " " + escape(review.progress())

    def _end_text(self, review: Review) -> str:
        if review.onboarded:
            lines = [f"Every proposal of {review.path.name} is decided: no normative sentence remains, and "
                     f"the council is onboarded.",
                     "",
                     f"Next: run `councilkit validate {review.path.name}` and read its warnings; check the "
                     "clause list against the document.  Escape closes the review."]
        else:
            n, left = review.sentences_remaining, review.remaining
            which = "the proposal you skipped remains" if left == 1 else f"the {left} proposals you skipped remain"
            lines = [f"No proposal is left in this sitting: {which} in the file ({n} normative "
                     f"sentence{'s' if n != 1 else ''}), first in line when the review is opened again.",
                     "",
                     f"{self.app.get_key_display(self._binding('review.again'))} goes round again with the "
                     "skipped ones; Escape closes the review."]
        return escape("\n".join(lines))

    def _proposal_text(self, review: Review, candidate: Candidate) -> str:
        kind = "rule" if candidate.kind == "rule" else "route (who handles a concern)"
        parts = [f"[b]Clause {escape(candidate.clause)}[/b]", escape(candidate.sentence), "",
                 f"[b]Proposed {kind}[/b] [dim]({escape(candidate.id)})[/dim]", escape(review.plain(candidate))]
        fields = "  ".join(f"{f}: {review.value(candidate, f) or '(none)'}" for f in candidate.fields)
        parts.append(f"[dim]{escape(fields)}[/dim]")
        if candidate.sources:
            parts += ["", "[b]Where it came from[/b]", *(escape(s) for s in candidate.sources)]
        problems = review.problems(candidate)
        if problems:
            parts += ["", "[b]Not yet valid[/b] (c changes a field; a is refused until then)",
                      *(escape(short(p, review.path)) for p in problems)]
        return "\n".join(parts)

    def say(self, markup: str) -> None:
        self.query_one("#review-said", Static).update(markup)

    # decisions --------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The decisions are offered only while a proposal is shown."""
        if action in ("decide", "change", "skip"):
            return self.current is not None
        if action == "again":
            return self.current is None and self.review is not None and not self.review.onboarded
        return True

    def _binding(self, binding_id: str) -> Binding:
        """The binding ``binding_id`` on the key it has now (a user's keymap may have moved it)."""
        default = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == binding_id)
        keys = getattr(self.app, "user_keymap", {}).get(binding_id, default.key)
        return Binding(keys.split(",")[0], default.action)

    def action_decide(self, how: str) -> None:
        from councilkit.importer import ReviewError

        review, candidate = self.review, self.current
        if review is None or candidate is None:
            return
        try:
            if how == "accept":
                review.accept(candidate.id)
            else:
                review.reject(candidate.id, descriptive=how == "descriptive")
        except ReviewError as exc:  # the norm does not validate: nothing changed, nothing written
            self.say(refused(short(str(exc), review.path)))
            return
        if not self._save():
            return
        done = {"accept": "Accepted: it is part of the council now",
                "reject": "Rejected: not a norm of this council",
                "descriptive": "Marked descriptive: the sentence states no norm"}[how]
        self.say(escape(f"{done} ({candidate.clause}, {candidate.id}); written to {review.path.name}."))
        self.show()

    def _save(self) -> bool:
        """Write the file; if that is refused (it changed elsewhere) or fails, read it again as it is."""
        from councilkit.importer import Review, ReviewError

        review = self.review
        assert review is not None
        try:
            review.save()
        except ReviewError as exc:
            self.say(refused(short(str(exc), review.path)))
            try:
                self.review = Review.load(self.path, self.registry)
            except ReviewError as again:
                self.review, self.problem = None, str(again)
            self.show()
            return False
        return True

    def action_skip(self) -> None:
        if self.current is None:
            return
        self.skipped.add(self.current.id)
        self.say(escape(f"Skipped {self.current.clause} ({self.current.id}): it stays in the file for later."))
        self.show()

    def action_again(self) -> None:
        """After every proposal left was skipped: the skipped ones again, from the first."""
        if self.current is None and self.skipped:
            self.skipped.clear()
            self.say(escape("The skipped proposals again, from the first."))
            self.show()

    def action_change(self) -> None:
        review, candidate = self.review, self.current
        if review is None or candidate is None:
            return

        def changed(result: tuple[str, str] | None) -> None:
            if result is None or self.review is None:
                return
            field, value = result
            if not self._save():
                return
            self.say(escape(f"Changed {field} to {value or '(none)'}; written to {self.path.name}.  "
                            "a accepts it."))
            self.show()

        self.app.push_screen(ChangeField(review, candidate), changed)

    def action_close(self) -> None:
        self.dismiss(None)


class ChangeField(ModalScreen[tuple[str, str] | None]):
    """Change one field of a proposal, choosing among the values that fit; a change that would make the norm
    invalid is refused here, with the reason, and nothing is written."""

    HELP = """\
## Change a field

Choose the field, then its new value from the list (Enter opens a list; type to
find).  For a route's roles, Space ticks each one that applies.  **F8** or
**Change** makes the change; **Escape** cancels.  A change that would make the
norm invalid is refused, with the reason, and nothing is written.
"""
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="review_change.cancel"),
        Binding("f8", "apply", "Change", id="review_change.apply"),
    ]

    def __init__(self, review: Review, candidate: Candidate) -> None:
        super().__init__()
        self.review = review
        self.candidate = candidate

    def compose(self) -> ComposeResult:
        from councilkit.importer.review import FIELD_WORDS

        c = self.candidate
        with VerticalScroll(id="review-change") as box:
            box.border_title = escape(f"Change a field: {c.clause}, {c.id}")
            yield Static(escape(self.review.plain(c)), id="review-change-now")
            yield Label("Field")
            yield Select([(plain(f"{f} ({FIELD_WORDS.get(f, f)})"), f) for f in c.fields], id="review-change-field",
                         compact=True, allow_blank=False, value=c.fields[0])
            yield Label(self._value_label(c.fields[0]), id="review-change-label")
            yield Vertical(self._value_widget(c.fields[0]), id="review-change-value")
            yield Static(id="review-change-error")
            with Horizontal(id="review-change-buttons"):
                yield Button("Change", id="review-change-apply", variant="primary", compact=True)
                yield Button("Cancel", id="review-change-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-change-field", Select).focus()

    def _value_label(self, field: str) -> str:
        from councilkit.importer.review import MANY

        if self.candidate.kind == "route" and field in MANY:
            return "Value (Space ticks each one that applies)"
        return "Value (Enter opens the list; type to find)"

    def _value_widget(self, field: str) -> Any:
        from councilkit.importer.review import MANY

        choices = self.review.choices(self.candidate, field)
        now = self.review.value(self.candidate, field)
        if self.candidate.kind == "route" and field in MANY:
            chosen = {v.strip() for v in now.split(",") if v.strip()}
            return SelectionList[str](*(Selection(plain(ch.label), ch.value, ch.value in chosen) for ch in choices),
                                      id="review-change-many", compact=True)
        values = [ch.value for ch in choices]
        return Select([(plain(ch.label), ch.value) for ch in choices], id="review-change-one", compact=True,
                      prompt="choose", allow_blank=now not in values,
                      value=now if now in values else Select.NULL)

    @on(Select.Changed, "#review-change-field")
    async def field_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        box = self.query_one("#review-change-value", Vertical)
        await box.remove_children()
        await box.mount(self._value_widget(str(event.value)))
        self.query_one("#review-change-label", Label).update(self._value_label(str(event.value)))
        self.query_one("#review-change-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#review-change-cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#review-change-apply")
    def apply_pressed(self) -> None:
        self.action_apply()

    def _error(self, markup: str) -> None:
        self.query_one("#review-change-error", Static).update(markup)

    def action_apply(self) -> None:
        from councilkit.importer import ReviewError

        field = str(self.query_one("#review-change-field", Select).value)
        if self.query("#review-change-many"):
            value = ", ".join(self.query_one("#review-change-many", SelectionList).selected)
        else:
            chosen = self.query_one("#review-change-one", Select).value
            if chosen is Select.NULL:
                self._error(escape(f"{field}: choose a value from the list."))
                self.query_one("#review-change-one").focus()
                return
            value = str(chosen)
        try:
            self.review.change(self.candidate.id, field, value)
        except ReviewError as exc:  # the change would make the norm invalid: nothing changed, nothing written
            self._error(refused(short(str(exc), self.review.path)))
            return
        self.dismiss((field, value))
