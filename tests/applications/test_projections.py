"""The ``applications`` and ``contacts`` views other plugins read (their contract)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import pytest
from runnerup import NewEvent
from runnerup.events.application import (
    ApplicationRejected,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    FeedbackReceived,
    InterviewCompleted,
    InterviewScheduled,
    OfferReceived,
    ResponseReceived,
)
from runnerup.events.contact import ContactAdded, ContactForgotten, ContactReached
from runnerup.plugin_manager import make_plugin_manager
from runnerup.store.base import Checkpoint
from runnerup.testing import make_test_kernel

OTHERS = (
    "followup",
    "drafting",
    "reminders",
    "reflection",
    "plan",
    "analytics",
    "inbox",
    "importers",
    "watch",
)
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def kernel(tmp_path: Any) -> Iterator[Any]:
    pm = make_plugin_manager(load_entrypoints=False, block=OTHERS, env={})
    k = make_test_kernel(pm=pm, home=tmp_path, now=T0 + timedelta(days=30))
    yield k
    k.close()


def _at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def _record(kernel: Any, *items: tuple[float, Any]) -> list[int]:
    return kernel.record([NewEvent(data=e, occurred_at=_at(d)) for d, e in items])


def test_an_application_through_its_life(kernel: Any) -> None:
    app = "acme-engineer"
    _record(
        kernel,
        (
            0,
            ApplicationSubmitted(
                application=app, company="Acme", role="Engineer", source="referral"
            ),
        ),
        (3, ResponseReceived(application=app)),
        (5, InterviewScheduled(application=app, round=1, at=_at(8), contact="c-0000000001")),
        (8, InterviewCompleted(application=app, round=1, note="fine")),
        (9, InterviewScheduled(application=app, round=2, at=_at(12))),
        (12, InterviewCompleted(application=app, round=2)),
        (14, ApplicationRejected(application=app, stage="final", via="phone")),
        (16, FeedbackReceived(application=app, text="more depth", themes=["technical-depth"])),
        (1, InterviewScheduled(application="nobody", round=1)),  # unknown: skipped
    )
    state = kernel.view("applications")
    assert list(state.items) == [app]
    a = state.resolve("acme")
    assert (a.company, a.role, a.source, a.stage) == ("Acme", "Engineer", "referral", "rejected")
    assert [s for s, _ in a.history] == ["applied", "screening", "interviewing", "rejected"]
    assert [t for _, t in a.history] == [_at(0), _at(3), _at(5), _at(14)]
    assert (a.round, a.rounds_completed) == (2, [1, 2])
    assert [(i.round, i.at, i.completed) for i in a.interviews] == [
        (1, _at(8), True),
        (2, _at(12), True),
    ]
    assert a.interviews[0].contact == "c-0000000001" and a.contact == "c-0000000001"
    assert (a.applied_at, a.first_response_at, a.outcome_at, a.last_activity_at) == (
        _at(0),
        _at(3),
        _at(14),
        _at(16),
    )
    assert a.rejection is not None
    assert (a.rejection.stage, a.rejection.via, a.rejection.final, a.rejection.at) == (
        "final",
        "phone",
        True,
        _at(14),
    )
    assert [(f.text, f.themes, f.at) for f in a.feedback] == [
        ("more depth", ["technical-depth"], _at(16))
    ]
    assert a.position == 8
    assert not a.is_ghosted(_at(400))  # ended applications are never ghosted


def test_ghosting_is_computed_from_now(kernel: Any) -> None:
    _record(
        kernel,
        (0, ApplicationSubmitted(application="a", company="A", role="R")),
        (0, ApplicationSubmitted(application="b", company="B", role="R")),
        (2, InterviewScheduled(application="b", round=1, at=_at(10))),
        (0, ApplicationSubmitted(application="c", company="C", role="R")),
        (1, OfferReceived(application="c")),
    )
    state = kernel.view("applications")
    a, b = state.items["a"], state.items["b"]
    assert not a.is_ghosted(_at(20.9), 21) and a.is_ghosted(_at(21), 21)
    assert a.shown_stage(_at(21)) == "ghosted" and a.stage == "applied"
    assert not b.is_ghosted(_at(30), 21) and b.is_ghosted(_at(31), 21)  # counts from the interview
    assert [x.id for x in state.ghosted(_at(40), 21)] == ["a", "b"]
    assert a.days_in_stage(_at(25), 21) == 25
    assert state.ghosted_after_days({}) == 21
    assert state.ghosted_after_days({"ghosted_after_days": 10}) == 10
    with pytest.raises(Exception, match="whole number"):
        state.ghosted_after_days({"ghosted_after_days": 0})


def test_state_survives_its_snapshot(kernel: Any) -> None:
    name = kernel.vault.seal("c-00000000aa", "Jane")
    _record(
        kernel,
        (0, ContactAdded(contact="c-00000000aa", name=name, company="Acme")),
        (0, ApplicationSubmitted(application="a", company="A", role="R", contact="c-00000000aa")),
        (1, InterviewCompleted(application="a", round=1, contact="c-00000000aa")),
    )
    for view in ("applications", "contacts"):
        projection = kernel.projections[view]
        state = kernel.view(view)
        assert projection.load(projection.dump(state)) == state
        assert kernel.view(view) == state  # the second read starts from the checkpoint


def test_contacts_view(kernel: Any) -> None:
    cid = "c-00000000aa"
    vault = kernel.vault
    _record(
        kernel,
        (
            0,
            ContactAdded(
                contact=cid, name=vault.seal(cid, "Jane Doe"), email=vault.seal(cid, "j@x.io")
            ),
        ),
        (0, ApplicationSubmitted(application="a", company="Acme", role="R", contact=cid)),
        (2, ContactReached(contact=cid, how="coffee")),
        (
            1,
            FeedbackReceived(application="a", text="ok", contact=cid),
        ),  # older: does not move it back
    )
    book = kernel.view("contacts")
    jane = book.items[cid]
    assert (jane.company, jane.applications, jane.last_reached_at, jane.reached_how) == (
        "Acme",
        ["a"],
        _at(2),
        "coffee",
    )
    assert jane.display_name(vault) == "Jane Doe" and jane.display_email(vault) == "j@x.io"
    assert book.resolve("jane", vault) is jane and book.find_email("J@X.IO", vault) is jane
    assert book.find("Jane Doe <j@x.io>", vault) is jane and book.find("nobody", vault) is None
    assert [c.id for c in book.for_application("a")] == [cid]
    assert kernel.view("applications").items["a"].contacts == [cid]

    _record(kernel, (3, ContactForgotten(contact=cid)))
    vault.forget(cid)
    jane = kernel.view("contacts").items[cid]
    assert jane.forgotten and jane.display_name(vault) == "forgotten contact"
    assert jane.display_email(vault) is None
    assert kernel.view("contacts").find("jane", vault) is None


def test_undo_takes_an_outcome_back(kernel: Any) -> None:
    _record(kernel, (0, ApplicationSubmitted(application="a", company="A", role="R")))
    [position] = _record(kernel, (1, ApplicationRejected(application="a", stage="applied")))
    assert kernel.view("applications").items["a"].stage == "rejected"
    kernel.retract([position])
    a = kernel.view("applications").items["a"]
    assert (a.stage, a.rejection, a.outcome_at) == ("applied", None, None)


def _mixed(kernel: Any) -> None:
    """Going, ghosted, offered and ended applications (ended on days 5, 3, 3, 1)."""
    _record(
        kernel,
        *[
            (0, ApplicationSubmitted(application=x, company=x.upper(), role="R"))
            for x in "abcdefgh"
        ],
        (2, InterviewScheduled(application="b", round=1, at=_at(40))),  # waiting on an interview
        (1, OfferReceived(application="c")),
        (5, ApplicationRejected(application="d", stage="applied")),
        (3, ApplicationRejected(application="e", stage="applied")),
        (3, ApplicationRejected(application="f", stage="applied")),  # same day, later event
        (1, ApplicationWithdrawn(application="g")),
        (25, ResponseReceived(application="h")),  # heard back: not ghosted at day 30
    )


def _picked(state: Any, ended: int | None) -> tuple[list[str], int]:
    apps, hidden = state.pick(_at(30), 21, ended)
    return [a.id for a in apps], hidden


def test_a_board_picks_the_same_from_a_fresh_fold_and_from_the_checkpoint(kernel: Any) -> None:
    _mixed(kernel)
    fresh = kernel.view("applications")
    kernel.drop_views()  # saved, then read back
    saved = kernel.view("applications")
    assert saved is not fresh
    for state in (fresh, saved):
        # going first, then the endings most recent first (a: ghosted since day 0)
        assert _picked(state, None) == (["b", "c", "h", "d", "f", "e", "g", "a"], 0)
        assert _picked(state, 3) == (["b", "c", "h", "d", "f", "e"], 2)
        assert _picked(state, 0) == (["b", "c", "h"], 5)
        assert [a.id for a in state.ghosted(_at(30), 21)] == ["a"]
        assert state.pick(_at(30), 21, 1)[0][-1].stage == "rejected"
    assert saved == fresh
    assert saved.resolve("d").id == "d"  # everything else works as before


def test_an_applications_checkpoint_of_the_previous_version_is_rebuilt(kernel: Any) -> None:
    _mixed(kernel)
    head = kernel.store.head()[0]
    kernel.drop_views()
    old = msgspec.msgpack.encode({"items": {"a": {"id": "a", "company": "stale"}}})
    kernel.store.save_checkpoint(Checkpoint("applications", 1, head, old))
    assert kernel.view("applications").items["a"].company == "A"
    kernel.drop_views()
    current = kernel.projections["applications"].version
    assert kernel.store.load_checkpoint("applications").version == current
    kernel.store.save_checkpoint(Checkpoint("applications", current, head, old))  # unreadable
    assert len(kernel.view("applications").items) == 8
