"""Register entries for the demo store: every register the seed councils keep, with clocks running.

:func:`councilkit.demo.cast.ensure_demo_store` fills a store with fictional people
and cases; :func:`ensure_demo` does that and then adds, through the registers
SDK (:class:`~councilkit.registers.service.Registers`), a few entries to each register
each seed council keeps: gifts and hospitality (one not yet registered and
overdue, one due within days), training, confidential briefings (one still
confidential, one released), information requests (one overdue, one refused
with reasons and a copy to the Monitoring Officer), relationships with their
sensitive guidance, document inspections decided by the policy engine, an
amended entry with its history...

Dates count back from today (``COUNCILKIT_TODAY``), so the clocks are always
live, as the demo's case deadlines are; no entry names a month or a season, which
a date counted back could contradict.  Each register is filled once, in one
transaction (:meth:`~councilkit.registers.service.Registers.add_many`); a register that
already has entries is left as it is, so running it again changes nothing.
Every entry is recorded by the council's clerk (or the person who keeps that
register), as a clerk entering them would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from councilkit import people as P
from councilkit.demo.cast import SEED_COUNCILS, ensure_demo_store
from councilkit.registers import Registers
from councilkit.settings import today as clock_today
from councilkit.store import Store

#: sentinels for dates in the entries below: "d-25" is 25 days before today, "d+30" 30 days after
_DAYS = "d"


@attrs.frozen
class DemoEntry:
    kind: str
    values: dict[str, str]
    by: str  # the demo person's name who records it
    confidential: bool = False
    amend: tuple[tuple[dict[str, str], str], ...] = ()  # (changes, reason), applied after adding


def _day(offset: int) -> str:
    return f"{_DAYS}{offset:+d}"


#: the entries, per council; people are named by their demo login (demo-firstname.lastname)
ENTRIES: dict[str, tuple[DemoEntry, ...]] = {
    "compton-parish": (
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-geoffrey.pike", "gift_or_hospitality": "hospitality",
            "description": "Dinner at the Rotary Club charter night", "offered_by": "Compton Rotary Club",
            "value": "£65", "received_on": _day(-25), "accepted": "yes"}, "Alison Hartley"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-dennis.cole", "gift_or_hospitality": "gift",
            "description": "Case of wine from a developer", "offered_by": "Hill Farm Developments Ltd",
            "value": "£120", "received_on": _day(-40), "accepted": "no",
            "notes": "Declined and returned with a letter"}, "Alison Hartley"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-alison.hartley", "gift_or_hospitality": "gift",
            "description": "Box of chocolates from a resident", "offered_by": "A resident of Church Lane",
            "value": "£15", "received_on": _day(-10), "accepted": "yes"}, "Alison Hartley"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-margaret.oduya", "gift_or_hospitality": "hospitality",
            "description": "Lunch after the village hall reopening", "offered_by": "Compton Village Hall Trust",
            "value": "£55", "received_on": _day(-60), "accepted": "yes", "notified_on": _day(-50)},
            "Alison Hartley",
            amend=(({"notes": "Reported to the council at its next meeting, minute 45(c)"},
                    "Minute reference added"),)),
        DemoEntry("training", {
            "person": "demo-fiona.grant", "course": "New councillor induction", "completed_on": _day(-200),
            "provider": "Somerset Association of Local Councils", "hours": "6"}, "Alison Hartley"),
        DemoEntry("training", {
            "person": "demo-harriet.moss", "course": "Planning for parish councillors", "completed_on": _day(-90),
            "provider": "Somerset Association of Local Councils", "hours": "3"}, "Alison Hartley"),
        DemoEntry("training", {
            "person": "demo-alison.hartley", "course": "CiLCA: governance and the code of conduct",
            "completed_on": _day(-30), "provider": "Society of Local Council Clerks", "hours": "12"},
            "Alison Hartley"),
    ),
    "town-2016": (
        DemoEntry("briefings", {
            "requested_by": "Independent group", "officers_present": "Graham Lyle",
            "subject": "Options for the depot site before the public report", "briefed_on": _day(-20),
            "written_information": "yes", "confidential_until": _day(30)}, "Graham Lyle"),
        DemoEntry("briefings", {
            "requested_by": "Chair of the Planning Committee", "officers_present": "Graham Lyle, Alan Webb",
            "subject": "Draft budget headlines", "briefed_on": _day(-70), "written_information": "no",
            "confidential_until": _day(-10)}, "Graham Lyle"),
        DemoEntry("information_given", {
            "member": "demo-derek.nunn", "information": "Number of allotment plots vacant",
            "given_on": _day(-15), "minor": "yes"}, "Graham Lyle"),
        DemoEntry("information_given", {
            "member": "demo-shona.reid", "information": "Summary of the legal advice on the footpath diversion",
            "given_on": _day(-8), "minor": "no", "members_advised_on": _day(-6)}, "Graham Lyle"),
        DemoEntry("external_meetings", {
            "officer": "demo-alan.webb", "met_with": "Cllr J Harris, county councillor",
            "organisation": "Somerset Council", "met_on": _day(-35),
            "purpose": "Highways works in Market Street"}, "Graham Lyle"),
        DemoEntry("external_meetings", {
            "officer": "demo-graham.lyle", "met_with": "The Town Mayor and Town Clerk of Street",
            "organisation": "Street Town Council", "met_on": _day(-24),
            "purpose": "Sharing the grounds maintenance contract"}, "Graham Lyle"),
        DemoEntry("media_assistance", {
            "member": "demo-pam.bishop", "officer": "demo-alan.webb", "requested_on": _day(-5),
            "subject": "Press release on the new play area", "factual": "yes", "adverse_to_council": "no",
            "assisted_on": _day(-3)}, "Graham Lyle"),
        DemoEntry("media_assistance", {
            "member": "demo-derek.nunn", "officer": "demo-alan.webb", "requested_on": _day(-2),
            "subject": "Letter to the paper criticising the budget", "factual": "no",
            "adverse_to_council": "yes"}, "Graham Lyle"),
        DemoEntry("delegated_decisions", {
            "decision": "Emergency repair to the war memorial railings", "decided_on": _day(-20),
            "decided_by": "demo-graham.lyle", "authority": "Scheme of Delegation 4.2 (urgent repairs)",
            "reasons": "The railings were unsafe after storm damage",
            "alternatives_rejected": "Fencing off the memorial until the next council meeting",
            "conflicts_declared": "None", "cost": "£1,850"}, "Graham Lyle"),
        DemoEntry("training", {
            "person": "demo-pam.bishop", "course": "Chairing meetings effectively", "completed_on": _day(-40),
            "provider": "Society of Local Council Clerks", "hours": "3"}, "Graham Lyle"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-shona.reid", "gift_or_hospitality": "hospitality",
            "description": "Tickets to the civic ball", "offered_by": "Acme Ltd", "value": "£75",
            "received_on": _day(-30), "accepted": "yes", "notified_on": _day(-21)}, "Graham Lyle"),
    ),
    "langport-town": (
        DemoEntry("officer_interests", {
            "officer": "demo-ben.carter", "interest": "Brother-in-law runs the grounds maintenance contractor",
            "prejudicial": "yes", "declared_to": "clerk", "declared_on": _day(-100),
            "managed_by": "Ben takes no part in letting or supervising the grounds contract"}, "Helen Brooks"),
        DemoEntry("training", {
            "person": "demo-ruth.ainsworth", "course": "Code of conduct refresher", "completed_on": _day(-45),
            "provider": "Somerset Association of Local Councils", "hours": "2"}, "Helen Brooks"),
        DemoEntry("document_inspections", {
            "member": "demo-paul.kendall", "document": "Tender returns for the grounds maintenance contract",
            "requested_on": _day(-6), "for_council_duties": "yes", "has_interest": "yes"}, "Helen Brooks"),
        DemoEntry("document_inspections", {
            "member": "demo-ian.fairbairn", "document": "Street lighting maintenance contract", "requested_on": _day(-4),
            "for_council_duties": "yes", "has_interest": "no", "inspected_on": _day(-2)}, "Helen Brooks"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-martin.shaw", "gift_or_hospitality": "hospitality",
            "description": "Tickets to the Langport carnival ball", "offered_by": "Langport Carnival Committee",
            "value": "£90", "received_on": _day(-22), "accepted": "yes"}, "Helen Brooks"),
    ),
    "principal-council": (
        DemoEntry("relationships", {
            "member": "demo-amir.hussain", "officer": "demo-ravi.kapoor", "relationship": "family",
            "notified_to": "director", "notified_on": _day(-360),
            "guidance": "Cllr Hussain takes no part in decisions about the service Ravi Kapoor works in",
            "mitigation": "Ravi Kapoor's line management moved to Laura Chen"}, "Priya Shah"),
        DemoEntry("information_requests", {
            "member": "demo-joan.tate", "information": "Highways maintenance budget broken down by ward",
            "purpose": "A question to the scrutiny committee", "requested_on": _day(-20),
            "outcome": "pending"}, "Priya Shah"),
        DemoEntry("information_requests", {
            "member": "demo-bernard.hale", "information": "Staffing numbers in the planning service",
            "purpose": "Casework on planning delays", "requested_on": _day(-3), "outcome": "pending"},
            "Priya Shah"),
        DemoEntry("information_requests", {
            "member": "demo-amir.hussain", "information": "The personnel file of a named officer",
            "purpose": "A complaint from a constituent", "requested_on": _day(-30), "outcome": "refused",
            "answered_on": _day(-25), "chair_advised": "yes",
            "reasons": "Personal data of an employee, not needed for the member's duties",
            "copy_to": "monitoring_officer", "copied_on": _day(-25)}, "Priya Shah"),
        DemoEntry("briefings", {
            "requested_by": "Labour group", "officers_present": "Jonathan Reeves",
            "subject": "The budget gap and the savings options", "briefed_on": _day(-10),
            "written_information": "yes", "confidential_until": _day(60)}, "Priya Shah"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-sarah.knight", "gift_or_hospitality": "hospitality",
            "description": "Dinner at the Chamber of Commerce awards", "offered_by": "Chamber of Commerce",
            "value": "£70", "received_on": _day(-12), "accepted": "yes", "notified_on": _day(-5)}, "Priya Shah"),
    ),
    "community-council": (
        DemoEntry("training", {
            "person": "demo-eleri.jones", "course": "Welsh language awareness", "completed_on": _day(-50),
            "provider": "One Voice Wales", "hours": "3"}, "Rhiannon Pritchard"),
        DemoEntry("training", {
            "person": "demo-gareth.evans", "course": "Chairing meetings", "completed_on": _day(-20),
            "provider": "One Voice Wales", "hours": "2"}, "Rhiannon Pritchard"),
        DemoEntry("gifts_hospitality", {
            "recipient": "demo-dafydd.morgan", "gift_or_hospitality": "gift",
            "description": "Framed print of the village from the primary school", "offered_by": "Ysgol y Llan",
            "value": "£20", "received_on": _day(-15), "accepted": "yes"}, "Rhiannon Pritchard"),
    ),
}


def _resolve(value: str, day: dt.date) -> str:
    if value.startswith(_DAYS) and value[1:2] in "+-" and value[2:].isdigit():
        return (day + dt.timedelta(days=int(value[1:]))).isoformat()
    return value


def _login(name: str) -> str:
    return "demo-" + name.lower().replace(" ", ".")


def fill_demo_registers(store: Store, councils: Iterable[Any] | None = None,
                        today: dt.date | None = None) -> int:
    """Add the demo's register entries to ``store`` (a demo store); return how many were added.

    A register that already holds entries is skipped, so this may run every time the demo opens.
    """
    day = today or clock_today()
    loaded = {c.id: c for c in (councils if councils is not None else _seed_councils())}
    added = 0
    for council_id, entries in ENTRIES.items():
        council = loaded.get(council_id)
        if council is None:
            continue
        regs = Registers(store, council, today=day)
        kept = {k.id for k in regs.kinds()}
        by_kind: dict[str, list[DemoEntry]] = {}
        for entry in entries:
            if entry.kind in kept:
                by_kind.setdefault(entry.kind, []).append(entry)
        for kind_id, group in by_kind.items():
            if _has_entries(store, council_id, kind_id):
                continue
            writers = {e.by for e in group}
            if len(writers) != 1:  # pragma: no cover - the table above uses one writer per register
                raise ValueError(f"demo register {council_id}/{kind_id} has several writers")
            writer = P.person_for_login(store, _login(group[0].by))
            if writer is None:
                continue  # the demo's people are not in this store
            rows = [{k: _resolve(v, day) for k, v in e.values.items()} for e in group]
            made = regs.add_many(kind_id, rows, writer, confidential=[e.confidential for e in group])
            added += len(made)
            for entry, demo in zip(made, group, strict=True):
                for changes, reason in demo.amend:
                    regs.amend(entry.id, {k: _resolve(v, day) for k, v in changes.items()}, writer,
                               reason=reason, expected_version=entry.version)
    return added


def _has_entries(store: Store, council_id: str, kind_id: str) -> bool:
    row = store.conn.execute("SELECT 1 FROM register_current WHERE council_id = ? AND kind = ? LIMIT 1",
                             (council_id, kind_id)).fetchone()
    return row is not None


def ensure_demo(path: str | Path | None = None, councils: Iterable[Any] | None = None) -> Store:
    """The demo store at ``path`` (see :func:`councilkit.demo.cast.ensure_demo_store`) with its register entries."""
    councils = list(councils) if councils is not None else None
    store = ensure_demo_store(path, councils)
    try:
        fill_demo_registers(store, councils)
    except BaseException:
        store.close()
        raise
    return store


def _seed_councils() -> list[Any]:
    from councilkit.councilfile import BUNDLED, load_council

    return [load_council(cid, councils=BUNDLED) for cid in SEED_COUNCILS]
