"""Reading the outreach target and the days off out of a ``plan.updated`` event.

The plan's schema belongs to the plan plugin, so these readers accept the
shapes such an event plausibly has (separate ``min``/``max`` fields, a
``"2-4"`` text, a pair, a nested struct) and return None for "this update
does not touch it"; a plan update that only changes the must-haves leaves the
target as it was.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .model import day_of

_PAIRS = (
    ("target_min", "target_max"),
    ("outreach_min", "outreach_max"),
    ("min_per_workday", "max_per_workday"),
    ("target_per_workday_min", "target_per_workday_max"),
)
_SINGLE = ("target_per_workday", "outreach_target", "target")
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}


def outreach_target(data: Any, current: tuple[int, int]) -> tuple[int, int] | None:
    """The new ``(min, max)`` outreach per work day if this plan update changes it.

    A bound the update leaves out (None) keeps its ``current`` value.
    """
    for low_name, high_name in _PAIRS:
        low, high = getattr(data, low_name, None), getattr(data, high_name, None)
        low = low if isinstance(low, int) and not isinstance(low, bool) else None
        high = high if isinstance(high, int) and not isinstance(high, bool) else None
        if low is not None or high is not None:
            return _ordered(
                current[0] if low is None else low, current[1] if high is None else high
            )
    for name in _SINGLE:
        parsed = _pair(getattr(data, name, None))
        if parsed is not None:
            return parsed
    return None


def _pair(value: Any) -> tuple[int, int] | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _ordered(value, value)
    if isinstance(value, str):
        numbers = [int(n) for n in re.findall(r"\d+", value)]
        return _ordered(numbers[0], numbers[-1]) if numbers else None
    if isinstance(value, list | tuple) and value and all(isinstance(v, int) for v in value):
        return _ordered(value[0], value[-1])
    low, high = getattr(value, "min", None), getattr(value, "max", None)
    if isinstance(low, int) and isinstance(high, int):
        return _ordered(low, high)
    return None


def _ordered(low: int, high: int) -> tuple[int, int] | None:
    if low < 0 or high < 0:
        return None
    return (min(low, high), max(low, high))


def days_off(data: Any) -> tuple[list[int], list[int]] | None:
    """``(weekdays, day ordinals)`` off work if this plan update sets them.

    Weekdays are 0 = Monday … 6 = Sunday (names or numbers); days are dates.
    """
    value = getattr(data, "days_off", None)
    if value is None:
        return None
    items = value if isinstance(value, list | tuple | set | frozenset) else [value]
    weekdays: set[int] = set()
    days: set[int] = set()
    for item in items:
        if isinstance(item, bool):
            continue
        if isinstance(item, int) and 0 <= item <= 6:
            weekdays.add(item)
        elif isinstance(item, date):
            days.add(day_of(item))
        elif isinstance(item, str):
            text = item.strip().lower()
            if text in _WEEKDAYS:
                weekdays.add(_WEEKDAYS[text])
            elif day_of(text):
                days.add(day_of(text))
    return sorted(weekdays), sorted(days)
