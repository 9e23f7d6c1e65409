"""The ``councilkit`` command.

Every command is named once, in :data:`TABLE`, with the module of this package and the
object that define it and the summary ``--help`` lists; a module is imported only when one of
its commands runs (or its own ``--help`` is asked for), so opening the terminal UI, the
default command, imports none of the others, and ``councilkit --help`` none at all.
The options every command shares (``--json``, ``--db``, ``--as``, ``--demo``, ``--council``,
``--councils``), before or after its name, and the exit codes are in
:mod:`councilkit.cli.context`.  Errors a person can fix are printed as one clear message,
never a traceback: exit 1 when problems were found, 2 when a request is refused or malformed.
"""

from __future__ import annotations

import gc
import importlib
import sys
from gettext import gettext as _
from typing import Any

import click

from councilkit.cli.context import (
    Options,
    attach,
    exit_code,
    long_lived,
    options,
    refusal_document,
    shared_options,
)
from councilkit.cli.output import REFUSED, emit_json, fail, program
from councilkit.errors import CouncilkitError

#: every command: its name, the ``module:object`` in this package that defines it, and the first
#: paragraph of its help, which ``councilkit --help`` lists without importing the command's module
#: (a test keeps each the same as the command's own help)
TABLE: tuple[tuple[str, str, str], ...] = (
    ("actions", "policy:actions_command",
     "What can be asked of COUNCIL: each action, its context attributes, and the rules that "
     "use it."),
    ("admin", "admin:admin_group", "The deployment's administrators, and the councils it serves."),
    ("attention", "attention:attention_command",
     "What needs attention at COUNCIL: late case steps, register clocks, the protocol's "
     "review."),
    ("audit", "audit:audit_group",
     "Check that the record has not been changed, and see who opened a case."),
    ("backup", "backup:backup_command",
     "Copy the store (--db) to DEST, a new file or a folder, while others write to it; verify "
     "the copy."),
    ("case", "cases:case_group",
     "Cases: a concern taken along its council's route, from opening to closure."),
    ("check", "policy:check_command",
     "May ACTOR do ACTION (towards TARGET)? The answer cites the clauses it rests on."),
    ("compare", "councils:compare_command",
     "Set several councils' clauses on one TOPIC side by side (default: every council)."),
    ("councils", "councils:councils_command",
     "List the councils: id, name, tier, variant, adoption and review dates."),
    ("demo", "demo:demo_command",
     "Fill a demo store with fictional people and, for each seed council, cases in every state "
     "and register entries."),
    ("import", "importer:import_command",
     "Import a council's protocol from its text (FILE: plain text or Markdown, UTF-8)."),
    ("init", "init:init_command",
     "Set up the store (--db) for a deployment serving COUNCIL...; you become its first "
     "administrator."),
    ("moves", "casework:moves_command",
     "What CASE allows next: each action, what it needs choosing, and who may take it."),
    ("people", "people:people_group",
     "People and the roles they hold at each council, from and to a date (administrators "
     "change them)."),
    ("plugins", "plugins:plugins_command",
     "List installed plugins with their versions, hooks and status."),
    ("questions", "policy:questions_command",
     "Every question each council's rules answer, as Markdown (docs/questions.md is made this "
     "way)."),
    ("register", "registers:register_group",
     "The registers a council's protocol relies on: list, add, amend, search, export, import."),
    ("review", "review:review_command",
     "Review the proposed norms in an imported council FILE, one at a time."),
    ("route", "route:route_command",
     "The route a concern raised by one role about another takes at COUNCIL, step by step."),
    ("serve", "serve:serve_command",
     "Serve the terminal UI over SSH: each registered key is a person; no shell is ever "
     "offered."),
    ("show", "councils:show_command",
     "Show a council's protocol, or one CLAUSE with its children and the norms citing it."),
    ("test", "policy:test_command",
     "Run each council's worked examples ([[example]]) like a test suite; exit 1 on a failure."),
    ("tui", "tui:tui_command",
     "Open the clerk's terminal UI (--council COUNCIL opens that council directly)."),
    ("validate", "councils:validate_command",
     "Check council files (default: every council) and print every problem; exit 1 on errors."),
    ("whoami", "whoami:whoami_command",
     "Who you are in the store, whom you act as, and the roles you hold today at each council "
     "(--council: at that council, where --as is checked)."),
    ("worklist", "casework:worklist_command",
     "The cases you may see, overdue first, then open, awaiting, resolved and closed; newest "
     "first in each (--council: only that council's)."),
)
#: every command: its name, and ``module:object`` in this package that defines it
COMMANDS = {name: where for name, where, _ in TABLE}
#: every command's summary for ``councilkit --help``: the first paragraph of its help
SUMMARIES = {name: summary for name, _, summary in TABLE}


def load_command(name: str) -> click.Command:
    """The command ``name`` (a key of :data:`COMMANDS`), its module imported now, with the shared options."""
    module, attribute = COMMANDS[name].split(":")
    with long_lived():
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
        gc.freeze()  # what importing the command line built lasts: the collector need not walk it again
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
        except OverflowError as exc:  # a number or date no check caught before it reached SQLite or a date
            fail(f"a number or date given is too large ({exc}); nothing was written", REFUSED)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except Exception as exc:
            if not _is_database_error(exc):  # a damaged store, found in the middle of a command
                raise
            from councilkit.store import damaged

            fail(str(damaged(options(ctx).workspace().store_path(), exc)), 1)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands in ``--help``, as click writes it, from :data:`SUMMARIES` for the
        commands not yet loaded, so that listing them imports none of their modules."""
        rows = [(name, self.commands.get(name) or _Summary(name)) for name in self.list_commands(ctx)]
        rows = [(name, cmd) for name, cmd in rows if not cmd.hidden]
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])


class _Summary(click.Command):
    """A command not loaded, as ``--help`` lists it: its name and summary (:data:`SUMMARIES`)."""

    def __init__(self, name: str) -> None:
        super().__init__(name, help=SUMMARIES[name])


def _is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's (a damaged store); sqlite3 is imported only by commands that use the store."""
    sqlite3 = sys.modules.get("sqlite3")
    return sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError)


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
