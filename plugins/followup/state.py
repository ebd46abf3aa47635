"""What the follow-through plan needs to know about each application.

The plan reads only event payloads (not another plugin's view), so it keeps
its own small fold: the company, the people linked to the application, how
far the process got, when the user was last in real contact, and which of
the reminders and drafts it asks for exist already (so a second "no" for the
same application, a replay or a re-run never schedules a step twice).
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from runnerup import Projection, RecordedEvent

NAME = "followup.applications"


class Step(msgspec.Struct, kw_only=True):
    """A reminder attached to an application."""

    kind: str
    due: str  # ISO text, as reminder events carry it
    open: bool = True


class App(msgspec.Struct, kw_only=True):
    company: str | None = None
    role: str | None = None
    contacts: list[str] = msgspec.field(default_factory=list)
    rounds: list[int] = msgspec.field(default_factory=list)  # interview rounds completed
    last_interview_at: datetime | None = None
    rejected_at: datetime | None = None
    last_contact_at: datetime | None = None  # last real contact: the "no" or a contact.reached
    reminders: dict[str, Step] = msgspec.field(default_factory=dict)
    drafts: list[str] = msgspec.field(default_factory=list)


class Applications(msgspec.Struct, kw_only=True):
    apps: dict[str, App] = msgspec.field(default_factory=dict)
    contact_apps: dict[str, list[str]] = msgspec.field(default_factory=dict)
    reminder_apps: dict[str, str] = msgspec.field(default_factory=dict)


def _later(current: datetime | None, when: datetime) -> datetime:
    return when if current is None or when > current else current


class ApplicationsProjection(Projection[Applications]):
    name = NAME
    version = 1
    types = frozenset(
        {
            "application.submitted",
            "interview.scheduled",
            "interview.completed",
            "application.rejected",
            "feedback.received",
            "contact.added",
            "contact.reached",
            "reminder.scheduled",
            "reminder.rescheduled",
            "reminder.done",
            "reminder.cancelled",
            "draft.requested",
        }
    )
    state_type = Applications

    def initial(self) -> Applications:
        return Applications()

    def apply(self, state: Applications, event: RecordedEvent) -> Applications:
        data = event.data
        kind = event.type
        if kind in ("reminder.rescheduled", "reminder.done", "reminder.cancelled"):
            self._reminder(state, kind, data)
            return state
        if kind == "contact.reached":
            for app_id in state.contact_apps.get(data.contact, []):  # type: ignore[attr-defined]
                app = state.apps[app_id]
                app.last_contact_at = _later(app.last_contact_at, event.occurred_at)
            return state
        target: str | None = getattr(data, "application", None)
        if not target:
            return state
        app_id = target
        app = state.apps.setdefault(app_id, App())
        if kind == "application.submitted":
            app.company, app.role = data.company, data.role  # type: ignore[attr-defined]
        elif kind == "interview.completed":
            app.rounds.append(data.round)  # type: ignore[attr-defined]
            app.last_interview_at = _later(app.last_interview_at, event.occurred_at)
        elif kind == "application.rejected":
            app.rejected_at = event.occurred_at
            app.last_contact_at = _later(app.last_contact_at, event.occurred_at)
        elif kind == "reminder.scheduled":
            app.reminders[data.reminder] = Step(kind=data.kind, due=data.due)  # type: ignore[attr-defined]
            state.reminder_apps[data.reminder] = app_id  # type: ignore[attr-defined]
        elif kind == "draft.requested" and data.draft not in app.drafts:  # type: ignore[attr-defined]
            app.drafts.append(data.draft)  # type: ignore[attr-defined]
        contact = getattr(data, "contact", None)
        if contact:
            _link(state, app, app_id, contact)
        return state

    @staticmethod
    def _reminder(state: Applications, kind: str, data: object) -> None:
        reminder: str = data.reminder  # type: ignore[attr-defined]
        app_id = state.reminder_apps.get(reminder)
        step = state.apps[app_id].reminders.get(reminder) if app_id else None
        if step is None:
            return
        if kind == "reminder.rescheduled":
            step.due = data.due  # type: ignore[attr-defined]
        else:
            step.open = False


def _link(state: Applications, app: App, app_id: str, contact: str) -> None:
    if contact not in app.contacts:
        app.contacts.append(contact)
    linked = state.contact_apps.setdefault(contact, [])
    if app_id not in linked:
        linked.append(app_id)
