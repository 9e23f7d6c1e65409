"""Loading the TUI's plugin hooks (screens, command providers) from the SDK's plugin manager."""

from __future__ import annotations

from typing import Any

from councilkit.plugins import Registry, default_registry

from . import hookspecs


def _ensure_specs(registry: Registry) -> None:
    hook = getattr(registry.manager.hook, "register_screens", None)
    if hook is None or not hook.has_spec():
        registry.manager.add_hookspecs(hookspecs)


def tui_extensions(registry: Registry | None = None) -> tuple[list[hookspecs.ScreenSpec], list[Any], list[str]]:
    """Screens and command providers plugins add, and a message for each plugin that failed."""
    registry = registry or default_registry()
    _ensure_specs(registry)
    screens: list[hookspecs.ScreenSpec] = []
    providers: list[Any] = []
    problems: list[str] = []
    for hook_name, out, kind in (("register_screens", screens, hookspecs.ScreenSpec),
                                 ("register_commands", providers, type)):
        for impl in getattr(registry.manager.hook, hook_name).get_hookimpls():
            staged: list[Any] = []

            def register(obj: Any, _staged: list[Any] = staged, _kind: type = kind, _hook: str = hook_name) -> None:
                if not isinstance(obj, _kind):
                    raise TypeError(f"{_hook} takes {_kind.__name__} objects, not {type(obj).__name__}")
                _staged.append(obj)

            try:
                impl.function(register=register)
            except Exception as exc:  # a broken plugin is reported, never fatal
                problems.append(f"plugin {impl.plugin_name!r} failed in {hook_name}: {type(exc).__name__}: {exc}")
                continue
            out.extend(staged)
    return screens, providers, problems
