from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same date and the bundled councils unless it says otherwise."""
    monkeypatch.setenv("COUNCILKIT_TODAY", "2026-11-23")
    monkeypatch.delenv("COUNCILKIT_COUNCILS", raising=False)
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
