"""parse_invite: time zones, all-day and floating events, cancellations and guesses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup.plugins.inbox.invites import (
    MAX_BYTES,
    Attendee,
    InboxParseError,
    Invite,
    _round,
    parse_invite,
)

CORPUS = Path(__file__).parent / "corpus"


def load(name: str) -> list[Invite]:
    return parse_invite((CORPUS / name).read_bytes())


def test_outlook_windows_zone_with_vtimezone() -> None:
    [invite] = load("invite-outlook-vtimezone-acme.ics")
    assert isinstance(invite.start, datetime) and isinstance(invite.end, datetime)
    assert invite.start.utcoffset() == timedelta(hours=2)  # CEST in June
    assert invite.start.astimezone(UTC) == datetime(2024, 6, 12, 12, 0, tzinfo=UTC)
    assert invite.end - invite.start == timedelta(hours=1)
    assert invite.timezone == "Europe/Berlin"
    assert (invite.all_day, invite.floating, invite.cancelled) == (False, False, False)
    assert invite.method == "REQUEST" and invite.status == "CONFIRMED"
    assert (invite.company, invite.role, invite.round, invite.final) == (
        "Acme Corp",
        "Data Engineer",
        2,
        False,
    )
    assert (invite.organizer_name, invite.organizer_email) == (
        "Priya Shah",
        "priya.shah@acmecorp.com",
    )
    assert invite.attendees == [
        Attendee(name="Jane Doe", email="jane.doe@example.org", status="NEEDS-ACTION"),
        Attendee(name="Tom Becker", email="tom.becker@acmecorp.com", status="ACCEPTED"),
    ]
    assert invite.description is not None and invite.description.startswith("Hi Jane, looking")
    assert invite.location == "Microsoft Teams Meeting"


def test_google_utc_event_and_attendee_name_is_not_the_company() -> None:
    [invite] = load("invite-google-utc-orbital.ics")
    assert invite.start == datetime(2024, 7, 9, 8, 0, tzinfo=UTC)
    assert invite.timezone == "UTC"
    assert invite.company == "Orbital Freight"
    assert invite.role == "Data Engineer"
    assert invite.round == 2
    assert invite.uid == "7kq3lqv1o0c2m8e1rj9a3b2d4f@google.com"


def test_all_day_final_round() -> None:
    [invite] = load("invite-allday-final-tidepool.ics")
    assert invite.start == date(2024, 7, 2) and not isinstance(invite.start, datetime)
    assert invite.end == date(2024, 7, 3)
    assert invite.all_day and not invite.floating
    assert invite.timezone is None
    assert (invite.round, invite.final) == (None, True)
    assert (invite.company, invite.role) == ("Tidepool", "Platform Engineer")
    assert invite.location == "Tidepool HQ, Torstraße 140, 10119 Berlin"
    assert invite.method == "PUBLISH"


def test_cancellation() -> None:
    [invite] = load("invite-cancel-brightwave.ics")
    assert invite.cancelled
    assert (invite.method, invite.status, invite.sequence) == ("CANCEL", "CANCELLED", 2)
    assert (invite.company, invite.role) == ("Brightwave", "Site Reliability Engineer")


def test_floating_time_and_several_events() -> None:
    first, second = load("invite-floating-two-events-hofmann.ics")
    assert first.start == datetime(2024, 7, 15, 10, 0)  # naive on purpose
    assert first.floating and not first.all_day and first.timezone is None
    assert first.round == 1
    assert first.role == "Backend-Entwickler"
    assert first.company == "Hofmann Software"  # from the organiser's domain
    assert isinstance(second.start, datetime) and second.start.tzinfo is not None
    assert second.timezone == "Europe/Berlin"
    assert (second.company, second.round) == ("Hofmann Software GmbH", 2)


def test_invite_encodes_to_json() -> None:
    for path in CORPUS.glob("*.ics"):
        for invite in parse_invite(path.read_bytes()):
            assert msgspec.json.decode(msgspec.json.encode(invite))["summary"] == invite.summary


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Round 3 \u2013 Acme", (3, False)),
        ("Acme 2nd round", (2, False)),
        ("Second interview with Acme", (2, False)),
        ("Final round: Acme", (None, True)),
        ("Acme \u2013 final interview", (None, True)),
        ("Zweite Runde bei Acme", (2, False)),
        ("Vorstellungsgespräch \u2013 1. Runde", (1, False)),
        ("Deuxième entretien", (2, False)),
        ("Segunda ronda", (2, False)),
        ("Tweede ronde", (2, False)),
        ("Acme x Jane — technical round", (None, False)),
        ("Coffee chat", (None, False)),
    ],
)
def test_round_guess(summary: str, expected: tuple[int | None, bool]) -> None:
    assert _round(summary) == expected


def _calendar(*events: str, method: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    if method:
        lines.append(f"METHOD:{method}")
    for body in events:
        lines += ["BEGIN:VEVENT", *body.strip().splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def test_summary_guesses() -> None:
    data = _calendar(
        "UID:1\nDTSTART:20240801T090000Z\nSUMMARY:Interview: Acme \u2013 Data Engineer\n"
        "ORGANIZER:mailto:noreply@calendly.com",
        "UID:2\nDTSTART:20240801T090000Z\nSUMMARY:Jane Doe <> Northwind Logistics\n"
        "ATTENDEE;CN=Jane Doe:mailto:jane@example.org",
        "UID:3\nDTSTART:20240801T090000Z\nSUMMARY:Chat\nORGANIZER:mailto:dana@harbourlight.io",
        "UID:4\nDTSTART:20240801T090000Z\nSUMMARY:Chat\nORGANIZER:mailto:x@calendly.com",
    )
    guesses = [(i.company, i.role) for i in parse_invite(data)]
    assert guesses == [
        ("Acme", "Data Engineer"),
        ("Northwind Logistics", None),
        ("Harbourlight", None),
        (None, None),
    ]


def test_status_cancelled_without_method_and_missing_start() -> None:
    [invite] = parse_invite(_calendar("UID:x\nSTATUS:CANCELLED\nSUMMARY:Interview"))
    assert invite.cancelled and invite.method is None
    assert invite.start is None and invite.timezone is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"hello, this is not a calendar", "not a calendar"),
        (b"\x00\xff\xfe garbage", "not a calendar"),
        (b"BEGIN:VCALENDAR\r\nfoo\r\n", "not a calendar"),
        (_calendar(), "no events"),
        (_calendar("UID:1\nDTSTART:tomorrow-ish"), "DTSTART"),
        ((CORPUS / "rejection-polite-en-northwind.eml").read_bytes(), "not a calendar"),
    ],
)
def test_garbage_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InboxParseError, match=message) as info:
        parse_invite(data)
    assert "\n" not in str(info.value)


def test_oversized_calendar_is_refused() -> None:
    with pytest.raises(InboxParseError, match="limit"):
        parse_invite(b"BEGIN:VCALENDAR\n" + b"X" * MAX_BYTES)


_FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(st.binary(max_size=1500))
def test_arbitrary_bytes_parse_or_raise(data: bytes) -> None:
    try:
        result = parse_invite(data)
    except InboxParseError:
        return
    assert all(isinstance(i, Invite) for i in result)


_lines = st.sampled_from(
    [
        "DTSTART:20240801T090000Z",
        "DTSTART;VALUE=DATE:20240801",
        "DTSTART;TZID=Nowhere/Zone:20240801T0900",
        "DTEND:2024",
        "SUMMARY:Interview: Acme \u2013 Data Engineer",
        "ORGANIZER:mailto:",
        "ATTENDEE:x",
        "ATTENDEE;CN=:mailto:a@b.c",
        "SEQUENCE:abc",
        "STATUS:CANCELLED",
        "BEGIN:VALARM",
        "END:VALARM",
        "UID:",
        "METHOD:CANCEL",
        "X-FOO;BAR=1:baz",
    ]
)


@_FUZZ
@given(st.lists(st.one_of(_lines, st.text(max_size=30)), max_size=12))
def test_calendar_shaped_input_parses_or_raises(lines: list[str]) -> None:
    body = "\r\n".join(["BEGIN:VCALENDAR", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"])
    try:
        result = parse_invite(body.encode("utf-8", "surrogatepass"))
    except InboxParseError:
        return
    assert all(isinstance(i, Invite) for i in result)
