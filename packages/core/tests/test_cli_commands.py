"""The ``councilkit`` group: one table of commands, each loaded only when wanted, and the options every
command shares, given before or after the command's name."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

import councilkit.cli as cli
from councilkit import people as P
from councilkit.store import open_store

from support import COMPTON, TODAY, ok, refused, run

ROOT = Path(__file__).resolve().parents[3]


def test_the_command_table_names_every_command_of_every_module_and_nothing_else() -> None:
    for name, where in cli.COMMANDS.items():
        command = cli.load_command(name)
        assert isinstance(command, click.Command) and command.name == name, where
    tabled = set(cli.COMMANDS.values())
    for info in pkgutil.iter_modules(cli.__path__):
        module = importlib.import_module(f"councilkit.cli.{info.name}")
        commands = {k: v for k, v in vars(module).items()
                    if isinstance(v, click.Command) and getattr(v.callback, "__module__", None) == module.__name__}
        below = {id(sub) for c in commands.values() if isinstance(c, click.Group) for sub in c.commands.values()}
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
    assert loaded_after_resolving("tui") == {"context", "output", "tui"}


def test_a_command_loads_its_own_module_and_not_the_others() -> None:
    loaded = loaded_after_resolving("import")
    assert "importer" in loaded and not loaded & {"registers", "policy", "casework", "councils", "demo"}


# --- the shared options ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store where Ann is Compton's clerk (login ann) and Olive an officer; Olive has opened a case."""
    path = tmp_path_factory.mktemp("shared") / "council.db"
    with open_store(path) as store:
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
    assert json.loads(ok(run(db, "whoami", "--as", "olive", "--json")))["person"]["name"] == "Olive Officer"
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
    data = json.loads(ok(run(db, "--as", "olive", "whoami", "--as", "ann", "--json")))
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
    for args in (["councils"], ["show", "compton-parish", "4.2"], ["--as", "ann", "case", "list"],
                 ["--as", "ann", "case", "show", "1"], ["--as", "ann", "moves", "1"], ["whoami"],
                 ["--as", "ann", "attention", "compton-parish"], ["plugins"], ["audit", "verify"],
                 ["route", "compton-parish", "--raised-by", "councillor", "--about", "clerk"],
                 ["check", "langport-town", "--actor", "councillor", "--action", "inspect_document"],
                 ["--as", "ann", "register", "kinds", "compton-parish"], ["people", "list"]):
        data = json.loads(ok(run(db, *args, "--json")))
        assert next(iter(data)) == "schema" and data["schema"] == 1, args
