"""The ``plan`` and ``activity`` read models.

Other plugins (the agenda's outreach nudge) read them through
``kernel.view`` and must not import this module; what they use is:

- ``kernel.view("plan")`` → :class:`Plan`: ``roles, sectors, must_haves,
  weekly_goals: list[str]``, ``target_min, target_max: int`` (letters per
  work day, default 2-4), ``days_off: list[int]`` (0 = Monday, default
  Saturday and Sunday), ``updated_at: datetime | None``, ``updates: int``,
  ``is_workday(day)``;
- ``kernel.view("activity")`` → :class:`Activity`: ``letters: list[Letter]``,
  ``count_on(day) -> int``, ``on_day(day)``, ``first_day``.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec
from runnerup import Projection, RecordedEvent, Sealed
from runnerup.events.plan import OutreachSent, PlanUpdated

DEFAULT_TARGET = (2, 4)
DEFAULT_DAYS_OFF = (5, 6)


class Plan(msgspec.Struct):
    """The search plan as it stands (see the module docstring)."""

    roles: list[str] = []
    sectors: list[str] = []
    must_haves: list[str] = []
    weekly_goals: list[str] = []
    target_min: int = DEFAULT_TARGET[0]
    target_max: int = DEFAULT_TARGET[1]
    days_off: list[int] = msgspec.field(default_factory=lambda: list(DEFAULT_DAYS_OFF))
    updated_at: datetime | None = None
    updates: int = 0

    def is_workday(self, day: date) -> bool:
        return day.weekday() not in self.days_off


def _merge(items: list[str], added: list[str], removed: list[str]) -> list[str]:
    # Case-insensitive, first spelling kept: "Remote" and "remote" are one must-have.
    gone = {r.casefold() for r in removed}
    out = [i for i in items if i.casefold() not in gone]
    seen = {i.casefold() for i in out}
    for item in added:
        if item.casefold() not in seen:
            out.append(item)
            seen.add(item.casefold())
    return out


class PlanProjection(Projection[Plan]):
    """Applies each ``plan.updated`` as a change to the plan before it."""

    name = "plan"
    version = 1
    types = frozenset({"plan.updated"})
    state_type = Plan

    def initial(self) -> Plan:
        return Plan()

    def apply(self, state: Plan, event: RecordedEvent) -> Plan:
        data = event.data
        if not isinstance(data, PlanUpdated):
            return state
        state.roles = _merge(state.roles, data.roles_added, data.roles_removed)
        state.sectors = _merge(state.sectors, data.sectors_added, data.sectors_removed)
        state.must_haves = _merge(state.must_haves, data.must_haves_added, data.must_haves_removed)
        state.weekly_goals = _merge(
            state.weekly_goals, data.weekly_goals_added, data.weekly_goals_removed
        )
        if data.target_min is not None:
            state.target_min = data.target_min
        if data.target_max is not None:
            state.target_max = data.target_max
        if data.days_off is not None:
            state.days_off = sorted(set(data.days_off))
        state.updated_at = event.occurred_at
        state.updates += 1
        return state


class Letter(msgspec.Struct, kw_only=True):
    """One outreach letter; ``position`` is its place in the log."""

    position: int
    on: date
    company: str
    kind: str
    contact: str | None = None
    note: str | None = None


class Activity(msgspec.Struct):
    """Outreach letters in log order, counted per day.

    ``names`` keeps each contact's name sealed (from ``contact.added``) so a
    forgotten contact stays unreadable here too.
    """

    letters: list[Letter] = []
    per_day: dict[date, int] = {}
    names: dict[str, Sealed] = {}

    def count_on(self, day: date) -> int:
        return self.per_day.get(day, 0)

    def on_day(self, day: date) -> list[Letter]:
        return [letter for letter in self.letters if letter.on == day]

    @property
    def first_day(self) -> date | None:
        return min(self.per_day) if self.per_day else None


class ActivityProjection(Projection[Activity]):
    """Folds ``outreach.sent`` (and contact names, kept sealed)."""

    name = "activity"
    version = 1
    types = frozenset({"outreach.sent", "contact.added"})
    state_type = Activity

    def initial(self) -> Activity:
        return Activity()

    def apply(self, state: Activity, event: RecordedEvent) -> Activity:
        data = event.data
        if isinstance(data, OutreachSent):
            state.letters.append(
                Letter(
                    position=event.position,
                    on=data.on,
                    company=data.company,
                    kind=data.kind,
                    contact=data.contact,
                    note=data.note,
                )
            )
            state.per_day[data.on] = state.per_day.get(data.on, 0) + 1
        elif event.type == "contact.added":
            contact, name = getattr(data, "contact", None), getattr(data, "name", None)
            if isinstance(contact, str) and isinstance(name, Sealed):
                state.names[contact] = name
        return state
