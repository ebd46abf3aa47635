"""Reading due dates people type, and showing them back briefly.

A due date is all-day unless the user gives a time: ``--on friday`` is a
day, ``--on "friday 14:30"`` a moment. That is how a paper agenda works, and
it keeps a calendar export free of made-up 00:00 appointments.
"""

from __future__ import annotations

from datetime import date, datetime

import runnerup
from runnerup import DateParseError, RunnerupError


def read_due(text: str, now: datetime) -> date | datetime:
    """A day when ``text`` names one, else an aware moment; errors are one line."""
    try:
        return runnerup.parse_day(text, today=now.date())
    except DateParseError:
        pass
    try:
        return runnerup.parse_when(text, now=now)
    except DateParseError as exc:
        raise RunnerupError(str(exc)) from None


def relative(day: date, today: date) -> str:
    """``today``, ``tomorrow``, ``in 3 days``, ``yesterday``, ``2 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def show_due(due: date | datetime, now: datetime) -> str:
    """``Fri 20 Nov`` or ``Fri 20 Nov 14:30`` in the user's zone; the year when it differs."""
    if isinstance(due, datetime):
        local = due.astimezone(now.tzinfo)
        day, clock = local.date(), f" {local:%H:%M}"
    else:
        day, clock = due, ""
    year = f" {day.year}" if day.year != now.date().year else ""
    return f"{day:%a} {day.day} {day:%b}{year}{clock}"
