"""Event times are stored as microseconds since the epoch and read back as aware UTC datetimes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup.envelope import from_us, to_us

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MIN_US = to_us(datetime.min.replace(tzinfo=UTC))
MAX_US = to_us(datetime.max.replace(tzinfo=UTC))


@given(st.lists(st.integers(MIN_US, MAX_US), min_size=1, max_size=20), st.data())
def test_from_us_is_the_time_that_many_microseconds_after_the_epoch(
    values: list[int], data: st.DataObject
) -> None:
    # Repeats and neighbours too: from_us remembers its last answer.
    calls = values + data.draw(st.lists(st.sampled_from(values), max_size=20))
    for us in calls:
        when = from_us(us)
        assert when == EPOCH + timedelta(microseconds=us)
        assert when.tzinfo is UTC
        assert to_us(when) == us


@given(st.datetimes(timezones=st.just(UTC)))
def test_to_us_round_trips_any_aware_time(when: datetime) -> None:
    assert from_us(to_us(when)) == when


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_us(datetime(2026, 11, 22, 9, 0))


def test_threads_reading_times_at_once_each_get_their_own() -> None:
    failures: list[int] = []

    def read(base: int) -> None:
        for i in range(20_000):
            us = base + i % 3
            if from_us(us) != EPOCH + timedelta(microseconds=us):
                failures.append(us)

    threads = [threading.Thread(target=read, args=(n * 10**12,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
