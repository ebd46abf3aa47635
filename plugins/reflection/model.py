"""The ``reflections`` read model: answers and job columns per application.

Read by other plugins through ``kernel.view("reflections")`` (never by
import): ``Reflections.apps: dict[str, AppReflection]`` and
``AppReflection``: ``answers: dict[str, str]`` (question key → latest
answer), ``liked, concerns: list[str]``, ``updated_at: datetime | None``.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from runnerup import Projection, RecordedEvent
from runnerup.events.reflection import QUESTIONS, JobAssessed, ReflectionAnswered


class AppReflection(msgspec.Struct, kw_only=True):
    """What the user wrote about one application."""

    answers: dict[str, str] = {}
    liked: list[str] = []
    concerns: list[str] = []
    updated_at: datetime | None = None

    def ordered_answers(self) -> list[tuple[str, str]]:
        """``(key, answer)`` in the order the questions are asked, unknown keys last."""
        known = [(k, self.answers[k]) for k in QUESTIONS if k in self.answers]
        return known + sorted((k, v) for k, v in self.answers.items() if k not in QUESTIONS)


class Reflections(msgspec.Struct):
    """State of the ``reflections`` projection."""

    apps: dict[str, AppReflection] = {}

    def get(self, app_id: str) -> AppReflection | None:
        return self.apps.get(app_id)


def _extend(items: list[str], new: list[str]) -> None:
    seen = {i.casefold() for i in items}
    for item in new:
        if item.casefold() not in seen:
            items.append(item)
            seen.add(item.casefold())


class ReflectionsProjection(Projection[Reflections]):
    """Latest answer per question; liked and concerns accumulate without repeats."""

    name = "reflections"
    version = 1
    types = frozenset({"reflection.answered", "job.assessed"})
    state_type = Reflections

    def initial(self) -> Reflections:
        return Reflections()

    def apply(self, state: Reflections, event: RecordedEvent) -> Reflections:
        data = event.data
        if not isinstance(data, ReflectionAnswered | JobAssessed):
            return state
        entry = state.apps.setdefault(data.application, AppReflection())
        if isinstance(data, ReflectionAnswered):
            entry.answers[data.question] = data.answer
        else:
            _extend(entry.liked, data.liked)
            _extend(entry.concerns, data.concerns)
        entry.updated_at = event.occurred_at
        return state
