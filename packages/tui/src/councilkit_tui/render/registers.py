"""A register entry and its history, as Textual markup; the register tables' cells."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from councilkit.present.words import outcome_words, when

from .markup import escape, plain, state_word

if TYPE_CHECKING:
    from councilkit import Council
    from councilkit.registers import ClockState, Entry, RegisterKind


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
        lines += ["", f"[b]Policy engine:[/b] {escape(outcome_words(outcome))}"]
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



# the register tables ----------------------------------------------------------------

def entry_row(entry: Entry, columns: list[str]) -> list[Any]:
    """An entry's cells in its register's table: its number, the listed fields (never read as markup; the
    table cuts them to fit, with "…"), its flags."""
    flags = [w for w, yes in (("WITHDRAWN", entry.withdrawn), ("CONFIDENTIAL", entry.confidential)) if yes]
    return [str(entry.id), *(plain(entry.display.get(c, "")) for c in columns), " ".join(flags)]


def entry_detail(kind: RegisterKind, entry: Entry, columns: list[str]) -> str:
    """The entry under the cursor in full, for the line under the table: each listed field by its label."""
    parts = []
    for c in columns:
        value = entry.display.get(c, "")
        if value:
            f = kind.field(c)
            parts.append(f"{escape(f.label if f else c)}: {escape(value)}")
    flags = " ".join(state_word(w) for w, yes in (("WITHDRAWN", entry.withdrawn),
                                                   ("CONFIDENTIAL", entry.confidential)) if yes)
    return f"[b]#{entry.id}[/b] " + " · ".join(parts) + (f" {flags}" if flags else "")
