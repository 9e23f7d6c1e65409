"""``councilkit tui``: open the terminal UI (the default command).

The UI is a separate distribution (``councilkit-tui``) that never imports the CLI: this command
hands it the shared options as arguments (:func:`councilkit_tui.app.run`), and the UI reads nothing
from click.  ``--review FILE`` opens the review of an imported council file first (the screen
``councilkit review FILE`` is the command-line twin of); the file is checked here, so a file that
cannot be reviewed is one clear message before the UI starts.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import click

from councilkit.cli.context import long_lived, no_json, options, takes_council
from councilkit.cli.output import fail


@takes_council
@no_json
@click.command("tui")
@click.option("--review", "review", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Review the norms an import proposed in FILE, one at a time (as `councilkit review FILE`).")
@click.pass_context
def tui_command(ctx: click.Context, review: Path | None) -> None:
    """Open the clerk's terminal UI (--council COUNCIL opens that council directly)."""
    try:
        with long_lived():  # Textual and the app: some 150 ms of imports the collector need not walk as they grow
            from councilkit_tui.app import run
    except ModuleNotFoundError as exc:
        if exc.name not in ("councilkit_tui", "textual"):
            raise
        fail("the terminal UI is not installed; install it with: pip install councilkit-tui")
    opts = options(ctx)
    more = {}
    if review is not None:
        from councilkit.importer import Review, ReviewError

        try:
            Review.load(review)
        except ReviewError as exc:
            fail(str(exc), 1)
        if "review" not in inspect.signature(run).parameters:  # an older councilkit-tui beside this SDK
            fail("this councilkit-tui has no review screen; update it, or use: councilkit review FILE")
        more["review"] = review
    # the demo never opens the real store COUNCILKIT_DB names: only a --db given with --demo is its file
    run(councils=opts.councils_dir, council_id=opts.council, demo=opts.demo,
        db=opts.demo_db if opts.demo else opts.db, as_person=opts.as_person, **more)
