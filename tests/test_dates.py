"""runnerup.dates: the date forms users type, and work-day arithmetic."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from runnerup.dates import DateParseError, add_workdays, parse_day, parse_when, workdays

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC
IST = timezone(timedelta(hours=5, minutes=30))
# Friday 27 March 2026, 10:30 in Berlin; clocks go forward on Sunday the 29th.
NOW = datetime(2026, 3, 27, 10, 30, tzinfo=BERLIN)
TODAY = NOW.date()


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz)


# -- parse_when ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("today", at(2026, 3, 27)),
        ("yesterday", at(2026, 3, 26)),
        ("tomorrow", at(2026, 3, 28)),
        ("  TOMORROW  ", at(2026, 3, 28)),
        ("+3d", at(2026, 3, 30, 10, 30)),  # wall clock kept across the DST change
        ("-2d", at(2026, 3, 25, 10, 30)),
        ("+2w", at(2026, 4, 10, 10, 30)),
        ("+1m", at(2026, 4, 27, 10, 30)),
        ("+1y", at(2027, 3, 27, 10, 30)),
        ("+3 days", at(2026, 3, 30, 10, 30)),
        ("+ 2 weeks", at(2026, 4, 10, 10, 30)),
        ("+4h", at(2026, 3, 27, 14, 30)),
        ("-90h", NOW - timedelta(hours=90)),
        ("monday", at(2026, 3, 30)),
        ("next monday", at(2026, 3, 30)),
        ("mon", at(2026, 3, 30)),
        ("friday", at(2026, 4, 3)),  # never today: the next one
        ("last friday", at(2026, 3, 20)),
        ("last thursday", at(2026, 3, 26)),
        ("tomorrow 14:30", at(2026, 3, 28, 14, 30)),
        ("tomorrow at 9:00", at(2026, 3, 28, 9)),
        ("monday 08:15", at(2026, 3, 30, 8, 15)),
        ("+2d 09:00", at(2026, 3, 29, 9)),
        ("14:30", at(2026, 3, 27, 14, 30)),
        ("at 7:05:30", datetime(2026, 3, 27, 7, 5, 30, tzinfo=BERLIN)),
        ("2026-11-21", at(2026, 11, 21)),
        ("2026-11-21 14:30", at(2026, 11, 21, 14, 30)),
        ("2026-11-21T14:30", at(2026, 11, 21, 14, 30)),
        ("2026-11-21T14:30:00+05:30", datetime(2026, 11, 21, 9, 0, tzinfo=UTC).astimezone(IST)),
        ("2026-11-21T14:30Z", datetime(2026, 11, 21, 14, 30, tzinfo=UTC)),
    ],
)
def test_parse_when_forms(text: str, expected: datetime) -> None:
    result = parse_when(text, now=NOW)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


def test_an_explicit_offset_is_kept() -> None:
    result = parse_when("2026-11-21T14:30:00+05:30", now=NOW)
    assert result.utcoffset() == timedelta(hours=5, minutes=30)
    assert result.hour == 14


def test_naive_input_uses_tz_over_nows_zone() -> None:
    result = parse_when("2026-07-01 12:00", now=NOW, tz=NEW_YORK)
    assert result == datetime(2026, 7, 1, 16, tzinfo=UTC)
    assert result.tzinfo is NEW_YORK


def test_relative_forms_count_from_now_in_tz() -> None:
    # 10:30 in Berlin is 05:30 in New York: "today" there is still the 27th.
    assert parse_when("today", now=NOW, tz=NEW_YORK) == at(2026, 3, 27, tz=NEW_YORK)
    late = datetime(2026, 3, 27, 23, 30, tzinfo=UTC)
    assert parse_when("today", now=late, tz=BERLIN) == at(2026, 3, 28)


def test_naive_now_without_tz_is_the_system_zone() -> None:
    result = parse_when("now", now=datetime(2026, 1, 1, 12))
    assert result.utcoffset() is not None
    assert result.replace(tzinfo=None) == datetime(2026, 1, 1, 12)


def test_plus_hours_is_elapsed_time_across_dst() -> None:
    before = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)
    result = parse_when("+2h", now=before)
    assert result.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=2)
    assert (result.hour, result.utcoffset()) == (4, timedelta(hours=2))


def test_nonexistent_local_time_moves_forward() -> None:
    result = parse_when("2026-03-29 02:30", now=NOW)
    assert (result.hour, result.minute, result.utcoffset()) == (3, 30, timedelta(hours=2))


def test_ambiguous_local_time_takes_the_first_occurrence() -> None:
    result = parse_when("2026-10-25 02:30", now=NOW)
    assert result.utcoffset() == timedelta(hours=2)  # still summer time


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
        (date(2026, 5, 31), "+1m", date(2026, 6, 30)),
        (date(2026, 12, 15), "+1m", date(2027, 1, 15)),
        (date(2026, 1, 15), "-1m", date(2025, 12, 15)),
        (date(2026, 1, 15), "+25m", date(2028, 2, 15)),
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
    ],
)
def test_months_clamp_to_the_last_day(start: date, text: str, expected: date) -> None:
    assert parse_day(text, today=start) == expected


# -- parse_day -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Yesterday", date(2026, 3, 26)),
        ("tomorrow", date(2026, 3, 28)),
        ("+3d", date(2026, 3, 30)),
        ("-2d", date(2026, 3, 25)),
        ("+2w", date(2026, 4, 10)),
        ("+1m", date(2026, 4, 27)),
        ("sunday", date(2026, 3, 29)),
        ("saturday", date(2026, 3, 28)),
        ("last monday", date(2026, 3, 23)),
        ("2026-11-21", date(2026, 11, 21)),
    ],
)
def test_parse_day_forms(text: str, expected: date) -> None:
    assert parse_day(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["now", "+4h", "14:30", "2026-11-21 14:30", "tomorrow 9:00"])
def test_parse_day_rejects_times(text: str) -> None:
    with pytest.raises(DateParseError, match="as a day"):
        parse_day(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "2026-13-01", "2026-02-30", "+3x", "+d", "3d", "next", "last",
     "last week", "25:00", "tomorrow 24:00", "12:60", "+99999999d", "yesterday tomorrow",
     "fridayy", "\u00b2", "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661", "+\uff13d"],
)  # fmt: skip
def test_bad_input_raises_date_parse_error(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_when(text, now=NOW)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert "\n" not in message
    assert repr(text) in message
    assert "today" in message and "+3d" in message and "YYYY-MM-DD" in message


def test_out_of_range_is_a_date_parse_error() -> None:
    with pytest.raises(DateParseError, match="out of range"):
        parse_when("+999999y", now=NOW)
    with pytest.raises(DateParseError, match="out of range"):
        parse_day("-1d", today=date.min)
    with pytest.raises(DateParseError, match="out of range"):
        parse_when("+999999w", now=NOW)


def test_long_input_is_quoted_short_on_one_line() -> None:
    text = "next\n" * 100
    with pytest.raises(DateParseError, match="too long") as info:
        parse_when(text, now=NOW)
    message = str(info.value)
    assert "\n" not in message and len(message) < 250


def test_message_names_the_day_forms_only_for_days() -> None:
    with pytest.raises(DateParseError) as info:
        parse_day("soon", today=TODAY)
    assert "'soon'" in str(info.value) and "+4h" not in str(info.value)


# -- properties ----------------------------------------------------------------------

NOWS = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(BERLIN)
)


@given(text=st.text(max_size=80), now=NOWS)
def test_any_text_gives_an_aware_datetime_or_date_parse_error(text: str, now: datetime) -> None:
    try:
        result = parse_when(text, now=now)
    except DateParseError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.tzinfo is not None and result.utcoffset() is not None


@given(text=st.text(max_size=80), today=st.dates())
def test_any_text_gives_a_day_or_date_parse_error(text: str, today: date) -> None:
    try:
        result = parse_day(text, today=today)
    except DateParseError:
        pass
    else:
        assert isinstance(result, date) and not isinstance(result, datetime)


GRAMMAR = st.one_of(
    st.sampled_from(["now", "today", "yesterday", "tomorrow", "monday", "last sunday"]),
    st.builds(
        "{}{}{}".format,
        st.sampled_from("+-"),
        st.integers(0, 999_999),
        st.sampled_from(["d", "w", "m", "y", "h", " days", "weeks"]),
    ),
    st.builds(
        "{} {:d}:{:02d}".format,
        st.sampled_from(["today", "+3d", "friday"]),
        st.integers(0, 30),
        st.integers(0, 70),
    ),
)


@given(text=GRAMMAR, now=NOWS)
def test_grammar_like_text_never_escapes_as_another_error(text: str, now: datetime) -> None:
    with contextlib.suppress(DateParseError):
        assert parse_when(text, now=now).utcoffset() is not None


@given(d=st.dates(), today=st.dates())
def test_iso_dates_round_trip(d: date, today: date) -> None:
    assert parse_day(d.isoformat(), today=today) == d


@given(
    dt=st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from([UTC, BERLIN, NEW_YORK, IST]),
    )
)
def test_aware_iso_datetimes_round_trip(dt: datetime) -> None:
    result = parse_when(dt.isoformat(), now=NOW)
    # Compared in UTC: PEP 495 makes a repeated wall time unequal across zones.
    assert result.astimezone(UTC) == dt.astimezone(UTC)
    assert result.utcoffset() == dt.utcoffset()


@given(
    naive=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe")]),
    sep=st.sampled_from(["T", " "]),
)
def test_naive_iso_datetimes_round_trip_in_the_zone(
    naive: datetime, zone: ZoneInfo, sep: str
) -> None:
    real = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    assume(real.replace(tzinfo=None) == naive)  # not inside a DST gap
    result = parse_when(naive.isoformat(sep=sep), now=NOW, tz=zone)
    assert result.replace(tzinfo=None) == naive
    assert result.tzinfo is zone


@given(today=st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 1)))
def test_weekday_names_are_within_a_week(today: date) -> None:
    for name in ("monday", "wednesday", "sunday"):
        ahead = parse_day(name, today=today)
        behind = parse_day(f"last {name}", today=today)
        assert 1 <= (ahead - today).days <= 7
        assert 1 <= (today - behind).days <= 7
        assert ahead.weekday() == behind.weekday()
        assert ahead.strftime("%A").lower() == name


@given(today=st.dates(min_value=date(2, 1, 1), max_value=date(9998, 1, 1)), n=st.integers(0, 60))
def test_months_forward_then_back_never_passes_the_start(today: date, n: int) -> None:
    there = parse_day(f"+{n}m", today=today)
    back = parse_day(f"-{n}m", today=there)
    assert back <= today and (today - back).days <= 3
    assert there.day <= today.day


@given(now=NOWS, hours=st.integers(0, 10_000))
def test_hours_are_elapsed_time(now: datetime, hours: int) -> None:
    result = parse_when(f"+{hours}h", now=now)
    # Same-zone subtraction is wall-clock time; elapsed time is measured in UTC.
    assert result.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=hours)


# -- work days -----------------------------------------------------------------------

HOLIDAYS = frozenset({date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)})


def test_workdays_counts_the_closed_range() -> None:
    assert workdays(date(2026, 3, 23), date(2026, 3, 29)) == 5  # Mon..Sun
    assert workdays(date(2026, 3, 27), date(2026, 3, 27)) == 1  # a Friday
    assert workdays(date(2026, 3, 28), date(2026, 3, 29)) == 0  # a weekend
    assert workdays(date(2026, 3, 30), date(2026, 3, 23)) == 0  # end before start
    assert workdays(date(2026, 1, 1), date(2026, 12, 31)) == 261


def test_workdays_honours_holidays_and_days_off() -> None:
    # 25 Dec 2026 is a Friday, the 26th a Saturday (already off).
    assert workdays(date(2026, 12, 21), date(2026, 12, 27), holidays=HOLIDAYS) == 4
    four_day_week = frozenset({4, 5, 6})
    assert workdays(date(2026, 3, 23), date(2026, 3, 29), days_off=four_day_week) == 4
    assert workdays(date(2026, 3, 23), date(2026, 3, 29), days_off=frozenset()) == 7


def test_add_workdays() -> None:
    friday, saturday = date(2026, 3, 27), date(2026, 3, 28)
    assert add_workdays(friday, 1) == date(2026, 3, 30)
    assert add_workdays(saturday, 1) == date(2026, 3, 30)
    assert add_workdays(friday, 5) == date(2026, 4, 3)
    assert add_workdays(friday, -1) == date(2026, 3, 26)
    assert add_workdays(date(2026, 3, 30), -1) == friday
    assert add_workdays(saturday, 0) == saturday
    assert add_workdays(date(2026, 12, 24), 1, holidays=HOLIDAYS) == date(2026, 12, 28)


def test_days_off_are_validated() -> None:
    with pytest.raises(ValueError, match="weekday numbers"):
        workdays(date(2026, 1, 1), date(2026, 1, 2), days_off=frozenset({7}))
    with pytest.raises(ValueError, match="every weekday"):
        add_workdays(date(2026, 1, 1), 1, days_off=frozenset(range(7)))


DAYS_OFF = st.frozensets(st.integers(0, 6), max_size=6)
SPAN_START = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1))


def _brute_force(start: date, end: date, days_off: frozenset[int], hol: frozenset[date]) -> int:
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return sum(d.weekday() not in days_off and d not in hol for d in days)


@given(
    start=SPAN_START,
    length=st.integers(-10, 400),
    days_off=DAYS_OFF,
    holidays=st.frozensets(SPAN_START, max_size=20),
)
def test_workdays_matches_counting_one_by_one(
    start: date, length: int, days_off: frozenset[int], holidays: frozenset[date]
) -> None:
    end = start + timedelta(days=length)
    assert workdays(start, end, days_off, holidays) == _brute_force(start, end, days_off, holidays)


@given(
    start=SPAN_START,
    n=st.integers(-300, 300),
    days_off=DAYS_OFF,
    holidays=st.frozensets(SPAN_START, max_size=20),
)
def test_add_workdays_agrees_with_workdays(
    start: date, n: int, days_off: frozenset[int], holidays: frozenset[date]
) -> None:
    result = add_workdays(start, n, days_off, holidays)
    one = timedelta(days=1)
    if n > 0:
        assert workdays(start + one, result, days_off, holidays) == n
    elif n < 0:
        assert workdays(result, start - one, days_off, holidays) == -n
    else:
        assert result == start
    if n:
        assert result.weekday() not in days_off and result not in holidays
