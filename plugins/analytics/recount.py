"""Counting the days of the analytics state in another UTC offset.

The fold counts days in the computer's zone. When "now" is in another
offset (a pinned clock such as ``RUNNERUP_NOW=2026-11-20T10:00:00+01:00``
on a UTC machine, or an ``--as-of`` with a foreign offset) every day-based
number is recounted from the instants the state keeps, so a date typed as
``--on 2026-11-12`` is still the 12th. The usual case costs nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from .appfold import answered
from .model import EPOCH_ORDINAL, Analytics, bump, inner, unpack


def recount_days(state: Analytics, now: datetime, *, force: bool = False) -> None:
    """Make the state's days count in the offset of ``now`` (in place).

    The state is the caller's own copy, decoded from the checkpoint or
    replayed; nothing is saved. ``force`` recounts even when the offsets
    agree (tests compare both ways of counting).
    """
    offset = now.utcoffset()
    fixed = int(offset.total_seconds()) if offset is not None else 0
    if fixed == time.localtime(int(now.timestamp())).tm_gmtoff and not force:
        return

    def day(us: int) -> int:
        return (us // 1_000_000 + fixed) // 86_400 + EPOCH_ORDINAL

    internals = inner(state)
    _recount_applications(state, day)
    state.requests_answered = 0
    for exchange in internals.exchanges.values():
        exchange.feedback_days = [day(us) for us in exchange.feedback_us]
        exchange.sent_days = [day(us) for us in exchange.sent_us]
        state.requests_answered += answered(exchange)
    state.theme_days = {t: [day(us) for us in seen] for t, seen in internals.theme_us.items()}
    for action in state.actions:
        action.day = day(action.us)
    state.outreach_us_days = {}
    for us in internals.outreach_us:
        bump(state.outreach_us_days, day(us))


def _recount_applications(state: Analytics, day: Callable[[int], int]) -> None:
    state.applied_days, state.to_response, state.to_outcome = {}, {}, {}
    for raw in inner(state).apps.values():
        rec = unpack(raw)
        applied = rec.applied_on or day(rec.applied_us)
        bump(state.applied_days, applied)
        if rec.response_us:
            bump(state.to_response, max(0, day(rec.response_us) - applied))
        if rec.outcome:
            bump(state.to_outcome, max(0, day(rec.outcome_us) - applied))
