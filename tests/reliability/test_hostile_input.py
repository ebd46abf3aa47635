"""Property tests of the parsers every byte from outside goes through.

Each property feeds arbitrary (or almost-valid) input and allows exactly two
outcomes: a valid result, or the module's own clean error (a
:class:`RunnerupError`, a :class:`DateParseError`). Anything else would
reach the user as a traceback. These add what the modules' own tests do not
cover: every registered event type instead of a test registry, stored
metadata, the JSON-lines batch reader, the ``KEY=VALUE`` parser, and dates
around any zone and the ends of the calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup import Event, RunnerupError, UnknownEvent
from runnerup.batch import parse_jsonl
from runnerup.cli.events_commands import parse_pairs
from runnerup.dates import DateParseError, parse_day, parse_when
from runnerup.envelope import Stored
from runnerup.kernel import Kernel
from runnerup.testing import make_test_kernel

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def kernel() -> Kernel:
    """A kernel with every built-in plugin: its registry knows every shipped event type."""
    return make_test_kernel()


TYPES = st.sampled_from(sorted(kernel().registry.types))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def payloads(type_name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts that use the type's own field names (so validation gets past the names)."""
    cls = kernel().registry.types[type_name]
    names = [f.name for f in msgspec.structs.fields(cls)] + ["type", "extra"]
    return st.dictionaries(st.sampled_from(names), JSON, max_size=len(names))


# -- the codec -------------------------------------------------------------------


@FUZZ
@given(data=st.data(), name=TYPES)
def test_any_payload_validates_to_an_event_that_round_trips_or_is_refused(
    data: st.DataObject, name: str
) -> None:
    registry = kernel().registry
    payload = data.draw(payloads(name))
    try:
        event = registry.validate(name, payload)
    except RunnerupError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(event, Event)
    assert registry.decode(*registry.encode(event)) == event


@FUZZ
@given(name=TYPES, data=st.binary(max_size=400) | JSON.map(msgspec.json.encode))
def test_any_stored_bytes_decode_to_an_event_or_an_unknown_event(name: str, data: bytes) -> None:
    event = kernel().registry.decode(name, data)
    assert isinstance(event, Event | UnknownEvent)


@FUZZ
@given(meta=st.binary(max_size=200) | JSON.map(msgspec.json.encode))
def test_stored_metadata_is_read_or_refused_naming_the_position(meta: bytes) -> None:
    row = Stored(7, "s", 1, "outreach.sent", b"{}", 0, 0, meta, "")
    recorded = kernel().registry.recorded(row)
    try:
        assert recorded.meta.actor is None or isinstance(recorded.meta.actor, str)
    except RunnerupError as exc:
        assert "position 7" in str(exc)


@FUZZ
@given(
    raw=st.binary(max_size=600)
    | st.lists(
        st.fixed_dictionaries(
            {"type": TYPES | st.text(max_size=10)},
            optional={
                "data": JSON,
                "stream": st.text(max_size=10),
                "occurred_at": st.text(max_size=25),
            },
        ),
        max_size=4,
    ).map(lambda lines: b"\n".join(msgspec.json.encode(line) for line in lines))
)
def test_a_jsonl_batch_is_validated_whole_or_refused_naming_the_line(raw: bytes) -> None:
    try:
        items = parse_jsonl(raw, kernel(), "batch.jsonl")
    except RunnerupError as exc:
        assert str(exc).startswith("batch.jsonl")
        return
    assert all(isinstance(item.data, Event) for item in items)


# -- KEY=VALUE -------------------------------------------------------------------


@FUZZ
@given(
    name=TYPES,
    pairs=st.lists(
        st.text(max_size=12) | st.builds("{}={}".format, st.text(max_size=8), st.text(max_size=12)),
        max_size=6,
    ),
)
def test_key_value_pairs_become_a_payload_or_a_clean_error(name: str, pairs: list[str]) -> None:
    registry = kernel().registry
    cls = registry.types[name]
    names = [f.name for f in msgspec.structs.fields(cls)]
    # half the pairs use real field names, so the values reach the schema check
    pairs = [f"{names[i % len(names)]}={p}" if i % 2 and names else p for i, p in enumerate(pairs)]
    try:
        payload = parse_pairs(tuple(pairs), cls)
        event = registry.validate(name, payload)
    except RunnerupError:
        return
    assert isinstance(event, Event)


# -- dates -----------------------------------------------------------------------

WORDS = st.sampled_from(
    ["now", "today", "yesterday", "tomorrow", "friday", "last monday", "+999999999d", "-99999y"]
)
TEXT = st.text(max_size=40) | WORDS | st.builds("{} {}".format, WORDS, st.text(max_size=8))


@FUZZ
@given(
    text=TEXT,
    now=st.datetimes(timezones=st.timezones()),
    tz=st.none() | st.timezones(),
)
def test_any_text_at_any_moment_in_any_zone_gives_a_moment_or_a_clean_error(
    text: str, now: datetime, tz: Any
) -> None:
    try:
        result = parse_when(text, now=now, tz=tz)
    except DateParseError as exc:
        assert "\n" not in str(exc)
        return
    assert result.utcoffset() is not None


@FUZZ
@given(
    text=TEXT,
    today=st.sampled_from([date.min, date.max, date.min + timedelta(1), date.max - timedelta(1)]),
)
def test_any_text_at_the_ends_of_the_calendar_gives_a_day_or_a_clean_error(
    text: str, today: date
) -> None:
    try:
        result = parse_day(text, today=today)
    except DateParseError:
        return
    assert isinstance(result, date)
