"""Parse ``.ics`` calendar files into interview invites.

An interview invitation usually arrives as a calendar event; this turns each
VEVENT into an :class:`Invite` with the time resolved the way the sender meant
it: a ``TZID`` with its VTIMEZONE (Outlook's Windows zone names included), UTC
``Z`` times, floating local times and all-day dates. Floating times and dates
are returned as they are, flagged, rather than given a zone the sender never
stated. The company, role and interview round are guesses from the event title
and the organiser's domain, using the same recognisers as the mail classifier.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import icalendar
import msgspec
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from .domains import company_from_domain, registrable_domain
from .errors import InboxParseError
from .extract import parse_subject, split_title

__all__ = ["MAX_BYTES", "Attendee", "InboxParseError", "Invite", "parse_invite"]

MAX_BYTES = 2 * 1024 * 1024


class Attendee(msgspec.Struct, frozen=True, kw_only=True):
    """One invited person as the calendar names them."""

    name: str | None = None
    email: str | None = None
    status: str | None = None


class Invite(msgspec.Struct, frozen=True, kw_only=True):
    """One calendar event, read as an interview slot.

    ``start``/``end`` are aware datetimes, except: a floating local time is a
    naive datetime with ``floating=True``, and an all-day event has ``date``
    values with ``all_day=True``. ``timezone`` is the IANA name when known
    (Windows names such as "W. Europe Standard Time" are translated), else
    the TZID as written, "UTC" for ``Z`` times, None for floating and dates.
    ``cancelled`` is True for ``METHOD:CANCEL`` or ``STATUS:CANCELLED``.
    ``round`` is the interview round named in the title; a final round has
    ``final=True`` and ``round=None`` because its number is rarely stated.
    """

    uid: str | None = None
    summary: str = ""
    start: datetime | date | None = None
    end: datetime | date | None = None
    all_day: bool = False
    floating: bool = False
    timezone: str | None = None
    organizer_name: str | None = None
    organizer_email: str | None = None
    attendees: list[Attendee] = []
    location: str | None = None
    description: str | None = None
    method: str | None = None
    status: str | None = None
    cancelled: bool = False
    sequence: int = 0
    company: str | None = None
    role: str | None = None
    round: int | None = None
    final: bool = False


# Ordinal words for each round number, in the five supported languages.
_ORDINAL_WORDS = (
    "first 1st one erste ersten premier premiere première primera eerste",
    "second 2nd two zweite zweiten deuxième deuxieme seconde segunda tweede",
    "third 3rd three dritte dritten troisième troisieme tercera derde",
    "fourth 4th four vierte quatrième cuarta vierde",
    "fifth 5th five fünfte cinquième quinta vijfde",
)
_ORDINALS = {w: n for n, words in enumerate(_ORDINAL_WORDS, start=1) for w in words.split()}
_ORD = "|".join(sorted(map(re.escape, _ORDINALS), key=len, reverse=True))
_FINAL = re.compile(
    r"\b(?:final|last)[ -](?:round|interview|stage)|\bfinal(?:runde|gespräch)\b"
    r"|\bletzte[ns]? runde\b|"
    r"\b(?:dernier|final) (?:entretien|tour)\b|\b(?:ronda|entrevista) final\b"
    r"|\blaatste (?:ronde|gesprek)\b"
    r"|\bfinal\b",
    re.IGNORECASE,
)
_ROUND_PATTERNS = (
    re.compile(r"\b(?:round|runde|ronde|ronda|tour)\s*#?\s*(\d{1,2})\b", re.IGNORECASE),
    re.compile(
        r"\b(\d{1,2})\s*(?:st|nd|rd|th|\.|e|ème|a|º|de|ste)?[ -](?:round|runde|ronde|tour)\b", re.I
    ),
    re.compile(
        rf"\b({_ORD})[ -](?:round|runde|ronde|ronda|tour|interview|gespräch|entretien|gesprek)\b",
        re.I,
    ),
    re.compile(rf"\b(?:round|ronda)[ -]({_ORD})\b", re.IGNORECASE),
)
_NOISE_HOSTS = frozenset({"calendly.com", "google.com", "zoom.us", "goodtime.io", "microsoft.com"})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return None
    text = str(value).strip()
    return text or None


def _address(value: Any) -> tuple[str | None, str | None]:
    """(common name, email) of an ORGANIZER/ATTENDEE value such as ``mailto:a@b``."""
    if value is None:
        return None, None
    raw = str(value).strip()
    address = (raw[7:] if raw.lower().startswith("mailto:") else raw).strip().lower()
    email = address if "@" in address else None
    params = getattr(value, "params", {}) or {}
    name = params.get("CN")
    return (str(name).strip().strip('"') or None) if name else None, email


def _zone_name(value: datetime, tzid: str | None) -> str | None:
    if value.tzinfo is None:
        return None
    if tzid:
        return WINDOWS_TO_OLSON.get(tzid, tzid)
    key = getattr(value.tzinfo, "key", None)
    if key:
        return str(key)
    # No TZID and no zone key: a "Z" time, whatever tzinfo class icalendar chose for it.
    return "UTC" if value.utcoffset() is not None and not value.utcoffset() else str(value.tzinfo)


def _moment(prop: Any, field: str) -> tuple[datetime | date | None, str | None]:
    """A DTSTART/DTEND value and its zone name; a broken value is an error, not a None."""
    if prop is None:
        return None, None
    if isinstance(prop, list):
        prop = prop[0] if prop else None
        if prop is None:
            return None, None
    try:
        value = getattr(prop, "dt", None)
    except Exception:  # icalendar's vBroken raises on access to an unparsable value
        value = None
    if value is None:
        raise InboxParseError(f"{field} {str(prop)[:40]!r} is not a date or date-time")
    if isinstance(value, datetime):
        tzid = (getattr(prop, "params", {}) or {}).get("TZID")
        return value, _zone_name(value, str(tzid) if tzid else None)
    if isinstance(value, date):
        return value, None
    raise InboxParseError(f"{field} has an unsupported value type {type(value).__name__}")


def _round(summary: str) -> tuple[int | None, bool]:
    if _FINAL.search(summary):
        return None, True
    for pattern in _ROUND_PATTERNS:
        m = pattern.search(summary)
        if m:
            token = m.group(1).lower()
            number = int(token) if token.isdigit() else _ORDINALS.get(token)
            if number:
                return number, False
    return None, False


def _guess(
    summary: str, organizer_email: str | None, people: set[str]
) -> tuple[str | None, str | None]:
    """(company, role) from a title like "Interview: Acme - Data Engineer" or "Acme x Jane".

    Each fragment of the title is read on its own, and a "company" that is the
    name of an attendee ("Jane Doe x Acme") is skipped; the organiser's domain
    is the fallback for the company.
    """
    company, role = None, None
    for piece in split_title(summary):
        found_company, found_role = parse_subject(piece)
        if company is None and found_company and found_company.casefold() not in people:
            company = found_company
        role = role or found_role
    if company is None and organizer_email and "@" in organizer_email:
        domain = registrable_domain(organizer_email.rpartition("@")[2])
        if domain not in _NOISE_HOSTS:
            company = company_from_domain(domain)
    return company, role


def _event(component: Any, method: str | None) -> Invite:
    start, start_zone = _moment(component.get("DTSTART"), "DTSTART")
    end, end_zone = _moment(component.get("DTEND"), "DTEND")
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    floating = isinstance(start, datetime) and start.tzinfo is None
    summary = _text(component.get("SUMMARY")) or ""
    organizer_name, organizer_email = _address(component.get("ORGANIZER"))
    raw_attendees = component.get("ATTENDEE") or []
    if not isinstance(raw_attendees, list):
        raw_attendees = [raw_attendees]
    attendees = []
    for value in raw_attendees:
        name, email = _address(value)
        status = (getattr(value, "params", {}) or {}).get("PARTSTAT")
        attendees.append(Attendee(name=name, email=email, status=str(status) if status else None))
    status = (_text(component.get("STATUS")) or "").upper() or None
    people = {a.name.casefold() for a in attendees if a.name}
    if organizer_name:
        people.add(organizer_name.casefold())
    company, role = _guess(summary[:300], organizer_email, people)
    number, final = _round(summary[:300])
    try:
        sequence = int(str(component.get("SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    return Invite(
        uid=_text(component.get("UID")),
        summary=summary,
        start=start,
        end=end,
        all_day=all_day,
        floating=floating,
        timezone=start_zone or end_zone,
        organizer_name=organizer_name,
        organizer_email=organizer_email,
        attendees=attendees,
        location=_text(component.get("LOCATION")),
        description=_text(component.get("DESCRIPTION")),
        method=method,
        status=status,
        cancelled=method == "CANCEL" or status == "CANCELLED",
        sequence=sequence,
        company=company,
        role=role,
        round=number,
        final=final,
    )


def parse_invite(data: bytes) -> list[Invite]:
    """Every VEVENT in ``data`` as an :class:`Invite`; :class:`InboxParseError` for"
    " non-calendars."""
    if len(data) > MAX_BYTES:
        raise InboxParseError(f"calendar is {len(data)} bytes, over the {MAX_BYTES} byte limit")
    if not data.strip():
        raise InboxParseError("empty file")
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:"):
        raise InboxParseError("not a calendar: does not start with BEGIN:VCALENDAR")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError and others on malformed input
        raise InboxParseError(f"not a calendar: {str(exc).splitlines()[0][:120]}") from exc
    try:
        method = (_text(calendar.get("METHOD")) or "").upper() or None
        events = [_event(c, method) for c in calendar.walk("VEVENT")]
    except InboxParseError:
        raise
    except Exception as exc:  # a malformed property deep inside an event
        raise InboxParseError(f"unreadable calendar: {type(exc).__name__}") from exc
    if not events:
        raise InboxParseError("calendar contains no events")
    return events
