"""The plugin guide's code works as written, so the guide cannot drift from the hooks."""

from __future__ import annotations

import re
import textwrap
import types
from pathlib import Path

from councilkit.loader import read_council_text
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
