"""Plugins: registration through hooks, clashes, broken plugins, entry points and COUNCILKIT_LOAD_PLUGINS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from councilkit import hookimpl
from councilkit.councilfile import read_council_text
from councilkit.model import Role
from councilkit.plugins import Registry

ROOT = Path(__file__).resolve().parents[3]

COUNCIL = textwrap.dedent('''\
    schema = 1
    id = "wardens"
    name = "Wardens Parish Council"
    tier = "parish"
    nation = "england"
    variant = "parish"

    [protocol]
    title = "Protocol"

    [[clause]]
    id = "1"
    text = "The Tree Warden must not lobby the Parish Clerk."

    [[rule]]
    id = "warden-no-lobbying"
    effect = "forbid"
    actor = "tree_warden"
    action = "lobby"
    target = "clerk"
    cite = ["1"]
''')


class TreeWardens:
    """A throwaway plugin: one role for every council."""

    @hookimpl
    def register_roles(self, register):  # type: ignore[no-untyped-def]
        register(Role("tree_warden", "Tree Warden", "member", ("councillor",)))


class Broken:
    @hookimpl
    def register_roles(self, register):  # type: ignore[no-untyped-def]
        register(Role("half_registered", "Half", "member"))
        raise RuntimeError("the plugin's database is missing")


class WrongType:
    @hookimpl
    def register_roles(self, register):  # type: ignore[no-untyped-def]
        register("tree_warden")


class Clash:
    @hookimpl
    def register_roles(self, register):  # type: ignore[no-untyped-def]
        register(Role("clerk", "Clerk", "officer"), variant="parish")


def test_a_plugin_role_can_be_used_by_a_council_file() -> None:
    without = Registry.build()
    council, problems = read_council_text(COUNCIL, "wardens.toml", without)
    assert council is None
    assert any("unknown role 'tree_warden'" in p.message and p.line == 18 for p in problems)

    with_plugin = Registry.build(extra=[("tree-wardens", TreeWardens())])
    council, problems = read_council_text(COUNCIL, "wardens.toml", with_plugin)
    assert council is not None, [str(p) for p in problems]
    assert council.roles.is_a("tree_warden", "councillor")
    assert council.rules[0].actor == "tree_warden"


def test_a_plugin_that_raises_is_skipped_and_reported() -> None:
    registry = Registry.build(extra=[("broken", Broken()), ("tree-wardens", TreeWardens())])
    info = {p.name: p for p in registry.plugins}
    assert info["broken"].status == "failed"
    assert "RuntimeError: the plugin's database is missing" in (info["broken"].error or "")
    assert info["tree-wardens"].status == "loaded"
    roles = registry.roles_for("parish")
    assert "half_registered" not in roles  # nothing of a failed plugin is kept
    assert "tree_warden" in roles
    council, _ = read_council_text(COUNCIL, "wardens.toml", registry)
    assert council is not None


def test_registering_the_wrong_kind_of_object_is_a_plugin_failure() -> None:
    registry = Registry.build(extra=[("wrong", WrongType())])
    (info,) = [p for p in registry.plugins if p.name == "wrong"]
    assert info.status == "failed" and "register_roles registers role objects" in (info.error or "")


def test_a_clash_is_reported_and_the_first_registration_kept() -> None:
    registry = Registry.build(extra=[("clash", Clash())])
    assert any("plugin 'clash' registers role 'clerk'" in p and "'parish' already registered" in p
               for p in registry.problems)
    assert registry.roles_for("parish")["clerk"].title == "Clerk"
    assert registry.roles_for("parish")["clerk"].is_a == ("officer",)


def _fake_distribution(tmp_path: Path, module: str, body: str) -> Path:
    """A real importable distribution with an entry point, without pip: a dist-info on sys.path."""
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(body))
    dist = tmp_path / f"{module.replace('_', '-')}-0.3.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 0.3.1\n")
    (dist / "entry_points.txt").write_text(f"[councilkit]\n{module} = {module}\n")
    return tmp_path


def _councilkit(*args: str, pythonpath: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **env}
    if pythonpath is not None:
        environ["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                          env=environ, timeout=60)


WARDENS_PLUGIN = '''
    from councilkit import hookimpl
    from councilkit.model import Role

    @hookimpl
    def register_roles(register):
        register(Role("tree_warden", "Tree Warden", "member", ("councillor",)))
'''


def test_entry_point_plugins_are_found_and_listed(tmp_path: Path) -> None:
    path = _fake_distribution(tmp_path, "councilkit_wardens", WARDENS_PLUGIN)
    council = tmp_path / "wardens.toml"
    council.write_text(COUNCIL)
    result = _councilkit("plugins", "--json", pythonpath=path)
    assert result.returncode == 0, result.stderr
    plugins = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    assert plugins["councilkit_wardens"]["version"] == "0.3.1"
    assert plugins["councilkit_wardens"]["hooks"] == ["register_roles"]
    assert plugins["councilkit_wardens"]["status"] == "loaded"
    assert plugins["parish"]["status"] == "loaded"
    assert _councilkit("validate", str(council), pythonpath=path).returncode == 0


def test_a_plugin_that_fails_to_import_does_not_stop_the_app(tmp_path: Path) -> None:
    path = _fake_distribution(tmp_path, "councilkit_broken", "raise ImportError('needs a missing library')\n")
    result = _councilkit("plugins", pythonpath=path)
    assert result.returncode == 0
    assert "councilkit_broken" in result.stdout and "failed" in result.stdout
    assert "ImportError: needs a missing library" in result.stderr
    assert _councilkit("councils", pythonpath=path).returncode == 0


def test_load_plugins_variable_limits_what_loads() -> None:
    result = _councilkit("plugins", "--json", COUNCILKIT_LOAD_PLUGINS="parish,councilkit-town")
    status = {p["name"]: p["status"] for p in json.loads(result.stdout)["plugins"]}
    assert status["parish"] == "loaded" and status["town"] == "loaded"
    assert status["principal"] == "disabled" and status["community"] == "disabled"
    assert status["councilkit"] == "loaded"  # core's vocabulary always loads

    none = _councilkit("plugins", "--json", COUNCILKIT_LOAD_PLUGINS="")
    status = {p["name"]: p["status"] for p in json.loads(none.stdout)["plugins"]}
    assert {s for n, s in status.items() if n != "councilkit"} == {"disabled"}
    nothing = _councilkit("validate", COUNCILKIT_LOAD_PLUGINS="")
    assert nothing.returncode == 1 and "no variant plugin is installed" in nothing.stderr
    assert "COUNCILKIT_LOAD_PLUGINS keeps community, parish, principal, town from loading" in nothing.stderr
    invalid = _councilkit("validate", str(ROOT / "councils" / "compton-parish.toml"), COUNCILKIT_LOAD_PLUGINS="")
    assert invalid.returncode == 1 and "variant 'parish' is not installed" in invalid.stdout


@pytest.mark.parametrize("variant", ["parish", "town", "principal", "community"])
def test_built_in_variants_are_ordinary_plugins(variant: str) -> None:
    registry = Registry.build()
    reg = registry.variants[variant]
    assert reg.plugin == variant  # registered by its own entry point, not by core
    assert registry.variant(variant).adviser
