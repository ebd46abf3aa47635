"""Folding into a packed reminders checkpoint packs in only what changed.

``runnerup done 3`` then ``runnerup agenda`` folds one event into a view of
tens of thousands of reminders. The fold decodes the one chunk holding that
reminder and re-packs only it and the columns; these tests hold the result
to a fold from scratch, byte for byte, whatever the events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from runnerup.envelope import RecordedEvent
from runnerup.events.reminder import (
    ReminderCancelled,
    ReminderDone,
    ReminderRescheduled,
    ReminderScheduled,
)
from runnerup.plugins.reminders.model import RemindersProjection
from runnerup.testing import fold, fold_from_checkpoint

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
IDS = [f"app-{i % 7}.step-{i}" for i in range(150)]
dues = st.one_of(
    st.dates(date(2026, 1, 1), date(2027, 12, 31)).map(date.isoformat),
    st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31))
    .map(lambda d: d.replace(microsecond=0, tzinfo=timezone(timedelta(hours=5, minutes=30))))
    .map(datetime.isoformat),
)


def _scheduled(rid: str, due: str, kind: str, app: str | None) -> ReminderScheduled:
    return ReminderScheduled(reminder=rid, title=f"do {rid}", due=due, kind=kind, application=app)


steps = st.one_of(
    st.builds(
        _scheduled,
        st.sampled_from(IDS),
        dues,
        st.sampled_from(["thank-you", "keep-in-touch", "reflect", "custom"]),
        st.sampled_from([None, "acme", "globex", "initech", "umbrella"]),
    ),
    st.builds(ReminderRescheduled, reminder=st.sampled_from(IDS), due=dues),
    st.builds(ReminderDone, reminder=st.sampled_from(IDS)),
    st.builds(ReminderCancelled, reminder=st.sampled_from(IDS)),
)


def _recorded(events: list[Any]) -> list[RecordedEvent]:
    return [
        RecordedEvent(
            position,
            f"reminder/{event.reminder}",
            1,
            event.event_type(),
            event,
            int((T0 + timedelta(minutes=position)).timestamp() * 1_000_000),
            0,
            b"{}",
            "",
        )
        for position, event in enumerate(events, start=1)
    ]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.builds(_scheduled, st.sampled_from(IDS), dues, st.just("custom"), st.none())),
    st.lists(steps, max_size=120),
    st.lists(steps, max_size=12),
)
def test_a_fold_into_a_checkpoint_packs_what_a_fold_from_scratch_packs(
    first: list[Any], middle: list[Any], tail: list[Any]
) -> None:
    projection = RemindersProjection()
    events = _recorded(first + middle + tail)
    split = len(first) + len(middle)
    whole, resumed = fold_from_checkpoint(projection, events, split)

    assert resumed == whole


def _many(count: int) -> list[RecordedEvent]:
    return _recorded(
        [
            _scheduled(f"app-{i % 97}.step-{i}", "2026-12-01", "custom", f"app-{i % 97}")
            for i in range(count)
        ]
    )


def test_marking_one_reminder_done_decodes_one_chunk_of_a_big_checkpoint() -> None:
    projection = RemindersProjection()
    events = _many(2_000)
    loaded = projection.load(projection.dump(fold(projection, events)))
    packed = loaded._packed
    assert packed is not None

    state = fold(projection, _recorded([ReminderDone(reminder="app-30.step-1000")]), loaded)
    data = projection.dump(state)

    assert len(packed.records._decoded) == 1  # the chunk holding reminder 1001
    assert state._packed is not None  # still packed: nothing was decoded whole
    assert state.get("app-30.step-1000").done
    assert state.by_number(1001).done and not state.by_number(1000).done
    assert 1001 not in state.open_due_days(UTC).numbers
    reloaded = projection.load(data)
    assert reloaded.get("app-30.step-1000").done
    assert len(reloaded.items) == 2_000


def test_a_new_reminder_is_appended_to_a_packed_checkpoint() -> None:
    projection = RemindersProjection()
    loaded = projection.load(projection.dump(fold(projection, _many(130))))
    added = _scheduled("new.one", "2026-11-25", "brand-new-kind", "brand-new-app")
    state = fold(projection, _recorded([added]), loaded)

    assert state.get("new.one").number == 131
    assert state.has_open("brand-new-kind")
    assert state.next_steps(["brand-new-app"], UTC)["brand-new-app"].id == "new.one"
    assert state._packed is not None
    assert msgspec.json.encode(sorted(state.items)) == msgspec.json.encode(
        sorted([*(f"app-{i % 97}.step-{i}" for i in range(130)), "new.one"])
    )
