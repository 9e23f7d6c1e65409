"""When things go wrong: matching a concern to a route, resolving its steps to roles and
people (substitutions, fallbacks, never a party to the case) and UK working-day deadlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.routing.deadlines import (
        Deadline,
        DeadlineError,
        add_working_days,
        bank_holidays,
        cache_path,
        days_for,
        working_days_before,
        working_days_between,
    )
    from councilkit.routing.resolve import (
        ADVISER_ROUTE,
        Assignment,
        Candidate,
        Contact,
        NotEligibleError,
        RouteAnswer,
        StepPreview,
        adviser_route,
        assign_handler,
        contacts,
        effective_outcomes,
        known_matters,
        matching_routes,
        preview,
        reachable,
        reachable_from,
        resolve_route,
        role_distance,
        skipped_mandatory,
        successors,
    )

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "ADVISER_ROUTE": "resolve",
    "Assignment": "resolve",
    "Candidate": "resolve",
    "Contact": "resolve",
    "Deadline": "deadlines",
    "DeadlineError": "deadlines",
    "NotEligibleError": "resolve",
    "RouteAnswer": "resolve",
    "StepPreview": "resolve",
    "add_working_days": "deadlines",
    "adviser_route": "resolve",
    "assign_handler": "resolve",
    "bank_holidays": "deadlines",
    "cache_path": "deadlines",
    "contacts": "resolve",
    "days_for": "deadlines",
    "effective_outcomes": "resolve",
    "known_matters": "resolve",
    "matching_routes": "resolve",
    "preview": "resolve",
    "reachable": "resolve",
    "reachable_from": "resolve",
    "resolve_route": "resolve",
    "role_distance": "resolve",
    "skipped_mandatory": "resolve",
    "successors": "resolve",
    "working_days_before": "deadlines",
    "working_days_between": "deadlines",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "ADVISER_ROUTE",
    "Assignment",
    "Candidate",
    "Contact",
    "Deadline",
    "DeadlineError",
    "NotEligibleError",
    "RouteAnswer",
    "StepPreview",
    "add_working_days",
    "adviser_route",
    "assign_handler",
    "bank_holidays",
    "cache_path",
    "contacts",
    "days_for",
    "effective_outcomes",
    "known_matters",
    "matching_routes",
    "preview",
    "reachable",
    "reachable_from",
    "resolve_route",
    "role_distance",
    "skipped_mandatory",
    "successors",
    "working_days_before",
    "working_days_between",
]
