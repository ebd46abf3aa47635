"""``board``: stages, days in stage, ghosting computed from "now", time travel."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import msgspec
from runnerup import Event, Projection, RecordedEvent, hookimpl


def test_an_empty_board_says_how_to_start(cli: Any) -> None:
    assert "start with 'runnerup apply" in cli.ok("board")
    assert cli.json("board") == []


def test_board_groups_by_stage_in_pipeline_order(cli: Any) -> None:
    for company in ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"):
        cli.ok("apply", company, "--role", "Engineer", "--on", "2026-11-10")
    cli.ok("closed", "umbrella")
    cli.ok("rejected", "hooli")
    cli.ok("offer", "stark")
    cli.ok("interview", "initech", "--at", "2026-11-25 10:00")
    cli.ok("interview", "initech", "--round", "2")
    cli.ok("responded", "globex", "--on", "2026-11-15")
    rows = cli.json("board")
    assert [(r["id"], r["stage"]) for r in rows] == [
        ("acme-engineer", "applied"),
        ("globex-engineer", "screening"),
        ("initech-engineer", "interviewing"),
        ("stark-engineer", "offer"),
        ("hooli-engineer", "rejected"),
        ("umbrella-engineer", "closed"),
    ]
    assert rows[0]["days_in_stage"] == 10 and rows[1]["days_in_stage"] == 5
    table = cli.ok("board").splitlines()
    assert table[0].split() == ["STAGE", "APPLICATION", "COMPANY", "ROLE", "DAYS", "NEXT"]
    assert table[3].startswith("interviewing (round 2)  initech-engineer")
    assert "acme-engineer" in cli.ok("board", "--open")
    assert "hooli-engineer" not in cli.ok("board", "--open")


def test_silence_shows_as_ghosted_at_display_time(cli: Any) -> None:
    cli.ok("apply", "Acme", "--role", "Engineer", "--on", "2026-10-29")  # 22 days before NOW
    cli.ok("apply", "Globex", "--role", "Engineer", "--on", "2026-10-31")  # 20 days
    cli.ok("apply", "Initech", "--role", "Engineer", "--on", "2026-10-01")
    cli.ok("rejected", "initech", "--on", "2026-10-02")  # ended: never ghosted
    rows = {r["id"]: r for r in cli.json("board")}
    assert rows["acme-engineer"]["stage"] == "ghosted" and rows["acme-engineer"]["ghosted"]
    assert rows["acme-engineer"]["recorded_stage"] == "applied"
    assert rows["globex-engineer"]["stage"] == "applied"
    assert rows["initech-engineer"]["stage"] == "rejected"
    assert "suggested: send one follow-up" in cli.ok("board")
    # three days later Globex goes quiet too; nothing was recorded in between
    later = {r["id"]: r["stage"] for r in cli.json("board", now="2026-11-23T10:00:00+01:00")}
    assert later["globex-engineer"] == "ghosted"
    # a scheduled interview is not silence
    cli.ok("interview", "acme", "--at", "2026-11-27 10:00")
    rows = {r["id"]: r for r in cli.json("board")}
    assert rows["acme-engineer"]["stage"] == "interviewing"
    assert not any(e["type"].startswith("ghost") for e in cli.events())


def test_ghosted_after_days_comes_from_config(cli: Any) -> None:
    (cli.home).mkdir(parents=True, exist_ok=True)
    (cli.home / "config.toml").write_text("[applications]\nghosted_after_days = 7\n")
    cli.ok("apply", "Acme", "--role", "Engineer", "--on", "2026-11-12")
    assert cli.json("board")[0]["stage"] == "ghosted"


def test_as_of_replays_to_that_moment(cli: Any) -> None:
    cli.ok("apply", "Acme", "--role", "Engineer")
    first = cli.events()[-1]["recorded_at"]
    cli.ok("apply", "Globex", "--role", "Engineer")
    cli.ok("rejected", "acme")
    then = cli.json("board", "--as-of", first)
    assert [(r["id"], r["stage"]) for r in then] == [("acme-engineer", "applied")]
    now = {r["id"]: r["stage"] for r in cli.json("board")}
    assert now == {"acme-engineer": "rejected", "globex-engineer": "applied"}
    assert cli.json("board", "--as-of", "2001-01-01") == []


# -- the next step, from a reminders projection ---------------------------------


class StepScheduled(Event, tag="test.step.scheduled"):
    """A stand-in for the reminders plugin's events."""

    __stream__ = "test/{reminder}"
    reminder: str
    application: str
    title: str
    due: date
    done: bool = False


class Reminder(msgspec.Struct):
    application: str
    title: str
    due: date
    done: bool = False
    cancelled: bool = False


class Reminders(msgspec.Struct):
    items: dict[str, Reminder] = {}


class FakeReminders(Projection[Reminders]):
    name = "reminders"
    types = frozenset({"test.step.scheduled"})
    state_type = Reminders

    def initial(self) -> Reminders:
        return Reminders()

    def apply(self, state: Reminders, event: RecordedEvent) -> Reminders:
        d: Any = event.data
        state.items[d.reminder] = Reminder(d.application, d.title, d.due, done=d.done)
        return state


class RemindersPlugin:
    @hookimpl
    def register_event_types(self, register: Any) -> None:
        register(StepScheduled)

    @hookimpl
    def register_projections(self, register: Any) -> None:
        register(FakeReminders())


def test_next_step_is_the_earliest_open_reminder(make_cli: Any) -> None:
    cli = make_cli(("fake-reminders", RemindersPlugin()))
    cli.ok("apply", "Acme", "--role", "Engineer")
    for rid, title, due, done in [
        ("a", "Send the thank-you note", "2026-11-21", "false"),
        ("b", "Keep in touch", "2026-12-20", "false"),
        ("c", "Already done", "2026-11-19", "true"),
    ]:
        fields = [f"reminder={rid}", "application=acme-engineer", f"title={title}", f"due={due}"]
        cli.ok("events", "append", "test.step.scheduled", *fields, f"done={done}")
    [row] = cli.json("board")
    assert row["next"] == {"title": "Send the thank-you note", "due": "2026-11-21"}
    assert "Send the thank-you note (2026-11-21)" in cli.ok("board")


# -- a long search: the ended applications are cut to the most recent -----------


def _long_search(cli: Any, ended: int, going: int = 2) -> list[str]:
    """``ended`` applications rejected one day apart (oldest first), and ``going`` open ones.

    Returns the ids of the ended ones, oldest first. One ``events import``
    keeps the test quick.
    """
    lines, ids = [], []
    for n in range(ended + going):
        app = f"company{n:02d}-engineer"
        lines.append(
            {
                "type": "application.submitted",
                "data": {"application": app, "company": f"Company{n:02d}", "role": "Engineer"},
                "occurred_at": "2026-09-01T09:00:00+00:00",
            }
        )
        if n < ended:
            ids.append(app)
            day = date(2026, 9, 2).toordinal() + n
            lines.append(
                {
                    "type": "application.rejected",
                    "data": {"application": app, "stage": "applied"},
                    "occurred_at": f"{date.fromordinal(day).isoformat()}T09:00:00+00:00",
                }
            )
        else:  # heard back lately: still going, not ghosted
            lines.append(
                {
                    "type": "application.responded",
                    "data": {"application": app},
                    "occurred_at": "2026-11-18T09:00:00+00:00",
                }
            )
    batch = cli.home.parent / "long-search.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines))
    cli.ok("events", "import", str(batch))
    return ids


def test_a_long_search_shows_the_25_most_recent_endings_and_counts_the_rest(cli: Any) -> None:
    ended = _long_search(cli, ended=28)
    out = cli.ok("board").splitlines()
    shown = [line.split()[1] for line in out[1:-1]]
    assert shown[:2] == ["company28-engineer", "company29-engineer"]  # screening, still going
    assert sorted(shown[2:]) == sorted(ended[3:])  # the 25 rejected most recently
    assert not set(ended[:3]) & set(shown)
    assert out[-1] == "(3 older ended applications not shown: runnerup board --all)"
    # ended rows keep the board order: longest in their stage first
    assert shown[2] == ended[3] and shown[-1] == ended[-1]


def test_board_all_shows_every_ended_application_and_json_is_complete(cli: Any) -> None:
    ended = _long_search(cli, ended=28)
    out = cli.ok("board", "--all").splitlines()
    assert [line.split()[1] for line in out[1:]][2:] == ended
    assert "not shown" not in out[-1]
    rows = cli.json("board")
    assert len(rows) == 30 and [r["id"] for r in rows][2:] == ended
    opened = cli.ok("board", "--open").splitlines()
    assert [line.split()[1] for line in opened[1:]] == ["company28-engineer", "company29-engineer"]


def test_a_ghosted_application_counts_as_ended_and_the_cut_is_recent_first(cli: Any) -> None:
    ended = _long_search(cli, ended=26, going=0)
    # Quiet since 21 Sep: ghosted, and ranked among the endings by that day.
    cli.ok("apply", "Quiet", "--role", "Engineer", "--on", "2026-09-21")
    rows = cli.ok("board").splitlines()[1:]
    assert rows[-1] == "(2 older ended applications not shown: runnerup board --all)"
    shown = [line.split()[1] for line in rows[:-1]]
    assert "quiet-engineer" in shown and ended[0] not in shown and ended[1] not in shown
    assert rows[-2].startswith("ghosted") and "send one follow-up" in rows[-2]
