"""Words for people: how councilkit says a case's state, a date, a time, who handles a step, who acts.

The command line and the terminal UI both show these, so both take them from here and
say the same thing the same way.  Everything is plain text: the terminal UI escapes it
and adds its emphasis (a state word in bold), the command line prints it as it is.

**Safe text** (:func:`safe`).  Anything stored (a note, a reason, a title, a name, a
register value, a council file's text) may hold control characters and escape
sequences that would recolour, retitle or rewrite a terminal.  Both front ends pass
stored text through :func:`safe` before it reaches the screen, which shows each such
character escaped (``\x1b``, ``\x07``, ``\u202e``) instead.
Nothing here reads the store or the clock: each function is given what it describes
(and ``today`` where a state depends on the date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from councilkit.cases import Actor, Case, StepRun
    from councilkit.people.identity import Identity
    from councilkit.routing import Assignment


class _Titles(Protocol):
    def title(self, role_id: str) -> str: ...


class _HasState(Protocol):
    status: str

    def overdue(self, today: dt.date) -> bool: ...


# text and dates ------------------------------------------------------------------------

#: what :func:`safe` escapes: C0 controls but newline and tab, DEL and the C1 controls (CSI among them),
#: the Unicode line and paragraph separators, and the bidirectional overrides that reorder what is shown
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")
_ONE_LINE = re.compile("[\n\t]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object, *, one_line: bool = False) -> str:
    """``text`` safe to show on a terminal: each control character or escape sequence shown escaped.

    ``\x1b[31m`` is shown as the six characters ``\x1b[31m``, a bell as ``\x07``, a
    right-to-left override as ``\u202e``; newlines and tabs stay (``one_line``: they
    are escaped too, as ``\x0a`` and ``\x09``).  Everything else is left as it is.
    """
    value = "" if text is None else str(text)
    if value.isprintable() and not one_line:
        return value if not UNSAFE.search(value) else UNSAFE.sub(_escaped, value)
    out = UNSAFE.sub(_escaped, value)
    return _ONE_LINE.sub(_escaped, out) if one_line else out



def cut(text: str, width: int) -> str:
    """``text`` on one line and at most ``width`` characters, ending in ``…`` when shortened."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def when(stamp: str) -> str:
    """A stored timestamp to the minute: ``2026-11-23T10:31:02.123456+00:00`` -> ``2026-11-23 10:31 UTC``."""
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


def date_text(day: dt.date | None, missing: str = "-") -> str:
    """A date as ``2026-11-23``; ``missing`` (``-``) for none."""
    return day.isoformat() if day is not None else missing


# cases ---------------------------------------------------------------------------------


def state_word(case: _HasState, today: dt.date) -> str:
    """A case's (or a case summary's) state in one word: ``OVERDUE`` when its step is past its deadline,
    else its status (``open``, ``awaiting``, ``resolved``, ``closed``)."""
    return "OVERDUE" if case.overdue(today) else case.status


def case_state(case: Case, today: dt.date) -> str:
    """A case's state as a phrase: ``open at step 'formal', handled by Ann Clerk, due in 3 working days
    (2026-11-26)``, ``waiting to start step 'formal'``, ``resolved; waiting to be closed``, ``closed (withdrawn)``."""
    cur = case.current
    if cur is not None:
        text = f"open at step {cur.step_id!r}, handled by {cur.handler}"
        if cur.deadline is not None:
            text += f", {cur.deadline.status(today)} ({cur.deadline.due})"
        return text
    if case.status == "awaiting":
        return f"waiting to start step {case.pending!r}"
    if case.status == "closed":
        return "closed" + (" (withdrawn)" if case.withdrawn else "")
    return "resolved; waiting to be closed"


def case_state_words(case: Case, today: dt.date) -> list[str]:
    """A case's state as words in capitals: ``OPEN``, ``OVERDUE``, ``AWAITING``, ``RESOLVED``, ``CLOSED``,
    ``WITHDRAWN``, ``REOPENED`` (``REOPENED 2x``)."""
    words = [case.status.upper()]
    if case.overdue(today):
        words.append("OVERDUE")
    if case.withdrawn:
        words.append("WITHDRAWN")
    if case.reopened:
        words.append(f"REOPENED {case.reopened}x" if case.reopened > 1 else "REOPENED")
    return words


def step_status(run: StepRun) -> str:
    """How a step ran: ``in progress``, ``escalated``, ``resolved``, or ``outcome`` and the outcome's label."""
    if run.ended == "outcome":
        return f"outcome {run.outcome_label or run.outcome or ''}"
    return run.ended or "in progress"


def requirement_state(done: bool, waived: str | None = None) -> str:
    """A consultation or notification: ``done``, ``waived: why``, or ``OUTSTANDING``."""
    return "done" if done else (f"waived: {waived}" if waived else "OUTSTANDING")


def obligation_state(done: bool) -> str:
    """An obligation: ``discharged`` or ``OUTSTANDING``."""
    return "discharged" if done else "OUTSTANDING"


# who -----------------------------------------------------------------------------------


def handler_text(assignment: Assignment, council: _Titles) -> str:
    """Who handles (or would handle) a step: ``Pat Chair (Chairman of the Personnel Committee)``, and why
    them when someone stands in (``: Ann Clerk, the Parish Clerk, is the subject of the concern``)."""
    text = f"{assignment.name} ({council.title(assignment.role or '')})"
    return text + (f": {assignment.why}" if assignment.why else "")


def acting_note(identity: Identity | None, actor: Actor | None) -> str:
    """How the person at the keyboard acts, when it is not simply as themselves: the demo's administrator
    standing in as a council's case officer, or an administrator acting as someone (``--as``); else ``""``."""
    if actor is None:
        return ""
    if identity is not None and identity.demo_admin:
        return f"demo: login {identity.login} acts as this council's case officer"
    if actor.recorded_by:
        return f"acting as them, recorded as {actor.recorded_by}"
    return ""


# answers -------------------------------------------------------------------------------


def outcome_words(outcome: str) -> str:
    """A policy decision's outcome in capitals: ``PERMITTED``, ``FORBIDDEN``, ``CONDITIONAL``, ``NOT COVERED``."""
    return outcome.upper().replace("_", " ")


def fact_words(council: object, action_id: str, fact_ids: Iterable[str]) -> list[str]:
    """Facts a decision waits on, as their descriptions say them (``whether the actor has an interest``),
    not their ids (``has_interest``); a fact the action does not describe keeps its id, its ``_`` as spaces.
    ``{actor}`` and ``{target}`` in a description read "the actor" and "the target"."""
    actions = getattr(council, "actions", {})
    action = actions.get(action_id) if hasattr(actions, "get") else None
    described = {a.id: a.description for a in getattr(action, "context", ())}
    out = []
    for fact in fact_ids:
        text = described.get(fact) or fact.replace("_", " ")
        out.append(text.replace("{actor}", "the actor").replace("{target}", "the target"))
    return out


def sentence(text: str) -> str:
    """A message as a whole sentence: a capital first, a full stop last (``"only the handler may"`` ->
    ``"Only the handler may."``); text already ending in ``.``, ``!`` or ``?`` keeps its ending."""
    text = str(text).strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def due_words(deadline: object, today: dt.date) -> str:
    """A step's due date with its working and where it stands, said once: ``5 working days from Mon 2 Nov
    2026; skipping ...: due Mon 9 Nov 2026 (OVERDUE by 10 working days)`` or ``(in 3 working days)``."""
    status = deadline.status(today)  # type: ignore[attr-defined]
    return f"{deadline.working()} ({status.removeprefix('due ')})"  # type: ignore[attr-defined]
