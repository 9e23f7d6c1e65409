"""The plugin guide's code works as written, so the guide cannot drift from the hooks."""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from councilkit import load_council, read_councils
from councilkit.councilfile import read_council_text
from councilkit.plugin import Registry

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


def guide_block(first_line: str) -> str:
    """The guide's python block that starts with ``first_line`` (its file name, as a comment)."""
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if b.startswith(first_line)]
    return block


def council_snippet() -> str:
    guide = (DOCS / "writing-plugins.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", guide, re.S) if "tree_warden" in b)
    return block.replace('variant = "parish"\n', "")


def install_package(root: Path, name: str, files: dict[str, str]) -> types.ModuleType:
    """The guide's package as files under ``root``, imported from there as a real package."""
    for relative, text in files.items():
        (root / name / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / name / relative).write_text(text, "utf-8")
    sys.path.insert(0, str(root))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(root))


@pytest.fixture
def ashby(tmp_path: Path) -> Iterator[types.ModuleType]:
    """councilkit_ashby as the guide builds it: its module, and its council file in its councils folder."""
    yield install_package(tmp_path / "src", "councilkit_ashby", {
        "__init__.py": guide_block("# src/councilkit_ashby/__init__.py"),
        "councils/ashby-parish.toml": ASHBY + council_snippet(),
    })
    for name in [m for m in sys.modules if m.split(".")[0] == "councilkit_ashby"]:
        del sys.modules[name]


def test_the_guides_plugin_and_its_bundled_council_work_together(ashby: types.ModuleType) -> None:
    registry = Registry.build(extra=[("ashby", ashby)])
    (info,) = [p for p in registry.plugins if p.name == "ashby"]
    assert info.status == "loaded" and registry.problems == []
    hooks = ", ".join(h.removeprefix("register_") for h in info.hooks)
    assert f"ashby ... loaded  {hooks}" in (DOCS / "writing-plugins.md").read_text("utf-8")  # as the guide shows
    council = load_council("ashby-parish", registry=registry)  # found through register_councils
    assert council.roles.is_a("tree_warden", "councillor")
    assert "hall_keys" in council.register_kinds
    assert council.rules[0].action == "lend_hall_keys"
    found, problems = read_councils(registry=registry)
    assert "ashby-parish" in {c.id for c in found} and "compton-parish" in {c.id for c in found}
    assert not [p for p in problems if "Tree Warden" in p.message]  # the plugin's check passes


def test_the_guides_check_fires(ashby: types.ModuleType) -> None:
    registry = Registry.build(extra=[("ashby", ashby)])
    snippet = council_snippet().replace('[[role]]\nid = "tree_warden"\ncite = ["5.1"]\n', "")
    _, problems = read_council_text(ASHBY + snippet, "ashby-parish.toml", registry)
    assert any("should cite the clause that creates the Tree Warden" in p.message for p in problems)


def test_the_guides_own_tests_pass(ashby: types.ModuleType) -> None:
    guide_test: dict[str, object] = {}
    exec(compile(guide_block("# tests/test_ashby.py"), "writing-plugins.md", "exec"), guide_test)
    for name in ("test_ashby_loads_with_the_plugin", "test_the_plugin_loaded_cleanly"):
        guide_test[name]()  # type: ignore[operator]


WARD = textwrap.dedent('''\
    schema = 1
    id = "east-ward"
    name = "East Ward Forum"
    tier = "ward"
    nation = "england"
    variant = "ward"

    [protocol]
    title = "Forum Protocol"

    [[clause]]
    id = "1"
    text = "A member of staff may raise a grievance with the Chair."

    [[route]]
    id = "staff-grievance"
    raised_by = ["employee"]
    cite = ["1"]

      [[route.step]]
      id = "grievance"
      procedure = ["grievance"]
    ''')


def test_the_guides_variant_of_its_own_is_a_whole_variant_plugin(tmp_path: Path) -> None:
    ward = install_package(tmp_path / "src", "councilkit_ward", {
        "__init__.py": guide_block("# src/councilkit_ward/__init__.py"), "councils/east-ward.toml": WARD})
    try:
        registry = Registry.build(extra=[("ward", ward)])
    finally:
        del sys.modules["councilkit_ward"]
    (info,) = [p for p in registry.plugins if p.name == "ward"]
    assert info.status == "loaded" and registry.problems == []
    assert "ward_clerk" in registry.roles_for("ward") and "ward_clerk" not in registry.roles_for("parish")
    council = load_council("east-ward", registry=registry)
    assert council.variant.id == "ward"
    assert council.routes[0].steps[0].handler == ("chair",)  # the variant's handler for a grievance
    assert "officer_interests" in registry.register_kinds_for("ward")


async def test_the_guides_screen_and_palette_command_work_in_the_terminal_ui(ashby: types.ModuleType) -> None:
    """Section 5: the plugin's screen and its palette command, driven by the guide's own test."""
    tmp_path = Path(ashby.__file__).parents[2]
    (tmp_path / "src" / "councilkit_ashby" / "tui.py").write_text(
        guide_block("# src/councilkit_ashby/tui.py"), "utf-8")
    exec(compile(guide_block("# added to src/councilkit_ashby/__init__.py"), "writing-plugins.md", "exec"),
         ashby.__dict__)
    sys.path.insert(0, str(tmp_path / "src"))  # the screen's module is imported by the hook, as installed
    try:
        await _drive_the_guides_screen(ashby, tmp_path)
    finally:
        sys.path.remove(str(tmp_path / "src"))
    assert "textual" not in ashby.__dict__  # the plugin module itself never needs Textual


async def _drive_the_guides_screen(ashby: types.ModuleType, tmp_path: Path) -> None:
    guide_test: dict[str, object] = {}
    exec(compile(guide_block("# tests/test_ashby_tui.py"), "writing-plugins.md", "exec"), guide_test)
    await guide_test["test_the_hall_keys_screen_opens_from_the_palette"](tmp_path)  # type: ignore[operator]

    # the provider's own hit, too
    from councilkit_tui.app import CouncilkitApp
    from councilkit_tui.testing import settle, text_of

    app = CouncilkitApp(db=tmp_path / "demo.db", demo=True, registry=Registry.build(extra=[("ashby", ashby)]),
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
