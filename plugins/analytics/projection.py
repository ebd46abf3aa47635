"""The ``analytics`` projection: the log folded into what ``stats`` counts.

Built from events only (the schemas in ``runnerup.events``), never from
another plugin's read model, so a third-party tracker that records the same
events gets the same numbers. Fields of events owned by other plugins are
read with ``getattr`` and a default: an older or newer payload shape degrades
a number, it never breaks the fold. Application events are folded in
:mod:`.appfold`; the rules are documented in docs/analytics.md.

An improvement action is a reminder whose kind starts with ``improv``, an
event of a type in :data:`IMPROVEMENT_TYPES`, or a reflection's
``do_differently`` answer; its text says which themes it is about.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date
from typing import Any

from runnerup import Projection, RecordedEvent

from .appfold import APPLICATION_TYPES, progressed, request_sent, submitted
from .model import Action, Analytics, Chores, day_of, dump, inner, local_day, zone_key
from .plan_fields import days_off, outreach_target

DRAFT_TYPES = frozenset({"draft.requested", "draft.created", "draft.sent", "draft.marked_sent"})
REMINDER_TYPES = frozenset({"reminder.scheduled", "reminder.done", "reminder.cancelled"})
PLAN_TYPES = frozenset({"plan.updated"})
OUTREACH_TYPES = frozenset({"outreach.sent"})
#: Reflection events whose answers may hold a ``do_differently`` text.
REFLECTION_TYPES = frozenset({"reflection.recorded", "reflection.answered", "reflection.completed"})
#: Events that are improvement actions in themselves (whatever their fields).
IMPROVEMENT_TYPES = frozenset(
    {"improvement.planned", "improvement.added", "plan.improvement_added"}
)
DO_DIFFERENTLY = ("do_differently", "do-differently", "differently")
#: Bump when the state or the fold changes (the checkpoint is then rebuilt).
STATE_VERSION = 3  # 3: Internals compressed in the checkpoint


class AnalyticsProjection(Projection[Analytics]):
    """Per-application stages and dates, feedback, themes, outreach, follow-through."""

    name = "analytics"
    types = (
        APPLICATION_TYPES
        | DRAFT_TYPES
        | REMINDER_TYPES
        | PLAN_TYPES
        | OUTREACH_TYPES
        | REFLECTION_TYPES
        | IMPROVEMENT_TYPES
    )
    state_type = Analytics

    def __init__(self) -> None:
        self._steps: dict[str, Callable[[Analytics, RecordedEvent, Any], None]] = {
            "application.submitted": submitted,
            "draft.requested": _draft_known,
            "draft.created": _draft_known,
            "draft.sent": _draft_sent,
            "draft.marked_sent": _draft_sent,
            "reminder.scheduled": _reminder_scheduled,
            "reminder.done": _reminder_closed,
            "reminder.cancelled": _reminder_closed,
            "plan.updated": _plan,
            "outreach.sent": _outreach,
        }
        self._steps.update(dict.fromkeys(APPLICATION_TYPES - {"application.submitted"}, progressed))
        # Days are counted in the computer's zone: a new zone is a new version,
        # so the kernel rebuilds the checkpoint instead of mixing two zones.
        self.version = zlib.crc32(f"{STATE_VERSION}|{zone_key()}".encode())

    def initial(self) -> Analytics:
        return Analytics()

    def dump(self, state: Analytics) -> bytes:
        return dump(state)

    def apply(self, state: Analytics, event: RecordedEvent) -> Analytics:
        kind = event.type
        data = event.data
        step = self._steps.get(kind)
        if step is not None:
            step(state, event, data)
        elif kind in REFLECTION_TYPES:
            _reflection(state, event, data)
        elif kind in IMPROVEMENT_TYPES:
            text = " ".join(_texts(data, ("theme", "themes", "title", "text", "action", "notes")))
            _action(state, event, kind, text)
        return state


def _is_feedback_request(kind: object) -> bool:
    return isinstance(kind, str) and kind.strip().lower().replace("-", "_") == "feedback_request"


def _draft_known(state: Analytics, event: RecordedEvent, data: Any) -> None:
    # A request is counted once, when first seen (requested or created); it
    # is kept by id only until it is sent.
    if not _is_feedback_request(getattr(data, "kind", None)):
        return
    draft = str(getattr(data, "draft", "") or "")
    application = getattr(data, "application", None) or ""
    if draft not in inner(state).unsent_requests:
        state.requests_drafted += 1
        inner(state).unsent_requests[draft] = application
    elif application:
        inner(state).unsent_requests[draft] = application


def _draft_sent(state: Analytics, event: RecordedEvent, data: Any) -> None:
    application = inner(state).unsent_requests.pop(str(getattr(data, "draft", "") or ""), None)
    if application is not None:
        request_sent(state, application, event.occurred_us)


def chore_group(kind: str) -> str | None:
    """``thank-you`` / ``follow-up`` for the reminder kinds completion is measured on."""
    kind = kind.strip().lower().replace("_", "-")
    if "thank" in kind:
        return "thank-you"
    if "follow-up" in kind or kind == "followup":
        return "follow-up"
    return None


def _reminder_scheduled(state: Analytics, event: RecordedEvent, data: Any) -> None:
    # Scheduling an open reminder again moves it; scheduling one that was done
    # or cancelled is a new step to do (the id is kept only while open).
    kind = str(getattr(data, "kind", "") or "")
    group = chore_group(kind)
    if group is not None:
        if data.reminder not in inner(state).open_chores:
            inner(state).open_chores[data.reminder] = group
            state.chores.setdefault(group, Chores()).scheduled += 1
    elif kind.strip().lower().startswith("improv"):
        _action(state, event, "reminder", " ".join(_texts(data, ("title", "notes"))))


def _reminder_closed(state: Analytics, event: RecordedEvent, data: Any) -> None:
    group = inner(state).open_chores.pop(data.reminder, None)
    if group is None:
        return
    counts = state.chores.setdefault(group, Chores())
    if event.type == "reminder.done":
        counts.done += 1
    else:
        counts.cancelled += 1


def _plan(state: Analytics, event: RecordedEvent, data: Any) -> None:
    target = outreach_target(data, (state.target_min, state.target_max))
    if target is not None:
        state.target_min, state.target_max = target
    off = days_off(data)
    if off is not None:
        state.off_weekdays, state.off_days = off
    for text in _texts(data, ("improvements", "improvement_actions")):
        _action(state, event, "plan", text)


def _outreach(state: Analytics, event: RecordedEvent, data: Any) -> None:
    on = getattr(data, "on", None)
    day = on.toordinal() if type(on) is date else day_of(on)
    if day:
        state.outreach_on[day] = state.outreach_on.get(day, 0) + 1
        return
    day = local_day(event.occurred_us)
    inner(state).outreach_us.append(event.occurred_us)
    state.outreach_us_days[day] = state.outreach_us_days.get(day, 0) + 1


def _reflection(state: Analytics, event: RecordedEvent, data: Any) -> None:
    texts: list[str] = []
    answers = getattr(data, "answers", None)
    if isinstance(answers, dict):
        texts += [
            str(v).lower() for k, v in answers.items() if str(k).lower() in DO_DIFFERENTLY and v
        ]
    key = getattr(data, "key", None) or getattr(data, "question", None)
    if isinstance(key, str) and key.lower() in DO_DIFFERENTLY:
        texts += _texts(data, ("text", "answer"))
    texts += _texts(data, ("do_differently",))
    for text in texts:
        _action(state, event, "reflection", text)


def _action(state: Analytics, event: RecordedEvent, source: str, text: str) -> None:
    us = event.occurred_us
    state.actions.append(Action(us=us, day=local_day(us), source=source, text=text[:500]))


def _texts(data: Any, fields: tuple[str, ...]) -> list[str]:
    """The lowercased text values of ``fields`` (strings or lists of strings)."""
    out: list[str] = []
    for name in fields:
        value = getattr(data, name, None)
        items = value if isinstance(value, list | tuple) else [value]
        out += [item.lower()[:500] for item in items if isinstance(item, str) and item.strip()]
    return out
