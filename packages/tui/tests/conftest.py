from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from councilkit.plugins import reset_default_registry


@pytest.fixture(autouse=True)
def _fixed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Fixed date, the bundled councils, no user keymap unless a test writes one."""
    monkeypatch.setenv("COUNCILKIT_TODAY", "2026-11-23")
    monkeypatch.delenv("COUNCILKIT_COUNCILS", raising=False)
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(tmp_path / "no-keymap.toml"))
    reset_default_registry()
    yield
    reset_default_registry()
