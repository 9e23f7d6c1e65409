"""Town councils: the Town Clerk is Head of Paid Service and Proper Officer; an RFO keeps the accounts.

Like parish councils they rely on the district or unitary council's Monitoring
Officer for the members' code of conduct.  The Town Clerk usually holds
delegated authority under a Scheme of Delegation.
"""

from __future__ import annotations

from pathlib import Path

from councilkit.plugin import (
    Action,
    Plugin,
    Relation,
    Role,
    Variant,
    briefings,
    delegated_decisions,
    external_meetings,
    hookimpl,
    information_given,
    media_assistance,
    officer_interests,
    relationships,
)

__version__ = "0.1.0"
VARIANT = "town"
#: the councils this plugin ships
COUNCILS = Path(__file__).parent / "councils"

ROLES = (
    Role("head_of_paid_service", "Head of Paid Service", "officer", ("officer",), single=True),
    Role("clerk", "Town Clerk", "officer", ("officer", "head_of_paid_service"),
         "Head of Paid Service and Proper Officer of the council.", single=True),
    Role("rfo", "Responsible Financial Officer", "officer", ("officer",), single=True),
    Role("personnel_committee", "Personnel Committee", "body", ("committee",), single=True),
    Role("personnel_committee_chair", "Chair of the Personnel Committee", "member", ("committee_chair",), single=True),
    Role("monitoring_officer", "Monitoring Officer", "external", (),
         "The district or unitary council's Monitoring Officer, who oversees the members' code of conduct.", single=True),
)

ACTIONS = (
    Action("pressure_delegated_decision",
           "pressure to use delegated authority for their own purposes or particular areas of interest"),
)

TOWN = Variant(
    id=VARIANT,
    title="Town council",
    tier="town",
    description=__doc__.strip().splitlines()[0],
    adviser=("clerk",),
    fallbacks={
        "clerk": ("personnel_committee_chair", "chair"),
        "personnel_committee_chair": ("chair",),
        "personnel_committee": ("council",),
        "chair": ("vice_chair",),
    },
    procedure_handlers={
        "grievance": ("personnel_committee",),
        "capability": ("personnel_committee",),
        "disciplinary": ("personnel_committee",),
        "code_of_conduct": ("monitoring_officer",),
        "arbitration": ("clerk",),
    },
    case_visibility=("clerk", "personnel_committee_chair", "monitoring_officer"),
    default_days={"grievance": 5, "disciplinary": 5, "capability": 5, "conciliation": 10,
                  "mediation": 20, "code_of_conduct": 20, "arbitration": 10},
    # who manages whom: a concern is never handled by someone its subject manages, nor by a body
    # the subject sits on or chairs (the Acas Code of Practice, paragraph 31)
    relations=(
        Relation("employee", reports_to=("clerk",)),
        Relation("clerk", reports_to=("personnel_committee",)),
        Relation("personnel_committee", reports_to=("council",)),
        Relation("personnel_committee_chair", chairs=("personnel_committee",)),
    ),
)

#: the plugin as data: each argument becomes the registration hook that registers it, for this
#: variant's councils only (councilkit.plugin.Plugin)
plugin = Plugin(
    TOWN,
    roles=ROLES,
    actions=ACTIONS,
    register_kinds=(  # training, gifts and hospitality and document inspections come from core
        relationships(("clerk",), ("clerk",)),
        officer_interests(("clerk",), ("clerk",)),
        information_given(),
        briefings(("clerk",)),
        external_meetings(),
        media_assistance(("clerk",)),
        delegated_decisions(("clerk",)),
    ),
    councils=COUNCILS,
)


@hookimpl
def validate_council(council, report):  # type: ignore[no-untyped-def]
    if council.variant.id == VARIANT and council.title("clerk") != "Town Clerk":
        report(f"the town variant's Clerk is the Town Clerk, but this council titles it "
               f"{council.title('clerk')!r}", key="titles", severity="warning")
