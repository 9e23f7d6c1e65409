"""Start-up: the parsed stylesheets kept on disk, and the garbage collector paused only while the app starts.

- the rules read back from the cache are the rules Textual parses, for every piece of CSS the app
  uses (its stylesheet and each widget's default CSS), and a cache written by a start is what the
  next start reads; a damaged file, one another account could write, or one kept for other CSS
  (or another theme) is never used;
- the collector, paused from the app's start until Home's list is read, runs again once Home shows
  it, and after an app that ended before its loading did.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.css.model import RuleSet

from councilkit_tui import stylecache
from councilkit_tui.app import CouncilkitApp, _Stylesheet
from councilkit_tui.testing import screen_text, settle

MakeApp = Callable[..., CouncilkitApp]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COUNCILKIT_CACHE_DIR", str(folder))
    monkeypatch.setattr(_Stylesheet, "_parsed", type(_Stylesheet._parsed)(256))  # nothing kept in this process
    return folder


def shown(rule: RuleSet) -> tuple:
    """A rule as Textual applies it: its selectors, every declaration's value (a layout is compared by its
    repr: layouts have no equality of their own), what is !important, its errors and its place."""
    styles = rule.styles
    return (repr(rule.selector_set), sorted((name, repr(value)) for name, value in styles.get_rules().items()),
            sorted(styles.important), rule.errors, rule.is_default_rules, rule.tie_breaker, rule.selector_names,
            rule.pseudo_classes)


async def test_a_start_keeps_what_it_parsed_and_the_next_reads_the_same_rules(demo_app: MakeApp, cache: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sources = dict(app.stylesheet.source)
        variables = tuple(sorted(app.stylesheet._variables.items()))
    kept = sorted((cache / "tui-css").glob("*.pickle"))
    assert len(kept) >= len(sources) > 10  # the app's stylesheet and every widget's default CSS on Home
    parsed = 0
    for read_from, (css, is_default, tie_breaker, scope) in sources.items():
        key = (css, read_from, is_default, tie_breaker, scope, variables)
        found = stylecache.read(key)
        assert found is not None, read_from
        fresh = _Stylesheet(variables=dict(variables))
        parsed_now = super(_Stylesheet, fresh)._parse_rules(css, read_from, is_default, tie_breaker, scope)
        assert [shown(r) for r in found] == [shown(r) for r in parsed_now], read_from
        parsed += 1
    assert parsed == len(sources)
    # another theme's variables, or other CSS, is another key: nothing kept for it
    css, read_from = "Screen { color: red; }", ("x.tcss", "")
    assert stylecache.read((css, read_from, False, 0, "", variables)) is None
    first = next(iter(sources.items()))
    assert stylecache.read((first[1][0], first[0], first[1][1], first[1][2], first[1][3], (("x", "y"),))) is None


async def test_a_damaged_or_untrusted_cache_is_parsed_again(demo_app: MakeApp, cache: Path) -> None:
    async with demo_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        expected = screen_text(pilot.app)
    kept = sorted((cache / "tui-css").glob("*.pickle"))
    for n, path in enumerate(kept):
        if n % 2:
            path.write_bytes(b"\x80\x04garbage")
        elif hasattr(os, "getuid"):
            path.chmod(0o666)
    _Stylesheet._parsed.clear()
    async with demo_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert screen_text(pilot.app) == expected
    for path in kept:  # written again, the user's own
        assert path.stat().st_mode & 0o022 == 0 and path.read_bytes()[:2] != b"\x80\x04g"


async def test_the_collector_runs_again_once_home_shows_its_list(demo_app: MakeApp) -> None:
    assert gc.isenabled()
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Repeated criticism" in screen_text(app)  # Home's list
        assert gc.isenabled()
    assert gc.isenabled()


async def test_the_collector_runs_again_after_an_app_that_ends_before_its_loading(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)):
        app.exit()
    assert gc.isenabled()


async def test_rules_not_written_for_thirty_days_are_removed_when_new_ones_are(demo_app: MakeApp, cache: Path) -> None:
    stale = cache / "tui-css" / "0000000000000000.pickle"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"rules of a stylesheet since changed")
    month_ago = stale.stat().st_mtime - 31 * 86400
    os.utime(stale, (month_ago, month_ago))
    async with demo_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert not stale.exists() and list(stale.parent.glob("*.pickle"))
