"""The ``councilkit`` group: one table of commands, each loaded only when wanted, and the options every
command shares, given before or after the command's name."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

import councilkit.cli as cli
from councilkit import people as P
from councilkit.people.admin import init_deployment
from councilkit.store import open_store

from support import COMPTON, TODAY, flat, ok, refused, run

ROOT = Path(__file__).resolve().parents[3]


def _below(command: click.Command) -> list[click.Command]:
    """The commands under a group (whichever module defines them), at any depth."""
    subs = list(command.commands.values()) if isinstance(command, click.Group) else []
    return subs + [deeper for sub in subs for deeper in _below(sub)]


def test_the_command_table_names_every_command_of_every_module_and_nothing_else() -> None:
    below: set[int] = set()  # a group's subcommands, which may live in another module (people key: keys.py)
    for name, where in cli.COMMANDS.items():
        command = cli.load_command(name)
        assert isinstance(command, click.Command) and command.name == name, where
        below |= {id(sub) for sub in _below(command)}
    tabled = set(cli.COMMANDS.values())
    for info in pkgutil.iter_modules(cli.__path__):
        module = importlib.import_module(f"councilkit.cli.{info.name}")
        commands = {k: v for k, v in vars(module).items()
                    if isinstance(v, click.Command) and getattr(v.callback, "__module__", None) == module.__name__}
        for attribute, command in commands.items():
            if id(command) not in below:
                assert f"{info.name}:{attribute}" in tabled, f"{info.name}.{attribute} is not in cli.COMMANDS"


def test_help_lists_every_command_and_an_unknown_one_is_refused_by_name() -> None:
    run_ = [sys.executable, "-m", "councilkit"]
    shown = subprocess.run([*run_, "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    listed = shown.stdout.split("Commands:", 1)[1]
    for name in cli.COMMANDS:
        assert f"\n  {name} " in listed, name
    wrong = subprocess.run([*run_, "worklsit"], capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and "No such command 'worklsit'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def loaded_after_resolving(name: str) -> set[str]:
    code = (
        "import sys, click, councilkit.cli as c;"
        f"assert c.main.get_command(click.Context(c.main), {name!r}) is not None;"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('councilkit.cli.'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return {m.rsplit(".", 1)[1] for m in result.stdout.strip().split(",")}


def test_opening_the_terminal_ui_loads_no_other_command() -> None:
    assert loaded_after_resolving("tui") == {"context", "output", "params", "tui"}  # params: click types only


def test_a_command_loads_its_own_module_and_not_the_others() -> None:
    loaded = loaded_after_resolving("import")
    assert "importer" in loaded and not loaded & {"registers", "policy", "casework", "councils", "demo"}


# --- the shared options ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store where Ann is Compton's clerk (login ann) and Olive an officer; Olive has opened a case."""
    path = tmp_path_factory.mktemp("shared") / "council.db"
    with open_store(path) as store:
        init_deployment(store, [COMPTON])  # the account running the tests is its administrator
        ann = P.add_person(store, "Ann Clerk", "ann")
        P.appoint(store, ann, COMPTON, "clerk", TODAY)
        olive = P.add_person(store, "Olive Officer", "olive")
        P.appoint(store, olive, COMPTON, "officer", TODAY)
    ok(run(path, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--title", "Shouted"))
    return path


def test_each_shared_option_may_come_before_or_after_the_command_name(db: Path, tmp_path: Path) -> None:
    data = json.loads(ok(run(None, "--db", str(db), "--as", "ann", "--json", "--council", "compton-parish",
                             "worklist")))
    after = json.loads(ok(run(None, "worklist", "--db", str(db), "--as", "ann", "--json", "--council",
                              "compton-parish")))
    assert data == after and [c["title"] for c in data["cases"]] == ["Shouted"]
    # a group's subcommand too, and mixed: some before the group, some after the subcommand
    mixed = json.loads(ok(run(db, "--json", "case", "list", "--as", "ann", "--council", "compton-parish")))
    assert [c["title"] for c in mixed["cases"]] == ["Shouted"]
    assert json.loads(ok(run(db, "case", "--as", "ann", "show", "1", "--json")))["title"] == "Shouted"
    # --as after the name acts as that person: Olive sees her own case; a stranger is refused
    assert json.loads(ok(run(db, "whoami", "--as", "olive", "--council", "compton-parish", "--json")))["person"][
        "name"] == "Olive Officer"
    refused(run(db, "case", "show", "1", "--as", "nobody"), "no person 'nobody'")
    # --councils after the name: a directory with one council in it
    shutil.copy(ROOT / "councils" / "langport-town.toml", tmp_path)
    first = json.loads(ok(run(None, "--councils", str(tmp_path), "councils", "--json")))
    assert [c["id"] for c in first["councils"]] == ["langport-town"]
    assert json.loads(ok(run(None, "councils", "--json", "--councils", str(tmp_path)))) == first
    # --demo after the name: the demo store and the councils the plugins ship
    demo_db = tmp_path / "demo.db"
    before = json.loads(ok(run(None, "--demo", "--db", str(demo_db), "whoami", "--json")))
    later = json.loads(ok(run(None, "whoami", "--demo", "--db", str(demo_db), "--json")))
    assert before["demo_admin"] is True and later == before


def test_the_last_value_given_wins_and_an_option_where_it_does_not_apply_is_refused(db: Path) -> None:
    data = json.loads(ok(run(db, "--as", "olive", "--council", "compton-parish", "whoami", "--as", "ann", "--json")))
    assert data["person"]["name"] == "Ann Clerk"
    for args, words in ((["questions", "--json"], "--json: councilkit questions prints no JSON"),
                        (["--json", "questions"], "--json: councilkit questions prints no JSON"),
                        (["--council", "compton-parish", "attention", "compton-parish"],
                         "--council: councilkit attention takes no --council"),
                        (["--json"], "--json: name a command")):
        result = run(db, *args)
        assert result.returncode == 2 and words in result.stderr.replace("python -m councilkit", "councilkit"), (
            args, result.stderr)
        assert "Traceback" not in result.stderr
    helped = ok(run(None, "attention", "--help"))
    assert "--json" in helped and "--db" in helped and "--council COUNCIL" not in helped  # hidden: it does not apply


def test_every_json_document_carries_the_schema_version_first(db: Path) -> None:
    for args in (["councils"], ["show", "compton-parish", "4.2"], ["--as", "ann", "--council", "compton-parish", "case", "list"],
                 ["--as", "ann", "case", "show", "1"], ["--as", "ann", "moves", "1"], ["whoami"],
                 ["--as", "ann", "attention", "compton-parish"], ["plugins"], ["audit", "verify"],
                 ["route", "compton-parish", "--raised-by", "councillor", "--about", "clerk"],
                 ["check", "langport-town", "--actor", "councillor", "--action", "inspect_document"],
                 ["--as", "ann", "register", "kinds", "compton-parish"], ["people", "list"]):
        data = json.loads(ok(run(db, *args, "--json")))
        assert next(iter(data)) == "schema" and data["schema"] == 1, args


# --- output that fits: tables and text at the terminal's width, hints in the user's own words ----------

COLUMNS = 80


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    ok(run(path, "demo"))
    return path


#: every command that prints a table or long lines, on the demo (the clerk's view of it)
WIDE = (
    ["--demo", "attention", "compton-parish"], ["councils"], ["plugins"], ["--demo", "register", "due"],
    ["--demo", "--council", "compton-parish", "worklist"], ["--demo", "--as", "demo-alison.hartley", "case", "list"],
    ["--demo", "--as", "demo-alison.hartley", "case", "show", "2"], ["--demo", "--as", "demo-alison.hartley", "moves", "2"],
    ["--demo", "people", "list"], ["check", "--all", "--actor", "chair", "--action", "contact_out_of_hours"],
    ["check", "compton-parish", "--actor", "chair", "--action", "pressure_recommendation", "--target", "clerk"],
    ["show", "compton-parish", "4.2"], ["route", "compton-parish", "--raised-by", "councillor", "--about", "clerk"],
    ["actions", "compton-parish"], ["--demo", "register", "kinds", "town-2016"],
    ["--demo", "register", "kinds", "town-2016", "gifts_hospitality"],
    ["--demo", "register", "list", "town-2016", "gifts_hospitality"], ["--demo", "register", "show", "12"],
    ["--demo", "whoami"], ["demo"], ["validate"], ["case", "advance", "--help"],
)


def test_every_table_and_line_fits_80_columns(demo_db: Path) -> None:
    for args in WIDE:
        out = ok(run(demo_db, *args, COLUMNS=str(COLUMNS)))
        assert out.strip(), args
        for line in out.splitlines():
            # only a word that cannot be broken (a file's path) may stand out, alone on its line
            assert len(line) <= COLUMNS or len(line.split()) == 1, (args, line)


def test_a_table_too_wide_wraps_its_longest_column_and_keeps_every_word(demo_db: Path) -> None:
    wide = ok(run(demo_db, "--demo", "attention", "compton-parish"))  # not a terminal: each row on one line
    row = next(line for line in wide.splitlines() if "Repeated criticism" in line)
    due = row.split()[0]
    assert len(row) > COLUMNS and row.rstrip().endswith("case 2") and due.startswith("2026-")
    narrow = ok(run(demo_db, "--demo", "attention", "compton-parish", COLUMNS=str(COLUMNS))).splitlines()
    header = next(i for i, line in enumerate(narrow) if line.startswith("DUE"))
    assert narrow[header].split() == ["DUE", "STATUS", "WHAT", "OPEN"]
    what = narrow[header].index("WHAT")
    start = next(i for i, line in enumerate(narrow) if "Repeated" in line)
    assert narrow[start].startswith(due) and narrow[start].rstrip().endswith("case 2")
    cell = [narrow[start][what:].rsplit("case 2")[0].strip()]
    for line in narrow[start + 1:]:
        if line[:what].strip():  # the next row
            break
        cell.append(line[what:].strip())
    assert " ".join(cell).startswith("Case #2 Repeated criticism of the office's work in emails: step")
    # the date and the state are not wrapped: the longest column (what) gave way
    assert "OVERDUE by" in narrow[start] and len(cell) > 2
    # COLUMNS is honoured whatever its value
    assert all(len(line) <= 120 for line in ok(run(demo_db, "--demo", "attention", "compton-parish",
                                                  COLUMNS="120")).splitlines())


def councilkit(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed ``councilkit`` command itself (not ``python -m``), with no uv around it."""
    environ = {k: v for k, v in os.environ.items() if k not in ("UV", "COUNCILKIT_DB", "COUNCILKIT_COUNCILS")}
    environ |= {"COUNCILKIT_TODAY": TODAY.isoformat(), **env}
    return subprocess.run([str(Path(sys.executable).parent / "councilkit"), *args], capture_output=True, text=True,
                          env=environ, timeout=120)


def test_hints_name_the_program_the_way_it_was_run(tmp_path: Path) -> None:
    db = str(tmp_path / "council.db")
    for prog, result in (("councilkit", councilkit("--db", db, "worklist")),
                         ("uv run councilkit", councilkit("--db", db, "worklist", UV="/usr/local/bin/uv")),
                         ("python -m councilkit", run(None, "--db", db, "worklist"))):
        assert result.returncode == 2 and "Usage" not in result.stderr
        assert f"set one up with {prog} init COUNCIL" in result.stderr, result.stderr  # the CLI's own hint
        assert f"or try the demo: {prog} --demo whoami" in result.stderr
    open_store(db).close()
    sdk = 'an administrator adds you with {} people add "YOUR NAME"'  # the SDK's words, said as run
    assert sdk.format("councilkit") in councilkit("--db", db, "worklist").stderr
    assert sdk.format("uv run councilkit") in councilkit("--db", db, "worklist", UV="/usr/local/bin/uv").stderr
    assert sdk.format("python -m councilkit") in run(None, "--db", db, "worklist").stderr
    usage = councilkit("case", "advance", "1", "outcome", UV="/usr/local/bin/uv")
    assert "Usage: uv run councilkit case advance" in usage.stderr
    assert "needs an OUTCOME: uv run councilkit case advance 1 outcome OUTCOME" in usage.stderr
    # words that merely contain the name are left alone
    assert "councilkit.db" in councilkit("--help", UV="/usr/local/bin/uv").stdout


def test_case_advance_help_breaks_no_word(demo_db: Path) -> None:
    helped = ok(run(None, "case", "advance", "--help", COLUMNS=str(COLUMNS)))
    assert "CASE MOVE [STEP|ROLE|OUTCOME]" in flat(helped)
    words = set(flat(helped).split())
    for move in ("start", "consulted", "notified", "outcome", "escalate", "resolve"):
        assert move in words
