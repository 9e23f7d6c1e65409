"""The ``councilkit`` command.

Each area of commands lives in its own module in this package and lists its
commands in a module-level ``COMMANDS`` tuple; :data:`COMMAND_MODULES` below names
the module of each command, and a module is imported only when one of its commands
runs (or for ``--help``), so opening the terminal UI, the default command, imports
none of the others.  Every command that prints data takes ``--json``.  Errors a person can
fix are printed as one clear message, never a traceback: exit 1 when problems
were found, 2 when a request is refused or malformed.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from councilkit.cli.output import REFUSED, fail
from councilkit.councilfile import COUNCILS_ENV
from councilkit.errors import CouncilkitError

#: every command, and the module of this package whose ``COMMANDS`` define it
#: (packages/core/tests/test_cli_commands.py checks this against the modules)
COMMAND_MODULES = {
    "actions": "policy",
    "attention": "attention",
    "audit": "audit",
    "case": "cases",
    "check": "policy",
    "compare": "councils",
    "councils": "councils",
    "demo": "demo",
    "import": "importer",
    "moves": "casework",
    "people": "people",
    "plugins": "plugins",
    "questions": "policy",
    "register": "registers",
    "route": "route",
    "show": "councils",
    "test": "policy",
    "tui": "tui",
    "validate": "councils",
    "whoami": "whoami",
    "worklist": "casework",
}


class Group(click.Group):
    """A click group that loads each command's module when it is first wanted, and turns the SDK's
    errors into one-line messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"{__name__}.{COMMAND_MODULES[cmd_name]}")
            for command in getattr(module, "COMMANDS", ()):
                self.add_command(command)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CouncilkitError as exc:
            fail(str(exc), REFUSED if isinstance(exc, LookupError) else 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--councils",
    "councils",
    type=click.Path(path_type=Path),
    envvar=COUNCILS_ENV,
    help=f"Directory of council files (default: the bundled demo councils; env {COUNCILS_ENV}).",
)
@click.option(
    "--db",
    "db",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="COUNCILKIT_DB",
    help="The SQLite store (default: councilkit.db in the platform data directory; env COUNCILKIT_DB).",
)
@click.option(
    "--as",
    "as_person",
    metavar="PERSON",
    help="Act as this person (administrators only); recorded on every event written.",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Work on the demo, for every command as in the terminal UI: the bundled councils and the demo store "
    "(--db if given with it, else demo.db beside, never in, the real store, so never COUNCILKIT_DB), filled the "
    "first time; a login that is no "
    "person there acts as each council's case officer.",
)
@click.version_option(package_name="councilkit", prog_name="councilkit")
@click.pass_context
def main(ctx: click.Context, councils: Path | None, db: Path | None, as_person: str | None, demo: bool) -> None:
    """councilkit: a council's Member/Officer Protocol, its registers and its cases.

    With no command, opens the terminal UI.
    """
    from councilkit.councilfile import BUNDLED_DIR

    ctx.ensure_object(dict)
    ctx.obj["councils"] = BUNDLED_DIR if demo else councils
    ctx.obj["db"] = db
    # COUNCILKIT_DB names the real store: the demo never writes there, only into a --db given with it
    ctx.obj["demo_db"] = None if ctx.get_parameter_source("db") is ParameterSource.ENVIRONMENT else db
    ctx.obj["as_person"] = as_person
    ctx.obj["demo"] = demo
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui_command)


from councilkit.cli.tui import tui_command  # noqa: E402  (the default command)


def run() -> None:  # pragma: no cover - console script shim
    sys.exit(main())
