"""Everything a plugin author needs, in one import.

    from councilkit.plugin import Plugin, Role, Variant, hookimpl

A variant plugin is data and the few hooks only code can say (docs/writing-plugins.md):

- :class:`Plugin` declares a plugin as data: its :class:`Variant` (or the id of one it adds to),
  its roles, actions, register kinds and route templates, and the directory of council files it
  ships.  Each becomes the registration hook that registers it.
- :data:`hookimpl` marks any other hook function: ``validate_council``, ``case_event``, or a
  registration the data cannot say.  The hooks are documented in
  :mod:`councilkit.plugins.hookspecs`.
- The register-kind catalogue (:func:`relationships`, :func:`officer_interests`, ...) makes the
  kinds of register the seed protocols keep, with the roles that keep and see them.
- :class:`Registry` builds the registry a test needs: ``Registry.build(extra=[("mine", module)])``.

Loading a plugin loads the model anyway, so this module imports what it names at once (plugins
import it when they load, never the command line's start-up).
"""

from __future__ import annotations

from councilkit.model import (
    Action,
    ContextAttribute,
    Relation,
    Role,
    Route,
    Step,
    StepOutcome,
    Variant,
)
from councilkit.plugins import Plugin, Registry, hookimpl
from councilkit.registers import (
    Clock,
    Field,
    FieldRule,
    RegisterKind,
    briefings,
    delegated_decisions,
    external_meetings,
    information_given,
    information_requests,
    media_assistance,
    officer_interests,
    relationships,
    standard_kinds,
)

__all__ = [
    "Action",
    "Clock",
    "ContextAttribute",
    "Field",
    "FieldRule",
    "Plugin",
    "RegisterKind",
    "Registry",
    "Relation",
    "Role",
    "Route",
    "Step",
    "StepOutcome",
    "Variant",
    "briefings",
    "delegated_decisions",
    "external_meetings",
    "hookimpl",
    "information_given",
    "information_requests",
    "media_assistance",
    "officer_interests",
    "relationships",
    "standard_kinds",
]
