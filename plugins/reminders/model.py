"""The ``reminders`` read model: every reminder ever scheduled, by id.

Other plugins read it through ``kernel.view("reminders")`` (the reflection
plugin closes ``<app>.reflect`` this way) and must not import this module,
so what they need is a field, a property or a method:

- ``Reminders.items: dict[str, Reminder]``, ``get(id)``, ``open()``,
  ``resolve(ref)`` (id, unique prefix, or the agenda number);
- ``Reminder``: ``id, number, title, kind, due, application, contact, draft,
  notes, done, done_at, done_note, cancelled, cancelled_at, revision,
  scheduled_at`` and ``is_open``.

``due`` is a property (a ``date`` for an all-day reminder, an aware
``datetime`` for a timed one) over the stored ISO text ``due_iso``, because
msgspec snapshots cannot hold a ``date | datetime`` union either.
``number`` is handed out once, in scheduling order, and never reused, so
"done 3" means the same reminder whatever the agenda's window.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

import msgspec
from runnerup import Projection, RecordedEvent, RunnerupError
from runnerup.events.reminder import (
    ReminderCancelled,
    ReminderDone,
    ReminderRescheduled,
    ReminderScheduled,
    parse_due,
)

MAX_CANDIDATES = 6


class Reminder(msgspec.Struct, kw_only=True):
    """One reminder as the log tells it (see the module docstring)."""

    id: str
    number: int
    title: str
    kind: str
    due_iso: str
    scheduled_at: datetime
    application: str | None = None
    contact: str | None = None
    draft: str | None = None
    notes: str | None = None
    done: bool = False
    done_at: datetime | None = None
    done_note: str | None = None
    cancelled: bool = False
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    revision: int = 0

    @property
    def due(self) -> date | datetime:
        return parse_due(self.due_iso)

    @property
    def timed(self) -> bool:
        return isinstance(self.due, datetime)

    @property
    def is_open(self) -> bool:
        return not self.done and not self.cancelled

    def due_day(self, tz: tzinfo) -> date:
        """The day it is due on, in the user's zone ``tz``."""
        due = self.due
        return due.astimezone(tz).date() if isinstance(due, datetime) else due

    def due_moment(self, tz: tzinfo) -> datetime:
        """When it is due as a moment; an all-day reminder counts from midnight."""
        due = self.due
        return due if isinstance(due, datetime) else datetime.combine(due, time(), tz)


class Reminders(msgspec.Struct):
    """State of the ``reminders`` projection."""

    items: dict[str, Reminder] = {}
    next_number: int = 1

    def get(self, reminder_id: str) -> Reminder | None:
        return self.items.get(reminder_id)

    def open(self) -> list[Reminder]:
        return [r for r in self.items.values() if r.is_open]

    def by_number(self, number: int) -> Reminder | None:
        return next((r for r in self.items.values() if r.number == number), None)

    def resolve(self, ref: str) -> Reminder:
        """The reminder ``ref`` names: ``3`` / ``#3``, an exact id, or a unique id prefix.

        A prefix shared by one open reminder and some closed ones names the
        open one: that is the one a user is acting on.
        """
        text = ref.strip()
        if not text:
            raise RunnerupError("a reminder reference cannot be empty (see 'runnerup agenda')")
        digits = text.removeprefix("#")
        if digits.isdigit():
            found = self.by_number(int(digits))
            if found is None:
                raise RunnerupError(f"no reminder number {digits} (see 'runnerup agenda')")
            return found
        exact = self.items.get(text) or self.items.get(text.lower())
        if exact is not None:
            return exact
        matches = [r for i, r in self.items.items() if i.startswith(text.lower())]
        open_ones = [r for r in matches if r.is_open]
        if len(open_ones) == 1:
            return open_ones[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise RunnerupError(f"no reminder matches {text!r} (see 'runnerup agenda')")
        listed = sorted(open_ones or matches, key=lambda r: r.number)
        names = ", ".join(f"#{r.number} {r.id}" for r in listed[:MAX_CANDIDATES])
        more = f", … {len(listed) - MAX_CANDIDATES} more" if len(listed) > MAX_CANDIDATES else ""
        raise RunnerupError(
            f"{text!r} matches {len(listed)} reminders: {names}{more};"
            " use the number or a longer id"
        )


class RemindersProjection(Projection[Reminders]):
    """Folds the four reminder events; the latest fact about an id wins."""

    name = "reminders"
    version = 1
    types = frozenset(
        {"reminder.scheduled", "reminder.rescheduled", "reminder.done", "reminder.cancelled"}
    )
    state_type = Reminders

    def initial(self) -> Reminders:
        return Reminders()

    def apply(self, state: Reminders, event: RecordedEvent) -> Reminders:
        data = event.data
        if isinstance(data, ReminderScheduled):
            _schedule(state, data, event.occurred_at)
            return state
        item = state.items.get(getattr(data, "reminder", ""))
        if item is None:
            return state  # a step for a reminder we never saw scheduled: nothing to show
        if isinstance(data, ReminderRescheduled):
            if data.due != item.due_iso:
                item.due_iso = data.due
                item.revision += 1
        elif isinstance(data, ReminderDone):
            if not item.done:  # the first "done" is when it was done
                item.done, item.done_at, item.done_note = True, event.occurred_at, data.note
        elif isinstance(data, ReminderCancelled) and item.is_open:
            item.cancelled, item.cancelled_at = True, event.occurred_at
            item.cancel_reason = data.reason
        return state


def _schedule(state: Reminders, data: ReminderScheduled, at: datetime) -> None:
    # Scheduling a known id again is the same reminder, updated and open again;
    # a calendar needs a higher SEQUENCE whenever what it shows has changed.
    item = state.items.get(data.reminder)
    if item is None:
        state.items[data.reminder] = Reminder(
            id=data.reminder,
            number=state.next_number,
            title=data.title,
            kind=data.kind,
            due_iso=data.due,
            scheduled_at=at,
            application=data.application,
            contact=data.contact,
            draft=data.draft,
            notes=data.notes,
        )
        state.next_number += 1
        return
    changed = (item.title, item.due_iso, item.notes) != (data.title, data.due, data.notes)
    if changed or not item.is_open:
        item.revision += 1
    item.title, item.kind, item.due_iso = data.title, data.kind, data.due
    item.application, item.contact = data.application, data.contact
    item.draft, item.notes, item.scheduled_at = data.draft, data.notes, at
    item.done, item.done_at, item.done_note = False, None, None
    item.cancelled, item.cancelled_at, item.cancel_reason = False, None, None
