"""Core's own plugin: the roles and actions every kind of council shares.

It is an ordinary plugin, declared with the same :class:`~councilkit.plugin.Plugin` as the
variant plugins, that always loads.  It knows no variant by name: variant plugins add their
own roles (the Clerk, the Monitoring Officer, the Chief Executive...) and actions.

Role phrases use ``{actor}`` and ``{target}``, filled in with the roles' titles
when a decision explains itself.
"""

from __future__ import annotations

from councilkit.model import Action, ContextAttribute, Role
from councilkit.plugins.declared import Plugin
from councilkit.registers import standard_kinds

# ---------------------------------------------------------------------------
# roles every council has

ROLES = (
    Role("councillor", "Councillor", "member", description="An elected member of the council."),
    Role("chair", "Chair of the Council", "member", ("councillor",), single=True),
    Role("vice_chair", "Vice-Chair of the Council", "member", ("councillor",), single=True),
    Role("committee_chair", "Committee Chair", "member", ("councillor",)),
    Role("committee_vice_chair", "Committee Vice-Chair", "member", ("councillor",)),
    Role("leader", "Leader of the Council", "member", ("councillor",), single=True),
    Role("group_leader", "Group Leader", "member", ("councillor",)),
    Role("employee", "Employee", "officer", description="Anyone the council employs."),
    Role("officer", "Officer", "officer", ("employee",), description="An employee holding a post of the council."),
    Role("junior_officer", "Junior Officer", "officer", ("officer",)),
    Role("council", "Council", "body", description="The full council, acting as a body.", single=True),
    Role("committee", "Committee", "body"),
    Role("political_group", "Political Group", "body"),
)


# ---------------------------------------------------------------------------
# context attributes: facts about a request, each with its words


def flag(attribute_id: str, yes: str, no: str) -> ContextAttribute:
    return ContextAttribute(attribute_id, "bool", yes, yes, no)


HAS_INTEREST = flag(
    "has_interest",
    "{actor} has a professional, personal or pecuniary interest in the matter",
    "{actor} has no professional, personal or pecuniary interest in the matter",
)
MARKED_CONFIDENTIAL = flag(
    "marked_confidential",
    'it is marked "Confidential" or "Not For Publication"',
    "it is not marked confidential",
)
URGENT = flag("urgent", "the matter is of genuine importance or urgency", "the matter is neither important nor urgent")
PRIOR_ARRANGEMENT = flag("prior_arrangement", "it was arranged beforehand", "it was not arranged beforehand")
POLITICAL_PURPOSE = flag(
    "political_purpose",
    "it is for party political or campaigning purposes",
    "it is not for party political or campaigning purposes",
)
AT_NO_COST = flag("at_no_cost", "it is at no cost to the Council", "it costs the Council something")
COMMERCIAL = flag("commercial", "it is for commercial purposes", "it is for non-commercial purposes")
RISK_TO_SYSTEMS = flag(
    "risk_to_systems",
    "it conflicts with or risks Council systems, or adds to the support officers must give",
    "it causes no conflict with or risk to Council systems and no extra support from officers",
)
FOR_COUNCIL_DUTIES = flag(
    "for_council_duties",
    "it is for {actor}'s council duties",
    "it is for personal, political or other purposes rather than council duties",
)
ON_SELECTION_PANEL = flag(
    "on_selection_panel",
    "{actor} is properly appointed to the selection panel",
    "{actor} is not appointed to the selection panel",
)
ON_EMPLOYMENT_PANEL = flag(
    "on_employment_panel",
    "{actor} is acting as part of an appointment and employment committee or appeals panel",
    "{actor} is not acting as part of an appointment and employment committee or appeals panel",
)
ACTING_INDIVIDUALLY = flag(
    "acting_individually",
    "{actor} is acting as an individual",
    "{actor} is acting on a decision of the Council or one of its committees",
)
SUPPORT_STAFF = flag(
    "support_staff",
    "{target} is employed specifically to provide support services to elected members",
    "{target} is not employed to provide support services to elected members",
)
WITHIN_AUTHORITY = flag(
    "within_authority",
    "the matter is within {target}'s level of authority",
    "the matter is outside {target}'s level of authority",
)
AGAINST_POLICY = flag(
    "against_policy",
    "it asks {target} to act against council policy or their professional judgement",
    "it is in line with council policy and {target}'s professional judgement",
)
PREJUDICES_IMPARTIALITY = flag(
    "prejudices_impartiality",
    "it would prejudice {target}'s impartiality",
    "it would not prejudice {target}'s impartiality",
)
PERSONAL_EMPLOYMENT_MATTER = flag(
    "personal_employment_matter",
    "it concerns {actor}'s own employment",
    "it does not concern {actor}'s own employment",
)
BUDGETARY_MATTER = flag("budgetary_matter", "it is about budgetary matters", "it is not about budgetary matters")
THROUGH_AGREED_PROCEDURES = flag(
    "through_agreed_procedures",
    "it is taken through the agreed procedures",
    "it is raised outside the agreed procedures",
)
REASONABLE = flag("reasonable", "the request is reasonable", "the request is not reasonable")
EMPLOYMENT_PROCESS = flag(
    "employment_process",
    "it is about a disciplinary, capability or other employment process",
    "it is not about an employment process",
)
PERMITTED_BY_MEMBER = flag(
    "permitted_by_member",
    "the member it was given to has permitted it",
    "the member it was given to has not permitted it",
)
BUDGET_PROPOSALS = flag(
    "budget_proposals",
    "it concerns budget options and proposals",
    "it does not concern budget options and proposals",
)
ALONE = flag("alone", "{actor} would attend alone", "{actor} would not attend alone")
COUNCIL_BUSINESS = flag("council_business", "it concerns council business", "it does not concern council business")
SIGNIFICANT = flag(
    "significant",
    "significant or potentially controversial issues are at stake",
    "no significant or potentially controversial issue is at stake",
)
PERSONAL_MATTER = flag("personal_matter", "it is about a personal matter", "it is not about a personal matter")
IN_PUBLIC = flag("in_public", "it is done in public", "it is not done in public")
ADVERSE_TO_COUNCIL = flag(
    "adverse_to_council",
    "the statement will adversely affect the reputation of the Council",
    "the statement will not adversely affect the reputation of the Council",
)
FACTUAL = flag("factual", "it is a factual statement", "it is more than a factual statement")
FINANCIAL = flag("financial", "the relationship is a financial one", "the relationship is not a financial one")
QUESTIONS_IMPARTIALITY = flag(
    "questions_impartiality",
    "it is so close, or appears so close, as to bring into question {actor}'s ability to deal impartially "
    "with others",
    "it does not bring into question {actor}'s ability to deal impartially with others",
)
NOTIFIED_IN_WRITING = flag(
    "notified_in_writing",
    "it has been notified in writing as the protocol requires",
    "it has not been notified in writing",
)


# ---------------------------------------------------------------------------
# actions every council's rules may name

RESOURCE = ContextAttribute(
    "resource",
    "choice",
    "which equipment or service it is",
    choices=("ict_equipment", "photocopying", "stationery", "typing_printing", "other"),
)

ACTIONS = (
    Action(
        "instruct",
        "give instructions to {target}, or ask {target} to do work",
        (ACTING_INDIVIDUALLY, SUPPORT_STAFF, WITHIN_AUTHORITY, POLITICAL_PURPOSE, PREJUDICES_IMPARTIALITY, AGAINST_POLICY),
    ),
    Action(
        "request_information",
        "ask {target} for information",
        (FOR_COUNCIL_DUTIES, REASONABLE, EMPLOYMENT_PROCESS, ON_EMPLOYMENT_PANEL),
    ),
    Action("refuse_information_request", "refuse a request for information from {target}"),
    Action("inspect_document", "inspect or call for a copy of a document held by the Council", (HAS_INTEREST, FOR_COUNCIL_DUTIES)),
    Action(
        "disclose_confidential",
        "disclose confidential documents, briefings or discussions to {target}",
        (MARKED_CONFIDENTIAL, PERMITTED_BY_MEMBER),
    ),
    Action(
        "use_council_resources",
        "use Council equipment, supplies or support services",
        (RESOURCE, POLITICAL_PURPOSE, FOR_COUNCIL_DUTIES, AT_NO_COST, COMMERCIAL, RISK_TO_SYSTEMS),
    ),
    Action(
        "provide_council_resources",
        "provide Council equipment, supplies or support services to {target}",
        (RESOURCE, POLITICAL_PURPOSE, FOR_COUNCIL_DUTIES, AT_NO_COST, COMMERCIAL, RISK_TO_SYSTEMS),
    ),
    Action("influence_appointment", "seek to influence the appointment of Council staff", (ON_SELECTION_PANEL,)),
    Action(
        "lobby",
        "lobby {target}, or otherwise improperly seek to influence their decisions",
        (PERSONAL_EMPLOYMENT_MATTER, BUDGETARY_MATTER, THROUGH_AGREED_PROCEDURES),
    ),
    Action("contact_out_of_hours", "contact {target} at home outside normal working hours", (URGENT, PRIOR_ARRANGEMENT)),
    Action("request_briefing", "ask {target} for a private and confidential briefing", (BUDGET_PROPOSALS,)),
    Action("attend_group_meeting", "attend a meeting or briefing of {target}", (ALONE,)),
    Action("decline_group_meeting", "decline to attend a meeting of {target}, giving written advice instead"),
    Action("pressure_recommendation", "pressure {target} to make a recommendation contrary to their professional view"),
    Action("report_views", "report the views of {target} on an issue"),
    Action("criticise_publicly", "criticise or undermine {target}, or comment on them in a personally critical way", (IN_PUBLIC,)),
    Action("raise_personal_issue", "raise personal issues with {target}", (THROUGH_AGREED_PROCEDURES,)),
    Action("advise_party_business", "advise {target} on matters of party business"),
    Action("give_advice", "give advice to {target}", (COUNCIL_BUSINESS, SIGNIFICANT)),
    Action("seek_advice", "seek the advice of {target}", (PERSONAL_MATTER,)),
    Action(
        "involve_in_employment_matter",
        "become involved in disciplinary, capability or other employment matters concerning {target}",
        (ON_EMPLOYMENT_PANEL,),
    ),
    Action("seek_constituency_help", "ask {target} for advice and support as a constituent"),
    Action(
        "seek_media_assistance",
        "seek help from {target} with the preparation or issue of a media statement",
        (ADVERSE_TO_COUNCIL, FACTUAL),
    ),
    Action("assist_media_relations", "help {target} with media relations"),
    Action("manage_day_to_day", "involve themselves in the day-to-day running or operational management of the Council"),
    Action("obstruct_statutory_duties", "obstruct {target} in discharging the responsibilities they have in law"),
    Action("bully", "bully or harass {target}, or put them under undue pressure"),
    Action("victimise", "victimise {target} for discharging their responsibilities"),
    Action("take_advantage", "take unfair advantage of their position over {target}, or exert undue influence on them"),
    Action(
        "form_close_relationship",
        "form a close personal, family or financial relationship with {target}",
        (FINANCIAL, NOTIFIED_IN_WRITING, QUESTIONS_IMPARTIALITY),
    ),
    Action("show_favour", "favour {target} above others"),
    Action(
        "use_position",
        "use their position or relationship with {target} to advance personal interests or to influence decisions improperly",
    ),
    Action("use_information", "use Council information provided to them", (FOR_COUNCIL_DUTIES,)),
    Action("assume_support", "assume that {target} supports a policy because they helped to formulate it"),
    Action("prepare_report", "prepare a report for {target}"),
    Action("declare_interest", "declare interests relating to their work to {target}"),
    Action("meet_external_representative", "meet {target} to give briefings or policy advice"),
)


#: core's plugin, declared as data (see :class:`councilkit.plugins.declared.Plugin`): no variant, so
#: every council has these roles and actions and may keep these kinds of register (training
#: records, gifts and hospitality, document inspection requests)
PLUGIN = Plugin(roles=ROLES, actions=ACTIONS, register_kinds=standard_kinds())
