"""After a plain install from wheels (not a checkout): each variant plugin carries its own councils,
and core alone ships none and says how to get some."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")
PLUGINS = ("parish", "town", "principal", "community")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(UV is None, reason="uv is not on PATH, so wheels cannot be built here"),
]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheels of core and of each variant plugin, built once: {"core": ..., "parish": ...}."""
    assert UV is not None
    dist = tmp_path_factory.mktemp("dist")
    out = {}
    for name, project in (("core", "packages/core"), *((p, f"plugins/{p}") for p in PLUGINS)):
        before = set(dist.glob("*.whl"))
        subprocess.run([UV, "build", "--wheel", "--out-dir", str(dist), str(ROOT / project)],
                       check=True, capture_output=True, timeout=300)
        (out[name],) = set(dist.glob("*.whl")) - before
    return out


def install(tmp_path: Path, wheels: list[Path]) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with only these wheels (and their dependencies) installed."""
    assert UV is not None
    venv = tmp_path / "venv"
    subprocess.run([UV, "venv", "--quiet", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COUNCILKIT_", "VIRTUAL_ENV"))}
    subprocess.run([UV, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), *map(str, wheels)],
                   check=True, timeout=300, env=env)
    return venv / "bin" / "councilkit", env


def test_wheels_install_and_carry_the_demo_councils(tmp_path: Path, wheels: dict[str, Path]) -> None:
    councilkit, env = install(tmp_path, list(wheels.values()))
    result = subprocess.run([str(councilkit), "councils", "--json"], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    ids = {c["id"] for c in json.loads(result.stdout)["councils"]}
    assert ids == {"compton-parish", "town-2016", "langport-town", "principal-council", "community-council"}
    tui = subprocess.run([str(councilkit), "tui"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=60)
    assert tui.returncode == 1 and "pip install councilkit-tui" in tui.stderr  # core alone: a clear message


def test_each_plugin_wheel_carries_the_councils_of_its_variant(wheels: dict[str, Path]) -> None:
    import zipfile

    def councils(wheel: Path) -> list[str]:  # <package>/councils/<id>.toml, what register_councils hands over
        names = [Path(n) for n in zipfile.ZipFile(wheel).namelist()]
        return sorted(n.name for n in names if n.suffix == ".toml" and n.parent.name == "councils")

    shipped = {name: councils(wheel) for name, wheel in wheels.items()}
    assert shipped == {"core": [], "parish": ["compton-parish.toml"], "town": ["langport-town.toml", "town-2016.toml"],
                       "principal": ["principal-council.toml"], "community": ["community-council.toml"]}


def test_core_alone_lists_no_councils_and_says_how_to_get_some(tmp_path: Path, wheels: dict[str, Path]) -> None:
    councilkit, env = install(tmp_path, [wheels["core"]])
    result = subprocess.run([str(councilkit), "councils"], capture_output=True, text=True, cwd=tmp_path, env=env,
                            timeout=60)
    assert result.returncode != 0 and result.stdout == ""  # no empty table
    assert "no variant plugin is installed" in result.stderr
    assert "pip install councilkit-parish" in result.stderr and "--councils DIR" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one line, never a traceback

    # a folder of council files of an installed variant still works; one of a missing variant says which
    parish_only, env = install(tmp_path / "parish", [wheels["core"], wheels["parish"]])
    listed = subprocess.run([str(parish_only), "councils", "--json"], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert [c["id"] for c in json.loads(listed.stdout)["councils"]] == ["compton-parish"]
    town = subprocess.run([str(parish_only), "--councils", str(ROOT / "councils"), "validate"], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=60)
    assert town.returncode == 1 and "variant 'town' is not installed" in town.stdout
