"""``councilkit tui``: open the terminal UI (the default command)."""

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
    except ImportError:
        fail("the terminal UI is not installed; install it with: pip install councilkit-tui")
    root = ctx.find_root().obj or {}
    run(councils=root.get("councils"), council_id=council_id)


COMMANDS = (tui_command,)
