"""``councilkit serve``: the terminal UI over SSH; clerks connect with ``ssh`` and a registered key.

The server is part of the terminal UI's distribution (``councilkit_tui.serve``, built on asyncssh), imported
here only when the command runs, as ``councilkit tui`` imports the UI.  This command reads the options,
hands them over as plain values, and prints ``--check`` and ``--log``; docs/serving.md is the guide.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from councilkit.cli.context import options
from councilkit.cli.output import echo, emit_json, fail, table

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$", re.I)
_UNITS = {"s": 1, "m": 60, "h": 3600}


class Duration(click.ParamType):
    """A time: ``30m``, ``90s``, ``2h``, a number of minutes (``30``), or ``off``."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float | None:
        if value is None or isinstance(value, float):
            return value
        text = str(value).strip().lower()
        if text in ("off", "never", "none", "0"):
            return None
        match = _DURATION.match(text)
        if not match:
            self.fail(f"{value!r} is not a time like 30m, 90s, 2h or off", param, ctx)
        seconds = float(match.group(1)) * _UNITS[(match.group(2) or "m")[0]]
        if not 1 <= seconds <= 7 * 24 * 3600:
            self.fail(f"{value!r}: give between 1 second and 7 days (or off)", param, ctx)
        return seconds


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0 or :: for every interface).")
@click.option("--port", default=2222, show_default=True, type=click.IntRange(1, 65535), help="The port.")
@click.option("--host-key", type=click.Path(dir_okay=False, path_type=Path),
              help="The server's private host key (default: ssh_host_ed25519_key in the platform data "
                   "directory), made on first start with owner-only permissions.")
@click.option("--idle-timeout", type=Duration(), default="30m", show_default=True,
              help="End a session after this long without a keystroke (30m, 90s, 2h, or off).")
@click.option("--max-sessions", type=click.IntRange(1, 10000), default=20, show_default=True,
              help="Terminal UIs open at once, in all.")
@click.option("--max-per-person", type=click.IntRange(1, 1000), default=3, show_default=True,
              help="Terminal UIs one person may have open at once.")
@click.option("--check", is_flag=True, help="Check the configuration, the host key and the store; start nothing.")
@click.option("--log", "show_log", is_flag=True, help="Print the latest connections (who, when, from where, "
                                                      "how long, how it ended) and stop.")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True,
              help="With --log: how many connections.")
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int, host_key: Path | None, idle_timeout: float | None,
                  max_sessions: int, max_per_person: int, check: bool, show_log: bool, limit: int) -> None:
    """Serve the terminal UI over SSH: each registered key is a person; no shell is ever offered.

    Add a person's key with: councilkit people key add PERSON FILE.pub.  The server runs until SIGTERM
    or ctrl+c, which end every session cleanly.
    """
    opts = options(ctx)
    if opts.as_person:
        raise click.UsageError("--as: councilkit serve takes each person from their SSH key; it acts as nobody",
                               ctx)
    if show_log:
        _print_log(ctx, limit)
        return
    try:
        from councilkit_tui.serve import HostKeyError, ServeConfig, check_config, serve
    except ModuleNotFoundError as exc:
        if exc.name not in ("councilkit_tui", "textual", "asyncssh"):
            raise
        fail("councilkit serve needs the terminal UI and asyncssh; install them with: pip install councilkit-tui")
    extra: dict[str, Any] = {"host_key": host_key} if host_key is not None else {}
    config = ServeConfig(host=host, port=port, db=opts.db, councils=opts.councils_dir, demo=opts.demo,
                         idle_timeout=idle_timeout, max_sessions=max_sessions, max_per_person=max_per_person,
                         **extra)
    if check:
        findings = check_config(config)
        errors = [f for f in findings if f.severity == "error"]
        if opts.json:
            emit_json({"ok": not errors, "findings": findings})
        else:
            for f in findings:
                mark = {"ok": "ok     ", "warning": "warning", "error": "ERROR  "}[f.severity]
                echo(f"{mark} {f.subject}: {f.message}")
            echo("the configuration is sound" if not errors else f"{len(errors)} problem(s): the server would not start")
        ctx.exit(1 if errors else 0)
    if opts.json:
        raise click.UsageError("--json: councilkit serve prints JSON only with --check or --log", ctx)
    try:
        code = serve(config)
    except HostKeyError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    ctx.exit(code)


def _print_log(ctx: click.Context, limit: int) -> None:
    """The connection log, for administrators only: it says who connected, when and from where."""
    from councilkit.people import keys as K
    from councilkit.people import person_for_login
    from councilkit.people.admin import is_administrator
    from councilkit.people.authority import NotAuthorisedError

    ws = options(ctx).workspace()
    with ws.open_store() as store:
        demo_admin = ws.demo and person_for_login(store, ws.login) is None
        if not demo_admin and not is_administrator(store, ws.login):
            raise NotAuthorisedError(
                "serve.log", f"only an administrator may read the connection log (who connected, when, from "
                             f"where): you (login {ws.login!r}) are not one; councilkit admin list shows who is")
        rows = K.connections(store, limit=limit)
    if options(ctx).json:
        emit_json({"connections": rows})
        return
    if not rows:
        echo("no connections yet")
        return
    table(["#", "STARTED (UTC)", "PERSON", "FROM", "LASTED", "OUTCOME", "DETAIL"],
          [[f"#{c.id}", c.started_at[:19].replace("T", " "), c.person_name or "-",
            c.address, _lasted(c.seconds), c.outcome, c.detail or "-"] for c in rows])


def _lasted(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
