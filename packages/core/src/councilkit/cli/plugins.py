"""``councilkit plugins``: what is installed, its version, its hooks and whether it loaded."""

from __future__ import annotations

import click

from councilkit.cli.output import emit_json, table
from councilkit.plugins import LOAD_ENV, allowed_plugins, default_registry


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def plugins_command(as_json: bool) -> None:
    """List installed plugins with their versions, hooks and status."""
    registry = default_registry()
    if as_json:
        emit_json({"plugins": [p.as_dict() for p in registry.plugins], "problems": registry.problems})
        return
    rows = [
        [p.name + (" (built-in)" if p.builtin else ""), p.distribution or "-", p.version or "-", p.status,
         ", ".join(h.removeprefix("register_") for h in p.hooks) or "-"]
        for p in registry.plugins
    ]
    table(["PLUGIN", "DISTRIBUTION", "VERSION", "STATUS", "HOOKS"], rows)
    for p in registry.plugins:
        if p.error:
            click.echo(f"{p.name}: {p.error}", err=True)
    for problem in registry.problems:
        click.echo(f"warning: {problem}", err=True)
    allowed = allowed_plugins()
    if allowed is not None:
        click.echo(f"({LOAD_ENV}={','.join(sorted(allowed)) or '(empty)'} limits which plugins load)")


COMMANDS = (plugins_command,)
