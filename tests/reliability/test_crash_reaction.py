"""A ``runnerup rejected`` process killed after its event is safe but before the follow-through.

A test plugin SIGKILLs the real command line from inside the first reactor
call for a chosen event type (or the first effect), so the rejection is
committed and its reactions are not, or only half. The next command, even
a read-only one (``agenda``), must run what was left, exactly once: the log
and the draft files then match, event for event and byte for byte, those
of a home where nothing was killed, and further commands add nothing.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
NOW = "2026-11-20T10:00:00+01:00"
CONFIG = '[me]\nname = "Jo Seeker"\nemail = "jo@seeker.example"\n'


class Home:
    """One home, driven by the real command line in child processes."""

    def __init__(self, path: Path) -> None:
        import os

        self.path = path
        path.mkdir(mode=0o700)
        (path / "config.toml").write_text(CONFIG)
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("RUNNERUP_", "KILL_ON_"))
        }
        self.env.update(
            RUNNERUP_HOME=str(path), RUNNERUP_NOW=NOW, XDG_CACHE_HOME=str(path.parent / "cache")
        )

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(HERE / "killswitch.py"), *args],
            capture_output=True,
            text=True,
            env={**self.env, **env},
            timeout=120,
        )

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def log(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.ok("--json", "events", "log").splitlines()]

    def shape(self) -> list[tuple[Any, ...]]:
        """The log without times, hashes and sealed bytes: what happened, in order, and why."""
        return [
            (
                e["position"],
                e["type"],
                e["stream"],
                e["meta"].get("causation"),
                e["meta"].get("actor"),
                e["meta"].get("idempotency_key"),
            )
            for e in self.log()
        ]

    def raw_log(self) -> list[tuple[int, str, Any]]:
        """``(position, type, causation)`` read from the file, without running a command."""
        with sqlite3.connect(self.path / "events.db") as db:
            rows = db.execute(
                "SELECT position, type, meta ->> 'causation' FROM events ORDER BY position"
            ).fetchall()
        db.close()
        return rows

    def drafts(self) -> dict[str, bytes]:
        folder = self.path / "drafts"
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.eml"))}


def _before_the_rejection(home: Home) -> None:
    home.ok(
        "apply", "Northwind", "--role", "Data Engineer", "--contact", "Ann Lee <ann@nw.example>"
    )
    home.ok("interviewed", "northwind", "--round", "2")


class Story(NamedTuple):
    """What the home where nothing was killed ends up with."""

    shape: list[tuple[Any, ...]]
    drafts: dict[str, bytes]
    agenda: str
    caused: list[str]


@pytest.fixture(scope="module")
def control(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """The same story with nothing killed."""
    home = Home(tmp_path_factory.mktemp("control") / "home")
    _before_the_rejection(home)
    home.ok("rejected", "northwind", "--stage", "onsite")
    agenda = home.ok("agenda")
    log = home.log()
    [rejected] = [e["position"] for e in log if e["type"] == "application.rejected"]
    caused = [e["type"] for e in log if e["meta"].get("causation") == rejected]
    return Story(home.shape(), home.drafts(), agenda, caused)


@pytest.mark.parametrize(
    ("variable", "event_type", "left_undone"),
    [
        ("KILL_ON_REACT", "application.rejected", "every reaction"),
        ("KILL_ON_REACT", "draft.requested", "the drafts (the plan was recorded)"),
        ("KILL_ON_EFFECT", "draft.created", "the draft files"),
    ],
)
def test_the_next_command_finishes_the_follow_through_exactly_once(
    tmp_path: Path, control: Story, variable: str, event_type: str, left_undone: str
) -> None:
    home = Home(tmp_path / "home")
    _before_the_rejection(home)
    killed = home.run("rejected", "northwind", "--stage", "onsite", **{variable: event_type})
    assert killed.returncode == -9, killed.stderr

    # The crash left the rejection recorded and the follow-through incomplete
    # (read from the file: any command would already finish it).
    log = home.raw_log()
    [rejected] = [position for position, type_, _ in log if type_ == "application.rejected"]
    assert home.drafts() != control.drafts
    if event_type == "application.rejected":
        assert not [row for row in log if row[2] == rejected]

    agenda = home.ok("agenda")  # the next command, a read-only one
    assert agenda == control.agenda
    assert home.shape() == control.shape, left_undone
    assert home.drafts() == control.drafts

    home.ok("outreach", "Harbourlight")  # later commands add nothing to the story
    caused = [e["type"] for e in home.log() if e["meta"].get("causation") == rejected]
    assert caused == control.caused
    verify = home.run("events", "verify")
    assert verify.returncode == 0, verify.stderr
