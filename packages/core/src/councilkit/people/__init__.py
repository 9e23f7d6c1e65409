"""People and appointments (who holds which role, from when to when), and who is acting.

People live in the store, not in council files, because they are personal data and change.
``councilkit.people`` is the public face of the records (:mod:`.records`).  Imported on their own:
identity (:mod:`.identity`: who is using councilkit), the deployment and its administrators
(:mod:`.admin`: the checked way to change people), who may do what (:mod:`.authority`) and the
hash-chained record of changes to people (:mod:`.log`).
"""

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
