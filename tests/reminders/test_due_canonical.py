"""``due`` is stored canonical, and the fast path for canonical text keeps it so."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup.events.reminder import ReminderRescheduled, ReminderScheduled


def _scheduled(due: str) -> ReminderScheduled:
    return ReminderScheduled(reminder="r", title="t", due=due, kind="k")


@pytest.mark.parametrize(
    ("given_due", "stored"),
    [
        ("2026-11-21", "2026-11-21"),
        (" 2026-11-21 ", "2026-11-21"),
        ("20261121", "2026-11-21"),
        ("2026-W47-6", "2026-11-21"),
        ("2026-11-21T09:00:00+01:00", "2026-11-21T09:00:00+01:00"),
        ("2026-11-21 09:00Z", "2026-11-21T09:00:00+00:00"),
    ],
)
def test_due_is_stored_canonical(given_due: str, stored: str) -> None:
    assert _scheduled(given_due).due == stored
    assert ReminderRescheduled(reminder="r", due=given_due).due == stored


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "20x6-11-21", "2026-11-21T09:00"])
def test_bad_due_is_refused_on_decode_too(bad: str) -> None:
    payload = msgspec.json.encode({"reminder": "r", "title": "t", "due": bad, "kind": "k"})
    with pytest.raises(msgspec.ValidationError, match="due"):
        msgspec.json.decode(payload, type=ReminderScheduled)


@given(st.dates())
def test_any_date_round_trips_through_a_payload(day: object) -> None:
    event = _scheduled(day.isoformat())  # type: ignore[attr-defined]
    back = msgspec.json.decode(msgspec.json.encode(event), type=ReminderScheduled)
    assert back == event
    assert back.due == day.isoformat()  # type: ignore[attr-defined]
