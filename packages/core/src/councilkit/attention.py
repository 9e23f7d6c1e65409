"""What needs a person's attention at one council: the home screen's list, and ``councilkit attention``.

Three sources, each read through the SDK service that owns it, so the person
sees only what they may see:

- **cases** (:class:`~councilkit.cases.book.CaseBook`): every step in progress, of a
  case the person may see, that is overdue or falls due within ``within_days``
  (7: this week);
- **registers** (:meth:`~councilkit.registers.service.Registers.due`): every register
  clock that is overdue or runs out within ``within_days``; a confidential entry
  or a sensitive date is never counted for someone who may not see it;
- **the protocol's review**, when it is overdue or due within a month.

Items come overdue first, then by date.  Each says what is due, when, and
whether it is overdue, in words (``OVERDUE by 3 working days``: never colour
alone), with a reference the terminal UI opens: a case number, a register entry
number or a clause id.  A person who may see a great many late cases gets the
``case_limit`` most overdue, then one item saying how many more there are; so with
register clocks (``register_limit``), where more than :data:`MORE_COUNTED` more are
given as ``100+``: working out whether a clock is due means reading its entry, so the
list stops counting there and costs the same for a register of a million entries as
for one of ten thousand.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

import attrs

from councilkit.council import Council

KINDS = ("case", "cases", "register", "registers", "review")
WITHIN_DAYS = 7
CASE_LIMIT = 100
#: register clocks beyond the limit counted one by one; past this many the list says "100+ more"
MORE_COUNTED = 100


@attrs.frozen
class AttentionItem:
    """One thing that needs doing.

    ``kind``: ``case`` (ref: the case number), ``cases`` (a summary of more late
    cases than are listed; ref empty), ``register`` (ref: the entry number),
    ``registers`` (a summary of more register clocks than are listed; ref empty) or
    ``review`` (ref: the protocol's first clause).  ``status`` is the state in
    words: ``OVERDUE by 2 working days``, ``due in 3 calendar days``, ``due today``.
    """

    kind: str
    text: str
    due: dt.date | None
    overdue: bool
    ref: str = ""
    status: str = ""
    council_id: str = ""


def review_items(council: Council, today: dt.date, within_days: int = 31) -> list[AttentionItem]:
    """The protocol's review, when it is overdue or falls due within ``within_days``."""
    p = council.protocol
    due = p.review_due_date()
    if due is None or (due - today).days > within_days:
        return []
    overdue = due < today
    when = f"overdue since {due.isoformat()}" if overdue else f"due on {due.isoformat()}"
    cycle = f" (reviewed every {p.review_months} months)" if p.review_months else ""
    status = "OVERDUE" if overdue else _calendar_status(due, today)
    return [AttentionItem("review", f"Review of the {p.title} {when}{cycle}", due, overdue,
                          p.clauses[0].id if p.clauses else "", status, council.id)]


def case_items(book: Any, viewer: Any, council: Council, today: dt.date, within_days: int = WITHIN_DAYS,
               limit: int = CASE_LIMIT) -> list[AttentionItem]:
    """Steps in progress, of the cases ``viewer`` may see at ``council``, overdue or due within ``within_days``.

    ``book`` is a :class:`~councilkit.cases.book.CaseBook`; ``viewer`` a person or an actor.
    """
    horizon = today + dt.timedelta(days=within_days)
    # Who may see a case is decided by the roles held today; the store gives the earliest due first,
    # so only the listed steps are read, however many there are.
    page = book.list(viewer, council_id=council.id, due_before=horizon + dt.timedelta(days=1), on=today,
                     order="due", limit=limit + 1)
    rows = list(page.cases)
    items = []
    for s in rows[:limit]:
        overdue = s.due < today
        status = _step_status(s.due, today, council.nation)
        step = s.step_title or s.current_step or ""
        handler = f", handled by {s.handler}" if s.handler else ""
        text = f"Case {s.ref} {s.title}: step {step!r}{handler}, due {s.due.isoformat()}"
        items.append(AttentionItem("case", text, s.due, overdue, str(s.id), status, council.id))
    if page.total > limit:
        more = page.total - limit
        late = max(0, book.count(viewer, council_id=council.id, overdue=True, on=today) - limit)
        text = (f"{more:,} more case step{'s' if more != 1 else ''} overdue or due by "
                f"{horizon.isoformat()}" + (f" ({late:,} overdue)" if late else "") + ": see the case list")
        items.append(AttentionItem("cases", text, rows[limit].due, late > 0, "", "OVERDUE" if late else "due",
                                   council.id))
    return items


@functools.lru_cache(maxsize=4096)  # many steps fall due on the same day
def _step_status(due: dt.date, today: dt.date, nation: str) -> str:
    from councilkit.routing import working_days_between

    if due < today:
        late = max(working_days_between(due, today, nation), 1)
        return f"OVERDUE by {late} working day{'s' if late != 1 else ''}"
    if due == today:
        return "due today"
    left = working_days_between(today, due, nation)
    return f"due in {left} working day{'s' if left != 1 else ''}"


def register_items(registers: Any, viewer: Any, within_days: int = WITHIN_DAYS,
                   limit: int | None = CASE_LIMIT) -> list[AttentionItem]:
    """Register clocks, of entries ``viewer`` may see, overdue or running out within ``within_days``.

    ``registers`` is the council's :class:`~councilkit.registers.service.Registers`.  With ``limit``,
    the soonest ``limit`` and, if there are more, one item saying how many (up to
    :data:`MORE_COUNTED`, then ``100+``).
    """
    kinds = {k.id: k for k in registers.kinds()}
    # the soonest, and how many there are up to MORE_COUNTED more, in one reading of each register
    due, counted = registers.due_summary(viewer, within=within_days, limit=None if limit is None else limit + 1,
                                         count_to=0 if limit is None else limit + MORE_COUNTED)
    items = []
    for d in due[:limit]:
        state = d.state
        kind = kinds.get(d.entry.kind)
        about = d.entry.summary(kind) if kind is not None else ""
        status = state.status()
        text = (f"{d.kind_title} #{d.entry.id}: {state.clock.label}, due {state.due_on.isoformat()}"
                + (f" ({about})" if about else ""))
        items.append(AttentionItem("register", text, state.due_on, state.overdue, str(d.entry.id), status,
                                   registers.council.id))
    if limit is not None and len(due) > limit:
        more = counted - limit
        horizon = registers.today + dt.timedelta(days=within_days)
        first = due[limit].state
        text = (f"{more:,}{'+' if counted >= limit + MORE_COUNTED else ''} more register clock"
                f"{'s' if more != 1 else ''} overdue or due by {horizon.isoformat()}: see the registers' due list"
                " (councilkit register due)")
        items.append(AttentionItem("registers", text, first.due_on, first.overdue, "",
                                   "OVERDUE" if first.overdue else "due", registers.council.id))
    return items


def attention_items(
    council: Council,
    today: dt.date,
    *,
    store: Any = None,
    viewer: Any = None,
    book: Any = None,
    registers: Any = None,
    within_days: int = WITHIN_DAYS,
    case_limit: int = CASE_LIMIT,
    register_limit: int | None = CASE_LIMIT,
    kinds: Iterable[str] | None = None,
) -> list[AttentionItem]:
    """Everything due at ``council`` for ``viewer``: overdue first, then by date.

    Without a ``store`` only the protocol's review is known.  ``viewer`` is a
    person or an actor (None: what the public may see: no cases, no confidential
    register entries).  ``book`` and ``registers`` may be given to reuse their
    caches; ``kinds`` limits the sources (``case``, ``register``, ``review``).
    """
    wanted = set(kinds) if kinds is not None else {"case", "register", "review"}
    items: list[AttentionItem] = []
    if "review" in wanted:
        items += review_items(council, today)
    if store is not None or book is not None or registers is not None:
        if "case" in wanted and viewer is not None:
            if book is None:
                from councilkit.cases import CaseBook

                book = CaseBook(store, councils={council.id: council})
            items += case_items(book, viewer, council, today, within_days, case_limit)
        if "register" in wanted:
            if registers is None:
                from councilkit.registers import Registers

                registers = Registers(store if store is not None else book.store, council, today=today)
            items += register_items(registers, viewer, within_days, register_limit)
    return sorted(items, key=lambda i: (not i.overdue, i.due or dt.date.max, i.kind in ("cases", "registers"), i.text))


def _calendar_status(due: dt.date, today: dt.date) -> str:
    left = (due - today).days
    if left == 0:
        return "due today"
    return f"due in {left} calendar day{'s' if left != 1 else ''}"
