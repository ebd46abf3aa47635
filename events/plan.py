"""The search plan and the outreach that keeps a search moving.

The plan (target roles, sectors, must-haves, the outreach target per work
day, days off, weekly goals) lives in the stream ``plan``; each
``plan.updated`` records only what changed, so the log reads as the history
of how the plan was adjusted. Outreach letters live in ``outreach/<day>``.
"""

from __future__ import annotations

from datetime import date

from runnerup import Event

#: The kinds of outreach letter, as ``outreach --kind`` accepts them.
OUTREACH_KINDS = ("pain-letter", "informational", "mentor-update")


class PlanUpdated(Event, tag="plan.updated"):
    """The job seeker set, adjusted or reviewed their search plan.

    Lists name what was added or removed; ``target_min``/``target_max`` (the
    outreach letters per work day), ``days_off`` (weekday numbers, 0 =
    Monday) are the new values when given and unchanged when None. An event
    with no change at all records a review ("I looked at my plan").
    """

    __stream__ = "plan"

    roles_added: list[str] = []
    roles_removed: list[str] = []
    sectors_added: list[str] = []
    sectors_removed: list[str] = []
    must_haves_added: list[str] = []
    must_haves_removed: list[str] = []
    weekly_goals_added: list[str] = []
    weekly_goals_removed: list[str] = []
    target_min: int | None = None
    target_max: int | None = None
    days_off: list[int] | None = None
    note: str | None = None


class OutreachSent(Event, tag="outreach.sent"):
    """The job seeker sent an outreach letter on ``on``.

    ``kind`` is one of :data:`OUTREACH_KINDS` (a "pain letter" to a hiring
    manager, an informational-interview request, an update to a mentor);
    ``contact`` is a contact id whose sealed name and address are in
    ``contact.added``, never the name itself.
    """

    __stream__ = "outreach/{on}"

    company: str
    on: date
    kind: str = "pain-letter"
    contact: str | None = None
    note: str | None = None
