"""People and appointments (who holds which role, from when to when), and who is acting.

People live in the store, not in council files, because they are personal data and change.
``councilkit.people`` is the public face of the records (:mod:`.records`).  Imported on their own:
identity (:mod:`.identity`: who is using councilkit), the deployment and its administrators
(:mod:`.admin`: the checked way to change people), who may do what (:mod:`.authority`) and the
hash-chained record of changes to people (:mod:`.log`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.people.records import (
        Appointment,
        Directory,
        PeopleError,
        Person,
        UnknownPersonError,
        add_person,
        appoint,
        appointments,
        change_person,
        current_appointment,
        end_appointment,
        find_person,
        get_person,
        holders,
        list_people,
        names,
        person_for_login,
        roles_held,
    )

#: each public name and the module that defines it, imported when the name is first used (the records
#: import the store and SQLite, which a command that needs no person does without)
_NAMES = {
    "Appointment": "records",
    "Directory": "records",
    "PeopleError": "records",
    "Person": "records",
    "UnknownPersonError": "records",
    "add_person": "records",
    "appoint": "records",
    "appointments": "records",
    "change_person": "records",
    "current_appointment": "records",
    "end_appointment": "records",
    "find_person": "records",
    "get_person": "records",
    "holders": "records",
    "list_people": "records",
    "names": "records",
    "person_for_login": "records",
    "roles_held": "records",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "Appointment",
    "Directory",
    "PeopleError",
    "Person",
    "UnknownPersonError",
    "add_person",
    "appoint",
    "appointments",
    "change_person",
    "current_appointment",
    "end_appointment",
    "find_person",
    "get_person",
    "holders",
    "list_people",
    "names",
    "person_for_login",
    "roles_held",
]
