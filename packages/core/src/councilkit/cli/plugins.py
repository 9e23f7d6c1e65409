"""``councilkit plugins``: what is installed, its version, its hooks and whether it loaded."""

from __future__ import annotations

import click

from councilkit.cli.context import options
from councilkit.cli.output import echo, emit_json, table
from councilkit.plugins import LOAD_ENV, allowed_plugins, default_registry


@click.command("plugins")
@click.pass_context
def plugins_command(ctx: click.Context) -> None:
    """List installed plugins with their versions, hooks and status."""
    registry = default_registry()
    if options(ctx).json:
        emit_json({"plugins": registry.plugins, "problems": registry.problems})
        return
    rows = [
        [p.name + (" (built-in)" if p.builtin else ""), p.distribution or "-", p.version or "-", p.status,
         ", ".join(h.removeprefix("register_") for h in p.hooks) or "-"]
        for p in registry.plugins
    ]
    table(["PLUGIN", "DISTRIBUTION", "VERSION", "STATUS", "HOOKS"], rows)
    for p in registry.plugins:
        if p.error:
            echo(f"{p.name}: {p.error}", err=True)
    for problem in registry.problems:
        echo(f"warning: {problem}", err=True)
    allowed = allowed_plugins()
    if allowed is not None:
        echo(f"({LOAD_ENV}={','.join(sorted(allowed)) or '(empty)'} limits which plugins load)")

