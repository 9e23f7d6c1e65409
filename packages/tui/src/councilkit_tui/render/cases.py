"""A case, its steps and timeline, and a new case's preview, as Textual markup; the case list's cells."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from councilkit.present.words import (
    case_state_words,
    date_text,
    due_words,
    handler_text,
    obligation_state,
    requirement_state,
    sentence,
    step_status,
    when,
)
from councilkit.present.words import state_word as state_of

from .markup import escape, plain, state_word, words

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.text import Text

    from councilkit import Council
    from councilkit.cases import Actor, Case, CaseSummary, Move, StepRun
    from councilkit.cases.events import CaseRead
    from councilkit.routing import Assignment, RouteAnswer, StepPreview


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
            lines.append(f"  Would be handled by {escape(handler_text(waiting, council))}")
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
        if run.in_progress:
            due = escape(due_words(run.deadline, today))
            due = due.replace("(OVERDUE", "(" + state_word("OVERDUE"), 1)
        else:
            due = escape(run.deadline.working())
        lines.append(f"  Due: {due}")
    elif current:
        lines.append("  Due: no time limit is set for this step")
    for label, reqs in (("Consult", run.consult), ("Notify", run.notify)):
        for r in reqs:
            lines.append(f"  {label} {escape(r.who())}: {words(requirement_state(r.done, r.waived))}")
    for oid, text, done in run.obligations:
        lines.append(f"  Obligation {escape(oid)}: {escape(text)}: {words(obligation_state(done))}")
    return lines


def steps_markup(case: Case, today: dt.date) -> str:
    if not case.steps:
        return "[i]No step has started yet.[/i]"
    lines = []
    for n, run in enumerate(case.steps, 1):
        status = escape(step_status(run))
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


def preview_markup(council: Council, answer: RouteAnswer, previews: tuple[StepPreview, ...]) -> str:
    """A new case's route, step by step, with the people who would handle it today: nothing is written yet."""
    t = council.title
    lines = ["", escape(answer.message)]
    for n, pv in enumerate(previews, 1):
        step = pv.step
        s = step.step
        kinds = ", ".join([s.mode, *(p.replace("_", " ") for p in s.procedure)])
        lines += ["", f"[b]{n}. {escape(step.title)}[/b] [dim]({escape(s.id)}; {escape(kinds)}"
                  + (", optional" if s.optional else "") + ")[/dim]"]
        a = pv.assignment
        if a.blocked:
            lines.append(f"   {state_word('BLOCKED')} {escape(a.blocked)}")
        else:
            lines.append(f"   Handled by: [b]{escape(a.name)}[/b] ({escape(t(a.role or ''))})"
                         + (f": {escape(a.why)}" if a.why else ""))
        for label, contacts in (("Consult", pv.consult), ("Notify", pv.notify)):
            for c in contacts:
                who = ", ".join(p.name for p in c.people) or c.waived
                lines.append(f"   {label}: {escape(c.title)} ({escape(who)})")
        if pv.deadline is not None:
            lines.append(f"   Due: {escape(pv.deadline.working())}")
        else:
            lines.append("   Due: no time limit set")
        outcomes = "; ".join(f"{o.label or o.id} → {o.next}" if o.next else f"{o.label or o.id}: ends"
                             for o in step.outcomes)
        lines.append(f"   Outcomes: {escape(outcomes)}")
        if step.cite:
            lines.append(f"   Clause {escape(', '.join(step.cite))}")
    return "\n".join(lines)


# the case list ----------------------------------------------------------------------

#: the case list's columns: (key, heading); each as wide as its content, the handler and the title giving way
CASE_COLUMNS = (("case", "Case"), ("state", "State"), ("due", "Due"), ("handler", "Handler"), ("title", "Title"))
#: when the list is narrow, the handler gives way down to 16 characters; the title takes the rest
FLEXIBLE = {"handler": 16, "title": 0}


def case_row(summary: CaseSummary, today: dt.date) -> list[str | Text]:
    """A case's cells in the list: reference, state (OVERDUE in bold), due date, handler or next step, title;
    stored text is never read as markup and shows control characters escaped."""
    from rich.text import Text

    s = summary
    state = state_of(s, today)
    return [s.ref, Text(state, style="bold" if state == "OVERDUE" else ""), date_text(s.due),
            plain(_handler(s)), plain(s.title)]


def _handler(s: CaseSummary) -> str:
    return s.handler or (f"next: {s.pending_step}" if s.pending_step else "-")


def case_detail(summary: CaseSummary, today: dt.date) -> str:
    """The case under the cursor in full, for the line under the list: its title is never cut there."""
    s = summary
    due = f", due {date_text(s.due)}" if s.due else ""
    return f"[b]{escape(s.ref)}[/b] {escape(s.title)} · {escape(state_of(s, today))}{due} · {escape(_handler(s))}"


# the moves and who opened the case --------------------------------------------------

def moves_markup(view: object, moves: list[Move], actor: Actor, key_for: Callable[[str], str], *,
                 acting_for: bool = False) -> str:
    """The moves this person may make, on their keys; then, in a sentence, those that are someone else's
    and who may make them (with the real reason when the person is a party); and the key to act for the
    handler when an administrator may."""
    case = view.case  # type: ignore[attr-defined]
    lines = []
    if acting_for:
        lines.append(f"[b]Acting for {escape(actor.person.name)}[/b] (the handler), recorded as "
                     f"{escape(actor.recorded_by or '')}; {escape(key_for('case.for_handler'))} acts as yourself")
    keys = [f"{escape(key_for(f'case.{m.action}'))} {escape(m.label.lower())}" for m in moves]
    lines.append("[b]Yours:[/b] " + (" · ".join(keys) if keys else "nothing"))
    mine = {m.action for m in moves}
    others: dict[str, list[str]] = {}
    for m in view.all_moves:  # type: ignore[attr-defined]
        if m.action not in mine:
            others.setdefault(m.who, []).append(m.label[0].lower() + m.label[1:])
    said = []
    for who, labels in others.items():
        listed = ", ".join(labels[:-1]) + (" or " if len(labels) > 1 else "") + labels[-1]
        said.append(sentence(f"only {who} may {listed}"))
    if said and actor.person.id in case.parties:
        said.append(f"You are a party to case {case.ref}.")
    if said:
        lines.append(escape(" ".join(said)))
    if view.for_handler is not None and not acting_for:  # type: ignore[attr-defined]
        handler = view.for_handler.person.name  # type: ignore[attr-defined]
        lines.append(f"{escape(key_for('case.for_handler'))}: record a step for the handler, {escape(handler)} "
                     "(you administer this council; the event names you both)")
    return "\n".join(lines)


def reads_markup(reads: list[CaseRead] | None) -> str:
    """Who opened the case, when and from where, oldest first (only its officers are given this)."""
    if reads is None:
        return ""
    lines = ["", "[b]Who opened this case[/b]"]
    for r in reads:
        by = f" (recorded by {escape(r.recorded_by)})" if r.recorded_by else ""
        lines.append(f"{escape(when(r.at))}  {escape(r.person)}{by}  {escape(r.via)}")
    if not reads:
        lines.append("Nobody yet.")
    return "\n".join(lines)
