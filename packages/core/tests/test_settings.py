"""Settings: every COUNCILKIT_* variable, the platform's folders and today's date, read in one place."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from councilkit import settings
from councilkit.councilfile import council_dirs
from councilkit.store import default_db_path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = sorted(p for top in ("packages", "plugins") for p in (ROOT / top).glob("*/src/**/*.py"))
SETTINGS = ROOT / "packages" / "core" / "src" / "councilkit" / "settings.py"


def test_every_councilkit_variable_the_code_or_docs_name_is_a_documented_setting() -> None:
    named = {}
    for path in [*SOURCES, *sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]:
        for variable in re.findall(r"COUNCILKIT_[A-Z_]+[A-Z]", path.read_text("utf-8")):
            named.setdefault(variable, path.relative_to(ROOT))
    unknown = {v: str(p) for v, p in named.items() if v not in settings.VARIABLES}
    assert not unknown, f"not in councilkit.settings.VARIABLES: {unknown}"
    assert all(v in (settings.__doc__ or "") for v in settings.VARIABLES)  # each in the module's table


def test_only_settings_reads_councilkit_variables_or_asks_platformdirs() -> None:
    offenders = []
    for path in SOURCES:
        if path == SETTINGS:
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            reads_env = re.search(r"os\.environ|getenv", line) and re.search(r"COUNCILKIT_|_ENV\b", line)
            if reads_env or re.search(r"\bplatformdirs\b", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_platform_folders_and_the_stores_in_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from councilkit.demo import default_demo_path

    monkeypatch.delenv("COUNCILKIT_DB", raising=False)
    monkeypatch.delenv("COUNCILKIT_CACHE_DIR", raising=False)
    monkeypatch.delenv("COUNCILKIT_KEYMAP", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_db_path() == tmp_path / "data" / "councilkit" / "councilkit.db"
    assert default_demo_path() == tmp_path / "data" / "councilkit" / "demo.db"  # beside, never instead of, it
    assert settings.keymap_path() == tmp_path / "config" / "councilkit" / "keymap.toml"
    assert settings.cache_dir() == tmp_path / "cache" / "councilkit"

    monkeypatch.setenv("COUNCILKIT_DB", str(tmp_path / "mine.db"))
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(tmp_path / "holidays"))
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(tmp_path / "keys.toml"))
    assert default_db_path() == tmp_path / "mine.db"
    assert default_demo_path() == tmp_path / "data" / "councilkit" / "demo.db"  # the demo never follows COUNCILKIT_DB
    assert settings.cache_dir() == tmp_path / "holidays"
    assert settings.keymap_path() == tmp_path / "keys.toml"

    monkeypatch.setenv("COUNCILKIT_DB", "")  # set but empty: as if unset
    assert default_db_path() == tmp_path / "data" / "councilkit" / "councilkit.db"


def test_load_plugins_and_councils_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
    assert settings.allowed_plugins() is None
    monkeypatch.setenv("COUNCILKIT_LOAD_PLUGINS", " parish, councilkit-town ,")
    assert settings.allowed_plugins() == {"parish", "councilkit-town"}
    monkeypatch.setenv("COUNCILKIT_LOAD_PLUGINS", "")
    assert settings.allowed_plugins() == set()  # set but empty: none

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.setenv("COUNCILKIT_COUNCILS", os.pathsep.join([str(tmp_path / "a"), "", str(tmp_path / "b")]))
    assert settings.council_dirs() == [tmp_path / "a", tmp_path / "b"]
    assert council_dirs() == [tmp_path / "a", tmp_path / "b"]
    monkeypatch.setenv("COUNCILKIT_COUNCILS", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "typo")]))
    with pytest.raises(Exception, match=f"COUNCILKIT_COUNCILS names a directory that does not exist: {tmp_path / 'typo'}$"):
        council_dirs()


def test_today_is_the_system_date_unless_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNCILKIT_TODAY", raising=False)
    assert settings.today() == dt.date.today()
    monkeypatch.setenv("COUNCILKIT_TODAY", "2026-11-23")
    assert settings.today() == dt.date(2026, 11, 23)
    monkeypatch.setenv("COUNCILKIT_TODAY", "next tuesday")
    with pytest.raises(settings.SettingError, match="COUNCILKIT_TODAY='next tuesday' is not a date like 2026-11-23"):
        settings.today()


def _councilkit(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)


def test_a_bad_setting_is_one_line_naming_the_variable_never_a_traceback(tmp_path: Path) -> None:
    result = _councilkit("councils", COUNCILKIT_TODAY="yesterday")
    assert result.returncode == 1
    assert result.stderr.strip() == "councilkit: COUNCILKIT_TODAY='yesterday' is not a date like 2026-11-23"
    missing = _councilkit("councils", COUNCILKIT_COUNCILS=str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert str(tmp_path / "nowhere") in missing.stderr and missing.stdout == ""  # no empty table


def test_importing_settings_is_cheap() -> None:
    """The command line and the terminal UI's first frame import settings: it must not load platformdirs."""
    code = "import sys, councilkit.settings; print('platformdirs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"
