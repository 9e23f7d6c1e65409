"""Who may do what: one table, as data, that the checks follow and docs/security.md shows.

:data:`AUTHORITY` lists every change (and every sight of something confidential)
councilkit authorises, per council: what it is, who may do it, and the function that
checks it.  A refusal is a :class:`NotAuthorisedError` that says who may, made by
:func:`refusal` from this table, and nothing is written.  ``python -m
councilkit.people.authority docs/security.md`` writes the table into the document
between its markers; a test checks that the two agree.

The words "administrator" and "case officer" mean:

- an **administrator** of a council is an account (an operating-system login, or the
  login of a person connected by an SSH key) that ``councilkit init`` or another
  administrator made one, for that council or for every council the deployment
  serves (:mod:`councilkit.people.admin`);
- a **case officer** of a council is someone who holds one of the roles its variant
  names as seeing every case (``case_visibility``: the clerk, the monitoring officer...).
"""

from __future__ import annotations

import sys
from pathlib import Path

from councilkit._attrs import frozen
from councilkit.errors import CouncilkitError


class NotAuthorisedError(CouncilkitError, PermissionError):
    """The account or person may not do this; the message says who may.  Nothing was written."""

    def __init__(self, permission: str, message: str):
        self.permission = permission
        super().__init__(message)


@frozen
class Permission:
    """One line of the table: ``act`` (what, as a verb phrase), ``who`` may, and ``checked_by``."""

    id: str
    area: str
    act: str
    who: str
    checked_by: str
    note: str = ""


#: every act councilkit authorises, by id, in the order docs/security.md lists them
AUTHORITY: dict[str, Permission] = {p.id: p for p in (
    Permission("deployment.init", "deployment", "set up a deployment (councilkit init)",
               "anyone who can create the store's file, once; that account becomes the first administrator of "
               "every council the deployment serves",
               "councilkit.people.admin.init_deployment"),
    Permission("deployment.serve", "deployment", "add a council to those the deployment serves",
               "an administrator of every council", "councilkit.people.admin.Administration.serve"),
    Permission("administrators.change", "deployment", "make or end an administrator",
               "an administrator of the council (of every council, to make or end an administrator of every "
               "council)", "councilkit.people.admin.Administration.add_administrator, end_administrator",
               "The last administrator of every council cannot be ended."),
    Permission("people.add", "people", "add a person", "an administrator of any council",
               "councilkit.people.admin.Administration.add_person"),
    Permission("people.change", "people", "change a person's name, login or email",
               "an administrator of every council at which they hold or held a role (any administrator, for "
               "someone who never held one)", "councilkit.people.admin.Administration.change_person",
               "A login is who someone is: changing it is changing who acts as them."),
    Permission("people.keys", "people", "add or remove a person's SSH key (councilkit serve)",
               "an administrator of every council at which they hold or held a role (any administrator, for "
               "someone who never held one)", "councilkit.people.keys"),
    Permission("appointments.change", "people", "appoint someone to a role or end an appointment",
               "an administrator of the council",
               "councilkit.people.admin.Administration.appoint, end_appointment",
               "An administrator may appoint themselves: it is recorded, and shown as self-appointed wherever "
               "appointments are listed. An appointment never makes someone the handler of a case they are a "
               "party to: routing passes over a party."),
    Permission("act_as", "people", "act as someone else (--as PERSON)",
               "an administrator of the council the command concerns (named with --council, or the council "
               "of the case or entry it is about)", "councilkit.people.identity.identify",
               "Every event written records the administrator's login as well as the person."),
    Permission("case.open", "cases", "open a case",
               "the complainant, or a case officer of the council", "councilkit.cases.CaseBook.open"),
    Permission("case.see", "cases", "see a case: that it exists, its title, people, dates, events and notes",
               "its parties, the people who handle or handled its steps, and the council's case officers",
               "councilkit.cases.CaseBook.get, list, read",
               "To anyone else a case does not exist: every message, count, list and conflict says what it "
               "says for a case number never used. Opening a case is recorded (councilkit audit reads)."),
    Permission("case.note", "cases", "add a note to a case", "anyone who may see it",
               "councilkit.cases.CaseBook.note"),
    Permission("case.decide", "cases", "record a consultation, an outcome or a resolution",
               "the handler of the step in progress", "councilkit.cases.CaseBook.consult, record_outcome, resolve"),
    Permission("case.manage", "cases", "start, escalate, close or reopen a case, or record a notification",
               "the handler of its latest step, or a case officer of the council who is not a party to it (to "
               "start a step, also whoever could handle it; to escalate or withdraw it, also the complainant)",
               "councilkit.cases.CaseBook.start, escalate, close, reopen, notify"),
    Permission("case.reads", "cases", "see who opened a case, when and from where",
               "the council's case officers who are not parties to it", "councilkit.cases.CaseBook.reads",
               "councilkit audit reads CASE, and the case view of the terminal UI."),
    Permission("register.add", "registers", "add a register entry",
               "anyone who holds a role at the council (only the roles the register names as its keepers, if "
               "it names any)", "councilkit.registers.Registers.add"),
    Permission("register.change", "registers", "amend or withdraw a register entry",
               "as for adding, and only someone who may see the whole entry",
               "councilkit.registers.Registers.amend, withdraw"),
    Permission("register.see", "registers", "see a confidential entry or a sensitive field",
               "the roles the register names as seeing them (visible_to), else the council's adviser (its "
               "clerk or monitoring officer)", "councilkit.registers.Registers.page, get, search, count",
               "Everyone else sees the rest, and is told what was withheld, never its value."),
    Permission("register.export", "registers", "make a working copy export of a register",
               "anyone, holding what they may see; the publication copy holds only what the public may see",
               "councilkit.registers.export_register"),
)}


def who_may(permission: str) -> str:
    """Who may do ``permission``, as the table says it."""
    return AUTHORITY[permission].who


def refusal(permission: str, you: str, *, where: str = "", why: str = "") -> NotAuthorisedError:
    """The refusal of ``permission``: who may (from the table), who ``you`` are, and that nothing was written.

    ``where``: the council or thing concerned (``at Compton Parish Council``); ``why``:
    what makes ``you`` not one of them, when it helps.
    """
    p = AUTHORITY[permission]
    place = f" {where}" if where else ""
    because = f" ({why})" if why else ""
    return NotAuthorisedError(permission, f"only {p.who} may {p.act}{place}; {you} may not{because}; nothing "
                                          "was written")


# --- docs/security.md ---------------------------------------------------------------------------

BEGIN = "<!-- authority table: written by python -m councilkit.people.authority docs/security.md -->"
END = "<!-- end of authority table -->"
LIMITS_BEGIN = "<!-- limits table: written by python -m councilkit.people.authority docs/security.md -->"
LIMITS_END = "<!-- end of limits table -->"
AREAS = {"deployment": "The deployment", "people": "People", "cases": "Cases", "registers": "Registers"}


def markdown() -> str:
    """The table as Markdown, as docs/security.md holds it between :data:`BEGIN` and :data:`END`."""
    lines = ["| area | who may ... | only ... | checked by |", "|---|---|---|---|"]
    for p in AUTHORITY.values():
        who = p.who + (f". {p.note}" if p.note else "")
        lines.append(f"| {AREAS[p.area]} | {p.act} | {who} | `{p.checked_by}` |")
    return "\n".join(lines)


def limits_markdown() -> str:
    """The limits on free text (:data:`councilkit.errors.LIMITS`) as Markdown, for docs/security.md."""
    from councilkit.errors import LIMITS

    lines = ["| field | limit | where |", "|---|---|---|"]
    lines += [f"| {t.field} | {t.describe()} | {t.where} |" for t in LIMITS.values()]
    return "\n".join(lines)


def blocks() -> dict[tuple[str, str], str]:
    """What docs/security.md holds between each pair of markers."""
    return {(BEGIN, END): markdown(), (LIMITS_BEGIN, LIMITS_END): limits_markdown()}


def write_into(path: str | Path) -> bool:
    """Replace each table between its markers in ``path``; True if the file changed."""
    target = Path(path)
    text = original = target.read_text("utf-8")
    for (begin, end), table in blocks().items():
        if begin not in text or end not in text:
            raise CouncilkitError(f"{target}: no table markers ({begin!r} ... {end!r})")
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{begin}\n{table}\n{end}{tail}"
    if text != original:
        target.write_text(text, "utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for name in sys.argv[1:] or ["docs/security.md"]:
        print(f"{name}: {'written' if write_into(name) else 'already up to date'}")
