"""``runnerup watch DIR --once``: a folder of mixed files becomes events, once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

NOW = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}
QUARANTINE = ".runnerup-quarantine"


@pytest.fixture
def busy_folder(tracked: Any, folder: Path, drop: Callable[..., None], tmp_path: Path) -> Path:
    """Every kind of file the watcher meets, good and bad, with a 4 KB size cap."""
    (tracked.home / "config.toml").write_text("[watch]\nmax_bytes = 4096\n")
    drop(
        "northwind-rejection.eml",
        "harbourlight-invite.ics",
        "northwind-reflection.md",
        "batch.jsonl",
        "huntr-export.csv",
        "garbage.eml",
    )
    (folder / "huge.eml").write_bytes(b"Subject: big\n\n" + b"x" * 5000)
    secret = tmp_path / "outside.eml"
    secret.write_text("Subject: TOPSECRET\n\nnot yours to read\n")
    (folder / "link.eml").symlink_to(secret)
    os.mkfifo(folder / "pipe.eml")
    (folder / ".hidden.eml").write_text("Subject: hidden\n\nWe regret to inform you...\n")
    (folder / "download.eml.part").write_text("Subject: half\n")
    (folder / "notes.md~").write_text("editor backup\n")
    return folder


def test_once_turns_every_file_into_events_or_quarantine(
    busy_folder: Path, run_cli: Any, read_log: Callable[..., list[dict[str, Any]]]
) -> None:
    result = run_cli("watch", str(busy_folder), "--once", env=NOW)
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "batch.jsonl → 2 events imported",
        "garbage.eml → quarantined: not an email: binary data",
        "harbourlight-invite.ics → inbox #1: Harbourlight, Staff Engineer: interview",
    ]
    assert (
        lines[3]
        == "huge.eml → quarantined: 5014 bytes, over the 4096 byte limit ([watch] max_bytes)"
    )
    assert lines[4] == "huntr-export.csv → import: 2 applications (huntr)"
    assert lines[5].startswith(
        "link.eml → left in place: symlink leading outside the watched folder"
    )
    assert lines[6:] == [
        "northwind-reflection.md → reflection on northwind-logistics-senior-data-engineer: "
        "4 events",
        "northwind-rejection.eml → inbox #2: Northwind Logistics, Senior Data Engineer: rejection",
        "pipe.eml → left in place: not a regular file (a FIFO): not read",
    ]

    events = read_log()
    by_type: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        by_type.setdefault(event["type"], []).append(event)
    suggestions = by_type["inbox.suggested"]
    assert [
        (s["data"]["suggestion"], s["data"]["kind"], s["data"]["application"]) for s in suggestions
    ] == [
        ("s1", "interview", "harbourlight-staff-engineer"),
        ("s2", "rejection", "northwind-logistics-senior-data-engineer"),
    ]
    assert all(s["meta"]["actor"] == "watch" for s in suggestions)
    assert [e["data"]["company"] for e in by_type["outreach.sent"]] == [
        "Quillfeather",
        "Orbital Freight",
    ]
    imported = [e for e in by_type["application.submitted"] if e["data"]["external_id"]]
    assert [(e["data"]["company"], e["data"]["external_id"]) for e in imported] == [
        ("Brightwave", "huntr:h-001"),
        ("Orbital Freight", "huntr:h-002"),
    ]
    assert [e["data"]["application"] for e in by_type["application.rejected"]] == [
        "brightwave-platform-engineer"
    ]
    assert {e["data"]["question"] for e in by_type["reflection.answered"]} == {
        "went_well",
        "learned",
    }
    assert by_type["job.assessed"][0]["data"]["liked"] == ["the team", "pairing"]
    assert by_type["note.added"][0]["data"]["text"] == "Overall a fair process."
    # the rejection email is only a suggestion until accepted
    assert "northwind" not in str([e["data"] for e in by_type["application.rejected"]])

    processed = {Path(e["data"]["path"]).name: e for e in by_type["file.processed"]}
    assert sorted(processed) == [
        "batch.jsonl",
        "harbourlight-invite.ics",
        "huntr-export.csv",
        "northwind-reflection.md",
        "northwind-rejection.eml",
    ]
    assert processed["batch.jsonl"]["data"]["positions"] == [
        e["position"] for e in by_type["outreach.sent"]
    ]
    quarantined = {Path(e["data"]["path"]).name: e["data"] for e in by_type["file.quarantined"]}
    assert sorted(quarantined) == ["garbage.eml", "huge.eml", "link.eml", "pipe.eml"]
    assert quarantined["link.eml"]["moved_to"] is None
    assert quarantined["pipe.eml"]["moved_to"] is None
    assert quarantined["huge.eml"]["sha256"] is None  # refused by size, never read
    assert all(e["meta"]["actor"] == "plugin:watch" for e in by_type["file.quarantined"])

    assert sorted(os.listdir(busy_folder / QUARANTINE)) == ["garbage.eml", "huge.eml"]
    left = sorted(os.listdir(busy_folder))
    assert left == sorted(
        [
            ".hidden.eml",
            QUARANTINE,
            "batch.jsonl",
            "download.eml.part",
            "harbourlight-invite.ics",
            "huntr-export.csv",
            "link.eml",
            "northwind-reflection.md",
            "northwind-rejection.eml",
            "notes.md~",
            "pipe.eml",
        ]
    )
    exported = run_cli("events", "export").stdout
    assert "TOPSECRET" not in exported
    assert "hidden" not in exported and "editor backup" not in exported


def test_once_again_adds_nothing(
    busy_folder: Path, run_cli: Any, read_log: Callable[..., list[dict[str, Any]]]
) -> None:
    assert run_cli("watch", str(busy_folder), "--once", env=NOW).exit_code == 0
    before = read_log()
    again = run_cli("watch", str(busy_folder), "--once", env=NOW)
    assert again.exit_code == 0, again
    assert again.stdout == ""
    assert read_log() == before


def test_a_renamed_copy_of_a_processed_file_is_not_read_again(
    tracked: Any,
    folder: Path,
    drop: Callable[..., None],
    read_log: Callable[..., list[dict[str, Any]]],
) -> None:
    drop("northwind-rejection.eml")
    assert tracked("watch", str(folder), "--once", env=NOW).exit_code == 0
    (folder / "northwind-rejection.eml").rename(folder / "saved-again.eml")
    result = tracked("watch", str(folder), "--once", env=NOW)
    assert result.stdout == ""
    assert len(read_log("inbox.suggested")) == 1


def test_a_bad_jsonl_batch_is_refused_as_a_whole(
    run_cli: Any, folder: Path, read_log: Callable[..., list[dict[str, Any]]]
) -> None:
    good = '{"type": "outreach.sent", "data": {"company": "Acme", "on": "2026-11-18"}}'
    bad = '{"type": "outreach.sent", "data": {"on": "2026-11-18"}}'
    (folder / "mixed.jsonl").write_text(f"{good}\n{bad}\n")
    result = run_cli("watch", str(folder), "--once")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("mixed.jsonl → quarantined: mixed.jsonl:2: ")
    assert read_log("outreach.sent") == []
    assert os.listdir(folder / QUARANTINE) == ["mixed.jsonl"]


def test_jsonl_dropped_after_events_import_adds_nothing(
    run_cli: Any, folder: Path, samples: Path, read_log: Callable[..., list[dict[str, Any]]]
) -> None:
    assert run_cli("events", "import", str(samples / "batch.jsonl")).exit_code == 0
    (folder / "batch.jsonl").write_bytes((samples / "batch.jsonl").read_bytes())
    result = run_cli("watch", str(folder), "--once")
    assert result.exit_code == 0, result
    assert result.stdout == "batch.jsonl → nothing new: the same content was recorded before\n"
    assert len(read_log("outreach.sent")) == 2


def test_a_missing_folder_is_an_error(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("watch", str(tmp_path / "nope"), "--once")
    assert result.exit_code == 1
    assert "is not a folder" in result.stderr


def test_a_bad_size_cap_is_an_error(run_cli: Any, folder: Path) -> None:
    run_cli.home.mkdir(parents=True)
    (run_cli.home / "config.toml").write_text('[watch]\nmax_bytes = "lots"\n')
    result = run_cli("watch", str(folder), "--once")
    assert result.exit_code == 1
    assert "max_bytes must be a positive whole number" in result.stderr


def test_other_commands_do_not_import_watchfiles(run_cli: Any, folder: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "RUNNERUP_HOME": str(run_cli.home)}
    env.pop("RUNNERUP_STORE", None)
    code = (
        "import sys; from runnerup.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('watchfiles' in sys.modules)"
    )
    for args in (["inbox"], ["board"], ["watch", str(folder), "--once"]):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.stdout.splitlines()[-1] == "False", (args, done.stderr)
