"""Reminders: the dated next steps that ``agenda`` and ``calendar export`` show.

A reminder lives in the stream ``reminder/<reminder id>``. Its id is stable
and readable (``northwind-senior-data-engineer.keep-in-touch-30``), derived
by whoever schedules it, so scheduling the same step twice is the same
reminder and a calendar export gives the same UID every time.

``due`` is stored as ISO text: ``2026-11-21`` for an all-day reminder,
``2026-11-21T09:00:00+01:00`` for a timed one. msgspec cannot decode a
``date | datetime`` union (both are strings in JSON), so the field is typed
``str``; a ``date`` or an aware ``datetime`` may still be passed when
building the event and is normalised to that text, anything else is refused.
Read it back with :func:`parse_due`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import msgspec
from runnerup import Event
from runnerup.native import c_extension

REMINDER_STREAM = "reminder/{reminder}"


def parse_due(value: str | date | datetime) -> date | datetime:
    """A due value as a ``date`` (all day) or an aware ``datetime`` (timed).

    :raises ValueError: for text that is neither, or a date-time without an offset.
    """
    if isinstance(value, datetime):
        parsed: date | datetime = value
    elif isinstance(value, date):
        return value
    elif isinstance(value, str):
        text = value.strip()
        timed = "T" in text or " " in text or ":" in text
        parsed = datetime.fromisoformat(text) if timed else date.fromisoformat(text)
    else:
        raise TypeError(
            f"due must be a date, an aware datetime or ISO text, not {type(value).__name__}"
        )
    if isinstance(parsed, datetime) and parsed.utcoffset() is None:
        raise ValueError("a date-time needs a UTC offset (+01:00, Z); or give a plain date")
    return parsed


def _normalise_due(event: msgspec.Struct) -> None:
    # Runs on construction, decoding and validation alike, so every event
    # carries the same canonical text whatever the producer handed in.
    raw = event.due  # type: ignore[attr-defined]
    if type(raw) is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        # Already canonical (every stored all-day reminder): one C-level check
        # instead of parse + format, because every replay decodes these.
        try:
            date.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return
    try:
        due = parse_due(raw)
    except ValueError as exc:
        detail = str(exc) if "offset" in str(exc) else "use YYYY-MM-DD or an ISO date-time"
        raise ValueError(f"due: cannot read {raw!r}: {detail}") from None
    msgspec.structs.force_setattr(event, "due", due.isoformat())


def _due_check() -> Callable[[msgspec.Struct], None]:
    """The reminders' ``__post_init__``: :func:`_normalise_due`, behind a C fast path.

    msgspec runs it on every decode, so every replay pays it per reminder.
    The C check (``runnerup._replay.due_check``) passes a canonical all-day
    date without a Python frame and hands anything else to
    :func:`_normalise_due`; without the extension that runs alone.
    """
    replay = c_extension("runnerup._replay")
    return _normalise_due if replay is None else replay.due_check(_normalise_due)


_post_init = _due_check()


class ReminderScheduled(Event, tag="reminder.scheduled"):
    """A next step was put on the agenda.

    ``due`` is a date (all day) or an aware date-time, as ISO text (see the
    module docstring). ``kind`` says what it is for (``thank-you``,
    ``feedback-request``, ``reflect``, ``keep-in-touch``, ``review-plan``,
    ``revisit-feedback``, ``follow-up``, ...); ``draft`` names the draft that
    goes with it, if any. Scheduling an id again replaces the earlier one.
    """

    __stream__ = REMINDER_STREAM

    reminder: str
    title: str
    due: str
    kind: str
    application: str | None = None
    contact: str | None = None
    draft: str | None = None
    notes: str | None = None

    __post_init__ = _post_init


class ReminderRescheduled(Event, tag="reminder.rescheduled"):
    """A reminder moved to a new due date (snoozed by the user, or recomputed)."""

    __stream__ = REMINDER_STREAM

    reminder: str
    due: str
    reason: str | None = None

    __post_init__ = _post_init


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
