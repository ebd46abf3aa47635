"""The ``reminders`` view read back from its (packed) checkpoint answers like a fresh fold."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import msgspec
import pytest
from runnerup.events.reminder import (
    ReminderCancelled,
    ReminderDone,
    ReminderRescheduled,
    ReminderScheduled,
)
from runnerup.plugin_manager import make_plugin_manager
from runnerup.plugins.reminders.model import RemindersProjection
from runnerup.store.base import Checkpoint
from runnerup.testing import make_test_kernel

IST = timezone(timedelta(hours=5, minutes=30))
HONOLULU = timezone(timedelta(hours=-10))


@pytest.fixture
def kernel(tmp_path: Any) -> Iterator[Any]:
    pm = make_plugin_manager(load_entrypoints=False, block=("followup", "reflection"), env={})
    k = make_test_kernel(pm=pm, home=tmp_path)
    yield k
    k.close()


def _schedule(rid: str, due: str, kind: str = "custom", app: str | None = "acme") -> Any:
    return ReminderScheduled(reminder=rid, title=f"do {rid}", due=due, kind=kind, application=app)


@pytest.fixture
def steps(kernel: Any) -> Any:
    """A mix: all-day, timed with an offset, timed in UTC, moved, done, cancelled."""
    kernel.record(
        [
            _schedule("a.day", "2026-11-21"),
            _schedule("a.ist", "2026-11-21T09:30:00+05:30", kind="follow-up"),
            _schedule("a.utc", "2026-11-22T08:00:00Z", app="globex"),
            _schedule("a.moved", "2026-11-25", kind="review-plan", app=None),
            _schedule("a.done", "2026-11-19", kind="follow-up", app="initech"),
            _schedule("a.gone", "2026-11-18", kind="follow-up", app="umbrella"),
        ]
    )
    kernel.record(
        [
            ReminderRescheduled(reminder="a.moved", due="2026-11-24T18:15:00-10:00"),
            ReminderDone(reminder="a.done"),
            ReminderCancelled(reminder="a.gone", reason="offer"),
        ]
    )
    return kernel


def _fresh_and_saved(kernel: Any) -> tuple[Any, Any]:
    """The view as folded, then as read back from the checkpoint it saved."""
    fresh = kernel.view("reminders")
    kernel.drop_views()  # saves the checkpoint and forgets the folded view
    saved = kernel.view("reminders")
    assert saved is not fresh
    return fresh, saved


def test_due_values_survive_the_checkpoint_offsets_included(steps: Any) -> None:
    fresh, saved = _fresh_and_saved(steps)
    for state in (fresh, saved):
        ist = state.get("a.ist")
        assert ist.due == datetime(2026, 11, 21, 9, 30, tzinfo=IST)
        assert ist.due.utcoffset() == timedelta(hours=5, minutes=30)
        assert ist.due_iso == "2026-11-21T09:30:00+05:30" and ist.timed
        assert ist.due_day(UTC) == date(2026, 11, 21)
        assert ist.due_day(HONOLULU) == date(2026, 11, 20)
        assert ist.due_moment(HONOLULU) == datetime(2026, 11, 21, 4, 0, tzinfo=UTC)
        day = state.get("a.day")
        assert day.due == date(2026, 11, 21) and not day.timed and day.due_iso == "2026-11-21"
        assert day.due_moment(IST) == datetime(2026, 11, 21, tzinfo=IST)
        assert state.get("a.utc").due_iso == "2026-11-22T08:00:00+00:00"
        moved = state.get("a.moved")
        assert (moved.due_iso, moved.revision) == ("2026-11-24T18:15:00-10:00", 1)
        assert moved.due_day(UTC) == date(2026, 11, 25)
    assert saved == fresh
    assert [r.id for r in saved.items.values()] == [r.id for r in fresh.items.values()]


def test_the_quick_questions_agree_before_and_after_the_checkpoint(steps: Any) -> None:
    fresh, saved = _fresh_and_saved(steps)
    answers = []
    for state in (fresh, saved):
        days, numbers = state.open_due_days(HONOLULU)
        answers.append(
            (
                list(zip(days, numbers, strict=True)),
                [r.id for r in state.by_numbers([4, 1, 99, 2])],
                state.by_number(3).id,
                state.resolve("#2").id,
                state.has_open("review-plan"),
                state.has_open("thank-you"),
                state.applications_with("follow-up"),
                {a: r.id for a, r in state.next_steps(["acme", "globex", "x"], HONOLULU).items()},
            )
        )
    assert answers[0] == answers[1]
    due, by_numbers, third, second, review, thanks, followed, nexts = answers[1]
    honolulu = [date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 21), date(2026, 11, 24)]
    assert due == list(zip([d.toordinal() for d in honolulu], [2, 1, 3, 4], strict=True))
    assert by_numbers == ["a.moved", "a.day", "a.ist"] and (third, second) == ("a.utc", "a.ist")
    assert review and not thanks
    assert followed == {"acme", "initech"}  # done counts, cancelled does not
    # 09:30 in India (04:00 UTC) comes before midnight in Honolulu (10:00 UTC)
    assert nexts == {"acme": "a.ist", "globex": "a.utc"}


def test_a_view_read_back_then_folded_further_is_saved_whole(steps: Any) -> None:
    steps.drop_views()
    steps.record([_schedule("b.new", "2026-12-01"), ReminderDone(reminder="a.day")])
    steps.drop_views()
    state = steps.view("reminders")
    assert state.get("b.new").number == 7 and state.next_number == 8
    assert state.get("a.day").done and not state.has_open("nothing")
    assert state.by_number(7).id == "b.new"


def test_a_checkpoint_written_by_the_previous_version_is_rebuilt(steps: Any) -> None:
    head = steps.store.head()[0]
    steps.drop_views()
    # What version 1 saved: every reminder as a map, the due as ISO text.
    old = {
        "items": {
            "a.day": {
                "id": "a.day",
                "number": 1,
                "title": "stale",
                "kind": "custom",
                "due_iso": "2020-01-01",
                "scheduled_at": datetime(2026, 1, 1, tzinfo=UTC),
            }
        },
        "next_number": 2,
    }
    steps.store.save_checkpoint(Checkpoint("reminders", 1, head, msgspec.msgpack.encode(old)))
    state = steps.view("reminders")
    assert state.get("a.day").title == "do a.day" and len(state.items) == 6
    steps.drop_views()
    saved = steps.store.load_checkpoint("reminders")
    current = RemindersProjection.version
    assert (saved.version, saved.position) == (current, head)
    # The same bytes under the current version are not readable: rebuilt too.
    steps.store.save_checkpoint(Checkpoint("reminders", current, head, msgspec.msgpack.encode(old)))
    assert steps.view("reminders").get("a.ist").due_iso == "2026-11-21T09:30:00+05:30"


# -- the agenda, as a user sees it ----------------------------------------------------


NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}


def test_a_long_overdue_list_keeps_its_order_from_the_checkpoint(run_cli: Any) -> None:
    """39 overdue steps; the 25 shown start inside a day that has timed steps.

    The timed ones were scheduled first (low numbers): on their day an
    all-day step counts from midnight, so one due at 07:00 comes after that
    day's all-day steps and one due at midnight among them, by number.
    """
    lines = [
        {"reminder": "timed", "title": "call", "due": "2026-10-05T07:00:00+01:00"},
        {"reminder": "early", "title": "early", "due": "2026-10-05T00:00:00+01:00"},
    ]
    for n in range(37):
        day = date(2026, 10, 1) + timedelta(days=n // 3)
        lines.append({"reminder": f"s{n:02d}", "title": f"step {n}", "due": day.isoformat()})
    batch = [{"type": "reminder.scheduled", "data": {**line, "kind": "custom"}} for line in lines]
    path = run_cli.home.parent / "steps.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in batch))
    assert run_cli("events", "import", str(path), env=NOW).exit_code == 0

    def overdue() -> tuple[list[str], int, str]:
        result = run_cli("--json", "agenda", env=NOW)
        assert result.exit_code == 0, result
        data = json.loads(result.stdout)
        text = run_cli("agenda", env=NOW).stdout
        return [r["id"] for r in data["overdue"]], data["overdue_hidden"], text

    first, second = overdue(), overdue()  # the second reads the saved checkpoint
    assert first == second
    ids, hidden, text = second
    steps = [f"s{n:02d}" for n in range(37)]  # s12-s14 are due on 5 Oct
    expected = [*steps[:12], "early", *steps[12:15], "timed", *steps[15:]]
    assert hidden == 14 and ids == expected[14:]
    assert ids[:3] == ["s13", "s14", "timed"]
    assert "(14 older overdue steps not shown: runnerup agenda --all)" in text
    everything = json.loads(run_cli("--json", "agenda", "--all", env=NOW).stdout)
    assert [r["id"] for r in everything["overdue"]] == expected


def test_the_board_takes_each_next_step_from_the_reminders_view(run_cli: Any) -> None:
    def ok(*args: str) -> str:
        result = run_cli(*args, env=NOW)
        assert result.exit_code == 0, result
        return result.stdout

    ok("apply", "Acme", "--role", "Engineer")
    ok("apply", "Globex", "--role", "Engineer")
    ok("remind", "acme", "Call Jane", "--on", "2026-11-23 09:00")
    ok("remind", "acme", "Later", "--on", "2026-11-30")
    ok("remind", "globex", "Write to Bob", "--on", "2026-11-24")
    ok("done", "3")  # Bob: nothing open for Globex any more
    for _ in range(2):  # folded, then from the checkpoint
        rows = {r["id"]: r["next"] for r in json.loads(ok("--json", "board"))}
        assert rows == {
            "acme-engineer": {"title": "Call Jane", "due": "2026-11-23T09:00:00+01:00"},
            "globex-engineer": None,
        }
        assert "Call Jane (" in ok("board")
