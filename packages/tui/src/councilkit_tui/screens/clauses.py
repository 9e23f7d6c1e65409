"""Reading a protocol: the clause tree on the left, the clause and the norms citing it on the right."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from councilkit import Council
from councilkit.protocol import Clause


class ClausesScreen(Screen[None]):
    BINDINGS = [("escape", "app.pop_screen", "Councils")]

    def __init__(self, council: Council) -> None:
        super().__init__()
        self.council = council

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Tree(self.council.protocol.title, id="clause-tree")
            with VerticalScroll(id="clause-view"):
                yield Static(id="clause-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.council.name
        tree: Tree[str] = self.query_one("#clause-tree", Tree)
        tree.show_root = False
        nodes: dict[str, TreeNode[str]] = {}
        for _, clause in self.council.protocol.walk():
            parent = nodes[clause.parent] if clause.parent else tree.root
            label = clause.title
            if clause.children:
                nodes[clause.id] = parent.add(label, data=clause.id, expand=True)
            else:
                nodes[clause.id] = parent.add_leaf(label, data=clause.id)
        tree.root.expand()
        self.nodes = nodes
        tree.focus()
        first = self.council.protocol.clauses[0] if self.council.protocol.clauses else None
        if first is not None:
            self.show_clause(first.id)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data:
            self.show_clause(event.node.data)

    def show_clause(self, clause_id: str) -> None:
        council = self.council
        clause = council.clause(clause_id)
        self.query_one("#clause-text", Static).update(render_clause(council, clause))


def render_clause(council: Council, clause: Clause) -> str:
    """The clause as Textual markup: number, heading, text, children, and citing norms."""
    lines = [f"[b]{escape(clause.display_label or clause.id)} {escape(clause.heading or '')}[/b]".rstrip()]
    if clause.text:
        lines += ["", escape(clause.text)]
    for child in council.protocol.children(clause.id):
        lines += ["", f"  [b]{escape(child.display_label)}[/b] {escape(child.text or child.heading or '')}"]
    norms = council.norms_citing(clause.id)
    lines += ["", f"[b]Norms citing {escape(clause.id)}[/b]" if norms else "[i]No norm cites this clause.[/i]"]
    for n in norms:
        lines.append(f"  • {escape(n.kind)}: {escape(n.summary)}")
    return "\n".join(lines)
