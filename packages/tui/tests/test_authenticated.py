"""An embedding program (``councilkit serve``) hands the app a person it has already authenticated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from councilkit import people as P
from councilkit.cases import CaseBook
from councilkit.store import open_store
from councilkit_tui.app import CouncilkitApp, create_app
from councilkit_tui.testing import settle, text_of, type_into

MakeApp = Callable[..., CouncilkitApp]


def person_id(db: Path, login: str) -> int:
    with open_store(db) as store:
        return P.find_person(store, login).id


async def test_the_app_acts_as_exactly_the_person_it_is_given(demo_db: Path, demo_app: MakeApp) -> None:
    # the login given is an administrator's (no person in the store): it must count for nothing
    fiona = person_id(demo_db, "demo-fiona.grant")
    app = demo_app(login="clerk", person_id=fiona)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "You: Fiona Grant (Councillor)" in text_of(app, "#home-council")
        assert "case officer" not in text_of(app, "#home-council")  # not the demo's administrator
        await app.open_case(2)  # Kim Patel's grievance about Harriet Moss: not hers to see
        await settle(pilot)
        assert "no case #2 that you can see" in text_of(app, "#case-text")


async def test_events_record_the_authenticated_person(demo_db: Path, demo_app: MakeApp) -> None:
    alison = person_id(demo_db, "demo-alison.hartley")
    app = demo_app(login=None, person_id=alison)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.open_case(8)
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Phoned both")
        await pilot.press("f8")
        await settle(pilot)
    with open_store(demo_db) as store:
        event = CaseBook(store).get(8, P.get_person(store, alison)).events[-1]
        assert (event.kind, event.actor, event.recorded_by) == ("note", "Alison Hartley", None)


async def test_an_unknown_person_opens_nothing(demo_app: MakeApp) -> None:
    app = demo_app(person_id=99999)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.identity is None and app.session.actor() is None
        assert "not in this store" in app.session.store_problem


def test_an_authenticated_person_cannot_also_act_as_someone(demo_db: Path) -> None:
    with pytest.raises(ValueError, match="person_id"):
        create_app(db=demo_db, demo=True, person_id=1, as_person="demo-alison.hartley")
