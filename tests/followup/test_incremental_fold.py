"""The follow-up plan's view folds into its packed checkpoint incrementally.

``runnerup rejected acme`` on a long search folds a handful of events into
a view of every application; only the chunks holding the ones touched are
decoded and packed again. Held to a fold from scratch, byte for byte.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from runnerup.envelope import RecordedEvent
from runnerup.events.application import (
    ApplicationRejected,
    ApplicationSubmitted,
    InterviewCompleted,
)
from runnerup.events.contact import ContactAdded, ContactReached
from runnerup.events.draft import DraftRequested
from runnerup.events.reminder import (
    ReminderCancelled,
    ReminderDone,
    ReminderRescheduled,
    ReminderScheduled,
)
from runnerup.plugins.followup.state import App, ApplicationsProjection
from runnerup.testing import fold, fold_from_checkpoint
from runnerup.vault import Sealed

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IDS = [f"co-{i}-data-engineer" for i in range(100)]
PEOPLE = [f"c-{i}" for i in range(8)]
STEPS = [f"{app}.step-{k}" for app in IDS[:8] for k in range(3)]


def _steps(apps: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        apps.map(lambda a: ApplicationSubmitted(application=a, company=a[:5], role="DE")),
        st.builds(InterviewCompleted, application=apps, round=st.integers(1, 3)),
        st.builds(ApplicationRejected, application=apps),
        st.builds(
            ContactAdded,
            contact=st.sampled_from(PEOPLE),
            name=st.just(Sealed("s", b"n", b"c")),
            application=apps,
        ),
        st.builds(ContactReached, contact=st.sampled_from(PEOPLE)),
        st.builds(
            ReminderScheduled,
            reminder=st.sampled_from(STEPS),
            title=st.just("t"),
            due=st.just("2026-04-01"),
            kind=st.sampled_from(["thank-you", "keep-in-touch"]),
            application=apps,
        ),
        st.builds(ReminderRescheduled, reminder=st.sampled_from(STEPS), due=st.just("2026-05-01")),
        st.builds(ReminderDone, reminder=st.sampled_from(STEPS)),
        st.builds(ReminderCancelled, reminder=st.sampled_from(STEPS)),
        st.builds(
            DraftRequested,
            draft=st.sampled_from(["d1", "d2"]),
            kind=st.just("thank-you"),
            application=apps,
        ),
    )


def _recorded(events: list[Any]) -> list[RecordedEvent]:
    out = []
    for position, event in enumerate(events, start=1):
        us = int((T0 + timedelta(hours=position)).timestamp() * 1_000_000)
        out.append(RecordedEvent(position, "s/x", 1, event.event_type(), event, us, us, b"{}", ""))
    return out


@settings(max_examples=120, deadline=None)
@given(
    st.lists(_steps(st.sampled_from(IDS)), max_size=150),
    st.lists(_steps(st.sampled_from(IDS[:8])), max_size=15),
)
def test_a_fold_into_a_checkpoint_packs_what_a_fold_from_scratch_packs(
    head: list[Any], tail: list[Any]
) -> None:
    projection = ApplicationsProjection()
    events = _recorded(head + tail)
    whole, resumed = fold_from_checkpoint(projection, events, len(head))
    assert resumed == whole


def test_a_rejection_on_a_long_search_decodes_one_chunk() -> None:
    projection = ApplicationsProjection()
    many = [
        ApplicationSubmitted(application=f"co-{i}-de", company=f"Co {i}", role="DE")
        for i in range(2_000)
    ]
    loaded = projection.load(projection.dump(fold(projection, _recorded(many))))
    records = loaded.apps._records
    state = fold(
        projection, _recorded([*many, ApplicationRejected(application="co-700-de")])[-1:], loaded
    )
    again = projection.load(projection.dump(state))

    assert records is not None and len(records._decoded) == 1
    assert again.apps["co-700-de"].rejected_at is not None
    assert again.apps.get("co-9999-de", App()).company is None
    assert len(again.apps) == 2_000
