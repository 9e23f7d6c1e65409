"""Plugins: the hook specifications, a plugin declared as data (:class:`Plugin`), the registry
that loads plugins from the ``councilkit`` entry-point group, and core's own built-in plugin.
Plugin authors import from :mod:`councilkit.plugin`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.plugins.declared import Plugin
    from councilkit.plugins.hookspecs import PROJECT, hookimpl
    from councilkit.plugins.registry import (
        LOAD_ENV,
        Registry,
        allowed_plugins,
        default_registry,
        reset_default_registry,
    )

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "LOAD_ENV": "registry",
    "PROJECT": "hookspecs",
    "Plugin": "declared",
    "Registry": "registry",
    "allowed_plugins": "registry",
    "default_registry": "registry",
    "hookimpl": "hookspecs",
    "reset_default_registry": "registry",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "LOAD_ENV",
    "PROJECT",
    "Plugin",
    "Registry",
    "allowed_plugins",
    "default_registry",
    "hookimpl",
    "reset_default_registry",
]
