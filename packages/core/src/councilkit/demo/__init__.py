"""The demo: a fictional cast at the bundled councils, their cases and register entries, kept
in a store of its own (never the real one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.demo.cast import (
        SCENARIOS,
        SEED_COUNCILS,
        DemoError,
        default_demo_path,
        ensure_demo_store,
        report,
        states_of,
    )
    from councilkit.demo.counts import DemoCounts, demo_counts
    from councilkit.demo.registers import ensure_demo

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "DemoCounts": "counts",
    "DemoError": "cast",
    "SCENARIOS": "cast",
    "SEED_COUNCILS": "cast",
    "default_demo_path": "cast",
    "demo_counts": "counts",
    "ensure_demo": "registers",
    "ensure_demo_store": "cast",
    "report": "cast",
    "states_of": "cast",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "SCENARIOS",
    "SEED_COUNCILS",
    "DemoCounts",
    "DemoError",
    "default_demo_path",
    "demo_counts",
    "ensure_demo",
    "ensure_demo_store",
    "report",
    "states_of",
]
