"""Events the kernel itself records."""

from __future__ import annotations

from runnerup import Event


class EventRetracted(Event, tag="event.retracted"):
    """Earlier events were taken back (``runnerup undo``).

    The retracted events stay in the log; every projection skips them, and
    reactors do not act on them. Retracting a retraction restores its targets.
    """

    positions: list[int]
    reason: str | None = None
