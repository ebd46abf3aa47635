"""``runnerup stats`` as a user runs it: JSON, text, time travel, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[2] / "docs" / "analytics.md"


def append(cli: Any, now: str, type_: str, *fields: str, on: str | None = None) -> None:
    args = ["events", "append", type_, *fields] + (["--on", on] if on else [])
    result = cli(*args, env={"RUNNERUP_NOW": now})
    assert result.exit_code == 0, result


def stats_json(cli: Any, *args: str, now: str | None = None) -> dict[str, Any]:
    result = cli("stats", "--json", *args, env={"RUNNERUP_NOW": now} if now else None)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_stats_as_of_equals_what_stats_printed_at_that_time(run_cli) -> None:
    # Recorded with every built-in plugin: the rejection's follow-through plan
    # (drafts, reminders) is part of what stats counts.
    early = "2026-11-02T09:00:00+01:00"
    append(
        run_cli, early, "application.submitted", "application=acme-de", "company=Acme", "role=DE"
    )
    append(
        run_cli, early, "application.submitted", "application=init-ds", "company=Initech", "role=DS"
    )
    append(run_cli, early, "interview.completed", "application=acme-de", "round=1", on="2026-11-05")
    append(run_cli, early, "outreach.sent", "company=Globex", "on=2026-11-02")
    rejected = "2026-11-06T11:00:00+01:00"
    append(run_cli, rejected, "application.rejected", "application=acme-de", "stage=interview")
    append(
        run_cli,
        rejected,
        "feedback.received",
        "application=acme-de",
        "text=depth",
        "themes=technical-depth",
    )
    # T: a moment after everything above was recorded (time travel goes by
    # when events were recorded, which is the real clock).
    t = datetime.now(UTC).astimezone(datetime.fromisoformat(early).tzinfo)
    then = stats_json(run_cli, now=t.isoformat())
    time.sleep(0.01)
    later = (t + timedelta(days=3)).isoformat()
    append(
        run_cli, later, "application.submitted", "application=hooli-de", "company=Hooli", "role=DE"
    )
    append(run_cli, later, "outreach.sent", "company=Umbrella", "on=2026-11-05")  # backdated
    append(run_cli, later, "offer.received", "application=init-ds")
    assert run_cli("undo", env={"RUNNERUP_NOW": later}).exit_code == 0  # takes back the offer
    now = stats_json(run_cli, now=later)
    assert now != then and now["applications"]["total"] == 3
    replayed = stats_json(run_cli, "--as-of", t.isoformat(), now=later)
    assert replayed == then
    assert replayed["log"]["position"] < now["log"]["position"]
    assert then["applications"]["total"] == 2 and then["feedback"]["received"] == 1


def _paths(value: Any, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        out: set[str] = set()
        for key, inner in value.items():
            out |= _paths(inner, f"{prefix}.{key}" if prefix else key)
        return out or {prefix}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return set().union(*(_paths(item, prefix + "[]") for item in value))
    return {prefix}


def test_every_json_key_is_documented(iso_cli) -> None:
    now = "2026-11-10T10:00:00+01:00"
    append(iso_cli, now, "application.submitted", "application=a", "company=A", "role=R")
    append(iso_cli, now, "feedback.received", "application=a", "text=t", "themes=culture-fit")
    data = stats_json(iso_cli, now=now)
    documented = set(re.findall(r"^\| `([^`]+)` \|", DOCS.read_text(), re.M))
    paths = {
        re.sub(r"^rejection_stages\.\w+$", "rejection_stages.<stage>", p) for p in _paths(data)
    }
    assert paths - documented == set()
    assert documented - paths == set()


def test_text_output_names_the_log_head_and_shows_progress(iso_cli) -> None:
    now = "2026-11-10T10:00:00+01:00"
    append(iso_cli, now, "application.submitted", "application=a", "company=A", "role=R")
    append(iso_cli, now, "outreach.sent", "company=B", "on=2026-11-10")
    append(iso_cli, now, "outreach.sent", "company=C", "on=2026-11-10")
    result = iso_cli("stats", env={"RUNNERUP_NOW": now})
    assert result.exit_code == 0, result
    head = stats_json(iso_cli, now=now)["log"]
    assert f"log position 3, hash {head['hash'][:12]}" in result.stdout
    assert "Outreach: 2 today (target 2-4 per work day)" in result.stdout
    assert "streak: 1 work day(s)" in result.stdout
    assert "last one 0 day(s) ago (2026-11-10)" in result.stdout
    global_json = iso_cli("--json", "stats", env={"RUNNERUP_NOW": now})
    assert json.loads(global_json.stdout)["log"] == head


def test_an_empty_log_has_numbers_too(iso_cli) -> None:
    data = stats_json(iso_cli, now="2026-11-10T10:00:00+01:00")
    assert data["log"] == {"position": 0, "hash": "0" * 64}
    assert data["applications"]["days_since_last"] is None
    assert data["days_to_outcome"] == {"median": None, "count": 0}


def test_ghosting_follows_the_applications_config(iso_cli) -> None:
    append(
        iso_cli,
        "2026-11-01T10:00:00+01:00",
        "application.submitted",
        "application=a",
        "company=A",
        "role=R",
    )
    now = "2026-11-10T10:00:00+01:00"
    assert stats_json(iso_cli, now=now)["applications"]["outcomes"]["ghosted"] == 0
    (iso_cli.home / "config.toml").write_text("[applications]\nghosted_after_days = 5\n")
    data = stats_json(iso_cli, now=now)
    assert data["applications"]["outcomes"]["ghosted"] == 1
    assert data["settings"]["ghosted_after_days"] == 5
    (iso_cli.home / "config.toml").write_text("[applications]\nghosted_after_days = 'soon'\n")
    result = iso_cli("stats", env={"RUNNERUP_NOW": now})
    assert result.exit_code == 1 and "ghosted_after_days" in result.stderr


def test_as_of_refuses_the_future_and_bad_dates(iso_cli) -> None:
    now = {"RUNNERUP_NOW": "2026-11-10T10:00:00+01:00"}
    future = iso_cli("stats", "--as-of", "2026-11-12", env=now)
    assert future.exit_code == 1 and "in the future" in future.stderr
    bad = iso_cli("stats", "--as-of", "the day before", env=now)
    assert bad.exit_code == 1 and "--as-of" in bad.stderr and "the day before" in bad.stderr
    assert future.stdout == bad.stdout == ""


def test_stats_does_not_import_plotly(iso_cli) -> None:
    script = (
        "import sys\n"
        "from runnerup.cli import main\n"
        "try:\n"
        "    main(['stats', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('plotly' in sys.modules, file=sys.stderr)\n"
    )
    env = {"RUNNERUP_HOME": str(iso_cli.home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert json.loads(result.stdout)["schema_version"] == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "False"
