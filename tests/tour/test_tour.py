"""runnerup tour: the whole story runs on a throwaway home and never touches the real one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from runnerup.plugin_manager import make_plugin_manager
from runnerup.testing import CliRunner


def tour_home(stdout: str) -> Path:
    match = re.search(r"throwaway home \((.+?)\)", stdout)
    assert match, stdout[:300]
    return Path(match.group(1))


def test_the_tour_tells_the_whole_story(run_cli: Any) -> None:
    result = run_cli("tour")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    commands = [line for line in out.splitlines() if line.startswith("$ runnerup ")]
    assert [c.split()[2] for c in commands] == [
        "apply",
        "interview",
        "interviewed",
        "rejected",
        "drafts",
        "draft",
        "agenda",
        "calendar",
        "feedback",
        "reflect",
        "plan",
        "outreach",
        "outreach",
        "board",
        "undo",
        "events",
    ]
    assert "$ runnerup rejected northwind --via email" in out
    after_rejected = out.split("$ runnerup rejected northwind", 1)[1]
    assert "thank-you note" in after_rejected.split("$ runnerup drafts", 1)[0]
    assert "thank_you" in out and "feedback_request" in out
    assert "Hi Dana," in out
    assert "Today, Fri 20 Nov" in out
    assert re.search(r"exported \d+ reminders to .+runnerup\.ics \(Europe/Berlin\)", out)
    assert "done: the reflection reminder" in out
    assert "Must-haves:   A team that invests in learning" in out
    assert "undone: outreach.sent" in out
    assert re.search(r"^ok: \d+ events, head \d+ [0-9a-f]{64}$", out, re.M)
    assert "Tour done: 16 commands." in out
    assert not tour_home(out).exists()
    assert not run_cli.home.exists(), "the tour must not create the user's real home"


def test_keep_leaves_a_home_you_can_look_around(run_cli: Any) -> None:
    result = run_cli("tour", "--keep")
    assert result.exit_code == 0, result.stderr
    home = tour_home(result.stdout)
    try:
        assert f"Look around: runnerup --home {home} board" in result.stdout
        board = run_cli("--home", str(home), "board")
        assert "Northwind Logistics" in board.stdout
    finally:
        import shutil

        shutil.rmtree(home, ignore_errors=True)


def test_an_explicit_home_must_be_empty(run_cli: Any, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "events.db").write_bytes(b"precious")
    refused = run_cli("--home", str(real), "tour")
    assert refused.exit_code == 1 and "not an empty folder" in refused.stderr
    refused_too = run_cli("tour", "--home", str(real))
    assert refused_too.exit_code == 1
    assert (real / "events.db").read_bytes() == b"precious" and len(list(real.iterdir())) == 1
    empty = tmp_path / "empty"
    ran = run_cli("tour", "--home", str(empty))
    assert ran.exit_code == 0, ran.stderr
    assert (empty / "events.db").exists() and "Northwind" in run_cli(
        "--home", str(empty), "board"
    ).stdout


def test_steps_of_a_missing_plugin_are_skipped_with_a_note(tmp_path: Path) -> None:
    runner = CliRunner(
        tmp_path / "home",
        pm_factory=lambda: make_plugin_manager(
            load_entrypoints=False, block=["applications"], env={}
        ),
    )
    result = runner("tour")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "(skipped: no 'apply' command; its plugin is not installed)" in out
    assert "$ runnerup reflect northwind" in out and "Tour done: 7 commands, 9 skipped." in out
    assert "$ runnerup outreach Contoso" in out and re.search(r"^ok: \d+ events", out, re.M)
