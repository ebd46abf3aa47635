"""reflect and reflections: answers, the job's two columns, and the reflect reminder."""

from __future__ import annotations

import json
from typing import Any

import pytest

NOW = {"RUNNERUP_NOW": "2026-11-23T09:30:00+01:00"}
APP = "acme-data-engineer"


@pytest.fixture
def cli(run_cli: Any) -> Any:
    def run(*args: str, input: str | None = None) -> Any:
        return run_cli(*args, env=NOW, input=input)

    assert run("apply", "Acme", "--role", "Data Engineer").exit_code == 0
    return run


def shown(cli: Any, *args: str) -> Any:
    result = cli("--json", "reflections", *args)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_answers_are_recorded_and_shown_with_their_questions(cli: Any) -> None:
    result = cli(
        "reflect",
        "acme",
        "--answer",
        "went_well=Clear story about the migration",
        "--answer",
        "do-differently=Practise system design out loud",
    )
    assert result.exit_code == 0, result
    assert f"reflection recorded for {APP}: 2 answers" in result.stdout
    text = cli("reflections", "acme").stdout
    assert "What did you do well?\n    Clear story about the migration" in text
    assert "What will you do differently next time?\n    Practise system design out loud" in text
    answers = shown(cli)[APP]["answers"]
    assert list(answers) == ["went_well", "do_differently"]


def test_answering_again_replaces_the_earlier_answer(cli: Any) -> None:
    assert cli("reflect", "acme", "--answer", "learned=first").exit_code == 0
    assert cli("reflect", "acme", "--answer", "learned=second thoughts").exit_code == 0
    assert shown(cli, "acme")[APP]["answers"]["learned"]["answer"] == "second thoughts"


def test_an_unknown_key_is_an_error_listing_the_keys(cli: Any) -> None:
    result = cli("reflect", "acme", "--answer", "went_well=ok", "--answer", "mood=meh")
    assert result.exit_code == 1
    assert "unknown question 'mood'" in result.stderr
    for key in (
        "went_well",
        "unprepared_for",
        "learned",
        "do_differently",
        "strengths",
        "weaknesses",
    ):
        assert key in result.stderr
    assert shown(cli) == {}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--answer", "went_well"), "expected KEY=TEXT"),
        (("--answer", "went_well=  "), "cannot be empty"),
        (("--answer", "learned=a", "--answer", "learned=b"), "answered twice"),
        (("--liked", " "), "--liked cannot be empty"),
    ],
)
def test_bad_answers_record_nothing(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli("reflect", "acme", *args)
    assert result.exit_code == 1 and message in result.stderr
    assert shown(cli) == {}


def test_without_answers_and_without_a_terminal_it_says_how_to_pass_them(cli: Any) -> None:
    result = cli("reflect", "acme", input="")
    assert result.exit_code == 1
    assert "not a terminal" in result.stderr and "--answer KEY=TEXT" in result.stderr


def test_on_a_terminal_it_asks_each_question_and_skips_empty_answers(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runnerup.plugins.reflection import commands

    monkeypatch.setattr(commands, "stdin_is_terminal", lambda: True)
    replies = "I listened well\n\n\nPractise more\n\n\nGreat team\n\nLong commute\n\n"
    result = cli("reflect", "acme", input=replies)
    assert result.exit_code == 0, result
    assert "Which questions should you have been better prepared for?" in result.stdout
    entry = shown(cli, "acme")[APP]
    assert {k: v["answer"] for k, v in entry["answers"].items()} == {
        "went_well": "I listened well",
        "do_differently": "Practise more",
    }
    assert entry["liked"] == ["Great team"] and entry["concerns"] == ["Long commute"]


def test_job_reflection_shows_two_columns(cli: Any) -> None:
    result = cli(
        "reflect",
        "acme",
        "--liked",
        "Learning budget",
        "--liked",
        "Kind interviewers",
        "--concern",
        "On-call every other week",
    )
    assert result.exit_code == 0 and "2 liked, 1 concerns" in result.stdout
    assert (
        cli("reflect", "acme", "--liked", "learning budget", "--concern", "Long commute").exit_code
        == 0
    )
    lines = cli("reflections").stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("LIKED"))
    assert lines[header].split() == ["LIKED", "CONCERNS"]
    assert (
        lines[header + 1].startswith("Learning budget")
        and "On-call every other week" in lines[header + 1]
    )
    assert lines[header + 2].startswith("Kind interviewers") and lines[header + 2].endswith(
        "Long commute"
    )
    assert len([line for line in lines if "earning budget" in line]) == 1


def test_reflecting_closes_the_open_reflect_reminder(cli: Any) -> None:
    fields = (f"reminder={APP}.reflect", "title=Reflect on Acme", "due=2026-11-21", "kind=reflect")
    assert cli("events", "append", "reminder.scheduled", *fields).exit_code == 0
    assert "Reflect on Acme" in cli("agenda").stdout
    result = cli("reflect", "acme", "--answer", "learned=I like small teams")
    assert result.exit_code == 0 and f"done: the reflection reminder for {APP}" in result.stdout
    assert "Reflect on Acme" not in cli("agenda").stdout
    log = [
        json.loads(line)
        for line in cli("--json", "events", "log", "--type", "reminder.done").stdout.splitlines()
    ]
    assert [(e["data"]["reminder"], e["meta"]["actor"]) for e in log] == [
        (f"{APP}.reflect", "plugin:reflection")
    ]
    assert cli("reflect", "acme", "--answer", "strengths=Calm").exit_code == 0
    assert len(cli("--json", "events", "log", "--type", "reminder.done").stdout.splitlines()) == 1


def test_unknown_application_and_empty_reflections(cli: Any) -> None:
    result = cli("reflect", "nowhere", "--answer", "learned=x")
    assert result.exit_code == 1 and "nowhere" in result.stderr
    assert "No reflection for acme-data-engineer yet" in cli("reflections", "acme").stdout
    assert "No reflections yet" in cli("reflections").stdout
