"""agenda, done, snooze and remind, as a user sees them (clock pinned)."""

from __future__ import annotations

import json
from typing import Any

import pytest

NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}  # a Friday


@pytest.fixture
def cli(run_cli: Any) -> Any:
    def run(*args: str) -> Any:
        return run_cli(*args, env=NOW)

    return run


def schedule(cli: Any, rid: str, title: str, due: str, **extra: str) -> None:
    fields = [f"{k}={v}" for k, v in {"kind": "custom", **extra}.items()]
    result = cli(
        "events",
        "append",
        "reminder.scheduled",
        f"reminder={rid}",
        f"title={title}",
        f"due={due}",
        *fields,
    )
    assert result.exit_code == 0, result


@pytest.fixture
def three(cli: Any) -> Any:
    """An upcoming, an overdue and a due-today reminder, scheduled in that order."""
    schedule(
        cli, "acme.keep-in-touch-30", "Keep in touch with Acme", "2026-11-25", kind="keep-in-touch"
    )
    schedule(cli, "acme.thank-you", "Send the thank-you note", "2026-11-18", kind="thank-you")
    schedule(cli, "acme.reflect", "Reflect on Acme", "2026-11-20T15:00:00+01:00", kind="reflect")
    schedule(cli, "acme.far", "Far away", "2027-03-01")
    return cli


def agenda_json(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("--json", "agenda", *args)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_agenda_shows_overdue_then_today_then_upcoming(three: Any) -> None:
    result = three("agenda")
    assert result.exit_code == 0, result
    out = result.stdout
    assert out.index("Overdue") < out.index("Send the thank-you note")
    assert out.index("Send the thank-you note") < out.index("Today, Fri 20 Nov")
    assert out.index("Today, Fri 20 Nov") < out.index("Reflect on Acme") < out.index("Next 14 days")
    assert out.index("Next 14 days") < out.index("Keep in touch with Acme")
    assert "Far away" not in out
    assert "1 more later" in out
    assert "2 days ago" in out and "Fri 20 Nov 15:00" in out


def test_agenda_numbers_follow_scheduling_order_and_days_widens_the_window(three: Any) -> None:
    data = agenda_json(three, "--days", "200")
    assert [r["number"] for r in data["overdue"]] == [2]
    assert [(r["number"], r["id"]) for r in data["today"]] == [(3, "acme.reflect")]
    assert [r["id"] for r in data["upcoming"]] == ["acme.keep-in-touch-30", "acme.far"]
    assert data["later"] == 0


def test_done_by_number_prefix_and_id_removes_from_agenda(three: Any) -> None:
    assert three("done", "2", "--note", "sent it").exit_code == 0
    result = three("done", "acme.re")
    assert result.exit_code == 0 and "done: #3 Reflect on Acme" in result.stdout
    data = agenda_json(three)
    assert data["overdue"] == [] and data["today"] == []


def test_done_twice_and_unknown_and_ambiguous_are_errors(three: Any) -> None:
    assert three("done", "2").exit_code == 0
    again = three("done", "acme.thank-you")
    assert again.exit_code == 1 and "already done" in again.stderr
    assert "no reminder number 9" in three("done", "9").stderr
    ambiguous = three("done", "acme")
    assert ambiguous.exit_code == 1 and "matches 3 reminders" in ambiguous.stderr


def test_snooze_moves_a_reminder_and_keeps_its_time_of_day(three: Any) -> None:
    result = three("snooze", "3", "--until", "monday")
    assert result.exit_code == 0, result
    assert "until Mon 23 Nov 15:00" in result.stdout
    data = agenda_json(three)
    assert data["today"] == []
    moved = next(r for r in data["upcoming"] if r["id"] == "acme.reflect")
    assert moved["due_iso"] == "2026-11-23T15:00:00+01:00" and moved["revision"] == 1


def test_snooze_errors(three: Any) -> None:
    assert three("done", "2").exit_code == 0
    done = three("snooze", "2", "--until", "+3d")
    assert done.exit_code == 1 and "already done" in done.stderr
    past = three("snooze", "1", "--until", "yesterday")
    assert past.exit_code == 1 and "in the past" in past.stderr
    bad = three("snooze", "1", "--until", "someday")
    assert bad.exit_code == 1 and "cannot read 'someday'" in bad.stderr
    missing = three("snooze", "1")
    assert missing.exit_code == 2


def test_cancelled_reminders_leave_the_agenda_and_cannot_be_done(three: Any) -> None:
    assert three("events", "append", "reminder.cancelled", "reminder=acme.thank-you").exit_code == 0
    assert agenda_json(three)["overdue"] == []
    result = three("done", "2")
    assert result.exit_code == 1 and "cancelled" in result.stderr


def test_remind_puts_an_ad_hoc_step_on_the_agenda(cli: Any) -> None:
    assert cli("apply", "Acme", "--role", "Data Engineer").exit_code == 0
    result = cli("remind", "acme", "Call the recruiter back", "--on", "tomorrow")
    assert result.exit_code == 0, result
    assert "scheduled #1 Call the recruiter back for Sat 21 Nov" in result.stdout
    row = agenda_json(cli)["upcoming"][0]
    assert row["id"] == "acme-data-engineer.call-the-recruiter-back"
    assert row["application"] == "acme-data-engineer" and row["due_iso"] == "2026-11-21"
    timed = cli("remind", "acme", "Call the recruiter back", "--on", "monday 09:30")
    assert timed.exit_code == 0 and "acme-data-engineer.call-the-recruiter-back-2" in timed.stdout


def test_remind_refuses_an_unknown_application_and_a_bad_date(cli: Any) -> None:
    unknown = cli("remind", "nowhere", "Something", "--on", "tomorrow")
    assert unknown.exit_code == 1 and "nowhere" in unknown.stderr
    assert cli("apply", "Acme", "--role", "Data Engineer").exit_code == 0
    bad = cli("remind", "acme", "Something", "--on", "31/12")
    assert bad.exit_code == 1 and "cannot read" in bad.stderr
    assert agenda_json(cli)["upcoming"] == []


def test_a_due_without_offset_is_refused_by_the_schema(cli: Any) -> None:
    result = cli(
        "events",
        "append",
        "reminder.scheduled",
        "reminder=x",
        "title=T",
        "due=2026-11-21T09:00",
        "kind=k",
    )
    assert result.exit_code == 1 and "offset" in result.stderr


def test_outreach_nudge_on_a_work_day_only(cli: Any, run_cli: Any) -> None:
    assert cli("outreach", "Contoso").exit_code == 0
    friday = cli("agenda")
    assert "Outreach today: 1 of 2\u20134 letters" in friday.stdout
    saturday = run_cli("agenda", env={"RUNNERUP_NOW": "2026-11-21T10:00:00+01:00"})
    assert "Outreach today" not in saturday.stdout
    assert cli("outreach", "Fabrikam").exit_code == 0
    assert "Outreach today" not in cli("agenda").stdout


def test_ghosted_applications_get_one_follow_up_suggestion(cli: Any, run_cli: Any) -> None:
    applied = run_cli(
        "apply",
        "Acme",
        "--role",
        "Data Engineer",
        env={"RUNNERUP_NOW": "2026-10-15T10:00:00+01:00"},
    )
    assert applied.exit_code == 0, applied
    out = cli("agenda").stdout
    assert "Ghosted: Acme (Data Engineer): no reply for 36 days; send one short follow-up" in out
    assert (
        cli("remind", "acme", "Follow up once", "--on", "today", "--kind", "follow-up").exit_code
        == 0
    )
    after = cli("agenda").stdout
    assert "Ghosted" not in after and "Follow up once" in after


def test_plan_review_nudge_after_a_week(cli: Any, run_cli: Any) -> None:
    early = {"RUNNERUP_NOW": "2026-11-09T10:00:00+01:00"}
    assert run_cli("plan", "--role", "Data Engineer", env=early).exit_code == 0
    assert "Review your plan: last updated 11 days ago" in cli("agenda").stdout
    assert cli("plan", "--reviewed").exit_code == 0
    assert "Review your plan" not in cli("agenda").stdout
