"""The terminal UI's own plugin hooks: register_screens and register_commands.

A screen or palette provider a plugin registers is offered in the UI; a plugin that fails, or
registers the wrong kind of object, is named in a warning the clerk sees, and nothing else breaks.
"""

from __future__ import annotations

import types
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets import Static

from councilkit import hookimpl
from councilkit.plugins import Registry
from councilkit_tui.hookspecs import ScreenSpec
from councilkit_tui.plugins import tui_extensions
from councilkit_tui.testing import screen_text, settle


class RotaScreen(Screen[None]):
    def compose(self) -> Any:
        yield Static("The cleaning rota", id="rota")


class RotaCommands(Provider):
    async def discover(self) -> Hits:
        yield DiscoveryHit("Rota: this week", lambda: None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        if matcher.match("Rota: this week") > 0:
            yield Hit(1.0, matcher.highlight("Rota: this week"), lambda: None)


def plugin(name: str, **hooks: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


GOOD = plugin(
    "rota",
    register_screens=lambda register: register(ScreenSpec("rota", "Cleaning rota", RotaScreen, "Who cleans")),
    register_commands=lambda register: register(RotaCommands),
)


def _raises(register: Any) -> None:
    raise RuntimeError("the rota file is missing")


BROKEN = plugin("broken", register_screens=_raises)
WRONG = plugin("wrong", register_commands=lambda register: register("not a provider"))


def registry(*plugins: types.ModuleType) -> Registry:
    return Registry.build(extra=[(p.__name__, p) for p in plugins], entry_points=False)


def test_a_plugins_screen_and_provider_are_collected() -> None:
    screens, providers, problems = tui_extensions(registry(GOOD))
    assert [(s.name, s.title) for s in screens] == [("rota", "Cleaning rota")]
    assert providers == [RotaCommands] and problems == []


def test_a_failing_or_wrong_plugin_is_named_and_the_others_still_load() -> None:
    screens, providers, problems = tui_extensions(registry(BROKEN, GOOD, WRONG))
    assert [s.name for s in screens] == ["rota"] and providers == [RotaCommands]
    assert len(problems) == 2
    assert any("'broken' failed in register_screens" in p and "the rota file is missing" in p for p in problems)
    assert any("'wrong' failed in register_commands" in p and "not str" in p for p in problems)


async def test_the_clerk_sees_the_plugins_screen_and_a_warning_for_the_broken_one(demo_app: Any) -> None:
    app = demo_app(login=None, registry=registry(GOOD, BROKEN))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        toasts = " ".join(str(t.render()) for t in app.screen.query("Toast"))
        assert "'broken' failed in register_screens" in toasts
        assert ("rota", "Cleaning rota", "Who cleans") in app.screens_list()
        await pilot.press("ctrl+p", *"Cleaning rota", "enter")
        await settle(pilot)
        assert "The cleaning rota" in screen_text(app)
