"""The ``councilkit`` command.

Every command is named once, in :data:`COMMANDS`, with the module of this package and the
object that define it; a module is imported only when one of its commands runs (or for
``--help``), so opening the terminal UI, the default command, imports none of the others.
The options every command shares (``--json``, ``--db``, ``--as``, ``--demo``, ``--council``,
``--councils``), before or after its name, and the exit codes are in
:mod:`councilkit.cli.context`.  Errors a person can fix are printed as one clear message,
never a traceback: exit 1 when problems were found, 2 when a request is refused or malformed.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from typing import Any

import click

from councilkit.cli.context import (
    Options,
    attach,
    exit_code,
    options,
    refusal_document,
    shared_options,
)
from councilkit.cli.output import REFUSED, emit_json, fail, program
from councilkit.errors import CouncilkitError

#: every command: its name, and ``module:object`` in this package that defines it
COMMANDS = {
    "actions": "policy:actions_command",
    "admin": "admin:admin_group",
    "attention": "attention:attention_command",
    "audit": "audit:audit_group",
    "backup": "backup:backup_command",
    "case": "cases:case_group",
    "check": "policy:check_command",
    "compare": "councils:compare_command",
    "councils": "councils:councils_command",
    "demo": "demo:demo_command",
    "import": "importer:import_command",
    "init": "init:init_command",
    "moves": "casework:moves_command",
    "people": "people:people_group",
    "plugins": "plugins:plugins_command",
    "questions": "policy:questions_command",
    "register": "registers:register_group",
    "review": "review:review_command",
    "route": "route:route_command",
    "serve": "serve:serve_command",
    "show": "councils:show_command",
    "test": "policy:test_command",
    "tui": "tui:tui_command",
    "validate": "councils:validate_command",
    "whoami": "whoami:whoami_command",
    "worklist": "casework:worklist_command",
}


def load_command(name: str) -> click.Command:
    """The command ``name`` (a key of :data:`COMMANDS`), its module imported now, with the shared options."""
    module, attribute = COMMANDS[name].split(":")
    return attach(getattr(importlib.import_module(f"{__name__}.{module}"), attribute))


class Group(click.Group):
    """The root command: each command loaded when it is first wanted, the shared options held in one
    :class:`~councilkit.cli.context.Options`, and the SDK's errors turned into one-line messages."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("prog_name", program())  # usage lines name the program as it was run
        return super().main(*args, **kwargs)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        extra.setdefault("obj", Options())
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CouncilkitError as exc:
            code = exit_code(exc)
            document = refusal_document(exc) if options(ctx).json else None
            if document is not None:
                emit_json(document)
                sys.exit(code)
            fail(str(exc), code)
        except sqlite3.DatabaseError as exc:  # a damaged store, found in the middle of a command
            from councilkit.store import damaged

            fail(str(damaged(options(ctx).workspace().store_path(), exc)), 1)
        except OverflowError as exc:  # a number or date no check caught before it reached SQLite or a date
            fail(f"a number or date given is too large ({exc}); nothing was written", REFUSED)
        except KeyboardInterrupt:
            fail("interrupted", 130)


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="councilkit", prog_name="councilkit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """councilkit: a council's Member/Officer Protocol, its registers and its cases.

    With no command, opens the terminal UI.  The options below may also follow a command's name.
    """
    if ctx.invoked_subcommand is None:
        if options(ctx).json:
            raise click.UsageError("--json: name a command whose output to print as JSON", ctx)
        tui = main.get_command(ctx, "tui")
        assert tui is not None
        ctx.invoke(tui)


main.params[:0] = shared_options()
