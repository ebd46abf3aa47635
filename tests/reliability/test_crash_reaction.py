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
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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

    def drafts(self) -> dict[str, bytes]:
        folder = self.path / "drafts"
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.eml"))}


def _before_the_rejection(home: Home) -> None:
    home.ok("apply", "Northwind", "--role", "Data Engineer", "--contact", "Ann Lee <ann@nw.example>")
    home.ok("interviewed", "northwind", "--round", "2")


@pytest.fixture(scope="module")
def control(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """The same story with nothing killed."""
    home = Home(tmp_path_factory.mktemp("control") / "home")
    _before_the_rejection(home)
    home.ok("rejected", "northwind", "--stage", "onsite")
    home.ok("agenda")
    yield home


@pytest.mark.parametrize(
    ("variable", "event_type", "left_undone"),
    [
        ("KILL_ON_REACT", "application.rejected", "every reaction"),
        ("KILL_ON_REACT", "draft.requested", "the drafts (the plan was recorded)"),
        ("KILL_ON_EFFECT", "draft.created", "the draft files"),
    ],
)
def test_the_next_command_finishes_the_follow_through_exactly_once(
    tmp_path: Path, control: Home, variable: str, event_type: str, left_undone: str
) -> None:
    home = Home(tmp_path / "home")
    _before_the_rejection(home)
    killed = home.run("rejected", "northwind", "--stage", "onsite", **{variable: event_type})
    assert killed.returncode == -9, killed.stderr

    # The crash left the rejection recorded and the follow-through incomplete.
    log = home.log()
    rejected = [e["position"] for e in log if e["type"] == "application.rejected"]
    assert len(rejected) == 1
    assert len(log) < len(control.log())
    assert home.drafts() != control.drafts()

    home.ok("agenda")  # the next command, a read-only one
    assert home.shape() == control.shape(), left_undone
    assert home.drafts() == control.drafts()
    assert home.ok("agenda") == control.ok("agenda")

    home.ok("board")
    home.ok("outreach", "Harbourlight")
    caused = [e for e in home.log() if e["meta"].get("causation") == rejected[0]]
    expected = [e for e in control.log() if e["meta"].get("causation") == rejected[0]]
    assert [e["type"] for e in caused] == [e["type"] for e in expected]
    verify = home.run("events", "verify")
    assert verify.returncode == 0, verify.stderr
