"""Commands start quickly, from caches that are never stale (issue 17).

What a clerk or plugin author would notice, each through the real ``councilkit`` command in a
process of its own, with a cache folder of the test's own:

- ``councilkit --help`` lists every command exactly as click would from the commands themselves,
  without importing any command's module;
- a council file changed since the last command (even to the same length, with the same time) is
  read again, and so is a plugin upgraded, edited in place, turned off or on: the next command
  sees it, never what the cache held before;
- a damaged cache costs a rebuild, never a traceback; the second command finds its council
  without building it.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest

import councilkit.cli as cli
from councilkit.councilfile.catalog import BUNDLED, find_council_file

from support import TODAY

#: what the process prints at exit, after its own output: the councilkit and other modules it imported
WATCH = ("councilkit.councilfile.loader", "councilkit_parish", "pluggy", "importlib.metadata", "sqlite3",
         "hashlib", "json")
REPORT = textwrap.dedent("""
    import atexit, sys
    def report():
        mods = sys.modules
        print("CLI-MODULES:" + ",".join(sorted(m for m in mods if m.startswith("councilkit.cli."))), file=sys.stderr)
        print("WATCHED:" + ",".join(m for m in {watch!r} if m in mods), file=sys.stderr)
    atexit.register(report)
    sys.argv = ["councilkit", *sys.argv[1:]]
    from councilkit.cli import main
    main()
""").format(watch=WATCH)


def councilkit_run(cache: Path, *args: str, site: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The ``councilkit`` command with ``args``, its caches in ``cache``, ``site`` on its path if given."""
    environ = {**os.environ, "COUNCILKIT_CACHE_DIR": str(cache), "COUNCILKIT_TODAY": TODAY.isoformat(),
               "COLUMNS": "80", **env}
    for name in ("COUNCILKIT_COUNCILS", "COUNCILKIT_DB", *(() if "COUNCILKIT_LOAD_PLUGINS" in env
                                                            else ("COUNCILKIT_LOAD_PLUGINS",))):
        environ.pop(name, None)
    if site is not None:
        environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-c", REPORT, *args], capture_output=True, text=True, env=environ,
                          timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def report(result: subprocess.CompletedProcess[str], what: str) -> set[str]:
    line = next(x for x in result.stderr.splitlines() if x.startswith(what + ":"))
    return set(filter(None, line.split(":", 1)[1].split(",")))


def first_line(result: subprocess.CompletedProcess[str]) -> str:
    return ok(result).splitlines()[0]


# --- help ---------------------------------------------------------------------------------


def test_help_lists_every_command_as_click_would_without_importing_them(tmp_path: Path) -> None:
    shown = councilkit_run(tmp_path / "cache", "--help")
    listed = ok(shown).split("Commands:\n", 1)[1]
    assert report(shown, "CLI-MODULES") <= {"councilkit.cli.context", "councilkit.cli.output", "councilkit.cli.params"}
    # click's own list, made from the commands themselves (each module imported), at the same width
    ctx = click.Context(cli.main, info_name="councilkit")
    for name in cli.COMMANDS:
        cli.main.get_command(ctx, name)
    formatter = click.HelpFormatter(width=78)
    click.Group.format_commands(cli.main, ctx, formatter)
    assert listed == formatter.getvalue().split("Commands:\n", 1)[1]


def test_each_summary_in_the_command_table_is_the_first_paragraph_of_the_commands_help() -> None:
    for name in cli.COMMANDS:
        command = cli.load_command(name)
        first = inspect.cleandoc(command.help or "").partition("\n\n")[0]
        assert cli.SUMMARIES[name] == " ".join(first.split()), name


# --- the compiled-council cache -------------------------------------------------------------


def test_the_second_command_finds_its_council_without_building_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("check", "compton-parish", "--actor", "councillor", "--action", "contact_out_of_hours", "--target", "clerk")
    first = councilkit_run(cache, *args)
    second = councilkit_run(cache, *args)
    assert ok(second) == ok(first) and "NOT COVERED" in ok(first)
    assert "councilkit.councilfile.loader" in report(first, "WATCHED")
    assert report(second, "WATCHED") == set()  # no loader, plugin, pluggy, metadata scan, store or hashing
    assert report(second, "CLI-MODULES") == {"councilkit.cli.context", "councilkit.cli.output",
                                             "councilkit.cli.params", "councilkit.cli.policy",
                                             "councilkit.cli.councils"}


def test_a_council_file_changed_is_read_again_even_at_the_same_length_and_time(tmp_path: Path) -> None:
    cache, councils = tmp_path / "cache", tmp_path / "councils"
    councils.mkdir()
    path = councils / "compton-parish.toml"
    shutil.copyfile(find_council_file("compton-parish", BUNDLED), path)
    show = ("--councils", str(councils), "show", "compton-parish")
    assert first_line(councilkit_run(cache, *show)) == "Compton Parish Council: Member/Officer Protocol"
    assert first_line(councilkit_run(cache, *show)) == "Compton Parish Council: Member/Officer Protocol"
    stamp = path.stat()
    path.write_text(path.read_text("utf-8").replace('name = "Compton Parish Council"',
                                                    'name = "Crompton Parish Counci"', 1), "utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size and path.stat().st_mtime_ns == stamp.st_mtime_ns
    assert first_line(councilkit_run(cache, *show)) == "Crompton Parish Counci: Member/Officer Protocol"


def test_a_damaged_cache_costs_a_rebuild_never_a_traceback(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    show = ("show", "compton-parish", "1.1")
    expected = ok(councilkit_run(cache, *show))
    kept = [f for f in cache.rglob("*") if f.is_file()]
    assert {f.parent.name for f in kept} == {"attrs", "councils", "plugins"}
    for f in kept:
        f.write_bytes(b"\x80\x04garbage" + f.read_bytes()[:7])
    assert ok(councilkit_run(cache, *show)) == expected
    assert ok(councilkit_run(cache, *show)) == expected


# --- plugins: discovery and the councils they ship -------------------------------------------

PLUGIN = '''
from pathlib import Path

from councilkit import hookimpl


@hookimpl
def register_councils(register):
    register(Path(__file__).parent / {folder!r})
'''


def install(site: Path, version: str, module: str = "ck_hamlet") -> Path:
    """A distribution ``ck-hamlet`` at ``version`` whose plugin is ``module`` (entry point ``ck_hamlet``)."""
    for old in site.glob("ck_hamlet-*.dist-info"):
        shutil.rmtree(old)
    dist = site / f"ck_hamlet-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: ck-hamlet\nVersion: {version}\n")
    (dist / "entry_points.txt").write_text(f"[councilkit]\nck_hamlet = {module}\n")
    return dist


def ship(site: Path, module: str, folder: str, name: str) -> None:
    """``module`` registers ``folder``, which holds the council ``hamlet`` named ``name`` (Compton's text)."""
    (site / folder).mkdir(exist_ok=True)
    text = find_council_file("compton-parish", BUNDLED).read_text("utf-8")
    text = text.replace('id = "compton-parish"', 'id = "hamlet"', 1).replace(
        'name = "Compton Parish Council"', f'name = "{name}"', 1)
    (site / folder / "hamlet.toml").write_text(text, "utf-8")
    (site / f"{module}.py").write_text(PLUGIN.format(folder=folder))


def later(path: Path) -> None:
    """Make ``path`` look written a second later (file systems keep coarse times)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    ship(folder, "ck_hamlet", "hamlet_one", "Hamlet Parish Council")
    install(folder, "0.1.0")
    return folder


def test_a_plugin_upgraded_edited_or_turned_off_is_seen_by_the_next_command(tmp_path: Path, site: Path) -> None:
    cache = tmp_path / "cache"

    def shown(**env: str) -> str:
        return first_line(councilkit_run(cache, "show", "hamlet", site=site, **env))

    assert shown() == shown() == "Hamlet Parish Council: Member/Officer Protocol"
    # upgraded: a new version whose plugin ships its councils from another folder
    ship(site, "ck_hamlet", "hamlet_two", "Hamlet Parish Meeting")
    later(site / "ck_hamlet.py")
    install(site, "0.2.0")
    assert shown() == shown() == "Hamlet Parish Meeting: Member/Officer Protocol"
    # the entry point edited in place to name another module: the distribution's folder keeps its time
    ship(site, "ck_hamlet_next", "hamlet_three", "Hamlet Town Council")
    entry_points = site / "ck_hamlet-0.2.0.dist-info" / "entry_points.txt"
    entry_points.write_text("[councilkit]\nck_hamlet = ck_hamlet_next\n")
    later(entry_points)
    assert shown() == "Hamlet Town Council: Member/Officer Protocol"
    # the plugin's module edited in place (an editable install)
    ship(site, "ck_hamlet_next", "hamlet_four", "Hamlet Village Council")
    later(site / "ck_hamlet_next.py")
    assert shown() == "Hamlet Village Council: Member/Officer Protocol"
    # turned off, and on again
    off = councilkit_run(cache, "show", "hamlet", site=site, COUNCILKIT_LOAD_PLUGINS="councilkit-parish")
    assert off.returncode == 2 and "no council 'hamlet'" in off.stderr and "Traceback" not in off.stderr
    assert shown() == "Hamlet Village Council: Member/Officer Protocol"


# --- the policy engine files each action when first asked --------------------------------------


def test_an_engine_asked_from_several_threads_at_once_answers_as_one_that_filed_every_action_first() -> None:
    import random
    import threading

    import attrs

    from councilkit.councilfile.catalog import load_council
    from councilkit.policy import Decision
    from councilkit.policy.engine import PolicyEngine

    council = load_council("principal-council")
    rng = random.Random(17)
    roles, actions = sorted(council.roles), sorted(council.actions)
    asked = [(rng.choice(roles), rng.choice(actions), rng.choice([None, *roles])) for _ in range(400)]
    reference = PolicyEngine(council)
    reference.permissions(roles[0])  # files every action before any question

    def fields(decision: Decision) -> dict:
        return {a.name: getattr(decision, a.name) for a in attrs.fields(Decision)}

    expected = [fields(reference.check(*q)) for q in asked]
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        for _ in range(3):
            engine = PolicyEngine(council)  # nothing filed yet
            seen: list[list[dict]] = [[] for _ in range(4)]

            def ask(out: list[dict], engine: PolicyEngine = engine) -> None:
                out.extend(fields(engine.check(*q)) for q in asked)

            threads = [threading.Thread(target=ask, args=(out,)) for out in seen]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert all(out == expected for out in seen)
            assert engine.permissions("chief_executive") == reference.permissions("chief_executive")
    finally:
        sys.setswitchinterval(switch)
