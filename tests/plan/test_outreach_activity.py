"""outreach and activity: letters per work day against the target; days off never count."""

from __future__ import annotations

import json
from typing import Any

import pytest

MONDAY = {"RUNNERUP_NOW": "2026-11-23T18:00:00+01:00"}


@pytest.fixture
def cli(run_cli: Any) -> Any:
    def run(*args: str) -> Any:
        return run_cli(*args, env=MONDAY)

    return run


def send(cli: Any, company: str, on: str, *extra: str) -> Any:
    result = cli("outreach", company, "--on", on, *extra)
    assert result.exit_code == 0, result
    return result


def activity(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("--json", "activity", *args)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_outreach_counts_against_the_target_of_the_day(cli: Any) -> None:
    first = cli("outreach", "Contoso")
    assert first.exit_code == 0 and "today: 1 of 2\u20134 letters" in first.stdout
    second = cli(
        "outreach", "Fabrikam", "--kind", "informational", "--note", "asked about the data team"
    )
    assert "today: 2 of 2\u20134 letters: target reached" in second.stdout
    saturday = send(cli, "Tailspin", "2026-11-21")
    assert "a day off" in saturday.stdout


def test_activity_counts_work_days_only_and_keeps_a_streak(cli: Any) -> None:
    for company, day in [
        ("A", "2026-11-17"),
        ("B", "2026-11-17"),  # Tue: met
        ("C", "2026-11-18"),  # Wed: below
        ("D", "2026-11-19"),
        ("E", "2026-11-19"),  # Thu: met
        ("F", "2026-11-20"),
        ("G", "2026-11-20"),
        ("H", "2026-11-20"),  # Fri: met
        ("I", "2026-11-21"),
        ("J", "2026-11-22"),  # weekend: extra, never a miss
        ("K", "2026-11-23"),  # Mon (today): in progress
    ]:
        send(cli, company, day)
    data = activity(cli)
    days = [row["day"] for row in data["days"]]
    assert days == [
        "Tue 2026-11-17",
        "Wed 2026-11-18",
        "Thu 2026-11-19",
        "Fri 2026-11-20",
        "Mon 2026-11-23",
    ]
    assert [row["status"] for row in data["days"]] == [
        "met",
        "below target",
        "met",
        "met",
        "in progress",
    ]
    assert data["streak"] == 2 and data["letters"] == 11 and data["met"] == 3
    text = cli("activity").stdout
    assert "9 letters over 5 work days, plus 2 on days off; target met on 3." in text
    assert "Streak: 2 work days in a row at target." in text
    send(cli, "L", "today")
    assert activity(cli)["streak"] == 3


def test_days_off_from_the_plan_do_not_count(cli: Any) -> None:
    assert cli("plan", "--days-off", "fri,sat,sun").exit_code == 0
    send(cli, "A", "2026-11-19")
    send(cli, "B", "2026-11-19")
    send(cli, "C", "2026-11-20")
    data = activity(cli)
    assert [row["day"] for row in data["days"]] == ["Thu 2026-11-19", "Mon 2026-11-23"]


def test_undo_takes_a_letter_back(cli: Any) -> None:
    send(cli, "A", "today")
    send(cli, "B", "today")
    assert cli("undo").exit_code == 0
    assert activity(cli)["days"][-1]["companies"] == ["A"]


def test_outreach_with_a_contact_keeps_the_person_sealed(cli: Any) -> None:
    result = cli("outreach", "Contoso", "--contact", "Sam Lee <sam@contoso.example>")
    assert result.exit_code == 0, result
    log = cli("--json", "events", "log").stdout
    assert "sam@contoso.example" not in log and "Sam Lee" not in log
    letter = next(json.loads(line) for line in log.splitlines() if '"outreach.sent"' in line)
    assert letter["data"]["contact"].startswith("c-")
    again = cli("outreach", "Contoso", "--contact", "sam@contoso.example")
    assert again.exit_code == 0
    contacts = [
        line
        for line in cli("--json", "events", "log", "--type", "contact.added").stdout.splitlines()
    ]
    assert len(contacts) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "tomorrow"), "not ahead"),
        (("--on", "whenever"), "cannot read"),
        (("--contact", "Sam <not-an-email>"), "not-an-email"),
    ],
)
def test_bad_outreach_records_nothing(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli("outreach", "Contoso", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert activity(cli)["letters"] == 0


def test_an_unknown_kind_is_a_usage_error(cli: Any) -> None:
    assert cli("outreach", "Contoso", "--kind", "spam").exit_code == 2


def test_no_outreach_yet(cli: Any) -> None:
    assert "No outreach recorded yet" in cli("activity").stdout
