"""Work days and the outreach target: window totals, the streak, weekly series.

Days are local-day ordinals (``date.toordinal()``). A work day is a Monday
to Friday that is not one of the plan's days off (weekdays or dates).
Outreach done on a day off still counts in totals; the day itself never
counts as a work day, so it neither extends nor breaks a streak.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import msgspec

#: Outreach is judged over this many calendar days, ending today.
WINDOW_DAYS = 28
#: The weekly series (HTML chart, JSON) covers this many weeks, ending this week.
WEEKS = 8
# A streak never looks back further than this (ten years of work days).
_MAX_STREAK_DAYS = 3660


class Calendar(msgspec.Struct, frozen=True):
    """Which days are work days."""

    off_weekdays: frozenset[int] = frozenset()
    off_days: frozenset[int] = frozenset()

    def is_work_day(self, day: int) -> bool:
        weekday = (day - 1) % 7  # ordinal 1 (0001-01-01) was a Monday
        return weekday < 5 and weekday not in self.off_weekdays and day not in self.off_days

    def work_days(self, first: int, last: int) -> int:
        return sum(1 for d in range(first, last + 1) if self.is_work_day(d))


def latest(days: Iterable[int], today: int) -> int:
    """The latest of ``days`` up to today (0 if none); usually the latest of all."""
    days = list(days)
    last = max(days, default=0)
    return last if last <= today else max((d for d in days if d <= today), default=0)


def window(counts: Mapping[int, int], today: int, cal: Calendar, minimum: int) -> dict[str, int]:
    """Totals over the last :data:`WINDOW_DAYS` days, today included."""
    first = today - WINDOW_DAYS + 1
    total = sum(counts.get(d, 0) for d in range(first, today + 1))
    work = [d for d in range(first, today + 1) if cal.is_work_day(d)]
    met = sum(1 for d in work if counts.get(d, 0) >= minimum)
    return {"total": total, "work_days": len(work), "days_met_min": met}


def streak(counts: Mapping[int, int], today: int, cal: Calendar, minimum: int) -> int:
    """Consecutive work days meeting ``minimum``, counting back from today.

    Today counts once it meets the minimum; until then it is still in
    progress and the streak is the one that ended yesterday.
    """
    if minimum <= 0:
        return 0
    earliest = min(counts, default=today + 1)  # counts hold no zeros
    run = 0
    day = today
    if cal.is_work_day(today) and counts.get(today, 0) < minimum:
        day -= 1
    while day >= earliest and today - day < _MAX_STREAK_DAYS:
        if cal.is_work_day(day):
            if counts.get(day, 0) < minimum:
                break
            run += 1
        day -= 1
    return run


def weekly(
    outreach: Mapping[int, int],
    applications: Mapping[int, int],
    today: int,
    cal: Calendar,
    target: tuple[int, int],
) -> list[dict[str, object]]:
    """One row per week (Monday first) for the last :data:`WEEKS` weeks.

    The current week counts work days up to today, so its target is what
    should have been done by now, not by Friday.
    """
    monday = today - (today - 1) % 7
    rows: list[dict[str, object]] = []
    for start in range(monday - 7 * (WEEKS - 1), monday + 1, 7):
        end = min(start + 6, today)
        work = cal.work_days(start, end)
        rows.append(
            {
                "week": date.fromordinal(start).isoformat(),
                "outreach": sum(outreach.get(d, 0) for d in range(start, end + 1)),
                "applications": sum(applications.get(d, 0) for d in range(start, end + 1)),
                "work_days": work,
                "target_min": work * target[0],
                "target_max": work * target[1],
            }
        )
    return rows
