"""Compiled councils kept on disk, and plugin discovery kept with them (``councilkit.councilfile.cache``).

What a clerk would notice: the second command loads its council without building it (no loader,
no plugin imported), a council file changed since is built again, a plugin turned off or edited is
seen at once, and a damaged or untrustworthy cache file costs a rebuild, never a traceback.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import councilkit
from councilkit.councilfile import cache
from councilkit.councilfile.catalog import BUNDLED, find_council_file
from councilkit.errors import CouncilFileError
from councilkit.plugins import registry as plugin_registry
from councilkit.plugins import reset_default_registry


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
    reset_default_registry()
    yield folder
    reset_default_registry()


def compton_copy(tmp_path: Path) -> Path:
    path = tmp_path / "councils" / "compton-parish.toml"
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(find_council_file("compton-parish", BUNDLED), path)
    return path


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "councils").glob("*.pickle"))


def test_the_second_command_loads_its_council_without_building_it(own_cache: Path) -> None:
    script = textwrap.dedent("""
        import sys, councilkit
        c = councilkit.load_council("compton-parish")
        built = [m for m in ("councilkit.councilfile.loader", "councilkit_parish", "importlib.metadata") if m in sys.modules]
        print(c.name, len(c.protocol.clauses), c.title("clerk"), sep="|")
        print(",".join(built) or "none")
    """)
    env = {**os.environ, "COUNCILKIT_CACHE_DIR": str(own_cache)}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    council, built = first.stdout.splitlines()
    assert council == "Compton Parish Council|39|Parish Clerk"
    assert "councilkit.councilfile.loader" in built and "councilkit_parish" in built
    assert second.stdout.splitlines() == [council, "none"]  # neither the loader, nor a plugin, nor the metadata scan
    assert len(cached_files(own_cache)) == 1


def test_a_council_from_the_cache_is_the_council(own_cache: Path) -> None:
    built = councilkit.load_council("compton-parish")
    again = councilkit.load_council("compton-parish")
    assert again is not built and len(cached_files(own_cache)) == 1
    assert again.protocol == built.protocol and again.routes == built.routes and again.rules == built.rules
    assert again.warnings == built.warnings and again.path == built.path
    question = ("councillor", "contact_out_of_hours", "clerk")
    assert again.check(*question) == built.check(*question)


def test_a_changed_file_is_built_again(tmp_path: Path, own_cache: Path) -> None:
    path = compton_copy(tmp_path)
    assert councilkit.load_council(path).name == "Compton Parish Council"
    text = path.read_text("utf-8").replace('name = "Compton Parish Council"', 'name = "Compton Dando Parish Council"', 1)
    path.write_text(text, "utf-8")
    assert councilkit.load_council(path).name == "Compton Dando Parish Council"
    assert len(cached_files(own_cache)) == 2
    # a file with errors is kept with its problems, and a fixed file is built again
    path.write_text(text.replace('nation = "england"', 'nation = "atlantis"', 1), "utf-8")
    for _ in range(2):
        with pytest.raises(CouncilFileError, match="unknown nation 'atlantis'"):
            councilkit.load_council(path)
    path.write_text(text, "utf-8")
    assert councilkit.load_council(path).name == "Compton Dando Parish Council"


def test_a_plugin_turned_off_is_seen_at_once(tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = compton_copy(tmp_path)
    councilkit.load_council(path)  # kept, built with every plugin
    monkeypatch.setenv("COUNCILKIT_LOAD_PLUGINS", "councilkit-town")
    reset_default_registry()
    with pytest.raises(CouncilFileError, match="variant 'parish' is not installed"):
        councilkit.load_council(path)
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS")
    reset_default_registry()
    assert councilkit.load_council(path).id == "compton-parish"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "not a council", "shared"])
def test_a_damaged_or_untrustworthy_cache_file_is_ignored_and_written_again(
        tmp_path: Path, own_cache: Path, damage: str) -> None:
    path = compton_copy(tmp_path)
    councilkit.load_council(path)
    [kept] = cached_files(own_cache)
    good = kept.read_bytes()
    if damage == "garbage":
        kept.write_bytes(b"\x80\x04not a pickle at all")
    elif damage == "truncated":
        kept.write_bytes(good[: len(good) // 2])
    elif damage == "empty":
        kept.write_bytes(b"")
    elif damage == "not a council":
        kept.write_bytes(pickle.dumps(({"id": "compton-parish"}, ["not a problem"])))
    else:  # another account could have written it: a council that is not the file's
        impostor = councilkit.load_council(path)
        impostor.name = "Impostor Council"
        cache.save(path.read_bytes(), str(path), impostor, [])
        kept.chmod(0o666)
    council = councilkit.load_council(path)
    assert council.name == "Compton Parish Council"
    if damage != "shared":
        assert kept.read_bytes() != b"" and councilkit.load_council(path).name == "Compton Parish Council"


def test_an_impostor_would_be_used_only_if_the_user_wrote_it(tmp_path: Path, own_cache: Path) -> None:
    # the check above is what keeps it out: the same file, the user's own and private, is trusted
    path = compton_copy(tmp_path)
    impostor = councilkit.load_council(path)
    impostor.name = "Written by this user"
    cache.save(path.read_bytes(), str(path), impostor, [])
    assert councilkit.load_council(path).name == "Written by this user"


def test_a_council_built_with_a_registry_of_ones_own_is_not_kept(tmp_path: Path, own_cache: Path) -> None:
    path = compton_copy(tmp_path)
    registry = plugin_registry.Registry.build()
    assert councilkit.load_council(path, registry=registry).id == "compton-parish"
    assert cached_files(own_cache) == []


def test_an_unwritable_cache_folder_only_costs_a_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(blocked))
    reset_default_registry()
    assert councilkit.load_council("compton-parish").id == "compton-parish"


PLUGIN = '''
from councilkit import hookimpl
from councilkit.model import Role

@hookimpl
def register_roles(register):
    register(Role("tree_warden", "{title}", "member", ("councillor",)))
'''


def test_installing_or_editing_a_plugin_changes_what_is_installed(tmp_path: Path, own_cache: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = plugin_registry.installed_fingerprint()
    site = tmp_path / "site"
    site.mkdir()
    module = site / "ck_wardens.py"
    module.write_text(PLUGIN.format(title="Tree Warden"))
    dist = site / "ck-wardens-0.3.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ck-wardens\nVersion: 0.3.1\n")
    (dist / "entry_points.txt").write_text("[councilkit]\nck_wardens = ck_wardens\n")
    monkeypatch.syspath_prepend(str(site))
    installed = plugin_registry.installed_fingerprint()
    assert installed != before
    assert "ck_wardens" in [e.name for e in plugin_registry.discovered().entry_points]
    assert plugin_registry.default_registry().roles_for(None)["tree_warden"].title == "Tree Warden"
    # edited in place, as an editable install is: a new fingerprint, and the new registrations
    module.write_text(PLUGIN.format(title="Tree and Hedge Warden"))
    os.utime(module, ns=(os.stat(module).st_atime_ns, os.stat(module).st_mtime_ns + 1_000_000_000))
    sys.modules.pop("ck_wardens", None)
    reset_default_registry()
    assert plugin_registry.installed_fingerprint() not in (before, installed)
    assert plugin_registry.default_registry().roles_for(None)["tree_warden"].title == "Tree and Hedge Warden"
    sys.modules.pop("ck_wardens", None)
