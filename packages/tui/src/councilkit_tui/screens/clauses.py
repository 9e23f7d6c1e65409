"""Reading a protocol: the clause tree, the clause with the norms citing it, search and jump."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Header, Input, OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from councilkit.errors import did_you_mean
from councilkit.model.search import example_reference, find_reference, index_of, reference

from ..render.clauses import clause_markup
from ..render.markup import escape, plain
from ..widgets.footer import Footer
from ..widgets.scrolling import CueList, CueTree, Panel
from .base import CouncilScreen

if TYPE_CHECKING:
    from councilkit import Council


class ClauseTree(CueTree):
    HELP = """\
## Clauses

The protocol's clauses by number and heading.  Up/Down move, Enter or Space opens
and closes a clause's children; the clause under the cursor is shown beside the
tree (below it on a narrow screen).  Home and End go to the first and last clause.

- **/** searches the whole protocol: every word, in any form ("disciplinary", "gifts")
- **g** goes to a clause by its reference as printed (`4.2`, `3.1(e)`), or by its place where
  the document numbers nothing ("Introduction, paragraph 2")
- **y** copies the clause's reference to the clipboard (works over SSH)
- **c** compares this clause's topic across councils
"""


class JumpDialog(ModalScreen[str | None]):
    """Go to a clause by its reference as printed (or its position); an unknown one is explained, not ignored."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="jump.cancel")]

    def __init__(self, council: Council) -> None:
        super().__init__()
        self.council = council

    def compose(self) -> ComposeResult:
        example = example_reference(self.council.protocol)
        with Vertical(id="jump"):
            yield Static(f"Go to clause (for example {escape(example)}); Enter goes, Escape cancels.")
            yield Input(placeholder="clause, as printed", id="jump-input")
            yield Static(id="jump-error")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.app.blink
        field.focus()

    @on(Input.Submitted)
    def go(self, event: Input.Submitted) -> None:
        wanted = event.value.strip()
        found = find_reference(self.council.protocol, wanted)
        if found is not None:
            self.dismiss(found.id)
            return
        protocol = self.council.protocol
        refs = [reference(protocol, c.id) for c in protocol.clauses]
        self.query_one("#jump-error", Static).update(
            f"No clause {escape(wanted)!s} in this protocol{escape(did_you_mean(wanted, refs))}.")


class ClausesScreen(CouncilScreen):
    BINDINGS = [
        Binding("slash", "search", "Search", id="clauses.search"),
        Binding("g", "jump", "Go to", id="clauses.jump"),
        Binding("y", "copy", "Copy ref", id="clauses.copy"),
        Binding("c", "compare", "Compare", id="clauses.compare"),
        Binding("escape", "close_search", "Close search", id="clauses.close_search", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="clause-body"):
            yield ClauseTree("Clauses", id="clause-tree", classes="pane")
            with Vertical(id="clause-side"):
                yield Input(placeholder="Search the protocol (words in any clause)", id="clause-search")
                yield CueList(id="search-results", classes="pane")
                with Panel(id="clause-view", classes="pane"):
                    yield Static(id="clause-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#clause-search", Input).cursor_blink = self.app.blink
        self.query_one("#clause-search").display = False
        self.query_one("#search-results").display = False
        self.nodes: dict[str, TreeNode[str]] = {}
        self.sync_council()

    def show_council(self, council: Council) -> None:
        tree = self.query_one("#clause-tree", ClauseTree)
        tree.clear()
        tree.root.set_label(plain(council.protocol.title))
        tree.show_root = False
        self.nodes = {}
        for _, clause in council.protocol.walk():
            parent = self.nodes[clause.parent] if clause.parent else tree.root
            label = plain(clause.title)
            if clause.children:
                self.nodes[clause.id] = parent.add(label, data=clause.id, expand=True)
            else:
                self.nodes[clause.id] = parent.add_leaf(label, data=clause.id)
        tree.root.expand()
        tree.guide_depth = 2  # three levels deep: every column counts in a tree a third of 80 wide
        tree.focus()
        if council.protocol.clauses:
            self.show_clause(council.protocol.clauses[0].id)

    @property
    def council(self) -> Council:
        council = self.app.session.council
        assert council is not None
        return council

    # the clause --------------------------------------------------------------
    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data:
            self.show_clause(event.node.data)

    def show_clause(self, clause_id: str) -> None:
        self.current = clause_id
        self.query_one("#clause-text", Static).update(clause_markup(self.council, self.council.clause(clause_id)))
        self.query_one("#clause-view", Panel).scroll_home(animate=False)

    def go_to(self, clause_id: str) -> None:
        """Move the tree's cursor to ``clause_id`` (opening its parents) and show it."""
        node = self.nodes.get(clause_id)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        tree = self.query_one("#clause-tree", ClauseTree)
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)
        self.show_clause(clause_id)
        tree.focus()

    # search ------------------------------------------------------------------
    def action_search(self) -> None:
        box = self.query_one("#clause-search", Input)
        box.display = True
        self.query_one("#search-results").display = True
        box.focus()

    def action_close_search(self) -> None:
        self.query_one("#clause-search").display = False
        self.query_one("#search-results").display = False
        self.query_one("#clause-tree").focus()

    @on(Input.Changed, "#clause-search")
    def search_changed(self, event: Input.Changed) -> None:
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        query = event.value.strip()
        if not query:
            return
        protocol = self.council.protocol
        hits = index_of(self.council).search(query, limit=50)
        if not hits:
            results.add_option(Option(f"No clause contains {escape(query)!s}.", disabled=True))
        for hit in hits:
            results.add_option(Option(f"[b]{escape(reference(protocol, hit.clause.id))}[/b]  {escape(hit.snippet)}",
                                      id=hit.clause.id))

    @on(Input.Submitted, "#clause-search")
    def search_submitted(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.highlighted = 0
            results.focus()

    @on(OptionList.OptionSelected, "#search-results")
    def search_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_close_search()
            self.go_to(event.option.id)

    # jump, copy, compare -----------------------------------------------------
    def action_jump(self) -> None:
        def chosen(clause_id: str | None) -> None:
            if clause_id:
                self.go_to(clause_id)

        self.app.push_screen(JumpDialog(self.council), chosen)

    def action_copy(self) -> None:
        clause = self.council.clause(self.current)
        text = f"{self.council.name}, {self.council.protocol.title}, clause {reference(self.council.protocol, clause.id)}"
        if clause.heading:
            text += f" ({clause.heading})"
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied: {text}", title="Clipboard")

    def action_compare(self) -> None:
        clause = self.council.clause(self.current)
        self.app.open_compare(clause.heading or clause.text)
