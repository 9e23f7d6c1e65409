"""Community councils (Wales, and Scotland): a Community Clerk serves the council and its committees.

The principal council's Monitoring Officer oversees the members' code of
conduct.  A small council's staff matters go to the full council unless it
has a staffing committee.
"""

from __future__ import annotations

from pathlib import Path

from councilkit.plugin import (
    Plugin,
    Relation,
    Role,
    Variant,
    hookimpl,
    officer_interests,
    relationships,
)

__version__ = "0.1.0"
VARIANT = "community"
#: the councils this plugin ships
COUNCILS = Path(__file__).parent / "councils"

ROLES = (
    Role("clerk", "Clerk", "officer", ("officer",), "The community council's Clerk and Proper Officer.", single=True),
    Role("monitoring_officer", "Monitoring Officer", "external", (),
         "The principal council's Monitoring Officer, who oversees the members' code of conduct.", single=True),
)

COMMUNITY = Variant(
    id=VARIANT,
    title="Community council",
    tier="community",
    description=__doc__.strip().splitlines()[0],
    adviser=("clerk",),
    fallbacks={"clerk": ("chair",), "chair": ("vice_chair",)},
    procedure_handlers={
        "grievance": ("council",),
        "capability": ("council",),
        "disciplinary": ("council",),
        "code_of_conduct": ("monitoring_officer",),
    },
    case_visibility=("clerk", "chair", "monitoring_officer"),
    default_days={"grievance": 5, "disciplinary": 5, "capability": 5, "code_of_conduct": 20},
    # who manages whom: a concern is never handled by someone its subject manages, nor by a body
    # the subject sits on or chairs (the Acas Code of Practice, paragraph 31)
    relations=(
        Relation("employee", reports_to=("clerk",)),
        Relation("clerk", reports_to=("council",)),
    ),
)

#: the plugin as data: each argument becomes the registration hook that registers it, for this
#: variant's councils only (councilkit.plugin.Plugin)
plugin = Plugin(
    COMMUNITY,
    roles=ROLES,
    register_kinds=(  # training, gifts and hospitality and document inspections come from core
        relationships(("clerk",), ("clerk", "chair")),
        officer_interests(("clerk",), ("clerk",)),
    ),
    councils=COUNCILS,
)


@hookimpl
def validate_council(council, report):  # type: ignore[no-untyped-def]
    if council.variant.id == VARIANT and council.title("clerk") == "Clerk":
        report("a community council usually titles its Clerk (e.g. \"Community Clerk\"); "
               "add [titles] clerk = \"...\"", key="titles", severity="warning")
