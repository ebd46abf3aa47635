"""``report --proof`` and ``events verify --against``: a record a third party can check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from runnerup import hookimpl
from runnerup.testing import CliRunner

NOW = {"RUNNERUP_NOW": "2026-12-01T09:30:00+01:00"}


def append(cli: Any, type_: str, *fields: str, on: str | None = None) -> None:
    args = ["events", "append", type_, *fields] + (["--on", on] if on else [])
    result = cli(*args, env=NOW)
    assert result.exit_code == 0, result


@pytest.fixture
def searched(iso_cli: CliRunner) -> CliRunner:
    """A month of searching, with some activity just outside it."""
    sub = "application.submitted"
    append(iso_cli, sub, "application=old", "company=Oldco", "role=DE", on="2026-10-31")
    append(
        iso_cli,
        sub,
        "application=acme",
        "company=Acme | Co",
        "role=Data Engineer",
        "source=referral",
        on="2026-11-03",
    )
    append(iso_cli, sub, "application=init", "company=Initech", "role=Analyst", on="2026-11-20")
    append(
        iso_cli,
        "interview.scheduled",
        "application=acme",
        "round=1",
        "at=2026-11-10T14:00:00+01:00",
        on="2026-11-05",
    )
    append(iso_cli, "interview.completed", "application=acme", "round=1", on="2026-11-10")
    append(
        iso_cli,
        "interview.scheduled",
        "application=init",
        "round=1",
        "at=2026-12-03T10:00:00+01:00",
        on="2026-11-28",
    )
    append(iso_cli, "outreach.sent", "company=Globex", "on=2026-11-04", "kind=informational")
    append(iso_cli, "outreach.sent", "company=Hooli", "on=2026-12-01")
    return iso_cli


def make(cli: CliRunner, out: Path, *extra: str) -> str:
    result = cli(
        "report",
        "--proof",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "-o",
        str(out),
        *extra,
        env=NOW,
    )
    assert result.exit_code == 0, result
    return out.read_text()


def verify(cli: CliRunner, report: Path, home: Path | None = None) -> Any:
    args = (["--home", str(home)] if home else []) + ["events", "verify", "--against", str(report)]
    return cli(*args, env=NOW)


def test_markdown_record_lists_the_period_and_the_head(searched: CliRunner, tmp_path: Path) -> None:
    text = make(searched, tmp_path / "proof.md")
    head = json.loads(searched("--json", "events", "verify", env=NOW).stdout)
    assert text.startswith("# Proof of job search: 2026-11-01 to 2026-11-30\n")
    assert f"at position {head['head_position']} (hash-chain head `{head['head_hash']}`)" in text
    assert "| 2026-11-03 | Acme \\| Co | Data Engineer | referral | acme |" in text
    assert "| 2026-11-20 | Initech | Analyst | - | init |" in text
    assert "Oldco" not in text  # applied before the period
    assert "| 2026-11-10 | Acme \\| Co | Data Engineer | 1 | completed |" in text
    assert "Initech | Analyst | 1 | scheduled" not in text  # takes place in December
    assert "| 2026-11-04 | Globex | informational |" in text and "Hooli" not in text
    assert "2 application(s), 1 interview(s), 1 outreach message(s)" in text
    result = verify(searched, tmp_path / "proof.md")
    assert result.exit_code == 0, result
    assert f"proof.md matches the log at position {head['head_position']}" in result.stdout


def test_json_record_carries_what_is_needed_to_recompute_it(
    searched: CliRunner, tmp_path: Path
) -> None:
    doc = json.loads(make(searched, tmp_path / "proof.json", "--format", "json"))
    assert doc["kind"] == "runnerup.proof-of-search" and doc["schema_version"] == 1
    assert doc["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    assert doc["generated_at"] == "2026-12-01T09:30:00+01:00"
    assert set(doc["log"]) == {"position", "hash"}
    canonical = json.dumps(
        doc["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert doc["content_sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert [a["application"] for a in doc["content"]["applications"]] == ["acme", "init"]
    assert verify(searched, tmp_path / "proof.json").exit_code == 0


def test_an_edited_record_fails_naming_the_line(searched: CliRunner, tmp_path: Path) -> None:
    text = make(searched, tmp_path / "proof.md")
    forged = tmp_path / "forged.md"
    forged.write_text(text.replace("| 2026-11-20 | Initech", "| 2026-11-19 | Initech"))
    result = verify(searched, forged)
    assert result.exit_code == 1
    assert "report does not match the log" in result.stderr
    assert "the report says '| 2026-11-19 | Initech" in result.stderr
    doc = json.loads(make(searched, tmp_path / "proof.json", "--format", "json"))
    doc["content"]["outreach"].append(
        {"date": "2026-11-05", "company": "Made Up", "kind": "pain-letter"}
    )
    (tmp_path / "forged.json").write_text(json.dumps(doc, indent=2))
    assert verify(searched, tmp_path / "forged.json").exit_code == 1


def test_a_header_pointing_elsewhere_fails(searched: CliRunner, tmp_path: Path) -> None:
    text = make(searched, tmp_path / "proof.md")
    moved = tmp_path / "moved.md"
    moved.write_text(text.replace('"position":8', '"position":7'))
    result = verify(searched, moved)
    assert result.exit_code == 1 and "hash at position 7" in result.stderr
    ahead = tmp_path / "ahead.md"
    ahead.write_text(text.replace('"position":8', '"position":99'))
    result = verify(searched, ahead)
    assert result.exit_code == 1 and "the log ends at 8" in result.stderr
    (tmp_path / "plain.md").write_text("# my own notes\n")
    result = verify(searched, tmp_path / "plain.md")
    assert result.exit_code == 1 and "not a runnerup report" in result.stderr


def test_later_events_and_undo_do_not_change_an_earlier_record(
    searched: CliRunner, tmp_path: Path
) -> None:
    make(searched, tmp_path / "proof.md")
    append(searched, "outreach.sent", "company=Late", "on=2026-11-15")  # backdated into the period
    assert searched("undo", "3", env=NOW).exit_code == 0  # takes back the Initech application
    assert verify(searched, tmp_path / "proof.md").exit_code == 0
    fresh = make(searched, tmp_path / "fresh.md")
    assert "Late" in fresh and "Initech" not in fresh


def test_a_rewritten_log_fails(searched: CliRunner, tmp_path: Path) -> None:
    make(searched, tmp_path / "proof.md")
    export = tmp_path / "log.jsonl"
    assert searched("events", "export", str(export), env=NOW).exit_code == 0
    other = tmp_path / "other-home"
    assert searched("--home", str(other), "events", "import", str(export), env=NOW).exit_code == 0
    result = verify(searched, tmp_path / "proof.md", home=other)
    assert result.exit_code == 1
    assert "the log's hash at position 8 is" in result.stderr and "the report says" in result.stderr


def test_proof_goes_to_stdout_and_refuses_bad_periods(searched: CliRunner) -> None:
    out = searched("report", "--proof", "--from", "2026-11-01", "--format", "json", env=NOW)
    assert out.exit_code == 0, out
    assert json.loads(out.stdout)["period"] == {"from": "2026-11-01", "to": "2026-12-01"}
    backwards = searched("report", "--proof", "--from", "2026-11-30", "--to", "2026-11-01", env=NOW)
    assert backwards.exit_code == 1 and "is after" in backwards.stderr
    assert searched("report", "--proof", env=NOW).exit_code == 2
    assert searched("report", env=NOW).exit_code == 2
    mixed = searched("report", "--proof", "--from", "2026-11-01", "--as-of", "2026-11-20", env=NOW)
    assert mixed.exit_code == 2 and "--as-of goes with --html" in mixed.stderr
    bad = searched("report", "--proof", "--from", "soonish", env=NOW)
    assert bad.exit_code == 1 and "soonish" in bad.stderr


class ReceiptReports:
    """A third-party plugin issuing its own verifiable report kind."""

    @hookimpl
    def resolve_report(self, kind: str) -> Any:
        if kind != "test.receipt":
            return None

        def render(kernel: Any, header: dict[str, Any]) -> str:
            position = header["log"]["position"]
            count = sum(1 for _ in kernel.read(until=position))
            return f"{count} events\n<!-- runnerup-report {json.dumps(header)} -->\n"

        return render


def test_hook_resolve_report(tmp_path: Path, analytics_pm: Any) -> None:
    def pm() -> Any:
        manager = analytics_pm()
        manager.register(ReceiptReports(), name="receipts")
        return manager

    cli = CliRunner(tmp_path / "home", pm_factory=pm)
    append(cli, "outreach.sent", "company=A", "on=2026-11-02")
    head = json.loads(cli("--json", "events", "verify", env=NOW).stdout)
    header = {"kind": "test.receipt", "log": {"position": 1, "hash": head["head_hash"]}}
    receipt = tmp_path / "receipt.txt"
    receipt.write_text(f"1 events\n<!-- runnerup-report {json.dumps(header)} -->\n")
    assert verify(cli, receipt).exit_code == 0
    receipt.write_text(f"2 events\n<!-- runnerup-report {json.dumps(header)} -->\n")
    assert "line 1: the log gives '1 events'" in verify(cli, receipt).stderr
    header["kind"] = "test.unknown"
    receipt.write_text(f"1 events\n<!-- runnerup-report {json.dumps(header)} -->\n")
    result = verify(cli, receipt)
    assert (
        result.exit_code == 1 and "no installed plugin can check reports of kind" in result.stderr
    )


def _forge(db_path: Path, old: str, new: str) -> int:
    """Replace text in every stored cell, as a forger with the file would."""
    import sqlite3

    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        for (trigger,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')
        changed = 0
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for (table,) in tables:
            for column in [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]:
                changed += db.execute(
                    f'UPDATE "{table}" SET "{column}" = CAST(replace(CAST("{column}" AS TEXT), ?, ?) AS BLOB) '
                    f'WHERE typeof("{column}") = \'blob\' AND instr(CAST("{column}" AS TEXT), ?) > 0',
                    (old, new, old),
                ).rowcount
        return changed
    finally:
        db.close()


def test_a_log_edited_in_place_fails(searched: CliRunner, tmp_path: Path) -> None:
    make(searched, tmp_path / "proof.md")
    assert _forge(searched.home / "events.db", "Initech", "Initeck") > 0
    result = verify(searched, tmp_path / "proof.md")
    assert result.exit_code == 1
    assert "the log does not verify: position 3" in result.stderr
