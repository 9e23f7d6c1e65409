"""Principal councils: Cabinet and Overview & Scrutiny, a Chief Executive, a Monitoring Officer, Directors.

Complaints about members go to the Monitoring Officer under the code of
conduct.  Staff matters go through heads of service and Directors to the Chief
Executive (Head of Paid Service); members are kept out of individual
employment matters except on an appointments or appeals panel.
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
    hookimpl,
    information_requests,
    relationships,
)

__version__ = "0.1.0"
VARIANT = "principal"
#: the councils this plugin ships
COUNCILS = Path(__file__).parent / "councils"

ROLES = (
    Role("head_of_paid_service", "Head of Paid Service", "officer", ("officer",), single=True),
    Role("chief_executive", "Chief Executive", "officer", ("head_of_paid_service",), single=True),
    Role("monitoring_officer", "Monitoring Officer", "officer", ("officer",),
         "The statutory officer who oversees the members' code of conduct and gives advice on it.", single=True),
    Role("deputy_monitoring_officer", "Deputy Monitoring Officer", "officer", ("officer",), single=True),
    Role("director", "Director", "officer", ("officer",)),
    Role("head_of_service", "Head of Service", "officer", ("officer",)),
    Role("member_support_officer", "Member Support Officer", "officer", ("officer",),
         "An officer employed specifically to provide support services to elected members."),
    Role("cabinet", "Cabinet", "body", single=True),
    Role("cabinet_member", "Cabinet Member", "member", ("councillor",)),
    Role("scrutiny_committee", "Overview and Scrutiny Committee", "body", ("committee",), single=True),
    Role("employment_committee", "Appointments and Employment Committee", "body", ("committee",), single=True),
)

ACTIONS = (
    Action("request_explanation", "ask, in scrutiny, for an explanation of advice given by"),
    Action("name_adviser_publicly", "name in public an officer who gave confidential advice to"),
)

PRINCIPAL = Variant(
    id=VARIANT,
    title="Principal council",
    tier="principal",
    description=__doc__.strip().splitlines()[0],
    adviser=("monitoring_officer",),
    fallbacks={
        "head_of_service": ("director",),
        "director": ("chief_executive",),
        "chief_executive": ("employment_committee",),
        "monitoring_officer": ("deputy_monitoring_officer",),
    },
    procedure_handlers={
        "code_of_conduct": ("monitoring_officer",),
        "grievance": ("head_of_service",),
        "capability": ("head_of_service",),
        "disciplinary": ("head_of_service",),
    },
    case_visibility=("monitoring_officer", "chief_executive"),
    default_days={"grievance": 5, "disciplinary": 5, "capability": 5, "code_of_conduct": 20,
                  "complaint": 10},
    # who manages whom: a concern is never handled by someone its subject manages, nor by a body
    # the subject sits on or chairs (the Acas Code of Practice, paragraph 31)
    relations=(
        Relation("employee", reports_to=("head_of_service",)),
        Relation("head_of_service", reports_to=("director",)),
        Relation("director", reports_to=("chief_executive",)),
        Relation("monitoring_officer", reports_to=("chief_executive",)),
        Relation("deputy_monitoring_officer", reports_to=("monitoring_officer",)),
        Relation("chief_executive", reports_to=("employment_committee",)),
        Relation("employment_committee", reports_to=("council",)),
        Relation("leader", chairs=("cabinet",)),
        Relation("cabinet_member", sits_on=("cabinet",)),
    ),
)

#: the plugin as data: each argument becomes the registration hook that registers it, for this
#: variant's councils only (councilkit.plugin.Plugin)
plugin = Plugin(
    PRINCIPAL,
    roles=ROLES,
    actions=ACTIONS,
    register_kinds=(  # training, gifts and hospitality and document inspections come from core
        relationships(("director", "chief_executive"), ("director", "chief_executive", "monitoring_officer")),
        information_requests("monitoring_officer", ("monitoring_officer", "chief_executive", "director")),
        briefings(("chief_executive", "monitoring_officer")),
    ),
    councils=COUNCILS,
)


@hookimpl
def validate_council(council, report):  # type: ignore[no-untyped-def]
    if council.variant.id != VARIANT:
        return
    for route in council.routes:
        concerns_members = any(council.roles.is_a("councillor", about) for about in route.about)
        if concerns_members and any("monitoring_officer" in step.handler for step in route.steps):
            return
    report("no route sends a complaint about a member to the Monitoring Officer, who handles "
           "code-of-conduct complaints at a principal council", key="route", severity="warning")
