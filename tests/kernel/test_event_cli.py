"""The kernel's commands as a user runs them: events, undo, config, plugins, init."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from runnerup.plugin_manager import make_plugin_manager
from runnerup.testing import CliRunner

_spec = importlib.util.spec_from_file_location(
    "sample_plugin", Path(__file__).with_name("sample_plugin.py")
)
sample = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules.setdefault("sample_plugin", sample)
_spec.loader.exec_module(sample)  # type: ignore[union-attr]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("RUNNERUP_STORE", raising=False)

    def pm():  # type: ignore[no-untyped-def]
        manager = make_plugin_manager(load_entrypoints=False, env={})
        manager.register(sample.CounterPlugin(), name="counter")
        return manager

    return CliRunner(tmp_path / "home", pm_factory=pm)


def log_lines(cli: CliRunner) -> list[dict]:
    result = cli("--json", "events", "log")
    assert result.exit_code == 0, result
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_append_with_key_values_derives_stream_and_runs_reactors(cli: CliRunner) -> None:
    result = cli("events", "append", "test.clicked", "counter=a", "amount=3")
    assert result.exit_code == 0, result
    assert "position 1 in counter/a" in result.stdout
    events = log_lines(cli)
    assert [e["type"] for e in events] == ["test.clicked", "test.thanked"]
    assert events[0]["data"] == {"counter": "a", "amount": 3}
    assert events[1]["meta"]["causation"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "append", "test.clicked", "counter=a", "amount=lots"], "amount"),
        (["events", "append", "test.clicked", "colour=red"], "no field 'colour'"),
        (["events", "append", "test.nope", "x=1"], "unknown event type"),
        (["events", "append", "test.clicked", "--data", "{not json"], "not valid JSON"),
        (["events", "append", "test.clicked", "--data", "[1]"], "JSON object"),
        (["events", "append", "event.retracted", "positions=[1]"], "--stream"),
        (["events", "append", "test.clicked", "counter=a", "--on", "someday"], "someday"),
        (["undo", "99"], "no event at position 99"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_writes_nothing(
    cli: CliRunner, args: list[str], message: str
) -> None:
    assert cli("events", "append", "test.clicked", "counter=z").exit_code == 0
    before = log_lines(cli)
    result = cli(*args)
    assert result.exit_code == 1, result
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert log_lines(cli) == before


def test_usage_error_is_exit_2(cli: CliRunner) -> None:
    assert cli("events", "log", "--after", "x").exit_code == 2


def test_log_table_filters_and_marks_retracted(cli: CliRunner) -> None:
    cli("events", "append", "test.clicked", "counter=a")
    cli("events", "append", "test.clicked", "counter=b")
    table = cli("events", "log", "--type", "test.clicked", "--after", "1")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["POS", "WHEN", "STREAM"]
    assert len(lines) == 2 and "counter/b" in lines[1]
    undo = cli("undo")
    assert undo.exit_code == 0, undo
    assert "undone: test.clicked at position 3 and 1 event(s) it caused" in undo.stdout
    marked = cli("events", "log", "--stream", "counter/b").stdout
    assert "(retracted)" in marked


def test_undo_twice_goes_further_back_and_undo_of_the_retraction_restores(cli: CliRunner) -> None:
    cli("events", "append", "test.clicked", "counter=a")
    cli("events", "append", "test.clicked", "counter=b")
    assert "position 3" in cli("undo").stdout
    assert "position 1" in cli("undo").stdout
    assert cli("undo", "3").exit_code == 1  # already retracted
    restore = cli("undo", "5")  # the first retraction
    assert restore.exit_code == 0, restore


def test_export_import_round_trip_and_import_is_idempotent(cli: CliRunner, tmp_path: Path) -> None:
    cli("events", "append", "test.clicked", "counter=a", "amount=2")
    out = tmp_path / "log.jsonl"
    assert cli("events", "export", str(out)).exit_code == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 2
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"type": "test.clicked", "data": {"counter": "b", "amount": 4}})
        + "\n"
        + json.dumps(
            {
                "type": "test.clicked",
                "stream": "counter/c",
                "data": {"counter": "c"},
                "occurred_at": "2026-01-02T03:04:05+00:00",
            }
        )
        + "\n"
    )
    first = cli("events", "import", str(batch))
    assert first.exit_code == 0, first
    second = cli("events", "import", str(batch))
    assert second.exit_code == 0
    clicked = [e for e in log_lines(cli) if e["type"] == "test.clicked"]
    assert [e["data"]["counter"] for e in clicked] == ["a", "b", "c"]
    assert clicked[2]["occurred_at"].startswith("2026-01-02T03:04:05")


def test_import_validates_the_whole_batch_before_writing(cli: CliRunner, tmp_path: Path) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text(
        json.dumps({"type": "test.clicked", "data": {"counter": "ok"}})
        + "\n"
        + json.dumps({"type": "test.clicked", "data": {"counter": 7}})
        + "\n"
    )
    result = cli("events", "import", str(batch))
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.stderr
    assert log_lines(cli) == []


def test_verify_names_a_tampered_row(cli: CliRunner, tmp_path: Path) -> None:
    for c in "abc":
        cli("events", "append", "test.clicked", f"counter={c}")
    assert cli("events", "verify").stdout.startswith("ok: 6 events")
    db = sqlite3.connect(tmp_path / "home" / "events.db", isolation_level=None)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE commits SET events = '[]' WHERE position = 3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM commits WHERE position = 3")
    # A forger with the file drops the trigger and edits the event in place.
    db.execute("DROP TRIGGER commits_no_update")
    body = db.execute("SELECT events FROM commits WHERE position = 3").fetchone()[0]
    db.execute(
        "UPDATE commits SET events = ? WHERE position = 3",
        (body.replace(b'"counter":"b"', b'"counter":"z"'),),
    )
    assert (
        db.execute("SELECT data ->> 'counter' FROM events WHERE position = 3").fetchone()[0] == "z"
    )
    db.close()
    result = cli("events", "verify")
    assert result.exit_code == 1
    assert "position 3" in result.stderr and "hash mismatch" in result.stderr


def test_replay_rebuilds_projections(cli: CliRunner) -> None:
    cli("events", "append", "test.clicked", "counter=a")
    result = cli("events", "replay")
    assert result.exit_code == 0
    assert "rebuilt test.totals to position 2" in result.stdout


def test_types_lists_plugin_types_with_fields(cli: CliRunner) -> None:
    out = cli("events", "types").stdout
    line = next(row for row in out.splitlines() if row.startswith("test.clicked"))
    assert "counter" in line and "amount?: int" in line and "counter/{counter}" in line


def test_config_shows_sources(cli: CliRunner, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[smtp]\nhost = "mail.example"\n')
    out = cli("--json", "config").stdout
    data = json.loads(out)
    assert data["home"]["source"] == "RUNNERUP_HOME"
    assert data["store"]["value"].startswith("sqlite:///")
    assert data["smtp.host"]["value"] == "mail.example"
    override = json.loads(cli("--json", "--store", "memory:", "config").stdout)
    assert override["store"] == {"value": "memory:", "source": "--store"}


def test_bad_config_toml_is_a_clear_error(cli: CliRunner, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("store = [unclosed\n")
    result = cli("events", "log")
    assert result.exit_code == 1
    assert "config.toml: not valid TOML" in result.stderr


def test_home_and_database_are_owner_only(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    home = tmp_path / "home"
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "events.db").stat().st_mode & 0o777 == 0o600


def test_unknown_store_scheme_is_a_clear_error(cli: CliRunner) -> None:
    result = cli("--store", "redis://x", "events", "log")
    assert result.exit_code == 1
    assert "no installed plugin can open the store URL 'redis://x'" in result.stderr


def test_plugins_lists_hooks_types_and_commands(cli: CliRunner) -> None:
    data = json.loads(cli("--json", "plugins").stdout)
    counter = next(p for p in data if p["name"] == "counter")
    assert "handle_event" in counter["hooks"]
    assert counter["event_types"] == ["test.clicked", "test.thanked"]
    assert counter["projections"] == ["test.totals"]
    everything = json.loads(cli("--json", "plugins", "--all").stdout)
    events_cmds = next(p for p in everything if p["name"] == "events_commands")
    assert events_cmds["builtin"] and events_cmds["commands"] == ["events"]
