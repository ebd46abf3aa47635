"""The follow-through reactions, imported only when an event calls for one."""

from __future__ import annotations

from datetime import date, datetime

from runnerup import Event, ReactionContext, RecordedEvent

from . import config, plan
from .state import NAME, App, Applications


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


def react(event: RecordedEvent, context: ReactionContext) -> list[Event] | None:
    """The next steps ``event`` calls for (see the package docstring)."""
    handler = _HANDLERS.get(event.type)
    if handler is None:
        return None
    state: Applications = context.view(NAME)
    cfg = config.load(context.config(config.SECTION))
    return handler(event, context, state, cfg) or None
