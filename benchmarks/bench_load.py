"""Loading and validating all five seed councils.  Goal: under 50 ms together.

Measured two ways: with the plugin registry already built (what a long-running
process or the TUI pays per reload), and from nothing, including finding and
loading the plugins through their entry points (what a CLI command pays).
"""

from __future__ import annotations

import statistics
import time

from councilkit.councilfile import BUNDLED, council_files, read_council_file
from councilkit.plugins import Registry

GOAL_MS = 50.0
RUNS = 30


def load_all(registry: Registry) -> int:
    total = 0
    for path in council_files([BUNDLED]):
        council, problems = read_council_file(path, registry)
        assert council is not None, [str(p) for p in problems]
        total += len(council.protocol.clauses) + len(council.rules)
    return total


def measure(fn, runs: int = RUNS) -> list[float]:  # type: ignore[no-untyped-def]
    fn()  # warm: imports, cattrs code generation
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    registry = Registry.build()
    files = council_files([BUNDLED])
    warm = measure(lambda: load_all(registry))
    cold = measure(lambda: load_all(Registry.build()))
    print(f"load+validate {len(files)} councils (goal < {GOAL_MS:.0f} ms)")
    for label, runs in (("registry built", warm), ("plugins found and loaded too", cold)):
        median = statistics.median(runs)
        verdict = "meets goal" if median < GOAL_MS else "MISSES goal"
        print(f"  {label:30s} median {median:7.2f} ms  min {min(runs):7.2f} ms  "
              f"({GOAL_MS / median:4.1f}x the goal's budget) {verdict}")


if __name__ == "__main__":
    main()
