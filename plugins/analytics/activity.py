"""The ``analytics.activity`` projection: dated activity lines for proof of search.

A proof-of-search record lists every application, interview and outreach
in a period. Instants are kept as UTC microseconds (not local days) so a
report can be recomputed on any computer in any time zone: the report fixes
the UTC offset its days are counted in. Contacts are not kept: the record
goes to a third party and names stay sealed in the log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
from runnerup import Projection, RecordedEvent


class AppLine(msgspec.Struct, array_like=True, gc=False):
    company: str
    role: str
    source: str = ""
    applied_us: int = 0
    applied_on: date | None = None


class InterviewLine(msgspec.Struct, array_like=True, gc=False):
    application: str
    round: int
    scheduled_us: int = 0
    at_us: int = 0
    completed_us: int = 0


class OutreachLine(msgspec.Struct, array_like=True, gc=False):
    at_us: int
    on: date | None = None
    company: str = ""
    kind: str = ""


class Activity(msgspec.Struct, gc=False):
    """State of ``analytics.activity``."""

    apps: dict[str, AppLine] = {}
    interviews: dict[str, InterviewLine] = {}
    outreach: list[OutreachLine] = []


def _us(value: Any) -> int:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return int(value.timestamp() * 1_000_000)
    return 0


class ActivityProjection(Projection[Activity]):
    """Applications, interview rounds and outreach with their times."""

    name = "analytics.activity"
    version = 1
    types = frozenset(
        {"application.submitted", "interview.scheduled", "interview.completed", "outreach.sent"}
    )
    state_type = Activity

    def initial(self) -> Activity:
        return Activity()

    def apply(self, state: Activity, event: RecordedEvent) -> Activity:
        data: Any = event.data
        if event.type == "outreach.sent":
            state.outreach.append(
                OutreachLine(
                    at_us=event.occurred_us,
                    on=data.on if isinstance(getattr(data, "on", None), date) else None,
                    company=str(getattr(data, "company", "") or ""),
                    kind=str(getattr(data, "kind", "") or ""),
                )
            )
        elif event.type == "application.submitted":
            line = state.apps.get(data.application)
            if line is None:
                state.apps[data.application] = AppLine(
                    company=data.company,
                    role=data.role,
                    source=data.source or "",
                    applied_us=event.occurred_us,
                    applied_on=data.applied_on,
                )
            else:
                line.company, line.role = data.company, data.role
                line.source = data.source or line.source
                line.applied_on = data.applied_on or line.applied_on
        elif data.application in state.apps:
            key = f"{data.application}#{data.round}"
            round_ = state.interviews.get(key)
            if round_ is None:
                round_ = state.interviews[key] = InterviewLine(
                    application=data.application, round=data.round
                )
            if event.type == "interview.scheduled":
                round_.scheduled_us = round_.scheduled_us or event.occurred_us
                round_.at_us = _us(getattr(data, "at", None)) or round_.at_us
            else:
                round_.completed_us = event.occurred_us
        return state
