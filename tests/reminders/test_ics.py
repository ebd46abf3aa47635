"""Calendar export: valid RFC 5545, stable UIDs, DST-correct local times."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Component, Event, Timezone
from runnerup.plugins.reminders.ics import ReminderItem, export_calendar

UTC = UTC
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

REMINDERS = [
    ReminderItem(
        id="r-thanks",
        title="Send the thank-you note to Dana",
        due=datetime(2026, 3, 30, 9, 0),
        notes="Northwind Logistics, Senior Data Engineer\nDraft: thank_you",
        category="thank-you",
        revision=2,
    ),
    ReminderItem(
        id="r-keep-in-touch",
        title="Keep in touch with Northwind",
        due=date(2026, 4, 20),
        notes="",
        category="keep-in-touch",
    ),
    ReminderItem(
        id="r-done",
        title="Re-read the feedback",
        due=date(2026, 3, 2),
        notes="",
        category="feedback",
        done=True,
    ),
]


def parse(data: bytes) -> Calendar:
    cal = Calendar.from_ical(data)
    assert isinstance(cal, Calendar)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    return cal


def export(items: list[ReminderItem] = REMINDERS, **kwargs: object) -> Calendar:
    options: dict[str, object] = {"tz": "Europe/Berlin", "now": NOW} | kwargs
    return parse(export_calendar(items, **options))


def events(cal: Calendar) -> dict[str, Event]:
    return {str(e["UID"]): e for e in cal.events}


def assert_has(component: Component, *names: str) -> None:
    missing = [n for n in names if n not in component]
    assert not missing, f"{component.name} lacks {missing}"


def test_calendar_properties() -> None:
    cal = export()
    assert_has(cal, "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME")
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//runnerup//runnerup//EN"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "runnerup"
    custom = export(prodid="-//me//my tracker//EN", name="Job search")
    assert str(custom["PRODID"]) == "-//me//my tracker//EN"
    assert str(custom["X-WR-CALNAME"]) == "Job search"


def test_every_event_has_the_required_properties() -> None:
    for event in export().walk("VEVENT"):
        assert_has(event, "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "SEQUENCE")
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event.decoded("DTSTAMP") == NOW
        [alarm] = event.walk("VALARM")
        assert_has(alarm, "ACTION", "TRIGGER", "DESCRIPTION")
        assert str(alarm["ACTION"]) == "DISPLAY"


def test_timed_reminder() -> None:
    event = events(export())["r-thanks@runnerup"]
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 3, 30, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "Send the thank-you note to Dana"
    assert str(event["DESCRIPTION"]) == REMINDERS[0].notes
    assert event.categories == ["thank-you"]
    assert event.decoded("SEQUENCE") == 2
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(minutes=-15)


def test_all_day_reminder() -> None:
    event = events(export())["r-keep-in-touch@runnerup"]
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == date(2026, 4, 20)
    assert event.decoded("DTEND") == date(2026, 4, 21)
    assert "DESCRIPTION" not in event  # empty notes are left out
    assert event.decoded("SEQUENCE") == 0
    assert event.walk("VALARM")[0].decoded("TRIGGER") == timedelta(hours=9)


def test_done_reminders_are_skipped_unless_asked_for() -> None:
    assert "r-done@runnerup" not in events(export())
    done = events(export(include_done=True))["r-done@runnerup"]
    assert str(done["SUMMARY"]) == "Done: Re-read the feedback"
    assert done.walk("VALARM") == []


def test_uids_are_stable_across_exports() -> None:
    first = export_calendar(REMINDERS, tz="Europe/Berlin", now=NOW)
    later = NOW + timedelta(days=3)
    second = export_calendar(list(reversed(REMINDERS)), tz="Europe/Berlin", now=later)
    assert list(events(parse(first))) == list(events(parse(second)))
    assert list(events(parse(first))) == ["r-thanks@runnerup", "r-keep-in-touch@runnerup"]
    # Nothing but the stamp changes, so a subscribed calendar sees no churn.
    stamp = b"DTSTAMP:20260301T120000Z"
    assert second.replace(b"DTSTAMP:20260304T120000Z", stamp) == first


def test_a_snooze_bumps_the_sequence_and_keeps_the_uid() -> None:
    snoozed = ReminderItem(
        id="r-thanks", title="Send the thank-you note to Dana", due=date(2026, 4, 2), revision=3
    )
    event = events(export([snoozed]))["r-thanks@runnerup"]
    assert event.decoded("SEQUENCE") == 3
    assert event.decoded("DTSTART") == date(2026, 4, 2)


def test_vtimezone_is_present_and_matches() -> None:
    cal = export()
    [vtimezone] = cal.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert {c.name for c in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    for event in cal.walk("VEVENT"):
        start = event["DTSTART"]
        if isinstance(event.decoded("DTSTART"), datetime):
            assert start.params["TZID"] == vtimezone["TZID"]
    assert cal.get_missing_tzids() == set()


def offsets_by_vtimezone(cal: Calendar, wall: datetime) -> timedelta:
    """The UTC offset of a wall time, computed from the VTIMEZONE alone, not zoneinfo."""
    [vtimezone] = cal.walk("VTIMEZONE")
    assert isinstance(vtimezone, Timezone)
    offset = wall.replace(tzinfo=vtimezone.to_tz()).utcoffset()
    assert offset is not None
    return offset


@pytest.mark.parametrize(
    ("tz", "wall", "utc"),
    [
        # Berlin: CET until 29 March 2026, CEST until 25 October.
        ("Europe/Berlin", datetime(2026, 3, 27, 9), datetime(2026, 3, 27, 8)),
        ("Europe/Berlin", datetime(2026, 3, 30, 9), datetime(2026, 3, 30, 7)),
        ("Europe/Berlin", datetime(2026, 10, 26, 9), datetime(2026, 10, 26, 8)),
        # New York: EST until 8 March 2026, EDT until 1 November.
        ("America/New_York", datetime(2026, 3, 6, 9), datetime(2026, 3, 6, 14)),
        ("America/New_York", datetime(2026, 3, 9, 9), datetime(2026, 3, 9, 13)),
        ("America/New_York", datetime(2026, 11, 2, 9), datetime(2026, 11, 2, 14)),
    ],
)
def test_local_times_are_dst_correct(tz: str, wall: datetime, utc: datetime) -> None:
    item = ReminderItem(id="r", title="Check in", due=wall)
    cal = export([item], tz=tz)
    event = cal.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == wall  # written as local wall time
    assert start.astimezone(UTC) == utc.replace(tzinfo=UTC)
    assert wall - offsets_by_vtimezone(cal, wall) == utc
    assert event["DTSTART"].to_ical() == wall.strftime("%Y%m%dT%H%M%S").encode()


def test_aware_due_times_are_shown_in_the_zone() -> None:
    item = ReminderItem(id="r", title="Call", due=datetime(2026, 7, 1, 7, 0, tzinfo=UTC))
    start = export([item], tz="America/New_York").walk("VEVENT")[0].decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime(2026, 7, 1, 3, 0)
    assert start.astimezone(UTC) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_events_are_ordered_by_due_time_then_id() -> None:
    items = [
        ReminderItem(id="b", title="b", due=date(2026, 5, 1)),
        ReminderItem(id="a", title="a", due=date(2026, 5, 1)),
        ReminderItem(id="c", title="c", due=datetime(2026, 4, 1, 8, 0)),
    ]
    assert list(events(export(items))) == ["c@runnerup", "a@runnerup", "b@runnerup"]


def test_an_empty_export_is_still_a_valid_calendar() -> None:
    cal = export([])
    assert cal.walk("VEVENT") == [] and len(cal.walk("VTIMEZONE")) == 1


def test_bytes_are_crlf_and_folded() -> None:
    item = ReminderItem(id="r", title="x" * 200, due=date(2026, 5, 1))
    data = export_calendar([item], tz="Europe/Berlin", now=NOW)
    lines = data.split(b"\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in lines)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tz": "Mars/Olympus_Mons"}, "unknown time zone 'Mars/Olympus_Mons'"),
        ({"tz": "../../etc/passwd"}, "unknown time zone"),
        ({"now": datetime(2026, 3, 1, 12)}, "timezone-aware"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    options: dict[str, object] = {"tz": "Europe/Berlin", "now": NOW} | kwargs
    with pytest.raises(ValueError, match=message):
        export_calendar(REMINDERS, **options)


def test_duplicate_ids_are_refused() -> None:
    twice = [REMINDERS[0], REMINDERS[0]]
    with pytest.raises(ValueError, match="share the id 'r-thanks'"):
        export_calendar(twice, tz="Europe/Berlin", now=NOW)


def test_control_characters_are_dropped() -> None:
    item = ReminderItem(id="r", title="Call\x00 Dana\x0c", due=date(2026, 5, 1), notes="a\r\nb")
    event = export([item]).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Call Dana"
    assert str(event["DESCRIPTION"]) == "a\nb"


@given(
    title=st.text(max_size=120),
    notes=st.text(max_size=200),
    category=st.text(alphabet=st.characters(blacklist_characters=","), max_size=30),
    tz=st.sampled_from(["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"]),
    due=st.one_of(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2060, 1, 1)),
    ),
)
def test_any_text_survives_a_round_trip(
    title: str, notes: str, category: str, tz: str, due: date | datetime
) -> None:
    item = ReminderItem(id="r-1", title=title, due=due, notes=notes, category=category)
    event = export([item], tz=tz).events[0]

    def expected(text: str) -> str:  # RFC 5545 TEXT: no control characters, no lone surrogates
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(
            ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
        )

    assert str(event["SUMMARY"]) == expected(title)
    assert str(event.get("DESCRIPTION", "")) == expected(notes)
    if category:
        assert event.categories == [expected(category)]
    start = event.decoded("DTSTART")
    if isinstance(due, datetime):
        assert start.replace(tzinfo=None) == due.replace(microsecond=0)  # wall time as given
    else:
        assert start == due
