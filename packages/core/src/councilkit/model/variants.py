"""Variants: the kinds of council (parish, town, principal, community...).

A variant is supplied by a plugin and carries what its councils share, so a
council file says only what is specific to it: the default adviser when a
protocol names nobody, who handles a step instead when the usual handler is a
party to the concern (``fallbacks``), who handles a procedure when a route
names only the procedure (``procedure_handlers``), which roles may see every
case, default working days per procedure, and who reports to whom among its roles
(``relations``: the seniority routing keeps handlers independent by).
"""

from __future__ import annotations

import attrs

from councilkit._attrs import frozen
from councilkit.model.norms import Relation


@frozen(hash=False)
class Variant:
    id: str
    title: str
    tier: str
    description: str = ""
    adviser: tuple[str, ...] = ()
    fallbacks: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    procedure_handlers: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    case_visibility: tuple[str, ...] = ()
    default_days: dict[str, int] = attrs.field(factory=dict)
    relations: tuple[Relation, ...] = ()
