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
from typing import TYPE_CHECKING, Any

from runnerup import LazyProjection, hookimpl

if TYPE_CHECKING:
    from runnerup import Event, ReactionContext, RecordedEvent

#: What this plugin reacts to; :mod:`.react` (and the plan) load only for these.
HANDLED = frozenset(
    {"application.rejected", "feedback.received", "interview.completed", "contact.reached"}
)


@hookimpl
def register_projections(register: Callable[[Any], None]) -> None:
    register(
        LazyProjection(
            "followup.applications", "runnerup.plugins.followup.state:ApplicationsProjection"
        )
    )


@hookimpl
def handle_event(event: RecordedEvent, context: ReactionContext) -> Sequence[Event] | None:
    if event.type not in HANDLED:
        return None
    from .react import react

    return react(event, context)
