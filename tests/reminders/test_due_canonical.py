"""``due`` is stored canonical, and the fast path for canonical text keeps it so."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup.events.reminder import ReminderRescheduled, ReminderScheduled, _normalise_due


def _scheduled(due: str) -> ReminderScheduled:
    return ReminderScheduled(reminder="r", title="t", due=due, kind="k")


@pytest.mark.parametrize(
    ("given_due", "stored"),
    [
        ("2026-11-21", "2026-11-21"),
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29", "2000-02-29"),
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
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


@pytest.mark.parametrize(
    "bad",
    [
        "2026-02-30",
        "2025-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "0000-01-01",
        "20x6-11-21",
        "2026-11-21T09:00",
    ],
)
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


# -- the C fast path (runnerup._replay.due_check) ------------------------------


def _c_check() -> Any:
    try:
        from runnerup import _replay
    except ImportError:  # pragma: no cover - only where the extension could not be built
        if os.environ.get("RUNNERUP_REQUIRE_C"):
            raise
        pytest.skip("the C replay module is not built here")
    return _replay


class _Due(msgspec.Struct):
    due: Any


def _checked(due: object) -> tuple[bool, object]:
    """(whether the C check handed ``due`` to its fallback, what the Python check makes of it)."""
    handed: list[object] = []
    _c_check().due_check(handed.append)(_Due(due))
    event = _Due(due)
    try:
        _normalise_due(event)
    except (ValueError, TypeError) as exc:
        return bool(handed), type(exc)
    return bool(handed), event.due


def _near_dates() -> st.SearchStrategy[str]:
    digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
    chars = st.sampled_from("0123456789-W T:Z+٣")
    return st.one_of(
        st.builds(lambda d: d.isoformat(), st.dates()),
        st.lists(st.one_of(digits, chars), min_size=8, max_size=12).map("".join),
        st.builds(
            "{:04d}-{:02d}-{:02d}".format,
            st.integers(0, 9999),
            st.integers(0, 13),
            st.integers(0, 32),
        ),
        st.text(max_size=12),
    )


@given(_near_dates())
def test_the_c_due_check_passes_only_what_the_python_check_keeps(due: str) -> None:
    handed, python = _checked(due)
    if not handed:  # the C check let it through: the Python check keeps it as it is
        assert python == due


@given(st.dates())
def test_the_c_due_check_passes_every_canonical_day(day: date) -> None:
    handed, python = _checked(day.isoformat())
    assert not handed
    assert python == day.isoformat()


@pytest.mark.parametrize("due", [20261121, None, b"2026-11-21", "2026-11-21\x00"])
def test_the_c_due_check_hands_anything_else_to_the_python_check(due: object) -> None:
    assert _checked(due)[0]


def test_reminders_run_the_c_due_check_where_it_is_built() -> None:
    if os.environ.get("RUNNERUP_PURE_PYTHON"):
        assert ReminderScheduled.__post_init__ is _normalise_due
    else:
        assert ReminderScheduled.__post_init__ is not _normalise_due
        assert ReminderScheduled.__post_init__.__self__ is _normalise_due  # type: ignore[attr-defined]
