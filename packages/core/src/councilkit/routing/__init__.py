"""When things go wrong: matching a concern to a route, resolving its steps to roles and
people (substitutions, fallbacks, never a party to the case) and UK working-day deadlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.routing.assignment import (
        Assignment,
        Candidate,
        Contact,
        NotEligibleError,
        StepPreview,
        assign_handler,
        contacts,
        preview,
        preview_step,
    )
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
    from councilkit.routing.matching import (
        ADVISER_ROUTE,
        RouteMatch,
        adviser_route,
        effective_outcomes,
        matching_routes,
        reachable,
        reachable_from,
        role_distance,
        skipped_mandatory,
        successors,
    )
    from councilkit.routing.resolve import (
        Handler,
        ResolvedStep,
        RoleNote,
        RouteAnswer,
        known_matters,
        no_route_message,
        resolve_route,
        resolve_steps,
    )

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "ADVISER_ROUTE": "matching",
    "Assignment": "assignment",
    "Candidate": "assignment",
    "Contact": "assignment",
    "Deadline": "deadlines",
    "DeadlineError": "deadlines",
    "Handler": "resolve",
    "NotEligibleError": "assignment",
    "ResolvedStep": "resolve",
    "RoleNote": "resolve",
    "RouteAnswer": "resolve",
    "RouteMatch": "matching",
    "StepPreview": "assignment",
    "add_working_days": "deadlines",
    "adviser_route": "matching",
    "assign_handler": "assignment",
    "bank_holidays": "deadlines",
    "cache_path": "deadlines",
    "contacts": "assignment",
    "days_for": "deadlines",
    "effective_outcomes": "matching",
    "known_matters": "resolve",
    "matching_routes": "matching",
    "no_route_message": "resolve",
    "preview": "assignment",
    "preview_step": "assignment",
    "reachable": "matching",
    "reachable_from": "matching",
    "resolve_route": "resolve",
    "resolve_steps": "resolve",
    "role_distance": "matching",
    "skipped_mandatory": "matching",
    "successors": "matching",
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
    "Handler",
    "NotEligibleError",
    "ResolvedStep",
    "RoleNote",
    "RouteAnswer",
    "RouteMatch",
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
    "no_route_message",
    "preview",
    "preview_step",
    "reachable",
    "reachable_from",
    "resolve_route",
    "resolve_steps",
    "role_distance",
    "skipped_mandatory",
    "successors",
    "working_days_before",
    "working_days_between",
]
