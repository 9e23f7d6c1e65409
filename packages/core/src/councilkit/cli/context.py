"""What every command shares: its options, the object that holds them, and how refusals end a command.

**The shared options** (:data:`SHARED`) are declared here, once: ``--councils``, ``--db``,
``--as``, ``--demo``, ``--json`` and ``--council``.  The root command takes them, and so does
every command below it (:func:`attach`), so each may come before or after the command's name:
``councilkit --json worklist`` and ``councilkit worklist --json`` are the same.  A command that
prints no JSON (:func:`no_json`) refuses ``--json``, and only commands about one council or every
one (:func:`takes_council`) take ``--council``; either, given where it does not apply, is refused
with the command's name rather than silently ignored.

**The context object** (:class:`Options`) holds what was given, wherever it was given; a command
reads it with :func:`options` and works through :meth:`Options.workspace`, the SDK's
:class:`~councilkit.workspace.Workspace` (the store, the councils, the demo and the person, by the
same rules as the terminal UI).

**Refusals** (:func:`exit_code`): every error the SDK reports is one line on standard error, never
a traceback; exit 2 when the request is refused (an illegal move, a conflict, a name that does not
exist, someone who may not act, text over its limit), 1 for any other problem found (a store that
cannot be read, a chain that does not verify).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from councilkit.cli.output import REFUSED
from councilkit.cli.params import DATE  # noqa: F401  (the shared date option, bounded; used by the commands)
from councilkit.settings import COUNCILS_ENV, DB_ENV

if TYPE_CHECKING:
    from councilkit.workspace import Workspace

C = TypeVar("C", bound=click.Command)


class Options:
    """The shared options as given, before or after the command's name (the root's context object).

    ``db``: ``--db`` given on the command line (None: ``COUNCILKIT_DB`` or the platform data
    directory, as the store decides); with ``--demo`` it names the demo file instead, so the demo
    never writes into the real store ``COUNCILKIT_DB`` names.  ``councils``: ``--councils``
    (None: ``COUNCILKIT_COUNCILS`` or what the plugins ship; with ``--demo``, always the latter).
    """

    __slots__ = ("_workspace", "as_person", "council", "councils", "db", "demo", "json")

    def __init__(self, councils: Path | None = None, db: Path | None = None, as_person: str | None = None,
                 demo: bool = False, json: bool = False, council: str | None = None) -> None:
        self.councils = councils
        self.db = db
        self.as_person = as_person
        self.demo = demo
        self.json = json
        self.council = council
        self._workspace: Workspace | None = None

    def __repr__(self) -> str:
        given = ", ".join(f"{name}={getattr(self, name)!r}" for name in ("councils", "db", "as_person", "demo",
                                                                          "json", "council"))
        return f"Options({given})"

    @property
    def councils_dir(self) -> Any:
        """Where council files come from: ``--councils``, or with ``--demo`` the councils the plugins ship."""
        if self.demo:
            from councilkit.councilfile import BUNDLED

            return BUNDLED
        return self.councils

    @property
    def demo_db(self) -> Path | None:
        """The demo's file when ``--db`` was given with ``--demo`` (else the demo's default file)."""
        return self.db if self.demo else None

    def workspace(self) -> Workspace:
        """The store, the councils, the demo and the person, chosen from these options (once the command runs)."""
        if self._workspace is None:
            from councilkit.workspace import Workspace

            self._workspace = Workspace(db=None if self.demo else self.db, councils_dir=self.councils_dir,
                                        demo=self.demo, demo_db=self.demo_db, as_person=self.as_person)
        return self._workspace


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Build what lives as long as the command (the modules it imports, the council it loads) without
    the cyclic garbage collector stopping to walk it as it grows, then set it aside for good
    (:func:`gc.freeze`): neither later collections nor the interpreter's exit walk it again.  What the
    command builds afterwards is collected as usual.  This is most of a short command's run: loading
    a council from the compiled-council cache makes tens of thousands of objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def options(ctx: click.Context | None = None) -> Options:
    """The shared options of the command running (``ctx``: default, the current click context)."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    if not isinstance(root.obj, Options):
        root.obj = Options()
    return root.obj




# --- the shared options, declared once --------------------------------------------------


class Shared:
    """One shared option: its name in :class:`Options`, its flags, and how click reads it."""

    __slots__ = ("flags", "help", "is_flag", "metavar", "name", "type")

    def __init__(self, name: str, flags: tuple[str, ...], help: str, metavar: str | None = None,
                 type: Any = None, is_flag: bool = False) -> None:
        self.name, self.flags, self.help = name, flags, help
        self.metavar, self.type, self.is_flag = metavar, type, is_flag


SHARED: tuple[Shared, ...] = (
    Shared("councils", ("--councils",), f"Directory of council files (default: the councils the installed plugins "
           f"ship; env {COUNCILS_ENV}).", "DIR", click.Path(path_type=Path)),
    Shared("db", ("--db",), f"The SQLite store (default: councilkit.db in the platform data directory; env "
           f"{DB_ENV}).", "FILE", click.Path(path_type=Path, dir_okay=False)),
    Shared("as_person", ("--as",), "Act as this person: only for an administrator of the council the command "
           "concerns (--council, or the case's council); recorded on every event written.", "PERSON"),
    Shared("demo", ("--demo",), "Work on the demo, for every command as in the terminal UI: the councils the "
           "plugins ship and the demo store (--db if given with it, else demo.db beside, never in, the real store, "
           f"so never {DB_ENV}), filled the first time; a login that is no person there acts as each council's "
           "case officer.", is_flag=True),
    Shared("json", ("--json",), "Print JSON instead of text (the shapes are in docs/json.md).", is_flag=True),
    Shared("council", ("--council",), "Only this council's cases or people (case list, worklist, people list); "
           "the council --as acts at (whoami, and any command); an administrator's council (admin add|end); "
           "the council the terminal UI opens.", "COUNCIL"),
)

#: the shared options that apply only to some commands, and the attribute that says a command takes them
_SOME = {"json": "councilkit_json", "council": "councilkit_council"}


def no_json(command: C) -> C:
    """Mark a command that prints no JSON (its output is a file, Markdown or a screen): it refuses ``--json``."""
    setattr(command, _SOME["json"], False)
    return command


def takes_council(command: C) -> C:
    """Mark a command that takes ``--council``: one council's cases or people rather than every council's."""
    setattr(command, _SOME["council"], True)
    return command


def _takes(command: click.Command, name: str) -> bool:
    if isinstance(command, click.Group) or name not in _SOME:
        return True
    return bool(getattr(command, _SOME[name], name == "json"))


#: the shared options' names among a command's own parameters (never passed to the command's function)
_PREFIX = "shared_"


def _store(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Keep a shared option's value (given here, or earlier before the command's name) in :class:`Options`,
    and refuse it where the command does not take it."""
    name = (param.name or "").removeprefix(_PREFIX)
    opts = options(ctx)
    if value is not None and value is not False:
        setattr(opts, name, value)
    if getattr(opts, name) not in (None, False) and not _takes(ctx.command, name):
        flag = next(s.flags[0] for s in SHARED if s.name == name)
        what = "prints no JSON" if name == "json" else "takes no --council"
        raise click.UsageError(f"{flag}: {ctx.command_path} {what}", ctx)
    return value


def _option(shared: Shared, hidden: bool) -> click.Option:
    return click.Option([*shared.flags, _PREFIX + shared.name], help=shared.help, metavar=shared.metavar,
                        type=shared.type, is_flag=shared.is_flag, default=False if shared.is_flag else None,
                        hidden=hidden, expose_value=False, callback=_store)


def shared_options() -> list[click.Option]:
    """The shared options, for the root command."""
    return [_option(s, hidden=False) for s in SHARED]


def attach(command: click.Command) -> click.Command:
    """Give ``command`` and every command below it the shared options (once), so that each may follow the
    command's name; those a command does not take are hidden from its help and refused if given."""
    if not getattr(command, "councilkit_shared", False):
        own = {flag for p in command.params for flag in getattr(p, "opts", ())}
        for s in SHARED:
            if not own & set(s.flags):
                command.params.append(_option(s, hidden=not _takes(command, s.name)))
        command.councilkit_shared = True  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            attach(sub)
    return command


# --- refusals ------------------------------------------------------------------------------

#: the SDK's errors that refuse a request (exit 2) besides a lookup of something that does not exist
#: (any LookupError): by the package or module that defines each, and its name (subclasses too)
REFUSALS = (
    ("councilkit.cases", "RefusedError"),
    ("councilkit.store", "ConflictError"),
    ("councilkit.people", "PeopleError"),
    ("councilkit.people", "IdentityError"),
    ("councilkit.people", "NotAuthorisedError"),
    ("councilkit.errors", "TextError"),
    ("councilkit.routing", "NotEligibleError"),
    ("councilkit.routing", "DeadlineError"),
    ("councilkit.registers", "RegisterError"),
    ("councilkit.demo", "DemoError"),
    ("councilkit.workspace", "NoActorError"),
    ("councilkit.importer", "ImportArgumentError"),
)


def is_a(exc: BaseException, package: str, name: str) -> bool:
    """Whether ``exc`` is (a subclass of) the class ``name`` defined in ``package``, without importing it."""
    return any(cls.__name__ == name and (cls.__module__ == package or cls.__module__.startswith(package + "."))
               for cls in type(exc).__mro__)


def exit_code(exc: BaseException) -> int:
    """2 for a refusal (:data:`REFUSALS`, or a name that does not exist), 1 for any other problem found."""
    if isinstance(exc, LookupError) or any(is_a(exc, p, n) for p, n in REFUSALS):
        return REFUSED
    return 1


def refusal_document(exc: BaseException) -> dict[str, Any] | None:
    """With ``--json``, a refusal that lists its problems (entry values that are wrong) is printed as JSON
    too: ``{"ok": false, "error": ..., "problems": [...]}``.  None for other errors."""
    if is_a(exc, "councilkit.registers", "EntryInvalid"):
        problems = list(getattr(exc, "problems", ()))
        return {"ok": False, "error": str(exc.args[0]).split(":")[0], "problems": problems}
    return None

