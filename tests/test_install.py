"""After a plain install from wheels (not a checkout), the bundled seed councils are the demo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")


@pytest.mark.slow
@pytest.mark.skipif(UV is None, reason="uv is not on PATH, so wheels cannot be built here")
def test_wheels_install_and_carry_the_demo_councils(tmp_path: Path) -> None:
    assert UV is not None
    dist = tmp_path / "dist"
    for project in ("packages/core", *(f"plugins/{p}" for p in ("parish", "town", "principal", "community"))):
        subprocess.run([UV, "build", "--wheel", "--out-dir", str(dist), str(ROOT / project)],
                       check=True, capture_output=True, timeout=300)
    venv = tmp_path / "venv"
    subprocess.run([UV, "venv", "--quiet", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COUNCILKIT_", "VIRTUAL_ENV"))}
    subprocess.run([UV, "pip", "install", "--quiet", "--python", str(python), *map(str, dist.glob("*.whl"))],
                   check=True, timeout=300, env=env)
    result = subprocess.run([str(venv / "bin" / "councilkit"), "councils", "--json"], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    ids = {c["id"] for c in json.loads(result.stdout)["councils"]}
    assert ids == {"compton-parish", "town-2016", "langport-town", "principal-council", "community-council"}
    tui = subprocess.run([str(venv / "bin" / "councilkit"), "tui"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=60)
    assert tui.returncode == 1 and "pip install councilkit-tui" in tui.stderr  # core alone: a clear message
