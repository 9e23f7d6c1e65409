"""People and appointments (who holds which role, from when to when), and who is acting.

People live in the store, not in council files, because they are personal data and change.
``councilkit.people`` is the public face: the records (:mod:`.records`) and identity
(:mod:`.identity`, imported on its own).
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
