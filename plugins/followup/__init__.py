"""Follow-through: turn a "no" (and every interview and piece of feedback) into next steps.

A reactor only: it records reminders (``reminder.scheduled`` /
``reminder.rescheduled``, shown by the reminders plugin) and draft requests
(``draft.requested``, rendered by the drafting plugin). It never writes a file
or sends anything.

- ``application.rejected``: a thank-you note due the same day; a feedback
  request due the next day, only when the outcome is final and the candidate
  went through at least one interview round; a reflection reminder the next
  day; keep-in-touch check-ins (+30 and +90 days, each with a draft); a
  "review your search plan" reminder within two days.
- ``contact.reached`` for a person linked to an application: its open
  keep-in-touch check-ins are counted again from that contact.
- ``feedback.received``: re-read it with fresh eyes three days later.
- ``interview.completed``: a thank-you note due the same day.

Reminder and draft ids are ``<application>.<step>`` (``acme-data-engineer.
keep-in-touch-30``). Every step can be switched off or moved in the user's
``[rejection_plan]`` table (see :mod:`.config`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from runnerup import Event, Projection, ReactionContext, RecordedEvent, hookimpl

from . import config, plan
from .state import NAME, App, Applications, ApplicationsProjection


@hookimpl
def register_projections(register: Callable[[Projection[Any]], None]) -> None:
    register(ApplicationsProjection())


def _day(when: datetime, context: ReactionContext) -> date:
    # The user's calendar day: "due today" means today where they are.
    return when.astimezone(context.now.tzinfo).date()


def _rejected(
    event: RecordedEvent, context: ReactionContext, state: Applications, cfg: config.PlanConfig
) -> list[Event]:
    app_id: str = event.data.application  # type: ignore[union-attr]
    app = state.apps.get(app_id, App())
    last = app.last_contact_at or event.occurred_at
    return plan.rejection(
        app_id, app, event.data, _day(event.occurred_at, context), _day(last, context), cfg
    )  # type: ignore[arg-type]


def _feedback(
    event: RecordedEvent, context: ReactionContext, state: Applications, cfg: config.PlanConfig
) -> list[Event]:
    app_id: str = event.data.application  # type: ignore[union-attr]
    app = state.apps.get(app_id, App())
    day = _day(event.occurred_at, context)
    return plan.feedback(app_id, app, event.data, event.position, day, cfg)  # type: ignore[arg-type]


def _interviewed(
    event: RecordedEvent, context: ReactionContext, state: Applications, cfg: config.PlanConfig
) -> list[Event]:
    app_id: str = event.data.application  # type: ignore[union-attr]
    app = state.apps.get(app_id, App())
    return plan.interview_done(app_id, app, event.data, _day(event.occurred_at, context), cfg)  # type: ignore[arg-type]


def _reached(
    event: RecordedEvent, context: ReactionContext, state: Applications, cfg: config.PlanConfig
) -> list[Event]:
    out: list[Event] = []
    for app_id in state.contact_apps.get(event.data.contact, []):  # type: ignore[union-attr]
        app = state.apps[app_id]
        if app.rejected_at is None or app.last_contact_at is None:
            continue
        out += plan.keep_in_touch_moves(app_id, app, _day(app.last_contact_at, context))
    return out


_HANDLERS = {
    "application.rejected": _rejected,
    "feedback.received": _feedback,
    "interview.completed": _interviewed,
    "contact.reached": _reached,
}


@hookimpl
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[Event] | None:
    handler = _HANDLERS.get(event.type)
    if handler is None:
        return None
    state: Applications = context.view(NAME)
    cfg = config.load(context.config(config.SECTION))
    return handler(event, context, state, cfg) or None
