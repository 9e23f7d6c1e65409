"""The protocol as objects: clauses and the protocol, roles, actions, norms (expectations,
rules, advisers, worked examples), routes and variants.  Pure objects: no I/O, and nothing
here imports any other part of councilkit but :mod:`councilkit.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.model.actions import Action, ContextAttribute
    from councilkit.model.norms import (
        EFFECTS,
        EXPECTATION_KINDS,
        RELATION_KINDS,
        Adviser,
        Example,
        Expectation,
        Obligation,
        Relation,
        RouteExample,
        Rule,
        RuleException,
        Seniority,
        Value,
    )
    from councilkit.model.protocol import Clause, Protocol, add_months, derived_parent
    from councilkit.model.roles import ROLE_KINDS, Role, RoleSet, find_cycle
    from councilkit.model.routes import (
        DEFAULT_OUTCOMES,
        MODES,
        PROCEDURES,
        Route,
        Step,
        StepOutcome,
    )
    from councilkit.model.variants import Variant

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "Action": "actions",
    "Adviser": "norms",
    "Clause": "protocol",
    "ContextAttribute": "actions",
    "DEFAULT_OUTCOMES": "routes",
    "EFFECTS": "norms",
    "EXPECTATION_KINDS": "norms",
    "Example": "norms",
    "Expectation": "norms",
    "MODES": "routes",
    "Obligation": "norms",
    "PROCEDURES": "routes",
    "Protocol": "protocol",
    "ROLE_KINDS": "roles",
    "Role": "roles",
    "RoleSet": "roles",
    "Route": "routes",
    "RELATION_KINDS": "norms",
    "Relation": "norms",
    "RouteExample": "norms",
    "Rule": "norms",
    "RuleException": "norms",
    "Seniority": "norms",
    "Step": "routes",
    "StepOutcome": "routes",
    "Value": "norms",
    "Variant": "variants",
    "add_months": "protocol",
    "derived_parent": "protocol",
    "find_cycle": "roles",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "DEFAULT_OUTCOMES",
    "EFFECTS",
    "EXPECTATION_KINDS",
    "MODES",
    "PROCEDURES",
    "RELATION_KINDS",
    "ROLE_KINDS",
    "Action",
    "Adviser",
    "Clause",
    "ContextAttribute",
    "Example",
    "Expectation",
    "Obligation",
    "Protocol",
    "Relation",
    "Role",
    "RoleSet",
    "Route",
    "RouteExample",
    "Rule",
    "RuleException",
    "Seniority",
    "Step",
    "StepOutcome",
    "Value",
    "Variant",
    "add_months",
    "derived_parent",
    "find_cycle",
]
