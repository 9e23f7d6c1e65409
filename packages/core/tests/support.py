"""What several of the core tests share: Compton with a cast of people, and running the CLI for real.

Importable from the tests as ``support`` (pyproject's pytest ``pythonpath``); pytest does not collect
it, as its name does not start with ``test_``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs

import councilkit
from councilkit import people as P
from councilkit.cases import CaseBook
from councilkit.plugins import Registry
from councilkit.store import Store, open_store

D = dt.date
TODAY = D(2026, 11, 23)  # a Monday; conftest sets COUNCILKIT_TODAY to it
APPOINTED = D(2025, 5, 12)
COMPTON = councilkit.load_council("compton-parish")

#: Compton's people, each appointed on APPOINTED to these roles; the login is the first name, lower-case
CAST = {
    "Ann Clerk": ("clerk",),
    "Pat Chair": ("personnel_committee_chair", "personnel_committee"),
    "Cher Man": ("chair",),
    "Vic Vice": ("vice_chair",),
    "Lee Leader": ("leader",),
    "Gail Group": ("group_leader",),
    "Colin Cllr": ("councillor",),
    "Dora Cllr": ("councillor",),
    "Olive Officer": ("officer",),
    "Sam Senior": ("senior_manager",),
    "Nobody Special": (),
}


@attrs.define
class World:
    """A store holding CAST at Compton, and its case book; ``w["Olive"]`` is Olive Officer."""

    store: Store
    book: CaseBook
    p: dict[str, P.Person]

    def __getitem__(self, first: str) -> P.Person:
        return next(v for k, v in self.p.items() if k.startswith(first))


def make_world(path: Path, councils: dict[str, Any] | None = None, registry: Registry | None = None) -> World:
    store = open_store(path)
    people = {}
    for name, roles in CAST.items():
        person = P.add_person(store, name, login=name.split()[0].lower())
        for role in roles:
            P.appoint(store, person, COMPTON, role, APPOINTED)
        people[name] = person
    book = CaseBook(store, councils=councils or {COMPTON.id: COMPTON}, registry=registry or Registry.build())
    return World(store, book, people)


# --- the command line, run in a subprocess -------------------------------------------------


def run(db: Path | None, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``councilkit [--db DB] ARGS`` on a fixed day, with no councils or store from the environment."""
    environ = {**os.environ, "COUNCILKIT_TODAY": TODAY.isoformat(), **env}
    environ.pop("COUNCILKIT_COUNCILS", None)
    environ.pop("COUNCILKIT_DB", None)
    prefix = ["--db", str(db)] if db is not None else []
    return subprocess.run([sys.executable, "-m", "councilkit", *prefix, *args], capture_output=True, text=True,
                          env=environ, timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must succeed, cleanly."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """The one-line message of a command that must be refused (exit 2), holding each fragment."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("councilkit: ") and len(message.splitlines()) == 1, message
    for fragment in fragments:
        assert fragment in message, message
    return message


def flat(text: str) -> str:
    """Output with its line wrapping undone."""
    return " ".join(text.split())
