"""Reading the dates people type, and counting work days.

Public API (``runnerup.dates``):

- :func:`parse_when` reads a moment (a :class:`~datetime.datetime`, always aware).
- :func:`parse_day` reads a calendar day (a :class:`~datetime.date`).
- :func:`workdays` counts work days in a closed range; :func:`add_workdays`
  moves by a number of work days.
- :class:`DateParseError` (a :class:`ValueError`) is the only error the parsers
  raise, with a one-line message that quotes the input.

Accepted forms (case-insensitive, surrounding blanks ignored):

===========================  ==================================================
``2026-11-21``               ISO date (any form :meth:`date.fromisoformat` reads)
``2026-11-21 14:30``         ISO date-time, ``T`` or blank; with an offset
                             (``+01:00``, ``Z``) it keeps that offset, without
                             one it is in the zone (``tz``, else ``now``'s zone)
``today`` ``yesterday``      relative days
``tomorrow``
``now``                      the moment (``parse_when`` only)
``+3d`` ``-2d`` ``+2w``      days, weeks, months (``m``), years (``y``); long
``+1m`` ``+1y``              units (``+3 days``) work too; months clamp to the
                             month's last day (Jan 31 ``+1m`` is Feb 28/29)
``+4h`` ``-90h``             hours of elapsed time (``parse_when`` only)
``monday`` ``next monday``   the next such weekday, never today (``mon`` … ``sun``)
``last friday``              the previous such weekday, never today
``tomorrow 14:30``           any day form, optionally ``at``, then ``HH:MM[:SS]``;
``14:30``                    a bare time is today (``parse_when`` only)
===========================  ==================================================

What ``parse_when`` returns for each form, and why:

- Day forms (ISO dates, ``today``, weekdays, ``+3d 09:00`` …) mean the start
  of that day, or the given time on it, in the zone: a reminder "due
  tomorrow" is due from the first minute of tomorrow, as in taskwarrior.
- ``+3d``, ``+2w``, ``+1m`` alone keep the current time of day (wall clock):
  "in three days" is read as three days from now, across a DST change too.
- ``+4h`` is elapsed time: four real hours later, whatever the clocks do.
- A local time that does not exist (inside a spring-forward gap) is moved
  forward by the gap; an ambiguous one (fall-back) takes the first
  occurrence (``fold=0``), which is what a wall clock shows first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = ["DateParseError", "add_workdays", "parse_day", "parse_when", "workdays"]

_WHEN_FORMS = (
    "YYYY-MM-DD, YYYY-MM-DD HH:MM[+HH:MM], today, yesterday, tomorrow, now, "
    "+3d, -2w, +1m, +4h, monday, last friday, tomorrow 14:30"
)
_DAY_FORMS = "YYYY-MM-DD, today, yesterday, tomorrow, +3d, -2w, +1m, monday, last friday"

# Beyond this a typo is likelier than a date; it also keeps error messages short.
_MAX_INPUT = 64

# Spelled out rather than taken from calendar.day_name, which follows the locale.
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS: dict[str, int] = {}
for _index, _full in enumerate(_DAY_NAMES):
    _WEEKDAYS[_full] = _WEEKDAYS[_full[:3]] = _index
_WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})

_UNITS: dict[str, str] = {}
for _unit, _aliases in {
    "d": ("d", "day", "days"),
    "w": ("w", "wk", "wks", "week", "weeks"),
    "m": ("m", "mo", "mon", "month", "months"),
    "y": ("y", "yr", "yrs", "year", "years"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
}.items():
    for _alias in _aliases:
        _UNITS[_alias] = _unit

# re.ASCII: \d must not accept other scripts' digits, which int() would take.
_RELATIVE = re.compile(r"([+-])\s*([0-9]{1,6})\s*([a-z]+)", re.ASCII)
_WEEKDAY = re.compile(r"(?:(next|last)\s+)?([a-z]+)", re.ASCII)
_WITH_TIME = re.compile(r"(?:(.*?)\s+)?([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?", re.ASCII)


class DateParseError(ValueError):
    """The text is not a date or time that runnerup understands."""

    def __init__(self, text: str, *, day_only: bool = False, detail: str = "") -> None:
        self.text = text
        what = "a day" if day_only else "a date or time"
        forms = _DAY_FORMS if day_only else _WHEN_FORMS
        reason = f" ({detail})" if detail else ""
        super().__init__(f"cannot read {_quote(text)} as {what}{reason}; use {forms}")


def _quote(text: str) -> str:
    # repr() escapes newlines and control characters, so the message stays one line.
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def _days_in_month(year: int, month: int) -> int:
    # (calendar.monthrange would cost an import on every start of a command using dates.)
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _shift_months(d: date, months: int) -> date:
    years, month0 = divmod(d.month - 1 + months, 12)
    year = d.year + years
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    last = _days_in_month(year, month0 + 1)
    return d.replace(year=year, month=month0 + 1, day=min(d.day, last))


def _shift(d: date, sign: int, count: int, unit: str) -> date:
    if unit == "d":
        return d + timedelta(days=sign * count)
    if unit == "w":
        return d + timedelta(weeks=sign * count)
    if unit == "m":
        return _shift_months(d, sign * count)
    return _shift_months(d, sign * count * 12)  # "y": Feb 29 + 1y clamps to Feb 28


def _relative(s: str) -> tuple[int, int, str] | None:
    match = _RELATIVE.fullmatch(s)
    if match is None or match.group(3) not in _UNITS:
        return None
    sign = 1 if match.group(1) == "+" else -1
    return sign, int(match.group(2)), _UNITS[match.group(3)]


def _day(s: str, today: date, original: str) -> date | None:
    """Read a day form from normalised text; ``None`` when it is not one."""
    if s == "today":
        return today
    if s == "yesterday":
        return today - timedelta(days=1)
    if s == "tomorrow":
        return today + timedelta(days=1)
    rel = _relative(s)
    if rel is not None:
        sign, count, unit = rel
        return None if unit == "h" else _shift(today, sign, count, unit)
    weekday = _WEEKDAY.fullmatch(s)
    if weekday is not None and weekday.group(2) in _WEEKDAYS:
        target = _WEEKDAYS[weekday.group(2)]
        if weekday.group(1) == "last":
            return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    if s[:1].isdigit():
        try:
            return date.fromisoformat(original)
        except ValueError:
            return None
    return None


def _localize(naive: datetime, zone: tzinfo) -> datetime:
    """Attach ``zone`` to a wall-clock time; a time in a DST gap moves forward."""
    aware = naive.replace(tzinfo=zone, fold=0)
    # The UTC round trip resolves a non-existent wall time to a real instant.
    return aware.astimezone(UTC).astimezone(zone)


def _local_zone(now: datetime, tz: tzinfo | None) -> tzinfo:
    if tz is not None:
        return tz
    if now.tzinfo is not None and now.utcoffset() is not None:
        return now.tzinfo
    # A naive `now` is the system's local time; astimezone() knows its offset.
    zone = now.astimezone().tzinfo
    assert zone is not None
    return zone


def _guarded(text: str, *, day_only: bool, read: Callable[[], datetime | date | None]) -> object:
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if len(text) > _MAX_INPUT:
        raise DateParseError(text, day_only=day_only, detail="too long")
    try:
        result = read()
    except DateParseError:
        raise
    except OverflowError as exc:
        raise DateParseError(text, day_only=day_only, detail="out of range") from exc
    except ValueError as exc:  # fromisoformat() or an hour like 25:00
        raise DateParseError(text, day_only=day_only) from exc
    if result is None:
        raise DateParseError(text, day_only=day_only)
    return result


def parse_day(text: str, *, today: date) -> date:
    """Read a calendar day such as ``2026-11-21``, ``tomorrow``, ``+2w`` or ``last friday``.

    :param text: what the user typed.
    :param today: the day relative forms count from.
    :returns: the day.
    :raises DateParseError: for anything else, times of day included.
    """

    def read() -> date | None:
        return _day(_normalise(text), today, text.strip())

    result = _guarded(text, day_only=True, read=read)
    assert isinstance(result, date)
    return result


def parse_when(text: str, *, now: datetime, tz: tzinfo | None = None) -> datetime:
    """Read a moment such as ``now``, ``+4h``, ``tomorrow 9:00`` or ``2026-11-21 14:30``.

    :param text: what the user typed.
    :param now: the current moment; relative forms count from it.
    :param tz: the zone for forms without an offset; defaults to ``now``'s zone
        (the system's local zone when ``now`` is naive).
    :returns: an aware datetime (see the module docstring for each form).
    :raises DateParseError: when the text is not one of the accepted forms.
    """
    zone = _local_zone(now, tz)
    local_now = now.astimezone(zone) if now.utcoffset() is not None else _localize(now, zone)

    def read() -> datetime | None:
        s = _normalise(text)
        original = text.strip()
        if s == "now":
            return local_now
        rel = _relative(s)
        if rel is not None:
            sign, count, unit = rel
            if unit == "h":
                utc = local_now.astimezone(UTC) + timedelta(hours=sign * count)
                return utc.astimezone(zone)
            shifted = _shift(local_now.date(), sign, count, unit)
            return _localize(datetime.combine(shifted, local_now.time()), zone)
        day = _day(s, local_now.date(), original)
        if day is not None:
            return _localize(datetime.combine(day, time()), zone)
        timed = _WITH_TIME.fullmatch(s)
        if timed is not None:
            prefix = timed.group(1)
            # "tomorrow at 9:00" and "at 9:00": the optional "at" belongs to the time.
            if prefix is not None and (prefix == "at" or prefix.endswith(" at")):
                prefix = prefix[:-2].rstrip() or None
            today = local_now.date()
            on = today if prefix is None else _day(prefix, today, prefix)
            if on is not None:
                hh, mm, ss = timed.group(2), timed.group(3), timed.group(4) or "0"
                at = time(int(hh), int(mm), int(ss))
                return _localize(datetime.combine(on, at), zone)
        if original[:1].isdigit():
            parsed = datetime.fromisoformat(original)
            return parsed if parsed.utcoffset() is not None else _localize(parsed, zone)
        return None

    result = _guarded(text, day_only=False, read=read)
    assert isinstance(result, datetime)
    return result


# -- work days -------------------------------------------------------------------------


def _check_days_off(days_off: frozenset[int]) -> int:
    if not all(isinstance(d, int) and 0 <= d <= 6 for d in days_off):
        raise ValueError(f"days_off must be weekday numbers 0 (Monday) to 6, got {days_off}")
    return 7 - len(days_off)


def _is_workday(d: date, days_off: frozenset[int], holidays: frozenset[date]) -> bool:
    return d.weekday() not in days_off and d not in holidays


def workdays(
    start: date,
    end: date,
    days_off: frozenset[int] = frozenset({5, 6}),
    holidays: frozenset[date] = frozenset(),
) -> int:
    """Count the work days in the closed range [start, end]; 0 when end < start.

    :param days_off: weekday numbers that are never worked (0 = Monday).
    :param holidays: further days off; one falling on a day off counts once.
    """
    per_week = _check_days_off(days_off)
    if end < start:
        return 0
    span = (end - start).days + 1
    # Whole weeks contain each weekday once, so only the remainder needs a walk.
    count = (span // 7) * per_week
    tail = start + timedelta(days=(span // 7) * 7)
    while tail <= end:
        count += tail.weekday() not in days_off
        tail += timedelta(days=1)
    count -= sum(1 for h in holidays if start <= h <= end and h.weekday() not in days_off)
    return count


def add_workdays(
    d: date,
    n: int,
    days_off: frozenset[int] = frozenset({5, 6}),
    holidays: frozenset[date] = frozenset(),
) -> date:
    """Return the day ``n`` work days after ``d`` (before it when ``n`` < 0).

    ``d`` itself is not counted, so Friday + 1 is Monday and Saturday + 1 is
    Monday too; ``n == 0`` returns ``d`` unchanged, work day or not.
    Satisfies ``workdays(d + 1 day, add_workdays(d, n)) == n`` for ``n > 0``.
    """
    per_week = _check_days_off(days_off)
    if n == 0:
        return d
    if per_week == 0:
        raise ValueError("every weekday is a day off; no work day can be reached")
    step = 1 if n > 0 else -1
    remaining = abs(n)
    current = d
    while remaining:
        current += timedelta(days=step)
        remaining -= _is_workday(current, days_off, holidays)
    return current
