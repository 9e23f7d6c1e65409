"""The hooks a councilkit plugin may implement (entry-point group ``councilkit``).

Registration hooks take a ``register`` callback instead of returning values, so
core can check what each plugin registers and report a clash by name.  Every
``register`` callback takes the object and, optionally, ``variant=`` to limit it
to councils of one variant; without it the object is available to every
council.  A plugin rarely writes a registration hook itself: declared as data with
:class:`councilkit.plugin.Plugin`, each thing it gives becomes the hook that registers it.
See ``docs/writing-plugins.md`` for a worked example.
"""

from __future__ import annotations

import pluggy

PROJECT = "councilkit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_variants(register):  # type: ignore[no-untyped-def]
    """Register kinds of council: ``register(Variant(...))``."""


@hookspec
def register_roles(register):  # type: ignore[no-untyped-def]
    """Register roles: ``register(Role(...), variant="parish")``.

    A role registered without ``variant`` exists in every council.
    """


@hookspec
def register_actions(register):  # type: ignore[no-untyped-def]
    """Register actions that rules may name: ``register(Action(...), variant=None)``."""


@hookspec
def register_register_kinds(register):  # type: ignore[no-untyped-def]
    """Register kinds of register: ``register(RegisterKind(...), variant=None)``.

    A council keeps a kind only when it lists it in a ``[[register]]`` table.
    """


@hookspec
def register_routes(register):  # type: ignore[no-untyped-def]
    """Register route templates: ``register(Route(...), variant=None)``.

    A council adopts a template with ``[[route]] template = "<id>"`` and its
    own citations; templates never apply to a council by themselves, because a
    council whose text is silent must not be given a route it never adopted.
    """


@hookspec
def register_councils(register):  # type: ignore[no-untyped-def]
    """Register a directory of council files the plugin ships: ``register(Path(__file__).parent / "councils")``.

    Every ``*.toml`` in a registered directory is one of the councils that ``councilkit councils``
    lists and ``load_council("<id>")`` finds, unless ``--councils DIR`` or ``COUNCILKIT_COUNCILS``
    names other directories.  A variant plugin ships the councils of its own variant, so that core
    alone never lists a council it cannot load.  Registering a path that is not a directory makes
    the plugin fail to load; two plugins registering the same directory is reported as a clash.
    """


@hookspec
def validate_council(council, report):  # type: ignore[no-untyped-def]
    """Extra checks on a loaded council.

    Call ``report(message, key=None, severity="error")`` for each problem; a
    ``key`` such as ``"route.step"`` lets the message name the file's line.
    """


@hookspec
def case_event(council, case, event):  # type: ignore[no-untyped-def]
    """Called after an event is appended to a case, for side effects such as notices."""
