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
from councilkit.councilfile import read_council_file, read_council_text
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


# --- a plugin declared as data (councilkit.plugin.Plugin) and its bundled councils --------------

WARD = textwrap.dedent('''\
    schema = 1
    id = "{id}"
    name = "{name}"
    tier = "ward"
    nation = "england"
    variant = "ward"

    [protocol]
    title = "Ward Protocol"

    [[clause]]
    id = "1"
    text = "A resident may raise a concern about the Ward Clerk with the Ward Chair."

    [[rule]]
    id = "no-lobbying-the-clerk"
    effect = "forbid"
    actor = "councillor"
    action = "sweep_the_ward"
    target = "ward_clerk"
    cite = ["1"]

    [[route]]
    id = "about-the-clerk"
    template = "concern-about-the-clerk"
    cite = ["1"]
''')


def ward_plugin(councils: Path, **overrides: object) -> object:
    """A whole variant as data: the variant, a role, an action, a register kind, a route template, councils."""
    from councilkit.plugin import Action, Field, Plugin, RegisterKind, Role, Route, Step, Variant

    ward = Variant("ward", "Ward council", "ward", adviser=("ward_clerk",))
    declared: dict[str, object] = dict(
        roles=(Role("ward_clerk", "Ward Clerk", "officer", ("officer",), single=True),),
        actions=(Action("sweep_the_ward", "ask {target} to sweep the ward"),),
        register_kinds=(RegisterKind(id="brooms", title="Brooms lent",
                                     fields=(Field("holder", "Holder", "person", required=True),)),),
        routes=(Route("concern-about-the-clerk", ("councillor",), (Step("chair", handler=("chair",)),), (),
                      about=("ward_clerk",)),),
        councils=councils,
    )
    return Plugin(ward, **{**declared, **overrides})


def ward_councils(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "ward_councils"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.toml").write_text(WARD.format(id=name, name=name.title()))
    return folder


def test_a_declared_plugin_registers_each_thing_it_was_given_for_its_variant_only(tmp_path: Path) -> None:
    from councilkit import load_council

    registry = Registry.build(extra=[("ward", ward_plugin(ward_councils(tmp_path, "east-ward")))],
                              entry_points=False)
    (info,) = [p for p in registry.plugins if p.name == "ward"]
    assert info.status == "loaded" and registry.problems == []
    assert info.hooks == ("register_actions", "register_councils", "register_register_kinds", "register_roles",
                          "register_routes", "register_variants")
    assert info.councils == (str(tmp_path / "ward_councils"),)
    assert registry.variant("ward") is not None
    assert "ward_clerk" in registry.roles_for("ward") and "ward_clerk" not in registry.roles_for("parish")
    assert "sweep_the_ward" in registry.actions_for("ward") and "sweep_the_ward" not in registry.actions_for(None)
    assert "brooms" in registry.register_kinds_for("ward")
    assert "concern-about-the-clerk" in registry.routes_for("ward")

    council = load_council("east-ward", registry=registry)  # found by id in the plugin's own councils
    assert council.variant.id == "ward" and council.rules[0].action == "sweep_the_ward"
    (route,) = council.routes
    assert route.steps[0].handler == ("chair",) and route.cite == ("1",)  # the template, with the council's cite


def test_a_declaration_has_only_the_hooks_it_needs_and_may_add_to_another_plugins_variant() -> None:
    from councilkit.plugin import Plugin, Role

    wardens = Plugin("parish", roles=(Role("tree_warden", "Tree Warden", "member", ("councillor",)),))
    registry = Registry.build(extra=[("wardens", wardens)])
    (info,) = [p for p in registry.plugins if p.name == "wardens"]
    assert info.hooks == ("register_roles",)  # no variant of its own, no actions, no councils
    assert "tree_warden" in registry.roles_for("parish") and "tree_warden" not in registry.roles_for("town")
    council, problems = read_council_text(COUNCIL, "wardens.toml", registry)
    assert council is not None, [str(p) for p in problems]


def test_a_module_is_one_plugin_with_its_declaration_and_its_own_hooks(tmp_path: Path) -> None:
    """As the variant plugins are written: data in a Plugin, a check in a hook function, one name."""
    import types

    module = types.ModuleType("councilkit_ward")
    module.plugin = ward_plugin(ward_councils(tmp_path, "east-ward"))  # type: ignore[attr-defined]

    @hookimpl
    def validate_council(council, report):  # type: ignore[no-untyped-def]
        if council.variant.id == "ward":
            report("a ward council should title its Ward Clerk", key="titles", severity="warning")

    module.validate_council = validate_council  # type: ignore[attr-defined]
    registry = Registry.build(extra=[("ward", module)], entry_points=False)
    assert [p.name for p in registry.plugins] == ["councilkit", "ward"]
    assert "validate_council" in registry.plugins[1].hooks and "register_roles" in registry.plugins[1].hooks
    council, problems = read_council_file(tmp_path / "ward_councils" / "east-ward.toml", registry)
    assert council is not None
    assert [p.message for p in problems if p.message.endswith("[ward]")] == [
        "a ward council should title its Ward Clerk [ward]"]  # its check runs, named by the plugin


def test_a_plugin_whose_councils_folder_is_missing_fails_and_keeps_nothing(tmp_path: Path) -> None:
    registry = Registry.build(extra=[("ward", ward_plugin(tmp_path / "not-there"))], entry_points=False)
    (info,) = [p for p in registry.plugins if p.name == "ward"]
    assert info.status == "failed" and f"{tmp_path / 'not-there'} is not a directory" in (info.error or "")
    assert registry.variant("ward") is None and registry.council_dirs() == []


def test_two_plugins_shipping_the_same_councils_folder_is_a_clash(tmp_path: Path) -> None:
    from councilkit.plugin import Plugin

    folder = ward_councils(tmp_path, "east-ward")
    registry = Registry.build(extra=[("ward", ward_plugin(folder)), ("copy", Plugin(councils=folder))],
                              entry_points=False)
    assert registry.council_dirs() == [folder]
    assert registry.problems == [f"plugin 'copy' registers council directory {str(folder)!r}, "
                                 "which plugin 'ward' already registered; the second is ignored"]


def test_the_councils_a_plugin_ships_are_the_default_and_a_directory_given_overrides_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from councilkit.councilfile import BUNDLED, council_dirs, council_files, read_councils

    folder = ward_councils(tmp_path, "west-ward", "east-ward")
    registry = Registry.build(extra=[("ward", ward_plugin(folder))], entry_points=False)
    found, problems = read_councils(registry=registry)
    assert [c.id for c in found] == ["east-ward", "west-ward"]
    assert not [p for p in problems if p.is_error]
    other = ward_councils(tmp_path / "elsewhere", "north-ward")
    monkeypatch.setenv("COUNCILKIT_COUNCILS", str(other))
    assert council_dirs(registry=registry) == [other]  # the variable, then --councils, win over the plugins
    assert council_dirs(tmp_path, registry=registry) == [tmp_path]
    assert [f.name for f in council_files([BUNDLED])] == [  # BUNDLED: what the installed plugins ship
        "community-council.toml", "compton-parish.toml", "langport-town.toml", "principal-council.toml",
        "town-2016.toml"]


def test_with_no_plugin_shipping_councils_the_catalogue_says_how_to_get_some() -> None:
    from councilkit import CouncilkitError
    from councilkit.councilfile import NoCouncilsError, council_dirs, load_council

    core_only = Registry.build(entry_points=False)
    with pytest.raises(NoCouncilsError) as raised:
        council_dirs(registry=core_only)
    assert isinstance(raised.value, CouncilkitError)
    assert str(raised.value) == (
        "no variant plugin is installed, so there are no councils: install one that ships its councils "
        "(e.g. pip install councilkit-parish), or give --councils DIR (or COUNCILKIT_COUNCILS) naming a "
        "directory of council files")
    with pytest.raises(NoCouncilsError):
        load_council("compton-parish", registry=core_only)
