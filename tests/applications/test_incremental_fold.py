"""Folding into a packed applications checkpoint packs in only what changed.

``runnerup rejected acme`` then ``runnerup board`` folds a few events into a
view of thousands of applications: only the chunks holding them are decoded
and packed again. These tests hold the result to a fold from scratch, byte
for byte, whatever the events.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from runnerup.envelope import RecordedEvent
from runnerup.events.application import (
    ApplicationClosed,
    ApplicationRejected,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
    OfferReceived,
    ResponseReceived,
)
from runnerup.plugins.applications.projections import ApplicationsProjection
from runnerup.testing import fold, fold_from_checkpoint

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
IDS = [f"company-{i}-data-engineer" for i in range(140)]


def _submitted(app: str) -> ApplicationSubmitted:
    return ApplicationSubmitted(application=app, company=app.split("-data")[0], role="DE")


def _steps(apps: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        apps.map(_submitted),
        st.builds(ResponseReceived, application=apps),
        st.builds(InterviewScheduled, application=apps, round=st.integers(1, 3)),
        st.builds(InterviewCompleted, application=apps, round=st.integers(1, 3)),
        st.builds(ApplicationRejected, application=apps),
        st.builds(OfferReceived, application=apps),
        st.builds(ApplicationWithdrawn, application=apps),
        st.builds(ApplicationClosed, application=apps),
        st.builds(FeedbackReceived, application=apps, text=st.just("more depth")),
    )


apps = st.sampled_from(IDS)
steps = _steps(apps)
# The tail works on a few applications the middle has moved on too, so it
# often touches ended ones (their place in the ended list must not change).
busy = _steps(st.sampled_from(IDS[:6]))


def _recorded(events: list[Any], gaps: list[int]) -> list[RecordedEvent]:
    out, at = [], T0
    for position, event in enumerate(events, start=1):
        at += timedelta(hours=gaps[position % len(gaps)] if gaps else 1)
        us = int(at.timestamp() * 1_000_000)
        out.append(
            RecordedEvent(
                position,
                f"application/{event.application}",
                1,
                event.event_type(),
                event,
                us,
                us,
                b"{}",
                "",
            )
        )
    return out


@settings(max_examples=120, deadline=None)
@given(
    st.lists(apps.map(_submitted), max_size=140).map(lambda f: [*map(_submitted, IDS[:6]), *f]),
    st.lists(st.one_of(steps, busy), max_size=120),
    st.lists(busy, max_size=12),
    st.lists(st.integers(0, 30 * 24), min_size=1, max_size=5),
)
def test_a_fold_into_a_checkpoint_packs_what_a_fold_from_scratch_packs(
    first: list[Any], middle: list[Any], tail: list[Any], gaps: list[int]
) -> None:
    projection = ApplicationsProjection()
    events = _recorded(first + middle + tail, gaps)
    split = len(first) + len(middle)
    whole, resumed = fold_from_checkpoint(projection, events, split)

    assert resumed == whole


def test_feedback_on_an_old_rejection_keeps_its_place_among_the_ended() -> None:
    projection = ApplicationsProjection()
    events = _recorded(
        [
            *map(_submitted, IDS[:3]),
            *(ApplicationRejected(application=a) for a in IDS[:3]),
            FeedbackReceived(application=IDS[0], text="more depth"),
        ],
        [24],
    )
    whole, resumed = fold_from_checkpoint(projection, events, len(events) - 1)
    assert resumed == whole


def test_a_rejection_decodes_one_chunk_of_a_big_checkpoint() -> None:
    projection = ApplicationsProjection()
    many = [_submitted(f"co-{i}-data-engineer") for i in range(2_000)]
    loaded = projection.load(projection.dump(fold(projection, _recorded(many, [1]))))
    packed = loaded._packed
    assert packed is not None

    later = _recorded([*many, ApplicationRejected(application="co-700-data-engineer")], [1])[-1:]
    state = fold(projection, later, loaded)
    projection.dump(state)

    assert len(packed.records._decoded) == 1
    assert state._packed is not None
    assert state.get("co-700-data-engineer").stage == "rejected"
    assert "co-700-data-engineer" in state and "co-9999-data-engineer" not in state
    assert state.new_id("co-700", "data engineer") == "co-700-data-engineer-2"
