"""The search plan and outreach activity: stick with the plan, raise the activity.

``plan`` shows and adjusts target roles, sectors, must-haves, weekly goals
and the outreach target (2-4 letters per work day by default); ``outreach``
records a letter and ``activity`` counts them per work day with a streak.
The ``plan`` and ``activity`` views (:mod:`.model`) feed the agenda's nudges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import runnerup
from runnerup import LazyProjection, hookimpl
from runnerup.events.plan import OutreachSent, PlanUpdated


@hookimpl
def register_event_types(register: Callable[[type[Any]], None]) -> None:
    register(PlanUpdated)
    register(OutreachSent)


@hookimpl
def register_projections(register: Callable[[Any], None]) -> None:
    register(LazyProjection("plan", f"{__name__}.model:PlanProjection"))
    register(LazyProjection("activity", f"{__name__}.model:ActivityProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    runnerup.add_lazy_commands(
        cli,
        {
            "plan": "runnerup.plugins.plan.commands:plan_command",
            "outreach": "runnerup.plugins.plan.outreach:outreach",
            "activity": "runnerup.plugins.plan.outreach:activity",
        },
    )
