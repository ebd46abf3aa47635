"""``stats``: the numbers, computed from the ``analytics`` state and a "now".

:func:`compute` is a pure function of the state, the moment and the log head,
so ``stats --as-of T`` (the state replayed to T, with T as now) gives what
``stats`` gave at T. Its result is the documented JSON schema
(docs/analytics.md): keys are only ever added, and a change of meaning bumps
:data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from .model import DAY_US, STAGES, Analytics, Chores, iso, mentions
from .recount import recount_days
from .workdays import WINDOW_DAYS, Calendar, latest, streak, weekly, window

SCHEMA_VERSION = 1
DEFAULT_GHOSTED_AFTER_DAYS = 21
_ENDINGS = ("rejected", "withdrawn", "closed", "offer")


def compute(
    state: Analytics,
    now: datetime,
    log: tuple[int, str],
    *,
    ghosted_after_days: int = DEFAULT_GHOSTED_AFTER_DAYS,
) -> dict[str, Any]:
    """Every number ``stats`` shows, as JSON-ready builtins."""
    recount_days(state, now)
    today = now.date().toordinal()
    cal = Calendar(frozenset(state.off_weekdays), frozenset(state.off_days))
    target = (state.target_min, state.target_max)
    outreach = Counter(state.outreach_on)
    outreach.update(state.outreach_us_days)
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": now.isoformat(),
        "today": date.fromordinal(today).isoformat(),
        "log": {"position": log[0], "hash": log[1]},
        "applications": _applications(state, now, today, ghosted_after_days),
        "funnel": _funnel(state.furthest),
        "days_to_first_response": _median_days(state.to_response),
        "days_to_outcome": _median_days(state.to_outcome),
        "rejection_stages": _rejection_stages(state.rejection_stages),
        "feedback": {
            "requests_drafted": state.requests_drafted,
            "requests_sent": state.requests_sent,
            "requests_answered": state.requests_answered,
            "answer_rate": _rate(state.requests_answered, state.requests_sent),
            "received": state.feedback_received,
        },
        "themes": _themes(state),
        "outreach": _outreach(outreach, today, cal, target),
        "weekly": weekly(outreach, state.applied_days, today, cal, target),
        "follow_through": {
            "thank_you": _chores(state, "thank-you"),
            "follow_up": _chores(state, "follow-up"),
        },
        "settings": {"ghosted_after_days": ghosted_after_days},
    }


def _applications(state: Analytics, now: datetime, today: int, ghost_days: int) -> dict[str, Any]:
    quiet_before = int(now.timestamp() * 1_000_000) - ghost_days * DAY_US
    ghosted = sum(1 for quiet in state.open_quiet.values() if quiet <= quiet_before)
    outcomes = {"open": len(state.open_quiet) - ghosted, "ghosted": ghosted}
    outcomes.update({name: state.outcomes.get(name, 0) for name in _ENDINGS})
    last = latest(state.applied_days, today)
    days = state.applied_days
    return {
        "total": sum(state.furthest),
        "outcomes": outcomes,
        "last_applied": iso(last),
        "days_since_last": today - last if last else None,
        "last_window": sum(days.get(d, 0) for d in range(today - WINDOW_DAYS + 1, today + 1)),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _funnel(furthest: list[int]) -> list[dict[str, Any]]:
    reached = [sum(furthest[i:]) for i in range(len(STAGES))]
    return [
        {
            "stage": name,
            "reached": reached[i],
            "conversion_from_previous": _rate(reached[i], reached[i - 1] if i else reached[0]),
            "conversion_from_applied": _rate(reached[i], reached[0]),
        }
        for i, name in enumerate(STAGES)
    ]


def _median_days(histogram: dict[int, int]) -> dict[str, Any]:
    """The median of a {days: count} histogram (the mean of the middle two if even)."""
    count = sum(histogram.values())
    if not count:
        return {"median": None, "count": 0}
    middle: list[int] = []
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        while len(middle) < 2 and seen > (count - 1) // 2 + len(middle):
            middle.append(days)
        if len(middle) == 2:
            break
    median = middle[0] if count % 2 else (middle[0] + middle[1]) / 2
    return {"median": float(median), "count": count}


def _rejection_stages(counts: dict[str, int]) -> dict[str, int]:
    out = {stage: counts.get(stage, 0) for stage in STAGES[:-1]}
    out.update(sorted((k, v) for k, v in counts.items() if k not in out))
    return out


def _themes(state: Analytics) -> list[dict[str, Any]]:
    # Thousands of dates over a few hundred distinct days: each written once.
    texts: dict[int, str] = {}
    rows: list[dict[str, Any]] = []
    for theme, days in state.theme_days.items():
        seen = sorted(days)
        actions = [a.day for a in state.actions if mentions(a.text, theme)]
        first_action = min(actions, default=0)
        after = sum(1 for d in seen if d > first_action) if first_action else 0
        rows.append(
            {
                "theme": theme,
                "count": len(seen),
                "dates": [texts.get(d) or texts.setdefault(d, _day(d)) for d in seen],
                "first_seen": iso(seen[0]),
                "last_seen": iso(seen[-1]),
                "improvement_actions": len(actions),
                "first_improvement": iso(first_action),
                "after_improvement": after,
                "recurs_after_improvement": (after > 0) if first_action else None,
            }
        )
    rows.sort(key=lambda r: (-r["count"], r["theme"]))
    return rows


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _outreach(
    counts: Counter[int], today: int, cal: Calendar, target: tuple[int, int]
) -> dict[str, Any]:
    totals = window(counts, today, cal, target[0])
    last = latest(counts, today)
    return {
        "target_min": target[0],
        "target_max": target[1],
        "today": counts.get(today, 0),
        "today_is_work_day": cal.is_work_day(today),
        "window_days": WINDOW_DAYS,
        "work_days": totals["work_days"],
        "total": totals["total"],
        "per_work_day": round(totals["total"] / totals["work_days"], 2)
        if totals["work_days"]
        else None,
        "days_met_min": totals["days_met_min"],
        "streak": streak(counts, today, cal, target[0]),
        "last_outreach": iso(last),
    }


def _chores(state: Analytics, group: str) -> dict[str, Any]:
    counts = state.chores.get(group) or Chores()
    due = counts.scheduled - counts.cancelled
    return {
        "scheduled": counts.scheduled,
        "done": counts.done,
        "cancelled": counts.cancelled,
        "open": counts.scheduled - counts.done - counts.cancelled,
        "rate": _rate(counts.done, due),
    }
