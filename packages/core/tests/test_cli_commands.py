"""The ``councilkit`` group finds every command, and loads a command's module only when it is wanted."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import councilkit.cli as cli


def test_the_command_table_names_every_command_of_every_module_and_nothing_else() -> None:
    defined = {}
    for info in pkgutil.iter_modules(cli.__path__):
        module = importlib.import_module(f"councilkit.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            defined[command.name] = info.name
    assert defined == cli.COMMAND_MODULES


def test_help_lists_every_command_and_an_unknown_one_is_refused_by_name() -> None:
    run = [sys.executable, "-m", "councilkit"]
    shown = subprocess.run([*run, "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    listed = shown.stdout.split("Commands:", 1)[1]
    for name in cli.COMMAND_MODULES:
        assert f"\n  {name} " in listed, name
    wrong = subprocess.run([*run, "worklsit"], capture_output=True, text=True, timeout=60)
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
    assert loaded_after_resolving("tui") == {"output", "tui"}


def test_a_command_loads_its_own_module_and_not_the_others() -> None:
    loaded = loaded_after_resolving("import")
    assert "importer" in loaded and not loaded & {"registers", "policy", "casework", "councils", "demo"}
