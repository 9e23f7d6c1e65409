"""The terminal UI: start-up to a usable Home, and keystroke to repaint in a list of 100,000 cases.

Goals:

- start-up: from starting the ``councilkit`` process to Home painted with what needs
  attention (the demo store, Compton): under 0.6 s; and against a bare Textual app started
  the same way in the same run, the first frame at most 1.2x and Home with its data at most
  1.5x (issue 17);
- a keystroke in the case list (Down, PageDown, End, ``f``) to the screen repainted:
  median under 50 ms;
- a keystroke that loads rows (F5 opening the list, End at the last row loaded, a new
  filter chosen) to those rows painted: median under 100 ms.

**Start-up** runs the real command, ``councilkit --demo --db DB tui --council
compton-parish``, in a pseudo-terminal of 120x40, as a clerk would, and times it from
outside: from just before the process is started to the moment the terminal receives
the first frame (its footer) and then the frame holding Home's list of what needs
attention; then it sends ctrl+q.  The demo store is built by the first start (reported
on its own) and reused by the others.  What importing costs is reported beside it:
``python -c "import councilkit_tui.app"`` against ``python -c pass``, and the share of
each package in ``python -X importtime`` (which inflates every figure, so only its
shares are given).  Beside it, in turn, the floor: a bare Textual app (a header, a line
and the footer) started the same way, and the ratio to it.

**Keystrokes** drive the app in this process with Textual's Pilot (headless, 120x40) on a
store of ``--cases`` cases (default 100,000) at one council, as ``bench_cases.py`` makes
them (10,000 through the SDK, repeated to the size asked), as its Parish Clerk (who sees
them all).  The store is built once and kept in ``--cache`` (default: ``councilkit-bench``
in the temporary directory; shared with bench_cases.py), and rebuilt when the code that
writes it changes.  Each key is sent as Pilot sends it, and timed from
then to the first frame that shows its effect (the cursor moved, the rows added, the
menu open): the frame as the compositor makes it, turned into the bytes a terminal
would get (headless Textual skips only that step, so it is done here).  Every press
starts from an idle app.  Run: ``uv run python benchmarks/bench_tui.py [--runs N]
[--presses N] [--cases N] [--cache DIR] [--rebuild] [--only startup|keys]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import math
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

STARTUP_GOAL_MS = 600.0
#: issue 17: the first frame and Home with its data against a bare Textual app started the same way, same run
FIRST_FRAME_RATIO = 1.2
HOME_RATIO = 1.5
KEY_GOAL_MS = 50.0
LOAD_GOAL_MS = 100.0
SIZE = (120, 40)
TODAY = "2026-11-23"
#: what the terminal receives in the first frame (the footer, its last line) and once Home has its data
FIRST_FRAME = b"palette"
ATTENTION = b"Repeated criticism"  # the demo's overdue case at Compton, in Home's list
TIMEOUT = 60.0
HERE = Path(__file__).resolve().parent

os.environ.setdefault("COUNCILKIT_TODAY", TODAY)
os.environ["COUNCILKIT_KEYMAP"] = "/nonexistent/keymap.toml"  # the default keys, whatever the user's keymap says
os.environ.pop("COUNCILKIT_LOAD_PLUGINS", None)
#: the processes started: Python may keep its bytecode cache, as an installed app does after its first start (with
#: PYTHONDONTWRITEBYTECODE, every start would compile textual and the rest again: over a second on a small machine)
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# reporting ------------------------------------------------------------------------------

def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def row(label: str, values: Sequence[float], goal: float | None, *, p95_too: bool = True) -> None:
    """One line: median, p95 (or min and max), the goal and the median's ratio to it."""
    values = [v for v in values if not math.isnan(v)]
    if not values:
        print(f"  {label:50s} no measurement (no press did this, or each timed out)")
        return
    median = statistics.median(values)
    spread = (f"p95 {p95(values):7.1f}  max {max(values):7.1f}" if p95_too
              else f"min {min(values):7.1f}  max {max(values):7.1f}")
    text = f"  {label:50s} {median:7.1f} ms  {spread}  n={len(values):<4d}"
    if goal is not None:
        verdict = "meets goal" if median < goal else "MISSES goal"
        text += f" goal < {goal:4.0f} ms: {median / goal:4.2f}x  {verdict}"
    print(text)


def load_note() -> None:
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus / 2:
        print(f"  (the machine is busy: load {load:.1f} on {cpus} CPUs; timings rise and vary with it)")


# (a) start-up ---------------------------------------------------------------------------

def councilkit_command(db: Path) -> list[str]:
    script = Path(sys.executable).parent / "councilkit"
    start = [str(script)] if script.exists() else [sys.executable, "-m", "councilkit"]
    return [*start, "--demo", "--db", str(db), "tui", "--council", "compton-parish"]


def start_once(command: list[str]) -> dict[str, float]:
    """Run ``command`` in a 120x40 pseudo-terminal; the ms from start to each mark on the terminal, then quit it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = dict(CHILD_ENV, TERM="xterm-256color", COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                               close_fds=True)
    os.close(slave)
    marks: dict[str, float] = {}
    screen = bytearray()
    quit_sent = 0.0
    try:
        while True:
            now = time.perf_counter()
            if now - start > TIMEOUT:
                what = "did not end after ctrl+q" if quit_sent else "showed no Home with its data"
                raise RuntimeError(f"the app {what} in {TIMEOUT:.0f} s; the terminal got:\n{bytes(screen[-2000:])!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # the process ended and closed the terminal
                break
            if not data:
                break
            now = time.perf_counter()
            screen += data
            if "first paint" not in marks and FIRST_FRAME in screen:
                marks["first paint"] = now
            if "first paint" in marks and "attention" not in marks and ATTENTION in screen:
                marks["attention"] = now
                os.write(master, b"\x11")  # ctrl+q
                quit_sent = now
        process.wait(timeout=TIMEOUT)
        marks["exit"] = time.perf_counter()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    if "attention" not in marks:
        raise RuntimeError(f"the app ended (code {process.returncode}) before Home had its data; the terminal "
                           f"got:\n{bytes(screen[-2000:])!r}")
    out = {name: (at - start) * 1000 for name, at in marks.items()}
    out["exit"] = (marks["exit"] - quit_sent) * 1000
    return out


def time_command(command: list[str], runs: int) -> list[float]:
    """ms for each of ``runs`` runs of ``command``, after one not timed (which writes the bytecode cache)."""
    subprocess.run(command, check=True, env=CHILD_ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=CHILD_ENV)
        times.append((time.perf_counter() - start) * 1000)
    return times


def import_shares() -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Each top-level package's share of ``import councilkit_tui.app`` under ``-X importtime`` (self times),
    and the five heaviest modules' shares."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import councilkit_tui.app"],
                            capture_output=True, text=True, check=True, env=CHILD_ENV)
    by_package: dict[str, int] = {}
    modules: list[tuple[int, str]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line.split(":", 1)[1].split("|")
        module = name.strip()
        by_package[module.split(".")[0]] = by_package.get(module.split(".")[0], 0) + int(self_us)
        modules.append((int(self_us), module))
    total = sum(by_package.values()) or 1
    shares = sorted(((name, 100 * us / total) for name, us in by_package.items()), key=lambda x: -x[1])
    heaviest = [(module, 100 * us / total) for us, module in sorted(modules, reverse=True)[:5]]
    return shares, heaviest


#: the floor: the smallest Textual app that paints what the start-up marks look for (a header, a line of
#: text, the footer with its palette key), started the same way
BARE_APP = f"""
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static({ATTENTION.decode()!r})
        yield Footer()


Bare().run()
"""


def bench_startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        command = councilkit_command(db)
        bare = Path(tmp) / "bare_textual_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        first = start_once(command)  # builds the demo store (and writes the bytecode cache, if it was not there)
        start_once([sys.executable, str(bare)])
        results, floor = [], []
        for _ in range(runs):  # taken in turn, so that a change in the machine's load touches both alike
            results.append(start_once(command))
            floor.append(start_once([sys.executable, str(bare)]))
    shown = " ".join(["councilkit" if command[0].endswith("councilkit") else Path(command[0]).name,
                      *("DB" if part == str(db) else part for part in command[1:])])
    print(f"start-up: `{shown}` in a {SIZE[0]}x{SIZE[1]} pty (the demo store built; median of {runs} runs)")
    row("first frame on the terminal (Home)", [r["first paint"] for r in results], STARTUP_GOAL_MS,
        p95_too=False)
    row("Home painted with what needs attention", [r["attention"] for r in results], STARTUP_GOAL_MS,
        p95_too=False)
    row("ctrl+q to the process ended (for information)", [r["exit"] for r in results], None, p95_too=False)
    row("the floor: a bare Textual app's first frame", [r["first paint"] for r in floor], None, p95_too=False)
    base = statistics.median(r["first paint"] for r in floor)
    fastest = min(r["first paint"] for r in floor)
    for label, mark, goal in (("first frame", "first paint", FIRST_FRAME_RATIO), ("Home with its data", "attention",
                                                                              HOME_RATIO)):
        ratio = statistics.median(r[mark] for r in results) / base
        verdict = "meets goal" if ratio <= goal else "MISSES goal"
        print(f"  {'ratio to the floor: ' + label:50s} {ratio:5.2f}x  goal <= {goal}x  {verdict}  (fastest runs: "
              f"{min(r[mark] for r in results) / fastest:.2f}x, for information)")
    print(f"  {'the first start, which builds the demo store':50s} {first['attention']:7.1f} ms to Home with "
          f"its data (once; for information)")
    n = max(3, runs // 2)
    python = time_command([sys.executable, "-c", "pass"], n)
    imports = time_command([sys.executable, "-c", "import councilkit_tui.app"], n)
    textual = time_command([sys.executable, "-c", "import textual.app"], n)
    sdk = time_command([sys.executable, "-c", "import councilkit.plugins.registry"], n)
    cli = time_command([sys.executable, "-c", "import councilkit.cli"], n)
    print(f"  of which importing (python -c, less python -c pass; median of {n}):")
    base = statistics.median(python)
    print(f"    {'python itself (python -c pass)':48s} {base:7.1f} ms")
    for label, times in (("import councilkit_tui.app (all of the app)", imports), ("  import textual.app", textual),
                         ("  import councilkit.plugins.registry (the SDK's part)", sdk),
                         ("import councilkit.cli (the command line)", cli)):
        print(f"    {label:48s} {statistics.median(times) - base:7.1f} ms")
    shares, heaviest = import_shares()
    print(f"    shares under -X importtime: {', '.join(f'{name} {v:.0f}%' for name, v in shares if v >= 1)}")
    print(f"    heaviest modules (own time): {', '.join(f'{name} {v:.0f}%' for name, v in heaviest)}")
    load_note()


# (b) keystrokes in a list of 100,000 cases ----------------------------------------------

def cached_store(folder: Path, cases: int, rebuild: bool) -> Path:
    """The store of ``cases`` cases bench_cases.py builds and keeps (10,000 through the SDK, repeated to
    the size asked), built again when the code that writes it changes."""
    sys.path.insert(0, str(HERE))
    import bench_cases

    path, took = bench_cases.cached_store(folder, cases, rebuild)
    how = f"built in {took:.0f} s" if took is not None else "kept from an earlier run"
    print(f"the store of {cases:,} cases: {how} ({path})")
    return path


class Frames:
    """Every frame the app paints, with the time it was ready and what the case list showed in it."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        from councilkit_tui.screens.cases import CasesScreen, CaseTable
        from councilkit_tui.screens.home import HomeScreen

        self.app = app
        self.seen: list[tuple[float, dict[str, Any]]] = []
        #: set at every frame: waiting on it leaves the CPU to the app (polling would compete with its workers)
        self.painted = asyncio.Event()
        display = app._display

        def paint(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what a terminal driver does; headless skips it
            at = time.perf_counter()
            state: dict[str, Any] = {"screen": type(app.screen).__name__}
            current = app.screen
            if isinstance(current, CasesScreen):
                table = current.query_one(CaseTable)
                state.update(row=table.cursor_row, rows=table.row_count, total=table.total, show=current.show,
                             menu=current.query_one("#cases-show").expanded)
            elif isinstance(current, HomeScreen):
                options = current.query_one("#attention")
                first = options.get_option_at_index(0).id if options.option_count else "loading"
                state["attention"] = first != "loading"
            self.seen.append((at, state))
            self.painted.set()

        app._display = paint

    async def first(self, since: float, test: Callable[[dict[str, Any]], bool], timeout: float = 10.0) -> float:
        """ms from ``since`` to the first frame after it that passes ``test`` (NaN after ``timeout`` s)."""
        deadline = time.perf_counter() + timeout
        checked = len(self.seen)
        while checked and self.seen[checked - 1][0] > since:
            checked -= 1
        while True:
            for at, state in self.seen[checked:]:
                if test(state):
                    return (at - since) * 1000
            checked = len(self.seen)
            self.painted.clear()
            try:
                await asyncio.wait_for(self.painted.wait(), max(deadline - time.perf_counter(), 0.0))
            except TimeoutError:
                return math.nan


async def settle(app: Any, pilot: Any) -> None:
    """Until the workers are done (lazy loads included) and the app is idle."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


Test = Callable[[dict[str, Any], dict[str, Any]], bool]


def moved(state: dict[str, Any], was: dict[str, Any]) -> bool:
    return state.get("row", was["row"]) != was["row"]


def more_rows(state: dict[str, Any], was: dict[str, Any]) -> bool:
    return bool(state.get("rows", 0) > was["rows"])


def menu_open(state: dict[str, Any], was: dict[str, Any]) -> bool:
    return bool(state.get("menu", False))


def showing(show: str) -> Test:
    return lambda state, was: state.get("show") == show and state.get("rows", 0) > 0 and state.get("total") is not None


async def drive(path: Path, presses: int) -> dict[str, list[float]]:
    from councilkit_tui.app import CouncilkitApp
    from councilkit_tui.screens.cases import CasesScreen, CaseTable

    results: dict[str, list[float]] = {}
    app = CouncilkitApp(db=path, login="alison", council_id="compton-parish", blink=False)
    frames = Frames(app)

    def table() -> Any:
        return app.screen.query_one(CaseTable) if isinstance(app.screen, CasesScreen) else None

    async def press(key: str, **measures: Test) -> None:
        """Press ``key`` on an idle app; for each measure, the ms to the first frame that passes its test.

        A measure whose name ends in ``_scrolls`` goes to the name without it when the list did not scroll."""
        t = table()
        was = {"row": t.cursor_row, "rows": t.row_count} if t is not None else {"row": None, "rows": 0}
        scrolled_from = t.scroll_y if t is not None else None
        since = time.perf_counter()
        await pilot.press(key)
        for name, test in measures.items():
            ms = await frames.first(since, lambda s, test=test: test(s, was))
            if name.endswith("_scrolls") and table() is not None and table().scroll_y == scrolled_from:
                name = name.removesuffix("_scrolls")
            results.setdefault(name, []).append(ms)
        await settle(app, pilot)

    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        results["home"] = [await frames.first(started, lambda s: s.get("attention", False), timeout=TIMEOUT)]
        await settle(app, pilot)
        await press("f5", f5=more_rows)
        for _ in range(presses):
            await press("down", down_scrolls=moved)
        for _ in range(max(presses // 4, 5)):
            await press("pagedown", pagedown=moved)
        for _ in range(max(presses // 4, 5)):
            await press("end", end=moved, end_load=more_rows)
        results["deep_rows"] = [float(table().row_count)]
        for _ in range(max(presses // 2, 10)):
            await press("down", down_deep=moved)
        totals: dict[str, float] = {}
        for n in range(max(presses // 10, 4)):
            await press("f", f=menu_open)
            show = "overdue" if n % 2 == 0 else "active"  # the next option in the menu, or the one before
            await pilot.press("down" if show == "overdue" else "up")
            await pilot.pause()
            await press("enter", filter=showing(show))
            totals[show] = float(table().total or 0)
        results["totals"] = [totals.get("active", 0.0), totals.get("overdue", 0.0)]
    return results


def bench_keys(cases: int, presses: int, cache: Path, rebuild: bool) -> None:
    path = cached_store(cache, cases, rebuild)
    r = asyncio.run(drive(path, presses))
    active, overdue = (int(x) for x in r["totals"])
    print(f"keystroke to repaint, {SIZE[0]}x{SIZE[1]}, as the Parish Clerk at a council with {cases:,} cases "
          f"(Pilot, headless; each frame turned into terminal bytes)")
    row("app start to Home with what needs attention (once)", r["home"], None, p95_too=False)
    row("F5: the case list's first page painted (once)", r["f5"], LOAD_GOAL_MS, p95_too=False)
    row("Down: the cursor moves down the screen", r.get("down", []), KEY_GOAL_MS)
    row("Down: at the foot of the screen, the list scrolls", r.get("down_scrolls", []), KEY_GOAL_MS)
    row("PageDown", r["pagedown"], KEY_GOAL_MS)
    row("End: the cursor on the last row loaded", r["end"], KEY_GOAL_MS)
    row("End: the next page loaded and painted", r["end_load"], LOAD_GOAL_MS)
    row(f"Down with {int(r['deep_rows'][0]):,} rows loaded (it scrolls)", r["down_deep"], KEY_GOAL_MS)
    row("f: the Show menu open", r["f"], KEY_GOAL_MS)
    row("Enter on a new filter: its first page painted", r["filter"], LOAD_GOAL_MS)
    print(f"  (the filters alternate: active, {active:,} cases, and overdue, {overdue:,})")
    load_note()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="start-up runs (default 10)")
    parser.add_argument("--presses", type=int, default=100, help="Down presses; the other keys a share (default 100)")
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the list (default 100,000)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "councilkit-bench",
                        help="where the store of cases is kept between runs (default: %(default)s)")
    parser.add_argument("--rebuild", action="store_true", help="build the store of cases again")
    parser.add_argument("--only", choices=("startup", "keys"), help="run one half only")
    parser.add_argument("--quick", action="store_true", help="5 start-ups and 40 presses")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.presses = min(args.runs, 5), min(args.presses, 40)
    if args.only != "keys":
        bench_startup(args.runs)
    if args.only != "startup":
        bench_keys(args.cases, args.presses, args.cache, args.rebuild)


if __name__ == "__main__":
    main()
