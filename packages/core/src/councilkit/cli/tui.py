"""``councilkit tui``: open the terminal UI (the default command).

The UI is a separate distribution (``councilkit-tui``) that never imports the CLI: this command
hands it the root options as arguments (:func:`councilkit_tui.app.run`), and the UI reads nothing
from click.
"""

from __future__ import annotations

import click

from councilkit.cli.output import fail


@click.command("tui")
@click.option("--council", "council_id", help="Open this council directly.")
@click.pass_context
def tui_command(ctx: click.Context, council_id: str | None = None) -> None:
    """Open the clerk's terminal UI."""
    try:
        from councilkit_tui.app import run
    except ModuleNotFoundError as exc:
        if exc.name not in ("councilkit_tui", "textual"):
            raise
        fail("the terminal UI is not installed; install it with: pip install councilkit-tui")
    root = ctx.find_root().obj or {}
    demo = bool(root.get("demo"))
    # the demo never opens the real store COUNCILKIT_DB names: the root keeps a --db given with --demo apart
    run(councils=root.get("councils"), council_id=council_id, demo=demo,
        db=root.get("demo_db") if demo else root.get("db"), as_person=root.get("as_person"))


COMMANDS = (tui_command,)
