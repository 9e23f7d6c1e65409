"""What every test suite in the repository shares (packages/*/tests, plugins/*/tests, tests/).

Fixtures used by more than one test module live here, once.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same date and the councils the installed plugins ship, unless it says otherwise."""
    monkeypatch.setenv("COUNCILKIT_TODAY", "2026-11-23")
    monkeypatch.delenv("COUNCILKIT_COUNCILS", raising=False)
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)


@pytest.fixture(scope="session")
def councils() -> dict:
    """Every council the installed plugins ship, by id, loaded once (treat them as read-only)."""
    import councilkit

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("COUNCILKIT_COUNCILS", raising=False)
        mp.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
        return {c.id: c for c in councilkit.load_councils()}
