"""calendar export through the CLI: valid iCalendar, stable UIDs, SEQUENCE after a snooze."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00", "TZ": "Europe/Berlin"}


@pytest.fixture
def cli(run_cli: Any) -> Any:
    def run(*args: str) -> Any:
        return run_cli(*args, env=NOW)

    for rid, title, due in (
        ("acme.thank-you", "Send the thank-you note", "2026-11-20"),
        ("acme.call", "Call Dana", "2026-11-23T15:00:00+01:00"),
        ("acme.old", "Re-read the feedback", "2026-11-19"),
    ):
        fields = (
            f"reminder={rid}",
            f"title={title}",
            f"due={due}",
            "kind=custom",
            "application=acme",
        )
        assert run("events", "append", "reminder.scheduled", *fields).exit_code == 0
    return run


def parse(data: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(data)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_export_to_stdout_is_valid_and_has_every_open_reminder(cli: Any) -> None:
    result = cli("calendar", "export")
    assert result.exit_code == 0, result
    events = parse(result.stdout.encode())
    assert set(events) == {"acme.thank-you@runnerup", "acme.call@runnerup", "acme.old@runnerup"}
    call = events["acme.call@runnerup"]
    assert str(call["SUMMARY"]) == "Call Dana"
    assert call.decoded("DTSTART").isoformat() == "2026-11-23T15:00:00+01:00"
    assert "Application: acme" in str(call["DESCRIPTION"])


def test_uids_are_stable_and_a_snooze_raises_the_sequence(cli: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert cli("calendar", "export", str(first)).exit_code == 0
    assert cli("snooze", "acme.call", "--until", "2026-11-25").exit_code == 0
    result = cli("calendar", "export", str(second))
    assert result.exit_code == 0 and f"exported 3 reminders to {second}" in result.stdout
    before, after = parse(first.read_bytes()), parse(second.read_bytes())
    assert set(before) == set(after)
    assert int(before["acme.call@runnerup"]["SEQUENCE"]) == 0
    assert int(after["acme.call@runnerup"]["SEQUENCE"]) == 1
    assert after["acme.call@runnerup"].decoded("DTSTART").date().isoformat() == "2026-11-25"
    assert int(after["acme.thank-you@runnerup"]["SEQUENCE"]) == 0


def test_done_reminders_are_left_out_unless_asked_for(cli: Any) -> None:
    assert cli("done", "acme.old").exit_code == 0
    assert "acme.old@runnerup" not in parse(cli("calendar", "export").stdout.encode())
    with_done = parse(cli("calendar", "export", "--include-done").stdout.encode())
    assert str(with_done["acme.old@runnerup"]["SUMMARY"]) == "Done: Re-read the feedback"


def test_an_unknown_time_zone_is_a_clear_error(cli: Any) -> None:
    result = cli("calendar", "export", "--tz", "Mars/Olympus")
    assert result.exit_code == 1 and "unknown time zone" in result.stderr
