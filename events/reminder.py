"""Reminders: the dated next steps that ``agenda`` and ``calendar export`` show.

A reminder lives in the stream ``reminder/<reminder id>``. Its id is stable
and readable (``northwind-senior-data-engineer.keep-in-touch-30``), derived
by whoever schedules it, so scheduling the same step twice is the same
reminder and a calendar export gives the same UID every time.
"""

from __future__ import annotations

from datetime import date, datetime

from runnerup import Event

REMINDER_STREAM = "reminder/{reminder}"


class ReminderScheduled(Event, tag="reminder.scheduled"):
    """A next step was put on the agenda.

    ``due`` is a date (all day) or an aware date-time. ``kind`` says what it is
    for (``thank-you``, ``feedback-request``, ``reflect``, ``keep-in-touch``,
    ``review-plan``, ``revisit-feedback``, ``follow-up``, ...); ``draft`` names
    the draft that goes with it, if any.
    """

    __stream__ = REMINDER_STREAM

    reminder: str
    title: str
    due: date | datetime
    kind: str
    application: str | None = None
    contact: str | None = None
    draft: str | None = None
    notes: str | None = None


class ReminderRescheduled(Event, tag="reminder.rescheduled"):
    """A reminder moved to a new due date (snoozed by the user, or recomputed)."""

    __stream__ = REMINDER_STREAM

    reminder: str
    due: date | datetime
    reason: str | None = None


class ReminderDone(Event, tag="reminder.done"):
    """The job seeker did the step."""

    __stream__ = REMINDER_STREAM

    reminder: str
    note: str | None = None


class ReminderCancelled(Event, tag="reminder.cancelled"):
    """The step no longer applies (the process moved on, an offer came)."""

    __stream__ = REMINDER_STREAM

    reminder: str
    reason: str | None = None
