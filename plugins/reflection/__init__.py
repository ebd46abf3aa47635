"""Reflection: guided self-reflection and the job's two columns, per application.

``reflect`` records answers to the questions in
``runnerup.events.reflection.QUESTIONS`` and what you liked / what concerned
you about the job; ``reflections`` shows them. Reflecting closes the
application's ``<app>.reflect`` reminder, if one is open: the agenda should
not keep asking for something already done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click
import runnerup
from runnerup import LazyProjection, hookimpl
from runnerup.events.reflection import JobAssessed, ReflectionAnswered
from runnerup.events.reminder import ReminderDone

if TYPE_CHECKING:
    from runnerup import Event, ReactionContext, RecordedEvent

_REFLECTING = frozenset({"reflection.answered", "job.assessed"})


@hookimpl
def register_event_types(register: Callable[[type[Any]], None]) -> None:
    register(ReflectionAnswered)
    register(JobAssessed)


@hookimpl
def register_projections(register: Callable[[Any], None]) -> None:
    register(LazyProjection("reflections", f"{__name__}.model:ReflectionsProjection"))


@hookimpl
def register_commands(cli: click.Group) -> None:
    runnerup.add_lazy_commands(
        cli,
        {
            "reflect": "runnerup.plugins.reflection.commands:reflect",
            "reflections": "runnerup.plugins.reflection.commands:reflections",
        },
    )


@hookimpl
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[Event] | None:
    """Mark ``<app>.reflect`` done when the user reflects on that application."""
    if event.type not in _REFLECTING or "reminders" not in context.kernel.projections:
        return None
    reminder_id = f"{getattr(event.data, 'application', '')}.reflect"
    item = context.view("reminders").items.get(reminder_id)
    if item is None or getattr(item, "done", True) or getattr(item, "cancelled", False):
        return None
    return [ReminderDone(reminder=reminder_id, note="reflection recorded")]
