"""Register kinds: the registers a protocol relies on, as definitions.

A kind says which fields an entry has and of which type, which are required,
which cross-field rules apply ("a refusal needs written reasons"), how long
entries are kept, how sensitive they are and who may see them, and which
clocks run ("register a gift within 28 days").  Variants supply kinds; a
council turns on the ones its protocol implies (``[[register]]``, citing the
clauses that imply them) and may define its own (``[[register_kind]]``).
"""

from __future__ import annotations

import attrs

FIELD_TYPES = ("text", "date", "person", "role", "choice", "money", "bool")
SENSITIVITIES = ("public", "confidential")

FieldValue = bool | int | str | tuple[bool | int | str, ...]


@attrs.frozen
class Field:
    id: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    sensitive: bool = False
    help: str = ""


@attrs.frozen(hash=False)
class FieldRule:
    """When the ``when`` fields hold these values, the ``require`` fields must be filled."""

    id: str
    when: dict[str, FieldValue]
    require: tuple[str, ...]
    message: str = ""


@attrs.frozen
class Clock:
    """Action is due ``days`` after the date in ``start``, unless ``stop`` is filled."""

    id: str
    label: str
    start: str
    days: int
    stop: str | None = None
    working_days: bool = False


@attrs.frozen(hash=False)
class RegisterKind:
    id: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    rules: tuple[FieldRule, ...] = ()
    clocks: tuple[Clock, ...] = ()
    retention_months: int | None = None
    sensitivity: str = "public"
    visible_to: tuple[str, ...] = ()
    cite: tuple[str, ...] = ()

    def field(self, field_id: str) -> Field | None:
        for f in self.fields:
            if f.id == field_id:
                return f
        return None


@attrs.frozen
class RegisterUse:
    """A council keeps a register of ``kind`` because the cited clauses imply it."""

    kind: str
    cite: tuple[str, ...]
    note: str = ""


# ---------------------------------------------------------------------------
# Standard kinds.  Variants call these with their own role ids (who is
# notified, who may see confidential entries) and register the result, so the
# definitions live in one place and no variant is named here.


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
        ),
        clocks=(Clock("review", "Review the arrangement", "notified_on", 365, stop="review_on"),),
        retention_months=72,
        sensitivity="confidential",
        visible_to=visible_to,
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
        ),
        retention_months=72,
        sensitivity="confidential",
        visible_to=visible_to,
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
            Field("minor", "Of a minor nature", "bool"),
            Field("members_advised_on", "Members advised on", "date"),
            Field("copy_supplied_on", "Copy supplied on request on", "date"),
        ),
        rules=(FieldRule("advise-members", {"minor": False}, ("members_advised_on",),
                         "unless the information is minor, record when members were advised it was given"),),
        retention_months=24,
    )


def information_requests(copy_to: str, visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="information_requests",
        title="Members' information requests",
        description="Requests by members for information, the purpose given, and the outcome; "
        "a refusal needs written reasons and a copy to the adviser named.",
        fields=(
            Field("member", "Member", "person", required=True),
            Field("purpose", "Purpose stated", "text", required=True),
            Field("requested_on", "Date requested", "date", required=True),
            Field("due_on", "Due by", "date"),
            Field("outcome", "Outcome", "choice", required=True, choices=("pending", "provided", "refused")),
            Field("chair_advised", "Chair advised", "bool"),
            Field("reasons", "Written reasons for refusal", "text"),
            Field("copy_to", "Copy of reasons sent to", "role", choices=(copy_to,)),
            Field("copied_on", "Date copy sent", "date"),
        ),
        rules=(FieldRule("refusal-reasons", {"outcome": "refused"}, ("reasons", "copy_to", "copied_on"),
                         "a refusal needs written reasons and a copy sent to the adviser"),),
        clocks=(Clock("answer", "Answer the request", "requested_on", 20, working_days=True,
                      stop="due_on"),),
        retention_months=24,
        visible_to=visible_to,
    )


def briefings(visible_to: tuple[str, ...]) -> RegisterKind:
    return RegisterKind(
        id="briefings",
        title="Confidential briefings",
        description="Private and confidential briefings given to a chair or political group.",
        fields=(
            Field("requested_by", "Requested by (chair or political group)", "text", required=True),
            Field("officers_present", "Officers present", "text", required=True),
            Field("subject", "Subject", "text", required=True, sensitive=True),
            Field("briefed_on", "Date of briefing", "date", required=True),
            Field("confidential_until", "Confidential until", "date"),
        ),
        retention_months=24,
        sensitivity="confidential",
        visible_to=visible_to,
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
        ),
        retention_months=72,
    )


def external_meetings() -> RegisterKind:
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
        clocks=(Clock("report", "Report the meeting to the Council", "met_on", 28, stop="reported_on"),),
        retention_months=24,
    )
