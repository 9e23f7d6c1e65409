from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from councilkit.plugins import reset_default_registry
from councilkit_tui.app import CouncilkitApp, create_app

TODAY = "2026-11-23"
#: every record written in the tests says it was written at this moment, so snapshots never change
RECORDED_AT = "2026-11-23T09:30:00.000000+00:00"
#: the login the tests run as: not a person in the demo store, so its administrator there
LOGIN = "clerk"
#: Alison Hartley in the demo store: Compton's Parish Clerk, and Compton her only council
ALISON = "demo-alison.hartley"


def frozen_now() -> str:
    return RECORDED_AT


def freeze_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's clock, as every module that writes reads it."""
    import councilkit.cases.book
    import councilkit.people.records
    import councilkit.registers.service
    import councilkit.store

    for module in (councilkit.store, councilkit.cases.book, councilkit.people.records, councilkit.registers.service):
        monkeypatch.setattr(module, "now", frozen_now)


@pytest.fixture(autouse=True)
def _fixed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Fixed date and clock, the bundled councils, a store of its own, no user keymap unless a test writes one."""
    monkeypatch.setenv("COUNCILKIT_TODAY", TODAY)
    monkeypatch.delenv("COUNCILKIT_COUNCILS", raising=False)
    monkeypatch.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
    monkeypatch.setenv("COUNCILKIT_DB", str(tmp_path / "councilkit.db"))
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(tmp_path / "no-keymap.toml"))
    freeze_time(monkeypatch)
    reset_default_registry()
    yield
    reset_default_registry()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (people, cases, register entries), built once through the SDK on the fixed date."""
    from councilkit.demo import ensure_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COUNCILKIT_TODAY", TODAY)
        mp.delenv("COUNCILKIT_LOAD_PLUGINS", raising=False)
        freeze_time(mp)
        reset_default_registry()
        store = ensure_demo(path)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        reset_default_registry()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo store for one test (tests write to it)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    with sqlite3.connect(path) as conn:  # the copy is complete: no WAL left behind
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return path


@pytest.fixture
def demo_app(demo_db: Path) -> Callable[..., CouncilkitApp]:
    """Make the app on this test's copy of the demo store, through the factory ``councilkit tui`` uses.

    ``demo_app()`` is Alison Hartley, Compton's Parish Clerk; any of :func:`~councilkit_tui.app.create_app`'s
    options replaces the default (``login="demo-sunita.rao"``, ``demo=False`` to open the file as a real
    store).  Cursors do not blink.
    """

    def make(**options: Any) -> CouncilkitApp:
        return create_app(**{"db": demo_db, "demo": True, "login": ALISON, "blink": False, **options})

    return make
