"""Register clocks: which of an entry's clocks a person may see.

A clock's dates come from the entry's fields (its start, its due date, the date it
stopped); a person from whom one of those fields is withheld (:attr:`Entry.hidden
<councilkit.registers.service.Entry.hidden>`) must not learn it from the clock either,
so the command line and the terminal UI both show only :func:`visible_clocks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from councilkit.registers.service import Entry, Registers


def visible_clocks(regs: Registers, e: Entry) -> list[Any]:
    """The entry's clock states, leaving out any that would show a date the viewer may not see."""
    if e.withdrawn:
        return []
    hidden = set(e.hidden)
    return [s for s in regs.clock_states(e) if not ({s.clock.start, s.clock.due, s.clock.stop} & hidden)]
