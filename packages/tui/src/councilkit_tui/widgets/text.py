"""Rendering SDK objects as Textual markup.  Every state is written in words, never colour alone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from councilkit import Council
    from councilkit.cases import Case, CaseSummary, StepRun
    from councilkit.model import Clause
    from councilkit.policy import Decision
    from councilkit.registers import ClockState, Entry, RegisterKind
    from councilkit.routing import Assignment

def escape(text: str) -> str:
    """``text`` made literal in Textual markup: every ``[`` escaped.

    Rich's ``escape`` leaves ``[Council]`` alone (it only escapes what looks like a lower-case tag), and
    Textual then swallows it as a style: a register search hit (``Society of Local [Council] Clerks``) or a
    title a clerk typed (``[Draft] budget``) would lose words.
    """
    return text.replace("[", "\\[")


OUTCOME_LABELS = {
    "permitted": "PERMITTED",
    "forbidden": "FORBIDDEN",
    "conditional": "CONDITIONAL",
    "not_covered": "NOT COVERED",
}
OUTCOME_STYLES = {
    "permitted": "$success",
    "forbidden": "$error",
    "conditional": "$warning",
    "not_covered": "$secondary",
}


def clause_markup(council: Council, clause: Clause) -> str:
    """Number, heading, text, children, and the norms that cite the clause."""
    head = f"{clause.display_label} {clause.heading or ''}".strip() or clause.id
    where = "" if clause.display_label == clause.id else f"  [dim](clause {escape(clause.id)})[/dim]"
    lines = [f"[b]{escape(head)}[/b]{where}"]
    if clause.text:
        lines += ["", escape(clause.text)]
    for child in council.protocol.children(clause.id):
        text = child.text or child.heading or ""
        lines += ["", f"  [b]{escape(child.display_label or child.id)}[/b] {escape(text)}"]
    norms = council.norms_citing(clause.id)
    lines.append("")
    lines.append(f"[b]Norms citing {escape(clause.id)}[/b]" if norms else "[i]No norm cites this clause.[/i]")
    for n in norms:
        lines.append(f"  • {escape(n.kind)}: {escape(n.summary)}")
    return "\n".join(lines)


def decision_markup(decision: Decision) -> str:
    label = OUTCOME_LABELS[decision.outcome]
    style = OUTCOME_STYLES[decision.outcome]
    lines = [f"[b {style}]{label}[/]", "", escape(decision.explanation)]
    if decision.obligations:
        lines += ["", "[b]Obligations[/b]"] + [f"  • {escape(o.text)}" for o in decision.obligations]
    if decision.facts:
        lines += ["", "[b]Facts that would settle it:[/b] " + escape(", ".join(decision.facts))]
    if decision.ask_titles:
        lines += ["", "[b]Ask:[/b] " + escape(" or ".join(decision.ask_titles))]
    return "\n".join(lines)


# cases ------------------------------------------------------------------------------

STATE_STYLES = {
    "OVERDUE": "$error",
    "BLOCKED": "$error",
    "REFUSED": "$error",
    "RELOADED": "$warning",
    "OUTSTANDING": "$warning",
    "AWAITING": "$warning",
    "OPEN": "$accent",
    "RESOLVED": "$success",
    "CLOSED": "$secondary",
    "WITHDRAWN": "$secondary",
    "CONFIDENTIAL": "$warning",
    "SUPERSEDED": "$secondary",
}


def state_word(word: str) -> str:
    """A state in capitals, emphasised: the word carries the meaning, the colour only helps."""
    style = STATE_STYLES.get(word, "")
    return f"[b {style}]{escape(word)}[/]" if style else f"[b]{escape(word)}[/b]"


def case_state_words(case: Case, today: dt.date) -> list[str]:
    """The words for a case's state: OPEN, OVERDUE, AWAITING (or BLOCKED), RESOLVED, CLOSED, WITHDRAWN..."""
    words = [case.status.upper()]
    if case.overdue(today):
        words.append("OVERDUE")
    if case.withdrawn:
        words.append("WITHDRAWN")
    if case.reopened:
        words.append(f"REOPENED {case.reopened}x" if case.reopened > 1 else "REOPENED")
    return words


def summary_state(summary: CaseSummary, today: dt.date) -> str:
    return "OVERDUE" if summary.overdue(today) else summary.status


def case_markup(council: Council, case: Case, waiting: Assignment | None, today: dt.date) -> str:
    """A case: parties, route, state, the current step with its handler and due date and the working."""
    t = council.title
    lines = [f"[b]Case {escape(case.ref)}[/b]  {escape(case.title)}",
             "State: " + " ".join(state_word(w) for w in case_state_words(case, today))
             + f"  [dim](version {case.version})[/dim]",
             f"Raised by: {escape(case.complainant)} ({escape(t(case.raised_by))})"]
    if case.subject:
        lines.append(f"About: {escape(case.subject)} ({escape(t(case.about) if case.about else '-')})")
    if case.matter:
        lines.append(f"Matter: {escape(case.matter)}")
    lines.append(f"Route: {escape(case.route_title)}")
    opened = f"Opened {case.opened_on.isoformat()}"
    if case.closed_on:
        opened += f"; closed {case.closed_on.isoformat()}"
    lines.append(opened)
    if case.description:
        lines += ["", escape(case.description)]
    run = case.current
    lines.append("")
    if run is not None:
        lines.append(f"[b]Current step:[/b] {escape(run.title)} [dim]({escape(run.step_id)})[/dim]")
        lines += step_lines(run, today, current=True)
    elif case.status == "awaiting":
        lines.append(f"[b]Next step:[/b] {escape(case.pending or '?')}, waiting to start")
        if waiting is not None and waiting.blocked:
            lines.append(f"  {state_word('BLOCKED')} {escape(waiting.blocked)}")
        elif waiting is not None:
            lines.append(f"  Would be handled by {escape(waiting.name)} ({escape(t(waiting.role or ''))})"
                         + (f": {escape(waiting.why)}" if waiting.why else ""))
    elif case.status == "resolved":
        lines.append("[b]Resolved[/b]: waiting to be closed (obligations and notifications first)")
    else:
        lines.append("[b]Closed[/b]" + (" as withdrawn" if case.withdrawn else ""))
    return "\n".join(lines)


def step_lines(run: StepRun, today: dt.date, current: bool = False) -> list[str]:
    lines = [f"  Handler: {escape(run.handler)} ({escape(run.handler_title)}), from {run.started_on.isoformat()}"]
    if run.why:
        lines.append(f"  Why them: {escape(run.why)}")
    if run.deadline is not None:
        flag = ""
        if run.in_progress:
            status = run.deadline.status(today)
            flag = " " + (state_word("OVERDUE") + escape(status.removeprefix("OVERDUE"))
                          if status.startswith("OVERDUE") else f"[b]{escape(status)}[/b]")
        lines.append(f"  Due: {escape(run.deadline.working())}{flag}")
    elif current:
        lines.append("  Due: no time limit is set for this step")
    for label, reqs in (("Consult", run.consult), ("Notify", run.notify)):
        for r in reqs:
            mark = ("done" if r.done else f"waived: {escape(r.waived)}" if r.waived else state_word("OUTSTANDING"))
            lines.append(f"  {label} {escape(r.who())}: {mark}")
    for oid, text, done in run.obligations:
        lines.append(f"  Obligation {escape(oid)}: {escape(text)}: "
                     + ("discharged" if done else state_word("OUTSTANDING")))
    return lines


def steps_markup(case: Case, today: dt.date) -> str:
    if not case.steps:
        return "[i]No step has started yet.[/i]"
    lines = []
    for n, run in enumerate(case.steps, 1):
        if run.ended == "outcome":
            status = f"outcome {escape(run.outcome_label or run.outcome or '')!s}"
        elif run.ended:
            status = escape(run.ended)
        else:
            status = "in progress"
        lines.append(f"{n}. [b]{escape(run.title)}[/b] [dim]({escape(run.step_id)})[/dim]: {status}")
        lines += step_lines(run, today)
    return "\n".join(lines)


def timeline_markup(case: Case) -> str:
    lines = []
    for e in case.events:
        who = escape(e.actor) + (f" [dim](recorded by {escape(e.recorded_by)})[/dim]" if e.recorded_by else "")
        lines.append(f"[b]{e.n}.[/b] {e.on.isoformat()} {who}: {escape(e.summary())}")
        if e.reason and e.kind != "opened":
            lines.append(f"    [i]why:[/i] {escape(e.reason)}")
    return "\n".join(lines)


# register entries ------------------------------------------------------------------


def entry_flags(entry: Entry) -> list[str]:
    words = []
    if entry.status == "withdrawn":
        words.append("WITHDRAWN")
    elif entry.status == "superseded":
        words.append("SUPERSEDED")
    if entry.confidential:
        words.append("CONFIDENTIAL" + (f" until {entry.released_on.isoformat()}" if entry.released_on else ""))
    return words


def when(stamp: str) -> str:
    """``2026-11-23T10:31:02.123456+00:00`` -> ``2026-11-23 10:31 UTC``."""
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


def entry_markup(council: Council, kind: RegisterKind, entry: Entry, visible_to: str,
                 clocks: list[ClockState]) -> str:
    """An entry as it stands: its fields (hidden ones named), flags, clocks and the policy engine's decision."""
    marks = []
    if entry.status in ("withdrawn", "superseded"):
        marks.append(state_word(entry.status.upper()))
    if entry.confidential:
        marks.append(state_word("CONFIDENTIAL")
                     + (f" until {entry.released_on.isoformat()}" if entry.released_on else ""))
    flags = " ".join(marks)
    lines = [f"[b]Entry #{entry.id}[/b]  {escape(kind.title)}  {flags}".rstrip(),
             f"Version {entry.version}, {escape(entry.action)} {escape(when(entry.recorded_at))} by "
             f"{escape(entry.recorded_by_name or '?')}"
             + (f" (entered by {escape(entry.recorded_login)})" if entry.recorded_login else "")
             + (f": {escape(entry.reason)}" if entry.reason else ""), ""]
    width = min(max((len(f.label) for f in kind.fields), default=10), 28)
    for f in kind.fields:
        if f.id in entry.hidden:
            value = f"[i](hidden: only {escape(visible_to)} may see it)[/i]"
        else:
            value = escape(entry.display.get(f.id, ""))
            if not value:
                continue
        label = f.label if len(f.label) <= width else f.label[: width - 1] + "…"
        lines.append(f"[b]{escape(label)}[/b]{' ' * (width - len(label))}  {value}")
    if clocks:
        lines += ["", "[b]Clocks[/b]"]
        for s in clocks:
            status = s.status()
            shown = state_word("OVERDUE") + escape(status.removeprefix("OVERDUE")) if status.startswith(
                "OVERDUE") else escape(status)
            lines.append(f"  {escape(s.clock.label)}: {shown} (due {s.due_on.isoformat()}; {escape(s.working)})")
    if kind.policy and kind.policy.outcome_field in entry.display:
        outcome = entry.display[kind.policy.outcome_field]
        lines += ["", f"[b]Policy engine:[/b] {OUTCOME_LABELS.get(outcome, outcome.upper())}"]
    return "\n".join(lines)


def history_markup(kind: RegisterKind, versions: list[Entry]) -> str:
    """Every version, oldest first: who, when, why, and what changed from the version before."""
    lines = []
    before: Entry | None = None
    labels = {f.id: f.label for f in kind.fields}
    for v in versions:
        lines.append(f"[b]Version {v.version}[/b] {escape(v.action)} {escape(when(v.recorded_at))} by "
                     f"{escape(v.recorded_by_name or '?')}"
                     + (f" (entered by {escape(v.recorded_login)})" if v.recorded_login else ""))
        if v.reason:
            lines.append(f"  [i]why:[/i] {escape(v.reason)}")
        if before is not None:
            changed = []
            for key in dict.fromkeys([*before.display, *v.display]):
                old, new = before.display.get(key, ""), v.display.get(key, "")
                if old != new:
                    name = labels.get(key, key)
                    changed.append(f"  {escape(name)}: {escape(old or '(empty)')} → {escape(new or '(empty)')}")
            if before.confidential != v.confidential:
                changed.append(f"  confidential: {'yes' if v.confidential else 'no'}")
            lines += changed or ([] if v.action == "withdrawn" else ["  (no field changed)"])
        before = v
    return "\n".join(lines)
