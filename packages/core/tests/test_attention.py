"""What needs attention at a council (``councilkit.attention``), on a real SQLite file.

Case steps overdue or due this week, register clocks running out, the
protocol's review; overdue first; and only what the person may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from councilkit import people as P
from councilkit.attention import attention_items, review_items
from councilkit.cases import Actor, Case, CaseBook
from councilkit.present.json import unstructure
from councilkit.registers import Registers
from councilkit.store import Store, open_store

from support import APPOINTED, COMPTON, TODAY, D

CAST = {
    "Ann Clerk": ("clerk",),
    "Pat Chair": ("personnel_committee_chair", "personnel_committee"),
    "Colin Cllr": ("councillor",),
    "Dora Cllr": ("councillor",),
    "Lee Leader": ("leader",),
    "Olive Officer": ("officer",),
    "Sam Senior": ("senior_manager",),
}


@attrs.define
class Parish:
    store: Store
    book: CaseBook
    regs: Registers
    p: dict[str, P.Person]
    cases: dict[str, Case]
    entries: dict[str, int]

    def __getitem__(self, first: str) -> P.Person:
        return next(v for k, v in self.p.items() if k.startswith(first))

    def items(self, viewer: object, **kw: object) -> list:  # type: ignore[type-arg]
        return attention_items(COMPTON, TODAY, store=self.store, viewer=viewer, **kw)  # type: ignore[arg-type]


def gift(recipient: str, received_on: str, value: str = "£65", **more: str) -> dict[str, str]:
    return {"recipient": recipient, "gift_or_hospitality": "hospitality", "description": f"Dinner {received_on}",
            "offered_by": "Rotary Club", "value": value, "received_on": received_on, "accepted": "yes", **more}


@pytest.fixture
def parish(tmp_path: Path) -> Iterator[Parish]:
    store = open_store(tmp_path / "attention.db")
    people = {}
    for name, roles in CAST.items():
        people[name] = P.add_person(store, name, name.split()[0].lower())
        for role in roles:
            P.appoint(store, people[name], COMPTON, role, APPOINTED)
    book = CaseBook(store, councils={COMPTON.id: COMPTON})
    olive, colin, dora = people["Olive Officer"], people["Colin Cllr"], people["Dora Cllr"]
    cases = {
        # the grievance step (5 working days) started on 2 November: due 9 November, overdue
        "overdue": book.open(COMPTON, olive, complainant=olive, subject=colin, step="grievance",
                             on=D(2026, 11, 2), title="Emails").case,
        # the informal step (10 working days) started on 16 November: due 30 November, in 7 days
        "this week": book.open(COMPTON, olive, complainant=olive, subject=dora, on=D(2026, 11, 16),
                               title="Phone calls").case,
        # started a day later: due 1 December, in 8 days
        "next week": book.open(COMPTON, olive, complainant=olive, subject=colin, on=D(2026, 11, 17),
                               title="Minutes").case,
        "today": book.open(COMPTON, olive, complainant=olive, subject=dora, title="Shouting").case,
    }
    regs = Registers(store, COMPTON, today=TODAY)
    ann = people["Ann Clerk"]
    entries = {
        # 28 days to register a gift of £50 or more
        "overdue": regs.add("gifts_hospitality", gift("colin", "2026-10-01"), ann).id,  # due 29 October
        "soon": regs.add("gifts_hospitality", gift("dora", "2026-10-28"), ann).id,  # due 25 November
        "later": regs.add("gifts_hospitality", gift("colin", "2026-11-20"), ann).id,  # due 18 December
        "small": regs.add("gifts_hospitality", gift("colin", "2026-10-01", "£20"), ann).id,  # no clock
        "done": regs.add("gifts_hospitality", gift("dora", "2026-10-01", notified_on="2026-10-10"), ann).id,
        "secret": regs.add("gifts_hospitality", gift("dora", "2026-10-05"), ann, confidential=True).id,  # 2 Nov
    }
    yield Parish(store, book, regs, people, cases, entries)
    store.close()


def summary(items: list) -> list[tuple[str, str, bool]]:  # type: ignore[type-arg]
    return [(i.kind, i.ref, i.overdue) for i in items]


def test_overdue_and_this_weeks_items_come_overdue_first(parish: Parish) -> None:
    items = parish.items(parish["Ann"])
    c, e = parish.cases, parish.entries
    assert summary(items) == [
        ("review", "1", True),  # due 31 May 2021
        ("register", str(e["overdue"]), True),  # 29 October
        ("register", str(e["secret"]), True),  # 2 November: the Clerk may see a confidential entry
        ("case", str(c["overdue"].id), True),  # 9 November
        ("register", str(e["soon"]), False),  # 25 November
        ("case", str(c["this week"].id), False),  # 30 November
    ]
    assert [i.due for i in items] == [D(2021, 5, 31), D(2026, 10, 29), D(2026, 11, 2), D(2026, 11, 9),
                                      D(2026, 11, 25), D(2026, 11, 30)]
    by_ref = {(i.kind, i.ref): i for i in items}
    late = by_ref["case", str(c["overdue"].id)]
    assert late.status == "OVERDUE by 10 working days"
    assert late.text == (f"Case #{c['overdue'].id} Emails: step 'Grievance Procedure', handled by Pat Chair, "
                         "due 2026-11-09")
    soon = by_ref["case", str(c["this week"].id)]
    assert soon.status == "due in 5 working days" and "handled by Sam Senior" in soon.text
    gift_late = by_ref["register", str(e["overdue"])]
    assert gift_late.status == "OVERDUE by 25 calendar days"
    assert gift_late.text.startswith(f"Gifts and hospitality #{e['overdue']}: Notify the gift or hospitality for the register, "
                                     "due 2026-10-29 (Colin Cllr")
    assert by_ref["register", str(e["soon"])].status == "due in 2 calendar days"
    review = items[0]
    assert review.status == "OVERDUE" and review.text.startswith("Review of the Member/Officer Protocol overdue "
                                                                 "since 2021-05-31 (reviewed every 12 months)")
    assert {i.council_id for i in items} == {"compton-parish"}
    assert unstructure(items[3]) == {"kind": "case", "text": late.text, "due": "2026-11-09", "overdue": True,
                                  "status": "OVERDUE by 10 working days", "ref": str(c["overdue"].id),
                                  "council": "compton-parish"}


def test_a_step_due_later_and_a_clock_that_has_stopped_do_not_appear(parish: Parish) -> None:
    refs = {(i.kind, i.ref) for i in parish.items(parish["Ann"])}
    c, e = parish.cases, parish.entries
    for name in ("next week", "today"):
        assert ("case", str(c[name].id)) not in refs, name
    for name in ("later", "small", "done"):
        assert ("register", str(e[name])) not in refs, name
    # a longer horizon reaches them
    wider = {(i.kind, i.ref) for i in parish.items(parish["Ann"], within_days=8)}
    assert ("case", str(c["next week"].id)) in wider and ("case", str(c["today"].id)) not in wider
    assert ("register", str(e["later"])) not in wider


def test_a_viewer_who_may_not_see_a_case_does_not_get_its_item(parish: Parish) -> None:
    c, e = parish.cases, parish.entries
    colin = [(i.kind, i.ref) for i in parish.items(parish["Colin"]) if i.kind in ("case", "cases")]
    assert colin == [("case", str(c["overdue"].id))]  # the case he is the subject of; not Dora's
    dora = parish.items(parish["Dora"])
    assert [(i.kind, i.ref) for i in dora if i.kind == "case"] == [("case", str(c["this week"].id))]
    assert ("register", str(e["secret"])) not in {(i.kind, i.ref) for i in dora}  # confidential
    assert ("register", str(e["overdue"])) in {(i.kind, i.ref) for i in dora}
    assert [i.kind for i in parish.items(parish["Lee"]) if i.kind == "case"] == []  # no case of his
    public = parish.items(None)  # someone who is no person: what the public may see
    assert {i.kind for i in public} == {"review", "register"}
    assert str(e["secret"]) not in {i.ref for i in public}


def test_an_actor_is_a_viewer_too(parish: Parish) -> None:
    as_ann = parish.items(Actor(parish["Ann"], recorded_by="root"))
    assert summary(as_ann) == summary(parish.items(parish["Ann"]))


def test_a_viewer_who_leaves_during_the_week_still_sees_todays_cases(parish: Parish) -> None:
    a = P.current_appointment(parish.store, parish["Ann"], COMPTON.id, "clerk", TODAY)
    P.end_appointment(parish.store, a, D(2026, 11, 25))  # her last day is Wednesday
    book = CaseBook(parish.store, councils={COMPTON.id: COMPTON})
    cases = [i.ref for i in attention_items(COMPTON, TODAY, store=parish.store, viewer=parish["Ann"], book=book)
             if i.kind == "case"]
    assert cases == [str(parish.cases["overdue"].id), str(parish.cases["this week"].id)]


def test_more_late_cases_than_the_limit_are_counted_in_one_item(parish: Parish) -> None:
    items = parish.items(parish["Ann"], case_limit=1, kinds=["case"])
    assert [(i.kind, i.ref) for i in items] == [("case", str(parish.cases["overdue"].id)), ("cases", "")]
    assert items[1].text == "1 more case step overdue or due by 2026-11-30: see the case list"
    assert not items[1].overdue and items[1].status == "due"


def test_more_register_clocks_than_the_limit_are_counted_in_one_item(parish: Parish,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from councilkit import attention

    items = parish.items(parish["Ann"], register_limit=1, kinds=["register"])
    assert [(i.kind, i.ref) for i in items] == [("register", str(parish.entries["overdue"])), ("registers", "")]
    assert items[1].text.startswith("2 more register clocks overdue or due by 2026-11-30: see the registers' due list")
    assert items[1].overdue and items[1].status == "OVERDUE"  # the confidential gift, due 2 November
    # a councillor may not see the confidential gift: it is neither listed nor counted
    assert not any(i.kind == "registers" for i in parish.items(parish["Colin"], register_limit=2, kinds=["register"]))
    more = parish.items(parish["Colin"], register_limit=1, kinds=["register"])
    assert more[-1].text.startswith("1 more register clock overdue") and not more[-1].overdue
    # past MORE_COUNTED more, the count stops: "N+"
    monkeypatch.setattr(attention, "MORE_COUNTED", 1)
    assert parish.items(parish["Ann"], register_limit=1, kinds=["register"])[1].text.startswith("1+ more register")


def test_kinds_limit_the_sources_and_without_a_store_only_the_review_is_known(parish: Parish) -> None:
    assert {i.kind for i in parish.items(parish["Ann"], kinds=["register"])} == {"register"}
    assert {i.kind for i in parish.items(parish["Ann"], kinds=["review", "case"])} == {"review", "case"}
    alone = attention_items(COMPTON, TODAY, viewer=parish["Ann"])
    assert summary(alone) == [("review", "1", True)]


def test_a_review_appears_a_month_ahead_and_not_before() -> None:
    due = COMPTON.protocol.review_due_date()
    assert due == D(2021, 5, 31)
    assert review_items(COMPTON, due - dt.timedelta(days=32)) == []
    ahead = review_items(COMPTON, due - dt.timedelta(days=31))
    assert len(ahead) == 1 and not ahead[0].overdue and ahead[0].status == "due in 31 calendar days"
    assert "due on 2021-05-31" in ahead[0].text
    assert review_items(COMPTON, due)[0].status == "due today"
    assert review_items(COMPTON, due + dt.timedelta(days=1))[0].overdue
