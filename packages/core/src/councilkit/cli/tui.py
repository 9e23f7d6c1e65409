"""``councilkit tui``: open the terminal UI (the default command).

The UI is a separate distribution (``councilkit-tui``) that never imports the CLI: this command
hands it the shared options as arguments (:func:`councilkit_tui.app.run`), and the UI reads nothing
from click.
"""

from __future__ import annotations

import click

from councilkit.cli.context import no_json, options, takes_council
from councilkit.cli.output import fail


@takes_council
@no_json
@click.command("tui")
@click.pass_context
def tui_command(ctx: click.Context) -> None:
    """Open the clerk's terminal UI (--council COUNCIL opens that council directly)."""
    try:
        from councilkit_tui.app import run
    except ModuleNotFoundError as exc:
        if exc.name not in ("councilkit_tui", "textual"):
            raise
        fail("the terminal UI is not installed; install it with: pip install councilkit-tui")
    opts = options(ctx)
    # the demo never opens the real store COUNCILKIT_DB names: only a --db given with --demo is its file
    run(councils=opts.councils_dir, council_id=opts.council, demo=opts.demo,
        db=opts.demo_db if opts.demo else opts.db, as_person=opts.as_person)
