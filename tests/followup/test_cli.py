"""The plan through the command line: keep in touch, undo, replay."""

from __future__ import annotations

import json
from typing import Any

import pytest
from runnerup.testing import CliRunner

NOW = "2026-11-20T10:00:00+01:00"
APP = "northwind-logistics-senior-data-engineer"


class User:
    def __init__(self, run_cli: CliRunner) -> None:
        self.run = run_cli
        run_cli.home.mkdir(parents=True, exist_ok=True)
        (run_cli.home / "config.toml").write_text(
            '[me]\nname = "Alex Morgan"\nemail = "alex@example.org"\n'
        )

    def ok(self, *args: str, now: str = NOW) -> str:
        result = self.run(*args, env={"RUNNERUP_NOW": now})
        assert result.exit_code == 0, result
        return result.stdout

    def events(self) -> list[dict[str, Any]]:
        return [
            json.loads(line)
            for line in self.ok("--json", "events", "log").splitlines()
            if line.strip()
        ]

    def retracted(self) -> set[int]:
        return {
            p
            for e in self.events()
            if e["type"] == "event.retracted"
            for p in e["data"]["positions"]
        }

    def keep_in_touch_dues(self) -> dict[str, str]:
        dues: dict[str, str] = {}
        for event in self.events():
            data = event["data"]
            if (
                event["type"] in ("reminder.scheduled", "reminder.rescheduled")
                and ".keep-in-touch-" in data["reminder"]
            ):
                dues[data["reminder"]] = data["due"]
        return dues


@pytest.fixture
def user(run_cli: CliRunner) -> User:
    u = User(run_cli)
    u.ok(
        "apply",
        "Northwind Logistics",
        "--role",
        "Senior Data Engineer",
        "--contact",
        "Dana Whitfield <dana@northwind.example>",
    )
    u.ok("apply", "Contoso", "--role", "Analyst", "--contact", "Sam Lee <sam@contoso.example>")
    u.ok("interview", APP)
    u.ok("interviewed", APP)
    return u


def test_keep_in_touch_counts_again_from_the_last_real_contact(user: User) -> None:
    user.ok("rejected", APP)
    user.ok("rejected", "contoso", "--stage", "applied")
    assert user.keep_in_touch_dues() == {
        f"{APP}.keep-in-touch-30": "2026-12-20",
        f"{APP}.keep-in-touch-90": "2027-02-18",
        "contoso-analyst.keep-in-touch-30": "2026-12-20",
        "contoso-analyst.keep-in-touch-90": "2027-02-18",
    }
    user.ok("done", f"{APP}.keep-in-touch-30")
    user.ok("contact", "reached", "Dana", "--how", "coffee", now="2026-12-05T18:00:00+01:00")
    assert user.keep_in_touch_dues() == {
        f"{APP}.keep-in-touch-30": "2026-12-20",  # done: left alone
        f"{APP}.keep-in-touch-90": "2027-03-05",
        "contoso-analyst.keep-in-touch-30": "2026-12-20",  # someone else's application
        "contoso-analyst.keep-in-touch-90": "2027-02-18",
    }
    drafts = json.loads(user.ok("--json", "drafts"))
    assert {d["id"]: d["due"] for d in drafts if d["id"].startswith(f"{APP}.keep")} == {
        f"{APP}.keep-in-touch-30": "2026-12-20",
        f"{APP}.keep-in-touch-90": "2027-03-05",
    }
    agenda = user.ok("agenda", "--days", "200", now="2027-03-01T09:00:00+01:00")
    assert "Keep in touch with Northwind Logistics (90 days" in agenda


def test_a_contact_before_the_no_does_not_move_the_check_ins_earlier(user: User) -> None:
    user.ok("rejected", APP)
    user.ok("contact", "reached", "Dana", "--on", "2026-11-02")
    assert user.keep_in_touch_dues()[f"{APP}.keep-in-touch-30"] == "2026-12-20"
    assert not [e for e in user.events() if e["type"] == "reminder.rescheduled"]


def test_undo_of_the_rejection_takes_back_its_drafts_and_reminders(user: User) -> None:
    user.ok("rejected", APP)
    assert len(json.loads(user.ok("--json", "drafts"))) == 5
    [rejection] = [e for e in user.events() if e["type"] == "application.rejected"]
    out = user.ok("undo", str(rejection["position"]))
    assert "and 14 event(s) it caused" in out
    drafts = json.loads(user.ok("--json", "drafts"))
    assert [d["id"] for d in drafts] == [f"{APP}.interview-thanks-1"]
    agenda = user.ok("agenda", "--days", "200")
    assert "Northwind" in agenda  # the interview thank-you stays
    for gone in ("Reflect on", "Keep in touch", "Review your search plan", "Ask Northwind"):
        assert gone not in agenda
    retracted = user.retracted()
    plan = [
        e
        for e in user.events()
        if e["meta"].get("causation") and e["position"] > rejection["position"]
    ]
    assert {e["type"] for e in plan} == {"reminder.scheduled", "draft.requested", "draft.created"}
    assert {e["position"] for e in plan} | {rejection["position"]} == retracted


def test_replay_and_running_the_same_commands_again_add_nothing(user: User) -> None:
    user.ok("rejected", APP)
    before = user.events()
    drafts = user.ok("drafts")
    user.ok("events", "replay")
    assert user.events() == before
    assert user.ok("drafts") == drafts
    agenda = user.ok("agenda", "--days", "200")
    assert agenda.count("Keep in touch with Northwind Logistics (30 days") == 1
