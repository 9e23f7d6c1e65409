"""Sessions: ``uv run nox`` runs lint, tests and every plugin's own tests.

- ``tests``: core, TUI and cross-package tests, everything installed.
- ``plugin(<name>)``: only councilkit and that plugin, then the plugin's own tests.
- ``lint``: ruff, and the import contracts between the layers (import-linter).
- ``bench``: the benchmarks in benchmarks/ (not run by default).

Every session installs from uv.lock, so a run here matches a run in CI.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "tests", "plugin"]
nox.options.error_on_external_run = True

ROOT = Path(__file__).parent
PLUGINS = sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").exists())


def sync(session: nox.Session, *args: str) -> None:
    session.run_install(
        "uv", "sync", "--locked", "--no-default-groups", *args,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
        external=True,
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Core, TUI and cross-package tests."""
    sync(session, "--all-packages", "--group", "test", "--group", "tui-test")
    session.run("pytest", "packages/core/tests", "packages/tui/tests", "tests", *session.posargs)


@nox.session
def tui(session: nox.Session) -> None:
    """The TUI's tests alone (Pilot and snapshots); also part of ``tests``."""
    sync(session, "--all-packages", "--group", "test", "--group", "tui-test")
    session.run("pytest", "packages/tui/tests", *session.posargs)


@nox.session
@nox.parametrize("name", PLUGINS)
def plugin(session: nox.Session, name: str) -> None:
    """One plugin's own tests, with only councilkit and that plugin installed, then the worked
    examples of the councils it ships (each of which must be of its variant)."""
    sync(session, "--package", f"councilkit-{name}", "--group", "test")
    session.run("pytest", f"plugins/{name}/tests", *session.posargs)
    councils = sorted((ROOT / "plugins" / name / "src" / f"councilkit_{name}" / "councils").glob("*.toml"))
    for council in councils:
        variant = tomllib.loads(council.read_text("utf-8")).get("variant")
        if variant != name:
            session.error(f"{council.relative_to(ROOT)} is a {variant!r} council, shipped by the {name!r} plugin")
    if councils:
        session.run("councilkit", "test", *map(str, councils))


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff, and the layers' import contracts ([tool.importlinter] in pyproject.toml).

    The contracts say, among others, that the model imports nothing above it, that the store
    imports neither the CLI nor the UI, that the UI never imports the CLI and that core never
    imports Textual; a broken one fails this session and names the offending import.
    """
    sync(session, "--only-group", "dev", "--no-install-workspace")
    session.run("ruff", "check", ".")
    # import-linter reads the source; the packages need only be findable, not installed
    src = [str(ROOT / "packages" / name / "src") for name in ("core", "tui")]
    session.run("lint-imports", "--no-cache", env={"PYTHONPATH": ":".join(src)})


@nox.session
def bench(session: nox.Session) -> None:
    """Run every benchmark in benchmarks/ and print its figures."""
    sync(session, "--all-packages", "--group", "bench")
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)
