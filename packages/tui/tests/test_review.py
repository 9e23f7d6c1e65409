"""The review screen: an import's proposed norms, one at a time, each decision written to the file at once.

Each test imports a small protocol with the real importer into a real council file, opens the review on it
in the real app (on a copy of the demo store), presses keys as a clerk would, and reads both the terminal
and the file: the file is the record, so what the clerk decided must be in it, and only norms that validate.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import SelectionList

from councilkit.councilfile import load_council_file
from councilkit.importer import import_text
from councilkit.importer.review import Review
from councilkit_tui.app import CouncilkitApp, create_app
from councilkit_tui.screens.review import ChangeField, ReviewScreen
from councilkit_tui.testing import pick, screen_text, settle

# three proposals: 1.1 read all but its "unless" (its "budgetary matters" the import writes as `when`), 1.2 and
# 1.4 with no action the vocabulary knows (1.3 describes, and is no proposal); 1.4 carries "[Draft]", which
# markup would swallow
PROTOCOL = (Path(__file__).parent / "ashby-protocol.txt").read_text("utf-8")


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """The protocol imported by the real importer into ``ashby-parish.toml``, as `councilkit import` writes it."""
    result = import_text(PROTOCOL, council_id="ashby-parish", name="Ashby Parish Council", variant="parish",
                         nation="england", file="protocol.txt")
    path = tmp_path / "ashby-parish.toml"
    path.write_text(result.toml, encoding="utf-8")
    review = Review.load(path)
    assert review.remaining >= 3, "the import should leave at least three proposals to review"
    return path


async def open_review(app: CouncilkitApp, pilot: Any, path: Path) -> ReviewScreen:
    await settle(pilot)
    app.clear_notifications()
    screen = ReviewScreen(path)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


def proposals(path: Path) -> list[str]:
    return [c.id for c in Review.load(path).candidates]


async def test_the_first_proposal_is_shown_in_plain_words_with_the_progress(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    review = Review.load(imported)
    first = review.candidates[0]
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        shown = screen_text(app)
        n = review.sentences_remaining
        assert f"1 of {review.remaining} proposals; {n} normative sentences remain" in shown
        assert f"Clause {first.clause}" in shown
        assert "Unless the Council agrees otherwise" in shown
        assert "must not lobby the Officer, or otherwise improperly seek" in shown  # the action in words
        assert "when it is about budgetary matters (1.1)" in shown  # and its condition
        assert "Where it came from" in shown and "unless" in shown
        assert "a Accept" in shown and "r Reject" in shown and "d Descriptive" in shown


async def test_accept_writes_the_norm_and_the_file_loads_with_it_live(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    before = Review.load(imported)
    first = before.candidates[0]
    assert first.table["action"] == "lobby" and first.table.get("when") == {"budgetary_matter": True}
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        await pilot.press("a")
        await settle(pilot)
        shown = screen_text(app)
        assert "Accepted" in shown and first.id in shown
        assert f"2 of {before.total} proposals" in shown  # and the next proposal is in front
    council = load_council_file(imported)
    rule = next(r for r in council.rules if r.id == first.id)
    assert (rule.effect, rule.actor, rule.action, rule.target) == ("forbid", "councillor", "lobby", "officer")
    # live: the council now answers with it, on budgetary matters only
    assert council.check("councillor", "lobby", target="officer", budgetary_matter=True).outcome == "forbidden"
    assert council.check("councillor", "lobby", target="officer", budgetary_matter=False).outcome != "forbidden"
    assert first.id not in proposals(imported)
    assert "accepted in review 2026-11-23" in imported.read_text("utf-8")


async def test_reject_and_descriptive_move_the_sentence_to_the_reviewed_list(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    first, second, *_ = proposals(imported)
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        await pilot.press("r")
        await settle(pilot)
        assert "Rejected: not a norm of this council" in screen_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert "Marked descriptive" in screen_text(app)
    review = Review.load(imported)
    assert first not in proposals(imported) and second not in proposals(imported)
    text = imported.read_text("utf-8")
    assert "# --- reviewed: not norms" in text
    assert f"# rejected 2026-11-23, {first}: 1.1: Unless the Council agrees otherwise" in text
    assert f"# descriptive 2026-11-23, {second}: 1.2: Councillors should not seek" in text
    assert review.decided == 2 and not any(r.id in (first, second) for r in load_council_file(imported).rules)


async def test_a_change_that_does_not_validate_writes_nothing_and_says_why(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    first = Review.load(imported).candidates[0]
    before = imported.read_bytes()
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ChangeField)
        await pick(pilot, "#review-change-field", "action")
        await pick(pilot, "#review-change-one", "bully")  # offered: bullying is an action of the variant
        await pilot.press("f8")
        await settle(pilot)
        shown = screen_text(app)
        # bullying takes no "budgetary matter": the rule's condition no longer fits, so it is refused
        assert "REFUSED" in shown and "budgetary_matter" in shown
        assert isinstance(app.screen, ChangeField)  # still open, to choose again
        assert imported.read_bytes() == before
        # a change that fits is written at once, and the proposal stays in front, changed
        await pick(pilot, "#review-change-field", "target")
        await pick(pilot, "#review-change-one", "Clerk")
        await pilot.press("f8")
        await settle(pilot)
        shown = screen_text(app)
        assert isinstance(app.screen, ReviewScreen)
        assert "Changed target to clerk" in shown and "must not lobby the Clerk" in shown
    again = Review.load(imported)
    assert again.candidates[0].id == first.id and again.candidates[0].table["target"] == "clerk"


async def test_a_proposal_without_an_action_is_refused_until_one_is_chosen(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        await pilot.press("s")  # 1.1 for later
        await settle(pilot)
        shown = screen_text(app)
        assert "Clause 1.2" in shown and "(no action named yet)" in shown and "Not yet valid" in shown
        before = imported.read_bytes()
        await pilot.press("a")
        await settle(pilot)
        assert "REFUSED" in screen_text(app) and imported.read_bytes() == before
        await pilot.press("c")
        await settle(pilot)
        await pick(pilot, "#review-change-field", "action")
        await pick(pilot, "#review-change-one", "criticise")
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "Accepted" in screen_text(app)
    assert any(r.action == "criticise_publicly" and r.cite == ("1.2",) for r in load_council_file(imported).rules)


#: an escalation sentence that does not say who raises the concern: the import proposes a route, raised_by empty
ROUTES = textwrap.dedent("""\
    Member/Officer Protocol

    1. Concerns

    1.1 Concerns about the Clerk should be raised with the Chairman.
    """)


async def tick(pilot: Any, value: str) -> None:
    """Tick (or untick) ``value`` in the change form's list of roles, as a person does: move to it, then Space."""
    roles = pilot.app.screen.query_one("#review-change-many", SelectionList)
    roles.focus()
    roles.highlighted = next(n for n in range(roles.option_count) if roles.get_option_at_index(n).value == value)
    await pilot.press("space")


async def test_a_route_is_completed_by_ticking_who_raises_it(demo_app: Callable[..., CouncilkitApp],
                                                             tmp_path: Path) -> None:
    result = import_text(ROUTES, council_id="brook-parish", name="Brook Parish Council", variant="parish",
                         nation="england", file="protocol.txt")
    path = tmp_path / "brook-parish.toml"
    path.write_text(result.toml, encoding="utf-8")
    route = next((c for c in Review.load(path).candidates if c.kind == "route" and not c.table.get("raised_by")),
                 None)
    assert route is not None, "the import should propose the route, not knowing who raises it"
    handler = route.table["step"][0]["handler"][0]
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot, path)
        while screen.current is not None and screen.current.id != route.id:
            await pilot.press("s")
            await settle(pilot)
        shown = screen_text(app)
        assert "Proposed route" in shown and "who raises it is not named yet" in shown
        assert "Not yet valid" in shown and "nobody raises it" in shown
        # leaving its step with no handler is refused, and nothing is written
        before = path.read_bytes()
        await pilot.press("c")
        await settle(pilot)
        await pick(pilot, "#review-change-field", "handler")
        await tick(pilot, handler)  # untick the only handler
        await pilot.press("f8")
        await settle(pilot)
        shown = screen_text(app)
        assert "REFUSED" in shown and "has no handler" in shown
        assert path.read_bytes() == before
        # who raises it, ticked: written, and then it is accepted
        await pick(pilot, "#review-change-field", "raised")
        await tick(pilot, "councillor")
        await pilot.press("f8")
        await settle(pilot)
        shown = screen_text(app)
        assert "Changed raised_by to councillor" in shown and "A concern raised by a Councillor" in shown
        await pilot.press("a")
        await settle(pilot)
        assert "Accepted" in screen_text(app)
    council = load_council_file(path)
    accepted = next(r for r in council.routes if r.id == route.id)
    assert accepted.raised_by == ("councillor",) and accepted.steps[0].handler == (handler,)
    assert council.route("councillor", "clerk").route.id == route.id  # live: a concern now takes it


async def test_closing_and_opening_again_resumes_at_the_next_proposal(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    ids = proposals(imported)
    total = len(ids)
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        await pilot.press("a", "s")  # accept the first, skip the second
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
    # another sitting, another app: it starts with what remains, the skipped one first
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot, imported)
        assert screen.current is not None and screen.current.id == ids[1]
        assert f"2 of {total} proposals" in screen_text(app)
        assert "Clause 1.2" in screen_text(app)


async def test_the_last_decision_says_the_council_is_onboarded(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    count = len(proposals(imported))
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        shown = ""
        for n in range(count):
            assert "onboarded" not in screen_text(app)
            await pilot.press("a" if n == 0 else "d")
            await settle(pilot)
            shown = screen_text(app)
        assert "ONBOARDED" in shown and "the council is onboarded" in shown
        assert f"All {count} proposals decided" in shown
        assert "a Accept" not in shown  # nothing left to decide: the keys are gone from the footer
    review = Review.load(imported)
    assert review.onboarded and review.remaining == 0
    load_council_file(imported)  # and it validates


async def test_skipping_every_proposal_ends_the_sitting_without_onboarding(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    count = len(proposals(imported))
    before = imported.read_bytes()
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(app, pilot, imported)
        await pilot.press(*"s" * count)
        await settle(pilot)
        shown = screen_text(app)
        assert "SKIPPED" in shown and "onboarded" not in shown
        assert f"the {count} proposals you skipped remain" in shown
        await pilot.press("g")  # round again, from the first
        await settle(pilot)
        assert screen.current is not None and "1 of" in screen_text(app)
    assert imported.read_bytes() == before  # skipping writes nothing


async def test_text_from_the_file_is_shown_as_written(demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        await pilot.press("s", "s")
        await settle(pilot)
        shown = screen_text(app)
        assert "Clause 1.4" in shown and "over their [Draft]" in shown  # not swallowed as markup


async def test_a_file_changed_elsewhere_is_never_written_over(
        demo_app: Callable[..., CouncilkitApp], imported: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        # another sitting (the command line) decides the first proposal meanwhile
        other = Review.load(imported)
        other.reject(other.candidates[0].id)
        other.save()
        elsewhere = imported.read_bytes()
        await pilot.press("a")
        await settle(pilot)
        shown = screen_text(app)
        assert "REFUSED" in shown and "changed or removed since the review read it" in shown
        assert imported.read_bytes() == elsewhere
        assert "Clause 1.2" in shown  # read again: the proposal decided elsewhere is gone


async def test_a_file_that_cannot_be_reviewed_is_explained(
        demo_app: Callable[..., CouncilkitApp], tmp_path: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, tmp_path / "missing.toml")
        shown = screen_text(app)
        assert "This file cannot be reviewed" in shown and "no such file" in shown
        assert "a Accept" not in shown


@pytest.mark.skipif("review" not in inspect.signature(create_app).parameters,
                    reason="create_app(review=...) is not there yet (app.py)")
async def test_the_app_opens_the_review_when_asked(demo_db: Path, imported: Path) -> None:
    app = create_app(db=demo_db, demo=True, login="demo-alison.hartley", blink=False, review=imported)  # type: ignore[call-arg]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "1 of" in screen_text(app) and "Clause 1.1" in screen_text(app)


@pytest.mark.skipif("review.accept" not in CouncilkitApp.binding_ids(),
                    reason="the review's bindings are not yet listed in app.py's binding_owners")
async def test_the_review_keys_can_be_remapped(demo_app: Callable[..., CouncilkitApp], imported: Path,
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"review.accept" = "y"\n', encoding="utf-8")
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(keymap))
    first = proposals(imported)[0]
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(app, pilot, imported)
        assert "y Accept" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
    assert first not in proposals(imported)
