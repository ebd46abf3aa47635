"""Reminders: the agenda of next steps, exportable as an iCalendar feed.

Other plugins schedule reminders by recording ``reminder.scheduled`` (see
``runnerup.events.reminder``); this plugin owns those event types, folds them
into the ``reminders`` view (:mod:`.model` documents its shape) and gives
the user ``agenda``, ``done``, ``snooze``, ``remind`` and ``calendar export``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import runnerup
from runnerup import LazyProjection, hookimpl
from runnerup.events.reminder import (
    ReminderCancelled,
    ReminderDone,
    ReminderRescheduled,
    ReminderScheduled,
)


@hookimpl
def register_event_types(register: Callable[[type[Any]], None]) -> None:
    for cls in (ReminderScheduled, ReminderRescheduled, ReminderDone, ReminderCancelled):
        register(cls)


@hookimpl
def register_projections(register: Callable[[Any], None]) -> None:
    register(LazyProjection("reminders", f"{__name__}.model:RemindersProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    runnerup.add_lazy_commands(
        cli,
        {
            "agenda": "runnerup.plugins.reminders.commands:agenda",
            "done": "runnerup.plugins.reminders.commands:done",
            "snooze": "runnerup.plugins.reminders.commands:snooze",
            "remind": "runnerup.plugins.reminders.commands:remind",
            "calendar": "runnerup.plugins.reminders.export:calendar",
        },
    )
