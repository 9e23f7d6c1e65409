"""The plugin guide's code works as written, so the guide cannot drift from the hooks."""

from __future__ import annotations

import re
import sys
import textwrap
import types
from pathlib import Path

import pytest

from councilkit.councilfile import read_council_text
from councilkit.plugins import Registry

DOCS = Path(__file__).resolve().parents[1] / "docs"

ASHBY = textwrap.dedent('''\
    schema = 1
    id = "ashby-parish"
    name = "Ashby Parish Council"
    tier = "parish"
    nation = "england"
    variant = "parish"

    [protocol]
    title = "Protocol"

    [[clause]]
    id = "5.1"
    text = "The council appoints a Tree Warden."

    [[clause]]
    id = "7.2"
    text = "The Clerk lends the hall keys only for a booking, and keeps a register of them."
    ''')


def guide_plugin() -> types.ModuleType:
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if "@hookimpl" in b)
    module = types.ModuleType("councilkit_ashby")
    exec(compile(block, "writing-plugins.md", "exec"), module.__dict__)
    return module


def council_snippet() -> str:
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", guide, re.S) if "tree_warden" in b)
    return block.replace('variant = "parish"\n', "")


def test_the_guides_plugin_and_council_file_work_together() -> None:
    registry = Registry.build(extra=[("ashby", guide_plugin())])
    assert {p.name: p.status for p in registry.plugins}["ashby"] == "loaded"
    assert registry.problems == []
    council, problems = read_council_text(ASHBY + council_snippet(), "ashby-parish.toml", registry)
    assert council is not None, [str(p) for p in problems]
    assert council.roles.is_a("tree_warden", "councillor")
    assert "hall_keys" in council.register_kinds
    assert council.rules[0].action == "lend_hall_keys"
    assert not [p for p in problems if "Tree Warden" in p.message]  # the plugin's check passes


def test_the_guides_check_fires() -> None:
    registry = Registry.build(extra=[("ashby", guide_plugin())])
    snippet = council_snippet().replace('[[role]]\nid = "tree_warden"\ncite = ["5.1"]\n', "")
    _, problems = read_council_text(ASHBY + snippet, "ashby-parish.toml", registry)
    assert any("should cite the clause that creates the Tree Warden" in p.message for p in problems)


def guide_block(marker: str) -> str:
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    return next(b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if marker in b)


async def test_the_guides_screen_and_palette_command_work_in_the_terminal_ui(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Section 5: the plugin's screen and its palette command, driven by the guide's own test."""
    plugin = guide_plugin()
    plugin.__path__ = []  # type: ignore[attr-defined]  # a package, as councilkit_ashby is
    tui = types.ModuleType("councilkit_ashby.tui")
    exec(compile(guide_block("class HallKeysScreen"), "writing-plugins.md", "exec"), tui.__dict__)
    exec(compile(guide_block("def register_screens"), "writing-plugins.md", "exec"), plugin.__dict__)
    monkeypatch.setitem(sys.modules, "councilkit_ashby", plugin)
    monkeypatch.setitem(sys.modules, "councilkit_ashby.tui", tui)
    assert "textual" not in plugin.__dict__  # the plugin module itself never needs Textual

    guide_test: dict[str, object] = {}
    exec(compile(guide_block("async def test_the_hall_keys"), "writing-plugins.md", "exec"), guide_test)
    await guide_test["test_the_hall_keys_screen_opens_from_the_palette"](tmp_path)  # type: ignore[operator]

    # the provider's own hit, too
    from councilkit_tui.app import CouncilkitApp
    from councilkit_tui.testing import settle, text_of

    app = CouncilkitApp(db=tmp_path / "demo.db", demo=True, registry=Registry.build(extra=[("ashby", plugin)]),
                        blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.plugin_problems == []
        await pilot.press("ctrl+p", *"who holds them", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "HallKeysScreen"
        assert "since when" in text_of(app, "#hall-keys")


def test_the_readme_sdk_example_runs() -> None:
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "load_council" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["decision"].outcome == "forbidden"  # type: ignore[attr-defined]
    assert namespace["clause"].heading == "Procedure for Councillors"  # type: ignore[attr-defined]


def test_the_readme_names_the_two_commands() -> None:
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    assert "uv run councilkit --demo" in readme
    ci = (DOCS.parent / ".ci" / "run").read_text("utf-8")
    test_command = next(line.split("#")[0].strip() for line in readme.splitlines() if line.startswith("uv run nox"))
    assert ci.rstrip().splitlines()[-1] == test_command  # CI runs exactly the README's test command


def test_the_terminal_ui_guide_lists_every_binding_with_its_key() -> None:
    """A clerk remapping keys reads docs/tui.md: every binding id is there, with the key it is on."""
    from textual.binding import Binding

    from councilkit_tui.app import CouncilkitApp

    guide = (DOCS / "tui.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| ([^|]+?) \|", guide, re.M))
    names = {"slash": "/", "right_square_bracket": "]", "left_square_bracket": "["}
    missing, wrong = [], []
    for owner in CouncilkitApp.binding_owners():
        for b in owner.BINDINGS:
            if not isinstance(b, Binding) or not b.id:
                continue
            if b.id not in rows:
                missing.append(b.id)
                continue
            key = names.get(b.key, b.key)
            if rows[b.id] not in (key, key.upper() if re.fullmatch(r"f\d+", key) else key):
                wrong.append(f"{b.id}: the guide says {rows[b.id]!r}, the app binds {key!r}")
    assert not missing, f"docs/tui.md does not list: {', '.join(missing)}"
    assert not wrong, "; ".join(wrong)
    assert set(rows) <= set(CouncilkitApp.binding_ids()), "docs/tui.md lists a binding the app does not have"
