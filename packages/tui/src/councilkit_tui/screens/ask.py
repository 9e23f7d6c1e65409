"""Ask: choose who, what, towards whom and the facts from lists; see the decision and where it says so."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from councilkit.errors import CouncilkitError
from councilkit.model.search import reference

from ..render.clauses import decision_markup
from ..render.markup import escape, plain
from ..widgets.footer import Footer
from ..widgets.scrolling import CueList, Panel
from .base import CouncilScreen

if TYPE_CHECKING:
    from councilkit import Council

NOBODY = "__nobody__"


class AskScreen(CouncilScreen):
    HELP = """\
## Ask

Choose who acts, what they want to do, towards whom, and any facts you know.
Everything is picked from lists.  The answer updates as you choose: permitted,
forbidden, conditional (with the facts that would settle it) or not covered (with
whom to ask).  Tab moves between fields; in *Where it says so*, Enter opens the clause.
"""
    BINDINGS = [Binding("o", "open_citation", "Open clause", id="ask.open_clause")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with VerticalScroll(id="ask-form", classes="pane"):
                yield Label("Who")
                yield Select[str]([], prompt="choose a role", id="ask-actor", compact=True)
                yield Label("wants to")
                yield Select[str]([], prompt="choose an action", id="ask-action", compact=True)
                yield Label("towards")
                yield Select[str]([], prompt="nobody in particular", id="ask-target", compact=True)
                yield Vertical(id="ask-facts")
            with Vertical(id="ask-answer"):
                with Panel(id="ask-decision-view", classes="pane"):
                    yield Static("Choose who, and what they want to do.", id="ask-decision")
                yield Label("Where it says so (Enter opens the clause)")
                yield CueList(id="ask-citations", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.sync_council()

    _facts_for: str | None = None

    def show_council(self, council: Council) -> None:
        roles = sorted(council.roles.values(), key=lambda r: r.title)
        self.query_one("#ask-actor", Select).set_options([(plain(r.title), r.id) for r in roles])
        used = sorted({r.action for r in council.rules})
        actions = [council.actions[a] for a in used] + sorted(
            (a for a in council.actions.values() if a.id not in used), key=lambda a: a.id)
        self.query_one("#ask-action", Select).set_options(
            [(plain(a.description.replace("{target}", "…")), a.id) for a in actions])
        self.query_one("#ask-target", Select).set_options([(plain(r.title), r.id) for r in roles])
        self.query_one("#ask-facts", Vertical).remove_children()
        self._facts_for = None
        self.query_one("#ask-decision", Static).update("Choose who, and what they want to do.")
        self.query_one("#ask-citations", OptionList).clear_options()
        self.query_one("#ask-actor", Select).focus()  # where the clerk starts: who

    # the form -------------------------------------------------------------------
    async def choose(self, actor: str, action: str, target: str | None = None, **facts: Any) -> None:
        """Fill the form as a person would by picking from the lists, then ask."""
        self.query_one("#ask-actor", Select).value = actor
        self.query_one("#ask-target", Select).value = target if target else Select.NULL
        await self._build_facts(action, facts)
        self.query_one("#ask-action", Select).value = action
        self.ask()

    async def _build_facts(self, action_id: str, values: dict[str, Any] | None = None) -> None:
        self._facts_for = action_id
        box = self.query_one("#ask-facts", Vertical)
        await box.remove_children()
        action = self.app.session.council.actions[action_id]  # type: ignore[union-attr]
        widgets = []
        for attribute in action.context:
            options: list[tuple[str, Any]]
            if attribute.type == "choice":
                options = [(c.replace("_", " "), c) for c in attribute.choices]
            else:
                options = [("yes", True), ("no", False)]
            # the value goes to the constructor: set on a Select not yet mounted, it is shown as "not known"
            value = values[attribute.id] if values and attribute.id in values else Select.NULL
            select = Select[Any](options, prompt="not known", name=attribute.id, classes="fact", compact=True,
                                 value=value)
            words = attribute.description.replace("{actor}", "the actor").replace("{target}", "the target")
            widgets += [Label(plain(words)), select]
        if widgets:
            await box.mount(Label("[b]Facts[/b]: leave \"not known\" if unsure"), *widgets)

    @on(Select.Changed)
    async def changed(self, event: Select.Changed) -> None:
        if (event.select.id == "ask-action" and event.value is not Select.NULL
                and event.value != self._facts_for):
            await self._build_facts(str(event.value))
        self.ask()

    def ask(self) -> None:
        council = self.app.session.council
        if council is None:
            return
        actor = self.query_one("#ask-actor", Select).value
        action = self.query_one("#ask-action", Select).value
        target = self.query_one("#ask-target", Select).value
        citations = self.query_one("#ask-citations", OptionList)
        if actor is Select.NULL or action is Select.NULL:
            return
        facts = {}
        for select in self.query(".fact").results(Select):
            if select.value is not Select.NULL and select.name:
                facts[select.name] = select.value
        try:
            decision = council.check(str(actor), str(action), None if target is Select.NULL else str(target), **facts)
        except CouncilkitError as exc:
            self.query_one("#ask-decision", Static).update(f"[b]Cannot ask:[/b] {escape(str(exc))}")
            citations.clear_options()
            return
        self.decision = decision
        self.query_one("#ask-decision", Static).update(decision_markup(decision, council, str(action)))
        citations.clear_options()
        for c in decision.citations:
            about = c.heading or c.text
            ref = reference(council.protocol, c.id) if c.id in council.protocol else c.id
            citations.add_option(Option(f"[b]{escape(ref)}[/b]  {escape(about)}", id=c.id))
        if citations.option_count:
            citations.highlighted = 0

    # following a citation ---------------------------------------------------------
    def action_open_citation(self) -> None:
        citations = self.query_one("#ask-citations", OptionList)
        if citations.highlighted is not None:
            option = citations.get_option_at_index(citations.highlighted)
            if option.id:
                self.app.call_later(self.app.open_clause, option.id)

    @on(OptionList.OptionSelected, "#ask-citations")
    def citation_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.call_later(self.app.open_clause, event.option.id)
