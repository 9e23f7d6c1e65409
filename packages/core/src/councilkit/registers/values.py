"""Register field values: reading them from people and files, and writing them back out.

One place decides what each field type accepts, so the command line, a CSV
import, the terminal UI and the SDK all take the same values and give the same
message when one is wrong:

=========  ====================================  =====================================
type       stored as                             accepted
=========  ====================================  =====================================
text       the text, whitespace trimmed          any text up to 20,000 characters
date       ``YYYY-MM-DD``                        ``2026-03-05``, ``05/03/2026``, ``today``
person     the person's number in the store      a number, a login or a full name
role       the role's id                         the id or the council's title for it
choice     the choice, as the kind spells it     any case
money      whole pence (never a float)           ``£1,234.50``, ``1234.5``, ``75p``
bool       true / false                          yes/no, true/false, y/n, 1/0
=========  ====================================  =====================================

A value that is empty (``""`` or None) means "not filled in".
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from councilkit.errors import did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from councilkit.registers.kinds import Field
MAX_TEXT = 20_000
#: a sanity bound: £10,000,000,000 in pence
MAX_PENCE = 1_000_000_000_000

_MONEY = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")
_PENCE = re.compile(r"^(\d+)\s*p$", re.I)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0"}

#: what each type expects, in words, for messages
EXPECTED = {
    "text": "text",
    "date": "a date such as 2026-03-05 (or 05/03/2026)",
    "person": "a person: their number, login or full name",
    "role": "a role of the council",
    "choice": "one of the choices",
    "money": "an amount of money such as £50 or £49.99 (pence, never a fraction of a penny)",
    "bool": "yes or no",
}


class ValueProblem(ValueError):
    """A value a field cannot take; the message says what is expected."""


# money ------------------------------------------------------------------------


def _is_decimal(value: object) -> bool:
    """Whether ``value`` is a :class:`decimal.Decimal` (only a program that made one has imported decimal)."""
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def parse_money(value: object) -> int:
    """Pence from ``"£1,234.50"``, ``"1234.5"``, ``"75p"``, a whole number of pence or a Decimal.

    A float is refused: money is counted in whole pence, and a float cannot be trusted to.
    """
    if isinstance(value, bool):
        raise ValueProblem(f"expected {EXPECTED['money']}, got {value!r}")
    if isinstance(value, int):
        pence = value
    elif isinstance(value, float):
        raise ValueProblem(f"expected {EXPECTED['money']}; got the floating-point number {value!r}: "
                           "give whole pence (an int) or text such as '£12.50'")
    elif _is_decimal(value):
        scaled = value * 100  # type: ignore[attr-defined]
        if scaled != scaled.to_integral_value():
            raise ValueProblem(f"expected {EXPECTED['money']}, got {value} (a fraction of a penny)")
        pence = int(scaled)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        m = _PENCE.match(text)
        if m:
            pence = int(m.group(1))
        else:
            m = _MONEY.match(text)
            if not m:
                hint = " (write amounts in pounds with a £, e.g. £50)" if text.startswith(("$", "€")) else ""
                raise ValueProblem(f"expected {EXPECTED['money']}, got {value!r}{hint}")
            pounds = int(m.group(1).replace(",", ""))
            frac = (m.group(2) or "").ljust(2, "0")
            pence = pounds * 100 + int(frac or 0)
    else:
        raise ValueProblem(f"expected {EXPECTED['money']}, got {type(value).__name__}")
    if pence < 0:
        raise ValueProblem(f"expected {EXPECTED['money']}, got a negative amount")
    if pence > MAX_PENCE:
        raise ValueProblem(f"expected {EXPECTED['money']}, got {format_money(pence)}, which is too large")
    return pence


def format_money(pence: int) -> str:
    """``123456`` -> ``"£1,234.56"``."""
    pounds, rest = divmod(int(pence), 100)
    return f"£{pounds:,}.{rest:02d}"


# dates and flags ----------------------------------------------------------------


def parse_date(value: object, today: dt.date | None = None) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueProblem(f"expected {EXPECTED['date']}, got a date and time ({value.isoformat()})")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueProblem(f"expected {EXPECTED['date']}, got {value!r}")
    text = value.strip()
    if text.lower() == "today" and today is not None:
        return today
    m = _UK_DATE.match(text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueProblem(f"{value!r} is not a real date ({exc})") from None
    raise ValueProblem(f"expected {EXPECTED['date']}, got {value!r}")


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueProblem(f"expected {EXPECTED['bool']}, got {value!r}")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# one field ------------------------------------------------------------------------


def parse_value(
    field: Field,
    value: object,
    *,
    find_person: Callable[[object], int] | None = None,
    roles: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> bool | int | str | dt.date:
    """The stored value of ``field`` for ``value`` (text from a person or a file, or a Python value).

    ``find_person`` turns a reference into a person's number (raising a
    :class:`LookupError` whose message is shown); ``roles`` is the council's
    :class:`~councilkit.model.roles.RoleSet`, so a role may be given by its title.
    Raises :class:`ValueProblem` saying what is expected.
    """
    kind = field.type
    if kind == "text":
        if not isinstance(value, str):
            raise ValueProblem(f"expected text, got {value!r}")
        text = value.strip()
        if len(text) > MAX_TEXT:
            raise ValueProblem(f"expected text of at most {MAX_TEXT:,} characters, got {len(text):,}")
        return text
    if kind == "date":
        return parse_date(value, today)
    if kind == "bool":
        return parse_bool(value)
    if kind == "money":
        return parse_money(value)
    if kind == "choice":
        if not isinstance(value, str):
            raise ValueProblem(f"expected one of {_choices(field.choices)}, got {value!r}")
        for choice in field.choices:
            if choice.lower() == value.strip().lower():
                return choice
        raise ValueProblem(f"expected one of {_choices(field.choices)}, got {value!r}"
                           f"{did_you_mean(value.strip(), field.choices)}")
    if kind == "role":
        return _parse_role(field, value, roles)
    if kind == "person":
        if find_person is None:
            raise ValueProblem("people cannot be looked up here")
        ref: object = value
        if hasattr(value, "id") and hasattr(value, "name"):
            ref = value.id  # a Person
        elif isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueProblem(f"expected {EXPECTED['person']}, got {value!r}")
        try:
            return find_person(ref)
        except LookupError as exc:
            raise ValueProblem(str(exc).removeprefix("'").removesuffix("'")) from None
    raise ValueProblem(f"unknown field type {kind!r}")


def _choices(choices: tuple[str, ...]) -> str:
    return ", ".join(repr(c) for c in choices) or "(none listed)"


def _parse_role(field: Field, value: object, roles: Mapping[str, Any] | None) -> str:
    if not isinstance(value, str):
        raise ValueProblem(f"expected {EXPECTED['role']}, got {value!r}")
    text = value.strip()
    allowed = list(field.choices) or list(roles or ())
    by_title = {}
    for rid in allowed:
        role = roles.get(rid) if roles is not None else None
        if role is not None:
            by_title[role.title.lower()] = rid
    if text in allowed:
        return text
    if text.lower() in by_title:
        return by_title[text.lower()]
    lowered = {r.lower(): r for r in allowed}
    if text.lower().replace(" ", "_") in lowered:
        return lowered[text.lower().replace(" ", "_")]
    shown = ", ".join(f"{r} ({roles[r].title})" if roles is not None and r in roles else r for r in allowed)
    raise ValueProblem(f"expected one of the roles {shown}, got {value!r}{did_you_mean(text, allowed)}")


def to_json(field_type: str, value: Any) -> Any:
    """A stored value as it is kept in the store's JSON (dates as ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def from_json(field_type: str, value: Any) -> Any:
    """A value read back from the store's JSON."""
    if field_type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def render(
    field_type: str,
    value: Any,
    *,
    names: Mapping[int, str] | None = None,
    roles: Mapping[str, Any] | None = None,
) -> str:
    """A value as a person reads it: ``£50.00``, ``2026-03-05``, ``yes``, ``Jane Smith``."""
    if value is None:
        return ""
    if field_type == "money":
        return format_money(value)
    if field_type == "bool":
        return "yes" if value else "no"
    if field_type == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if field_type == "person":
        name = (names or {}).get(value)
        return name if name is not None else f"person #{value}"
    if field_type == "role":
        role = roles.get(value) if roles is not None else None
        return role.title if role is not None else str(value)
    return str(value)
