"""Reminders as an RFC 5545 calendar that any calendar app can subscribe to.

Every export of the same reminders describes the same events: a reminder's
UID is ``<reminder id>@runnerup`` and its SEQUENCE is the reminder's revision
count, so re-importing an export after a snooze updates the event in place
instead of adding a copy. Times are written in the user's zone with a
VTIMEZONE, so the event stays at 09:00 local across a DST change.

Per reminder:

- timed (``due`` is a datetime): DTSTART/DTEND 30 minutes long in ``tz`` (a
  naive ``due`` is taken as local time in ``tz``), an alarm 15 minutes before;
- all-day (``due`` is a date): DTSTART;VALUE=DATE and the next day as DTEND,
  an alarm at 09:00 on the day (``TRIGGER:PT9H`` from midnight);
- TRANSP:TRANSPARENT, because a reminder does not make the user busy;
- done reminders are left out unless ``include_done=True``; then they carry
  no alarm and their summary starts with "Done: ".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

__all__ = ["ReminderItem", "export_calendar"]

DEFAULT_PRODID = "-//runnerup//runnerup//EN"
TIMED_LENGTH = timedelta(minutes=30)
TIMED_ALARM = timedelta(minutes=-15)
ALL_DAY_ALARM = timedelta(hours=9)


class ReminderItem(msgspec.Struct, frozen=True, kw_only=True):
    """A reminder as the calendar sees it.

    ``due`` is a date for an all-day reminder or a datetime for a timed one.
    (msgspec cannot decode a ``date | datetime`` union, so build these in
    code from the reminders projection rather than decoding them.)
    """

    id: str
    title: str
    due: date | datetime
    notes: str = ""
    category: str = ""
    revision: int = 0
    done: bool = False


def _text(value: str) -> str:
    """Drop control characters, which RFC 5545 TEXT forbids (newlines and tabs stay).

    Calendar apps differ in how they cope with a stray NUL or form feed
    copied from an email; some drop the whole feed.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    # Lone surrogates (from a broken decode upstream) cannot be written as UTF-8.
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz!r}") from exc


def _start(item: ReminderItem, zone: ZoneInfo) -> datetime | date:
    if not isinstance(item.due, datetime):
        return item.due
    # iCalendar times have whole seconds; dropping the rest here keeps the
    # sort order and the written value in agreement.
    due = item.due.replace(microsecond=0)
    return due.replace(tzinfo=zone) if due.utcoffset() is None else due.astimezone(zone)


def _sort_key(item: ReminderItem, zone: ZoneInfo) -> tuple[datetime, str]:
    start = _start(item, zone)
    moment = start if isinstance(start, datetime) else datetime.combine(start, time(), zone)
    return moment.astimezone(UTC), item.id


def _event(item: ReminderItem, zone: ZoneInfo, stamp: datetime) -> Any:
    from icalendar import Alarm, Event

    start = _start(item, zone)
    timed = isinstance(start, datetime)
    event = Event()
    event.add("uid", f"{_text(item.id)}@runnerup")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + (TIMED_LENGTH if timed else timedelta(days=1)))
    title = _text(item.title)
    event.add("summary", f"Done: {title}" if item.done else title)
    if item.notes:
        event.add("description", _text(item.notes))
    if item.category:
        event.add("categories", [_text(item.category)])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("sequence", item.revision)
    if not item.done:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title or "Reminder")
        alarm.add("trigger", TIMED_ALARM if timed else ALL_DAY_ALARM)
        event.add_component(alarm)
    return event


def export_calendar(
    reminders: Iterable[ReminderItem],
    *,
    tz: str,
    now: datetime,
    prodid: str = DEFAULT_PRODID,
    include_done: bool = False,
    name: str = "runnerup",
) -> bytes:
    """Render reminders as an iCalendar (``.ics``) document.

    :param tz: an IANA zone name (``"Europe/Berlin"``) for times and the VTIMEZONE.
    :param now: the export time (aware), written as every event's DTSTAMP in UTC.
    :param include_done: also export reminders already done.
    :param name: the calendar's display name (X-WR-CALNAME).
    :returns: the document, CRLF line ends, events ordered by due time then id.
    :raises ValueError: for an unknown zone, a naive ``now`` or two reminders
        with the same id.
    """
    zone = _zone(tz)
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    stamp = now.astimezone(UTC)
    items = [r for r in reminders if include_done or not r.done]
    seen: set[str] = set()
    for item in items:
        uid = _text(item.id)
        if uid in seen:
            raise ValueError(f"two reminders share the id {item.id!r}; UIDs must be unique")
        seen.add(uid)
    items.sort(key=lambda item: _sort_key(item, zone))

    # imported here: every command loads this plugin, only export needs icalendar
    from icalendar import Calendar, Timezone

    cal = Calendar()
    cal.add("prodid", _text(prodid))
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(name))
    cal.add("x-wr-timezone", tz)
    # The VTIMEZONE only has to cover the events; a narrow range keeps it short.
    days = [stamp.date()] + [_sort_key(item, zone)[0].date() for item in items]
    first = date(max(min(days).year - 1, 1), 1, 1)
    last = date(min(max(days).year + 2, 9999), 1, 1)
    cal.add_component(Timezone.from_tzid(tz, first_date=first, last_date=last))
    for item in items:
        cal.add_component(_event(item, zone, stamp))
    return cal.to_ical()
