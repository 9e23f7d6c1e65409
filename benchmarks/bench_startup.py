"""How fast commands start: whole processes, against ``python -c pass`` in the same run.

Targets (issue 17), each printed with the ratio it is judged by:

- ``councilkit check COUNCIL --actor ... --action ...`` and ``councilkit show COUNCIL``, the whole
  process, from start to exit: at most 8x ``python -c pass``;
- ``councilkit --help``: at most 8x ``python -c pass``.

Each command is run ``--runs`` times (default 20), the commands taken in turn so that a change
in the machine's load touches them all alike, after one run of each that is not timed: it
writes Python's bytecode cache and councilkit's caches (the compiled council, the plugins
found installed), as an installed councilkit's first command does.  The caches are kept in a
temporary folder (``COUNCILKIT_CACHE_DIR``), so the run neither uses nor touches the user's;
what the first run cost is printed for information, with what importing the command line costs,
and beside each ratio of medians (the one judged), the ratio of the fastest runs: on a busy
machine the medians move with the load, the fastest runs much less.

Run: ``uv run python benchmarks/bench_startup.py [--quick] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 8.0  # times `python -c pass`
COUNCIL = "compton-parish"


def command() -> list[str]:
    script = Path(sys.executable).parent / "councilkit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "councilkit"]


def run_once(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="5 runs of each")
    args = parser.parse_args(argv)
    runs = 5 if args.quick else args.runs
    ck = command()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "councilkit --help": [*ck, "--help"],
        f"councilkit check {COUNCIL} ...": [*ck, "check", COUNCIL, "--actor", "councillor", "--action",
                                           "contact_out_of_hours", "--target", "clerk"],
        f"councilkit show {COUNCIL}": [*ck, "show", COUNCIL],
        "python -c 'import councilkit.cli'": [sys.executable, "-c", "import councilkit.cli"],
    }
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(COUNCILKIT_CACHE_DIR=cache, COUNCILKIT_TODAY=env.get("COUNCILKIT_TODAY", "2026-11-23"))
        env.pop("COUNCILKIT_LOAD_PLUGINS", None)
        env.pop("COUNCILKIT_COUNCILS", None)
        first = {name: run_once(c, env) for name, c in commands.items()}  # writes the caches
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, c in commands.items():
                times[name].append(run_once(c, env))
    base = statistics.median(times["python -c pass"])
    fastest = min(times["python -c pass"])
    print(f"whole processes, median of {runs} runs taken in turn (ms); target: at most {GOAL:.0f}x python -c pass")
    print(f"  {'':42s} {'median':>8s}     {'min':>7s}  {'ratio':>5s}  (fastest runs' ratio, for information)")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        judged = name.startswith("councilkit")
        verdict = ("meets goal" if ratio <= GOAL else "MISSES goal") if judged else ""
        print(f"  {name:42s} {median:8.1f} ms  min {min(values):7.1f}  {ratio:5.1f}x  ({min(values) / fastest:4.1f}x)"
              f"  {verdict}")
    print("  the first run of each, which writes the caches (for information): "
          + ", ".join(f"{name.split(' ...')[0]} {ms:.0f} ms" for name, ms in first.items() if name.startswith("councilkit")))
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus / 2:
        print(f"  (the machine is busy: load {load:.1f} on {cpus} CPUs; timings rise and vary with it)")


if __name__ == "__main__":
    main()
