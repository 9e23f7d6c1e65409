"""Parish councils: a Parish Clerk, often also the RFO, and a Personnel Committee for staff matters.

Parish councils have no Monitoring Officer of their own: the district or
unitary council's Monitoring Officer oversees the members' code of conduct.
Staff grievances, capability and discipline go to the Personnel (Staffing)
Committee; when the Clerk is a party, its Chair stands in for the Clerk.
"""

from __future__ import annotations

from pathlib import Path

from councilkit.plugin import (
    Plugin,
    Relation,
    Role,
    Variant,
    hookimpl,
    information_given,
    officer_interests,
    relationships,
)

__version__ = "0.1.0"
VARIANT = "parish"
#: the councils this plugin ships
COUNCILS = Path(__file__).parent / "councils"

ROLES = (
    Role("clerk", "Clerk", "officer", ("officer",), "The council's Clerk and Proper Officer.", single=True),
    Role("rfo", "Responsible Financial Officer", "officer", ("officer",), single=True),
    Role("personnel_committee", "Personnel Committee", "body", ("committee",),
         "The committee that deals with staffing: grievance, capability and discipline.", single=True),
    Role("personnel_committee_chair", "Chair of the Personnel Committee", "member", ("committee_chair",), single=True),
    Role("personnel_committee_vice_chair", "Vice-Chair of the Personnel Committee", "member",
         ("committee_vice_chair",), single=True),
    Role("monitoring_officer", "Monitoring Officer", "external", (),
         "The district or unitary council's Monitoring Officer, who oversees the members' code of conduct.", single=True),
)

PARISH = Variant(
    id=VARIANT,
    title="Parish council",
    tier="parish",
    description=__doc__.strip().splitlines()[0],
    adviser=("clerk",),
    fallbacks={
        "clerk": ("personnel_committee_chair",),
        "personnel_committee_chair": ("personnel_committee_vice_chair", "chair"),
        "personnel_committee": ("council",),
        "chair": ("vice_chair",),
    },
    procedure_handlers={
        "grievance": ("personnel_committee",),
        "capability": ("personnel_committee",),
        "disciplinary": ("personnel_committee",),
        "code_of_conduct": ("monitoring_officer",),
    },
    case_visibility=("clerk", "personnel_committee_chair", "monitoring_officer"),
    # ACAS good practice: meet to discuss a grievance or disciplinary matter without unreasonable delay
    default_days={"grievance": 5, "disciplinary": 5, "capability": 5, "conciliation": 10,
                  "mediation": 20, "code_of_conduct": 20},
    # who manages whom: a concern is never handled by someone its subject manages, nor by a body
    # the subject sits on or chairs (the Acas Code of Practice, paragraph 31)
    relations=(
        Relation("employee", reports_to=("clerk",)),
        Relation("clerk", reports_to=("personnel_committee",)),
        Relation("personnel_committee", reports_to=("council",)),
        Relation("personnel_committee_chair", chairs=("personnel_committee",)),
        Relation("personnel_committee_vice_chair", sits_on=("personnel_committee",)),
    ),
)

#: the plugin as data: each argument becomes the registration hook that registers it, for this
#: variant's councils only (councilkit.plugin.Plugin)
plugin = Plugin(
    PARISH,
    roles=ROLES,
    register_kinds=(  # training, gifts and hospitality and document inspections come from core
        relationships(("clerk", "personnel_committee_chair"), ("clerk", "personnel_committee_chair")),
        officer_interests(("clerk",), ("clerk",)),
        information_given(),
    ),
    councils=COUNCILS,
)


@hookimpl
def validate_council(council, report):  # type: ignore[no-untyped-def]
    if council.variant.id == VARIANT and council.title("clerk") == "Clerk":
        report("a parish council usually titles its Clerk (e.g. \"Parish Clerk\"); "
               "add [titles] clerk = \"...\"", key="titles", severity="warning")
