"""runnerup-salary through the runnerup.testing fixtures: what a user sees, and the log.

The fixtures come with runnerup (a pytest11 entry point): ``run_cli`` runs
the command line in-process on a temporary home, ``runnerup_kernel`` is a
kernel on the in-memory store, ``runnerup_logs`` captures logs. They never
load installed entry points, so the plugin is handed to them explicitly by
overriding ``runnerup_plugins``; one test checks the real entry point.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

runnerup_salary = pytest.importorskip(
    "runnerup_salary", reason="pip install -e docs/examples/runnerup-salary"
)

from runnerup import ReactionContext  # noqa: E402
from runnerup_salary.events import SalaryCountered, SalaryOffered  # noqa: E402

THURSDAY = {"RUNNERUP_NOW": "2026-11-19T10:00:00+01:00"}


@pytest.fixture
def runnerup_plugins() -> dict[str, Any]:
    """Every runnerup fixture in this module gets the plugin, under its entry-point name."""
    return {"salary": runnerup_salary}


@pytest.fixture
def cli(run_cli: Any) -> Any:
    """``run_cli`` on a pinned clock (Thursday 19 November 2026) that must succeed."""

    def run(*args: str) -> str:
        result = run_cli(*args, env=THURSDAY)
        assert result.exit_code == 0, result
        return str(result.stdout)

    return run


def events(cli: Any, *types: str) -> list[dict[str, Any]]:
    args = [a for t in types for a in ("--type", t)]
    return [json.loads(line) for line in cli("--json", "events", "log", *args).splitlines()]


def agenda(cli: Any) -> list[tuple[str, str]]:
    """Open reminders as (id, due), from the reminders plugin's ``agenda`` command."""
    data = json.loads(cli("--json", "agenda"))
    return [(r["id"], r["due_iso"]) for key in ("overdue", "today", "upcoming") for r in data[key]]


def test_an_offer_asks_for_a_reply_within_two_work_days(cli: Any) -> None:
    assert cli("salary", "offer", "Acme Corp", "85k", "--role", "Data Engineer") == (
        "acme-corp: offered 85,000 EUR\n"
    )
    (offered,) = events(cli, "salary.offered")
    assert offered["data"] == {
        "negotiation": "acme-corp",
        "company": "Acme Corp",
        "amount": 85000,
        "currency": "EUR",
        "role": "Data Engineer",
        "note": None,
    }
    # Thursday + 2 work days = Monday
    assert agenda(cli) == [("acme-corp.salary-reply-1", "2026-11-23")]


def test_a_counter_offer_drafts_a_follow_up_and_closes_the_reply_reminder(cli: Any) -> None:
    cli("salary", "offer", "Acme Corp", "85,000", "--role", "Data Engineer")
    assert cli("salary", "counter", "acme", "95000") == "acme-corp: countered 95,000 EUR\n"
    assert agenda(cli) == [("acme-corp.salary-follow-up-2", "2026-11-24")]
    draft = cli("draft", "show", "acme-corp.salary-follow-up-2")
    assert "Subject: Following up on my counter-proposal for the Data Engineer role" in draft
    assert "your offer of 85,000 EUR" in draft and "my proposal of 95,000 EUR" in draft
    assert "joining Acme Corp." in draft
    (cancelled,) = events(cli, "reminder.cancelled")
    assert cancelled["data"]["reminder"] == "acme-corp.salary-reply-1"
    assert cancelled["meta"]["actor"] == "plugin:salary"


def test_agreeing_closes_the_negotiation_and_its_reminders(cli: Any, run_cli: Any) -> None:
    cli("salary", "offer", "Acme Corp", "85k")
    cli("salary", "counter", "acme", "95k")
    cli("salary", "offer", "acme corp", "90k", "--note", "revised after the call")
    assert cli("salary", "agree", "acme") == "acme-corp: agreed 90,000 EUR\n"
    assert agenda(cli) == []
    assert cli("salary", "show", "acme") == (
        "Acme Corp: agreed\n"
        "ON          STEP       AMOUNT      NOTE\n"
        "2026-11-19  offered    85,000 EUR  -\n"
        "2026-11-19  countered  95,000 EUR  -\n"
        "2026-11-19  offered    90,000 EUR  revised after the call\n"
        "2026-11-19  agreed     90,000 EUR  -\n"
    )
    before = len(events(cli))
    refused = run_cli("salary", "counter", "acme", "99k", env=THURSDAY)
    assert refused.exit_code == 1
    assert (
        refused.stderr
        == "Error: the negotiation with Acme Corp is closed: you agreed on 90,000 EUR\n"
    )
    assert len(events(cli)) == before


def test_bad_input_is_refused_and_writes_nothing(cli: Any, run_cli: Any) -> None:
    cli("salary", "offer", "Acme Corp", "85k")
    before = len(events(cli))
    cases = {
        ("salary", "counter", "Globex", "70k"): (1, "no salary negotiation matches 'Globex'"),
        ("salary", "offer", "Acme Corp", "88k", "--currency", "USD"): (1, "is in EUR, not USD"),
        ("salary", "offer", "Acme Corp", "lots"): (2, "not an amount: 'lots'"),
        ("salary", "offer", "Acme Corp", "88k", "--on", "someday"): (1, "cannot read 'someday'"),
    }
    for args, (status, message) in cases.items():
        result = run_cli(*args, env=THURSDAY)
        assert (result.exit_code, result.stdout) == (status, ""), result
        assert message in result.stderr
    assert len(events(cli)) == before


def test_a_dropped_salary_file_becomes_a_step_and_a_bad_one_is_quarantined(
    cli: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "globex.salary.json").write_text(
        '{"company": "Globex", "amount": 70000, "role": "Analyst", "on": "2026-11-18"}'
    )
    (folder / "typo.salary.json").write_text('{"company": "Globex", "amout": 70000}')
    out = cli("watch", str(folder), "--once").splitlines()
    assert sorted(out) == [
        "globex.salary.json → Globex: salary offered (70,000)",
        "typo.salary.json → quarantined: not a salary file: Object contains unknown field `amout`",
    ]
    assert (folder / ".runnerup-quarantine" / "typo.salary.json").exists()
    (offered,) = events(cli, "salary.offered")
    assert offered["meta"]["actor"] == "watch"
    assert offered["occurred_at"].startswith("2026-11-18")
    assert agenda(cli) == [("globex.salary-reply-1", "2026-11-20")]  # Wednesday + 2 work days


def test_the_template_is_listed_and_a_users_file_overrides_it(cli: Any, run_cli: Any) -> None:
    rows = {r["kind"]: r for r in json.loads(cli("--json", "templates"))}
    assert rows["salary_follow_up"]["origin"] == "plugin: salary"
    (run_cli.home / "templates").mkdir(parents=True)
    (run_cli.home / "templates" / "salary_follow_up.txt.j2").write_text(
        "Subject: About {{ extra.counter }}\n\nShall we talk?\n"
    )
    cli("salary", "offer", "Acme Corp", "85k")
    cli("salary", "counter", "acme", "95k")
    assert "Subject: About 95,000 EUR" in cli("draft", "show", "acme-corp.salary-follow-up-2")


def test_undo_takes_back_the_offer_and_the_reminder_it_caused(cli: Any) -> None:
    cli("salary", "offer", "Acme Corp", "85k")
    assert cli("undo") == "undone: salary.offered at position 1 and 1 event(s) it caused\n"
    assert agenda(cli) == []
    assert cli("salary", "show") == (
        "no salary negotiations yet (runnerup salary offer COMPANY AMOUNT)\n"
    )


def test_the_reactor_gives_the_same_output_for_the_same_event(runnerup_kernel: Any) -> None:
    kernel = runnerup_kernel
    kernel.record([SalaryOffered(negotiation="acme", company="Acme", amount=1, currency="EUR")])
    (offered,) = kernel.read(types=["salary.offered"])
    context = ReactionContext(kernel, "salary")
    first = runnerup_salary.handle_event(offered, context)
    assert first == runnerup_salary.handle_event(offered, context)  # a re-delivery changes nothing
    assert [e.data for e in kernel.read(types=["reminder.scheduled"])] == first
    kernel.record([SalaryCountered(negotiation="unknown", amount=2)])  # no offer: ignored
    view = kernel.view("salary.negotiations")
    assert list(view.items) == ["acme"]
    assert [(s.kind, s.amount) for s in view.items["acme"].steps] == [("offered", 1)]


def test_the_plugin_is_installed_through_its_entry_point(tmp_path: Path) -> None:
    found = {ep.name: ep.value for ep in entry_points(group="runnerup")}
    if found.get("salary") != "runnerup_salary":
        pytest.skip("runnerup-salary is importable but not pip-installed (no entry point)")
    env = {
        **os.environ,
        "RUNNERUP_HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "RUNNERUP_LOAD_PLUGINS": "salary",
    }
    result = subprocess.run(
        [sys.executable, "-m", "runnerup", "--json", "plugins"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    (listed,) = [p for p in json.loads(result.stdout) if p["name"] == "salary"]
    assert listed["version"] == "0.1.0"
    assert listed["event_types"] == ["salary.agreed", "salary.countered", "salary.offered"]
    assert listed["projections"] == ["salary.negotiations"]
    assert listed["commands"] == ["salary"]
    assert listed["watch_rules"] == ["salary-json (.salary.json)"]
    assert listed["templates"] == ["salary_follow_up"]
    assert "handle_event" in listed["hooks"]
