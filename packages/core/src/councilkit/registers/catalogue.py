"""The catalogue of register kinds the variants and core offer: data only.

Each function returns a :class:`~councilkit.registers.kinds.RegisterKind` with the settings a
variant chooses (who is notified, who may see entries); a council turns a kind on with
``[[register]]`` in its file.
"""

from __future__ import annotations

from collections.abc import Iterable

from councilkit.registers.kinds import (
    POLICY_OUTCOMES,
    Clock,
    Field,
    FieldRule,
    PolicyCheck,
    RegisterKind,
    Setting,
)


def relationships(notified_to: tuple[str, ...], visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="relationships",
        title="Relationships between members and officers",
        description="Close personal, family or financial relationships between members and "
        "officers, notified in writing, with the guidance given and how the risk is managed.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("officer", "Officer", "person", required=True),
            Field("relationship", "Relationship", "choice", required=True,
                  choices=("close personal", "family", "financial")),
            Field("notified_to", "Notified in writing to", "role", required=True,
                  choices=notified_to),
            Field("notified_on", "Date notified", "date", required=True),
            Field("guidance", "Guidance given", "text", sensitive=True),
            Field("mitigation", "Mitigation agreed", "text", sensitive=True),
            Field("review_on", "Review date", "date"),
            Field("ended_on", "Relationship ended on", "date"),
        ),
        rules=(
            FieldRule("financial-guidance", {"relationship": "financial"}, ("guidance",),
                      "guidance must be sought on any financial relationship"),
            FieldRule("dates", not_before={"review_on": "notified_on", "ended_on": "notified_on"}),
        ),
        clocks=(Clock("review", "Review the arrangement", start="notified_on", days=365,
                      due="review_on", stop="ended_on"),),
        retention_months=72,
        sensitivity="confidential",
        visible_to=visible_to,
        columns=("member", "officer", "relationship", "review_on"),
    )


def officer_interests(declared_to: tuple[str, ...], visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="officer_interests",
        title="Officers' declared interests",
        description="Interests relating to their work that officers and employees declare.",
        fields=(
            Field("officer", "Officer or employee", "person", required=True),
            Field("interest", "Interest declared", "text", required=True, sensitive=True),
            Field("prejudicial", "Prejudicial", "bool"),
            Field("declared_to", "Declared to", "role", required=True, choices=declared_to),
            Field("declared_on", "Date declared", "date", required=True),
            Field("managed_by", "How the interest is managed", "text", sensitive=True),
            Field("ended_on", "Interest ended on", "date"),
        ),
        rules=(FieldRule("dates", not_before={"ended_on": "declared_on"}),),
        retention_months=72,
        sensitivity="confidential",
        visible_to=visible_to,
        columns=("officer", "prejudicial", "declared_to", "declared_on"),
    )


def information_given() -> RegisterKind:
    return RegisterKind(
        id="information_given",
        title="Information given to members",
        description="Factual information officers give individual members, and whether the "
        "other members were told it had been given.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("information", "Information given", "text", required=True),
            Field("given_on", "Date given", "date", required=True),
            Field("minor", "Of a minor nature", "bool", required=True),
            Field("members_advised_on", "Members advised on", "date"),
            Field("copy_supplied_on", "Copy supplied on request on", "date"),
        ),
        rules=(
            FieldRule("advise-members", {"minor": False}, ("members_advised_on",),
                      "unless the information is minor, record when members were advised it was given"),
            FieldRule("dates", not_before={"members_advised_on": "given_on", "copy_supplied_on": "given_on"}),
        ),
        retention_months=24,
    )


def information_requests(copy_to: str, visible_to: tuple[str, ...], answer_days: int = 10) -> RegisterKind:
    return RegisterKind(
        id="information_requests",
        title="Members' information requests",
        description="Requests by members for information, the purpose given, and the outcome; "
        "a refusal needs written reasons and a copy to the adviser named.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("information", "Information requested", "text", required=True),
            Field("purpose", "Purpose stated", "text", required=True, sensitive=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("due_on", "Due by", "date", help="when the answer is due; else the council's "
                  "number of working days after the request"),
            Field("outcome", "Outcome", "choice", required=True, choices=("pending", "provided", "refused")),
            Field("answered_on", "Date provided or refused", "date"),
            Field("chair_advised", "Chair advised", "bool"),
            Field("reasons", "Written reasons for refusal", "text", sensitive=True),
            Field("copy_to", "Copy of reasons sent to", "role", choices=(copy_to,)),
            Field("copied_on", "Date copy sent", "date"),
        ),
        rules=(
            FieldRule("refusal-reasons", {"outcome": "refused"}, ("reasons", "copy_to", "copied_on"),
                      "a refusal needs written reasons and a copy sent to the adviser"),
            FieldRule("answered", {"outcome": ("provided", "refused")}, ("answered_on",),
                      "record when the information was provided or refused"),
            FieldRule("pending", {"outcome": "pending"}, forbid=("answered_on", "reasons"),
                      message="a pending request has not been answered yet"),
            FieldRule("dates", not_before={"due_on": "requested_on", "answered_on": "requested_on",
                                           "copied_on": "requested_on"}),
        ),
        clocks=(Clock("answer", "Answer the request", start="requested_on", days=answer_days, working_days=True,
                      due="due_on", stop="answered_on", days_setting="answer_days"),),
        settings=(Setting("answer_days", "Working days to answer a request", "int", answer_days,
                          "counted from the request, unless the entry gives its own due date"),),
        retention_months=24,
        visible_to=visible_to,
        columns=("member", "information", "requested_on", "outcome"),
    )


def briefings(visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="briefings",
        title="Confidential briefings",
        description="Private and confidential briefings given to a chair or political group, "
        "confidential until the date they are released.",
        fields=(
            Field("requested_by", "Requested by (chair or political group)", "text", required=True),
            Field("officers_present", "Officers present", "text", required=True),
            Field("subject", "Subject", "text", required=True),
            Field("briefed_on", "Date of briefing", "date", required=True),
            Field("written_information", "Written information provided", "bool"),
            Field("confidential_until", "Confidential until (released on this date)", "date"),
            Field("released_when", "Confidential until (event)", "text",
                  help="e.g. until determined by the Executive or published before the meeting"),
        ),
        rules=(FieldRule("dates", not_before={"confidential_until": "briefed_on"}),),
        retention_months=24,
        sensitivity="confidential",
        confidential_until="confidential_until",
        visible_to=visible_to,
        columns=("requested_by", "subject", "briefed_on", "confidential_until"),
    )


def training() -> RegisterKind:
    return RegisterKind(
        id="training",
        title="Training records",
        description="Training and development members (and officers) have taken part in.",
        fields=(
            Field("person", "Person trained", "person", required=True),
            Field("course", "Course or activity", "text", required=True),
            Field("completed_on", "Date completed", "date", required=True),
            Field("provider", "Provider", "text"),
            Field("hours", "Length (hours)", "text"),
            Field("notes", "Notes", "text"),
        ),
        retention_months=72,
        columns=("person", "course", "completed_on", "provider"),
    )


def external_meetings(report_days: int = 28) -> RegisterKind:
    return RegisterKind(
        id="external_meetings",
        title="Officers' meetings with other bodies' representatives",
        description="Meetings officers hold with councillors or elected representatives of other "
        "councils or organisations, and when each was reported to the Council.",
        fields=(
            Field("officer", "Officer", "person", required=True),
            Field("met_with", "Representatives met", "text", required=True),
            Field("organisation", "Council or organisation", "text", required=True),
            Field("met_on", "Date of meeting", "date", required=True),
            Field("purpose", "Briefing or advice given", "text"),
            Field("reported_on", "Reported to the Council on", "date"),
        ),
        rules=(FieldRule("dates", not_before={"reported_on": "met_on"}),),
        clocks=(Clock("report", "Report the meeting to the Council", start="met_on", days=report_days,
                      stop="reported_on", days_setting="report_days"),),
        settings=(Setting("report_days", "Days to report a meeting to the Council", "int", report_days,
                          "the protocol says \"as soon as is practicable\""),),
        retention_months=24,
        columns=("officer", "organisation", "met_on", "reported_on"),
    )


def document_inspections() -> RegisterKind:
    return RegisterKind(
        id="document_inspections",
        title="Document inspection requests",
        description="Members' requests to inspect or copy documents the council holds; the policy "
        "engine decides each one from the facts recorded, citing the clauses it rests on.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("document", "Document", "text", required=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("for_council_duties", "Needed for their duties as a member", "bool"),
            Field("has_interest", "Member has a professional, personal or pecuniary interest", "bool",
                  required=True),
            Field("decision", "Decision", "choice", choices=POLICY_OUTCOMES),
            Field("clauses", "Clauses", "text"),
            Field("explanation", "Explanation", "text"),
            Field("inspected_on", "Inspected or copied on", "date"),
            Field("notes", "Notes", "text"),
        ),
        rules=(
            FieldRule("refused-not-inspected", {"decision": "forbidden"}, forbid=("inspected_on",),
                      message="a refused request cannot have been inspected"),
            FieldRule("dates", not_before={"inspected_on": "requested_on"}),
        ),
        policy=PolicyCheck(
            action="inspect_document",
            actor="councillor",
            actor_field="member",
            context={"has_interest": "has_interest", "for_council_duties": "for_council_duties"},
        ),
        retention_months=24,
        columns=("member", "document", "requested_on", "decision"),
    )


def media_assistance(visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="media_assistance",
        title="Media assistance to members",
        description="Help officers give members with media relations; the policy engine decides "
        "each request, and help given on a confidential basis stays confidential.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("officer", "Officer assisting", "person", required=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("subject", "Statement or media matter", "text", required=True),
            Field("factual", "A factual statement", "bool", required=True),
            Field("adverse_to_council", "Would adversely affect the Council's reputation", "bool",
                  required=True),
            Field("confidential_basis", "Assistance asked for on a confidential basis", "bool"),
            Field("decision", "Decision", "choice", choices=POLICY_OUTCOMES),
            Field("clauses", "Clauses", "text"),
            Field("explanation", "Explanation", "text"),
            Field("assisted_on", "Assistance given on", "date"),
        ),
        rules=(
            FieldRule("refused-not-assisted", {"decision": "forbidden"}, forbid=("assisted_on",),
                      message="help the protocol forbids cannot have been given"),
            FieldRule("dates", not_before={"assisted_on": "requested_on"}),
        ),
        policy=PolicyCheck(
            action="seek_media_assistance",
            actor="councillor",
            actor_field="member",
            target="officer",
            target_field="officer",
            context={"factual": "factual", "adverse_to_council": "adverse_to_council"},
        ),
        confidential_when={"confidential_basis": True},
        visible_to=visible_to,
        retention_months=24,
        columns=("member", "officer", "subject", "decision"),
    )


def delegated_decisions(keepers: tuple[str, ...], publish_days: int = 28) -> RegisterKind:
    return RegisterKind(
        id="delegated_decisions",
        title="Decisions taken under delegated authority",
        description="Decisions the Clerk takes under the council's Scheme of Delegation: the "
        "decision, the reasons, the alternatives rejected, any conflict declared, and when it was published.",
        fields=(
            Field("decision", "Decision", "text", required=True),
            Field("decided_on", "Date of decision", "date", required=True),
            Field("decided_by", "Decided by", "person", required=True),
            Field("authority", "Delegated authority used", "text",
                  help="the paragraph of the Scheme of Delegation"),
            Field("reasons", "Reasons", "text", required=True),
            Field("alternatives_rejected", "Alternatives considered and rejected", "text", required=True),
            Field("conflicts_declared", "Conflicts of interest declared", "text", required=True,
                  help="write \"none\" when there were none, and any dispensation granted"),
            Field("cost", "Cost", "money"),
            Field("published_on", "Date published", "date"),
        ),
        rules=(FieldRule("dates", not_before={"published_on": "decided_on"}),),
        clocks=(Clock("publish", "Publish the decision", start="decided_on", days=publish_days,
                      stop="published_on", days_setting="publish_days"),),
        settings=(Setting("publish_days", "Days to publish a decision", "int", publish_days),),
        keepers=keepers,
        retention_months=72,
        columns=("decided_on", "decision", "decided_by", "published_on"),
    )


def gifts_hospitality(threshold: str = "£50", days: int = 28) -> RegisterKind:
    return RegisterKind(
        id="gifts_hospitality",
        title="Gifts and hospitality",
        description="Gifts and hospitality offered to members and officers, accepted or declined; "
        "anything worth at least the threshold in the council's code must be registered within "
        "its time limit.",
        fields=(
            Field("recipient", "Member or officer", "person", required=True),
            Field("gift_or_hospitality", "Gift or hospitality", "choice", required=True,
                  choices=("gift", "hospitality")),
            Field("description", "Description", "text", required=True),
            Field("offered_by", "Offered by", "text", required=True),
            Field("value", "Estimated value", "money", required=True),
            Field("received_on", "Date offered or received", "date", required=True),
            Field("accepted", "Accepted", "bool", required=True),
            Field("notified_on", "Date notified for the register", "date"),
            Field("notes", "Notes", "text"),
        ),
        rules=(FieldRule("dates", not_before={"notified_on": "received_on"}),),
        clocks=(Clock("register", "Notify the gift or hospitality for the register", start="received_on", days=days,
                      stop="notified_on", days_setting="days", at_least={"value": "threshold"}),),
        settings=(
            Setting("threshold", "Value at or above which it must be registered", "money", threshold,
                    "from the council's code of conduct"),
            Setting("days", "Days to register it", "int", days),
        ),
        retention_months=72,
        columns=("recipient", "description", "value", "received_on"),
    )


def standard_kinds() -> Iterable[RegisterKind]:
    """Core's kinds, which any council may turn on."""
    return (training(), gifts_hospitality(), document_inspections())
