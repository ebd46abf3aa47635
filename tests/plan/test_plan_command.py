"""plan: show, adjust, validate; only real changes are recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest

NOW = {"RUNNERUP_NOW": "2026-11-23T09:00:00+01:00"}


@pytest.fixture
def cli(run_cli: Any) -> Any:
    def run(*args: str) -> Any:
        return run_cli(*args, env=NOW)

    return run


def plan(cli: Any) -> dict[str, Any]:
    result = cli("--json", "plan")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def plan_events(cli: Any) -> list[dict[str, Any]]:
    out = cli("--json", "events", "log", "--type", "plan.updated").stdout
    return [json.loads(line)["data"] for line in out.splitlines()]


def test_a_new_plan_has_the_default_target_and_weekends_off(cli: Any) -> None:
    text = cli("plan").stdout
    assert "2\u20134 letters per work day (days off: Sat, Sun)" in text
    data = plan(cli)
    assert (data["target_min"], data["target_max"], data["days_off"]) == (2, 4, [5, 6])
    assert plan_events(cli) == []


def test_options_change_the_plan(cli: Any) -> None:
    result = cli(
        "plan",
        "--must-have",
        "Remote-friendly",
        "--must-have",
        "Learning budget",
        "--role",
        "Data Engineer",
        "--sector",
        "logistics",
        "--target-per-workday",
        "3-5",
        "--days-off",
        "fri,sat,sun",
        "--goal",
        "Two informational interviews",
    )
    assert result.exit_code == 0, result
    assert "Must-haves:   Remote-friendly; Learning budget" in result.stdout
    assert "3\u20135 letters per work day (days off: Fri, Sat, Sun)" in result.stdout
    assert cli("plan", "--drop-must-have", "remote-friendly", "--days-off", "none").exit_code == 0
    data = plan(cli)
    assert data["must_haves"] == ["Learning budget"] and data["days_off"] == []
    assert data["roles"] == ["Data Engineer"] and data["weekly_goals"] == [
        "Two informational interviews"
    ]
    assert data["updates"] == 2


def test_nothing_new_records_nothing(cli: Any) -> None:
    assert cli("plan", "--must-have", "Remote").exit_code == 0
    same = cli("plan", "--must-have", "remote", "--target-per-workday", "2-4")
    assert same.exit_code == 0 and "plan unchanged" in same.stderr
    assert len(plan_events(cli)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--target-per-workday", "0-3"), "1 <= MIN <= MAX <= 20"),
        (("--target-per-workday", "5-3"), "1 <= MIN <= MAX <= 20"),
        (("--target-per-workday", "3-21"), "1 <= MIN <= MAX <= 20"),
        (("--target-per-workday", "lots"), "give MIN-MAX"),
        (("--days-off", "caturday"), "not a weekday"),
        (("--days-off", "mon,tue,wed,thu,fri,sat,sun"), "at least one day"),
        (("--must-have", "   "), "--must-have cannot be empty"),
        (("--drop-must-have", "Free lunch"), "'Free lunch' is not in the plan"),
    ],
)
def test_bad_options_are_refused_and_record_nothing(
    cli: Any, args: tuple[str, ...], message: str
) -> None:
    result = cli("plan", "--role", "Data Engineer", *args)
    assert result.exit_code == 1, result
    assert message in result.stderr
    assert plan_events(cli) == []


def test_a_single_number_is_a_fixed_target(cli: Any) -> None:
    assert cli("plan", "--target-per-workday", "3").exit_code == 0
    assert (plan(cli)["target_min"], plan(cli)["target_max"]) == (3, 3)
