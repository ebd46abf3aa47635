"""``runnerup import FILE.csv``: tracker exports become applications, once, nothing guessed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}
HUNTR_HEADER = (
    "id,createdAt,title,salary,location,url,rootDomain,htmlDescription,deadline,color,lastMovedAt,"
    "boardId,boardName,listId,listName,companyId,companyName,companyDomain,creatorUserId,"
    "creatorUserFirstName,creatorUserLastName,creatorUserEmail"
)
HUNTR = (
    HUNTR_HEADER
    + "\n"
    + "h-1,2026-10-02T09:00:00.000Z,Platform Engineer,-,Remote,https://brightwave.io/j/1,"
    "brightwave.io,<p>Build <b>things</b></p>,-,#fff,2026-11-04T14:50:01.000Z,b,S,l,Rejected,c,"
    "Brightwave,brightwave.io,u,A,D,a@example.com\n"
    + "h-2,2026-10-05T09:00:00.000Z,Data Engineer,-,Berlin,-,-,-,-,#fff,2026-10-06T09:00:00.000Z,"
    "b,S,l,Applied,c,Orbital Freight,orbitalfreight.com,u,A,D,a@example.com\n"
    + "h-3,2026-10-07T09:00:00.000Z,Analyst,-,Paris,-,-,-,-,#fff,2026-10-08T09:00:00.000Z,"
    "b,S,l,Wishlist,c,Cobalt Bank,cobalt.example,u,A,D,a@example.com\n"
)
TEAL = (
    "Company,Job Title,Status,Date Applied,Job URL,Location,Salary,Notes,Excitement,"
    "Follow Up Date\n"
    "Quillfeather,Senior Frontend Engineer,Interviewing,10/24/2026,,Remote,,,4,\n"
    "Pinecrest Health,Marketing Manager,Offer,10/03/2026,,Portland,,,3,\n"
)
GENERIC = (
    "company,role,status,applied,priority,email\n"
    "Acme Corp,Product Designer,Ghosted,2026-10-20,high,recruiting@acme.example\n"
    "Dijkstra Digital,,applied,2026-10-10,,\n"
    "Vantage Analytics,Product Analyst,withdrawn,2026-10-15,,\n"
)


def log(run_cli: Any, *types: str) -> list[dict[str, Any]]:
    args = [a for t in types for a in ("--type", t)]
    result = run_cli("--json", "events", "log", *args)
    assert result.exit_code == 0, result
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def csv_file(tmp_path: Path) -> Any:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_huntr_rows_become_applications_with_their_outcome(run_cli: Any, csv_file: Any) -> None:
    path = csv_file("huntr.csv", HUNTR)
    result = run_cli("import", str(path), "--from", "huntr", env=NOW)
    assert result.exit_code == 0, result
    assert result.stdout.splitlines() == [
        "recorded brightwave-platform-engineer: application.submitted, "
        "application.rejected (line 2)",
        "recorded orbital-freight-data-engineer: application.submitted (line 3)",
        "imported 2 applications (huntr), 1 problem reported",
    ]
    assert "line 4: skipped (wishlist: not applied yet)" in result.stderr
    submitted = log(run_cli, "application.submitted")
    assert [(e["data"]["company"], e["data"]["external_id"]) for e in submitted] == [
        ("Brightwave", "huntr:h-1"),
        ("Orbital Freight", "huntr:h-2"),
    ]
    assert submitted[0]["data"]["applied_on"] == "2026-10-02"
    (rejected,) = log(run_cli, "application.rejected")
    assert rejected["data"]["stage"] == "applied"  # the export holds no history: not guessed
    assert rejected["occurred_at"].startswith("2026-11-04")  # when the card moved to Rejected


def test_importing_twice_adds_nothing(run_cli: Any, csv_file: Any) -> None:
    path = csv_file("huntr.csv", HUNTR)
    assert run_cli("import", str(path), env=NOW).exit_code == 0
    before = log(run_cli)
    again = run_cli("import", str(path), env=NOW)
    assert again.exit_code == 0, again
    assert again.stdout.splitlines() == [
        "imported 0 applications (huntr), 2 already imported, 1 problem reported"
    ]
    assert log(run_cli) == before
    # the same rows in a different file (a later export) are recognised by their tracker id
    later = csv_file("huntr-later.csv", HUNTR + "\n")
    assert run_cli("import", str(later), env=NOW).exit_code == 0
    assert log(run_cli) == before


def test_dry_run_prints_and_writes_nothing(run_cli: Any, csv_file: Any) -> None:
    assert run_cli("init").exit_code == 0
    before = log(run_cli)
    result = run_cli("import", str(csv_file("teal.csv", TEAL)), "--dry-run", env=NOW)
    assert result.exit_code == 0, result
    assert result.stdout.splitlines() == [
        "would record quillfeather-senior-frontend-engineer: application.submitted, "
        "interview.scheduled (line 2)",
        "would record pinecrest-health-marketing-manager: application.submitted, "
        "offer.received (line 3)",
        "dry run: 2 applications (teal)",
    ]
    assert log(run_cli) == before


def test_unknown_columns_and_statuses_are_reported_not_guessed(run_cli: Any, csv_file: Any) -> None:
    result = run_cli("import", str(csv_file("sheet.csv", GENERIC)), env=NOW)
    assert result.exit_code == 0, result
    assert "unknown column(s) ignored: priority" in result.stderr
    assert "line 2: unknown status 'Ghosted': recorded as applied, no outcome" in result.stderr
    assert "line 3: row skipped: no role" in result.stderr
    companies = [e["data"]["company"] for e in log(run_cli, "application.submitted")]
    assert companies == ["Acme Corp", "Vantage Analytics"]
    assert log(run_cli, "application.rejected", "application.closed") == []
    (withdrawn,) = log(run_cli, "application.withdrawn")
    assert withdrawn["data"]["poor_fit"] is False
    (contact,) = log(run_cli, "contact.added")
    assert "recruiting@acme.example" not in json.dumps(contact)  # sealed
    data = json.loads(run_cli("--json", "import", str(csv_file("again.csv", GENERIC))).stdout)
    assert data["unknown_columns"] == ["priority"]
    assert data["unknown_statuses"] == [[2, "Ghosted"]]


def test_source_is_detected_from_the_header(run_cli: Any, csv_file: Any) -> None:
    result = run_cli("--json", "import", str(csv_file("export.csv", TEAL)), "--dry-run")
    assert json.loads(result.stdout)["source"] == "teal"


def test_a_file_that_is_not_this_trackers_export_is_an_error(run_cli: Any, csv_file: Any) -> None:
    assert run_cli("init").exit_code == 0
    before = log(run_cli)
    result = run_cli("import", str(csv_file("teal.csv", TEAL)), "--from", "huntr")
    assert result.exit_code == 1
    assert "not a huntr export: missing required column(s)" in result.stderr
    assert log(run_cli) == before
