"""Everything runnerup writes about a person is readable by its owner only.

The home is 0700; the database, its WAL and shared-memory files, the
recorded head, drafts and exports are 0600, and folders inside the home
0700. Checked for the installed command (which sets a 0077 umask) and for
the command line run in-process under a permissive 0022 umask (as a plugin's
test or an embedding program might), so no file relies on the umask alone.
``config.toml`` is the user's own file and is left as they made it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

NOW = "2026-11-20T10:00:00+01:00"
CONFIG = '[me]\nname = "Jo Seeker"\nemail = "jo@seeker.example"\n'


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def story(run: Callable[..., Any], home: Path, outside: Path) -> None:
    """Commands that create every kind of file, with the database held open meanwhile."""
    run("init")
    (home / "config.toml").write_text(CONFIG)
    held = sqlite3.connect(home / "events.db")  # keeps -wal and -shm while we look
    try:
        held.execute("SELECT count(*) FROM commits").fetchone()
        run("apply", "Northwind", "--role", "Engineer", "--contact", "Ann Lee <ann@nw.example>")
        run("rejected", "northwind", "--stage", "onsite")
        run("events", "export", str(home / "exports" / "log.jsonl"))
        run("events", "export", str(outside / "log.jsonl"))
        run("calendar", "export", str(outside / "calendar.ics"))
        run("report", "--html", str(outside / "report.html"))
        check(home, outside)
    finally:
        held.close()


def check(home: Path, outside: Path) -> None:
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    names = {p.name for p in home.iterdir()}
    assert {"events.db", "events.db-wal", "events.db-shm", "head", "drafts"} <= names, names
    assert list((home / "drafts").glob("*.eml")), "the story should have written drafts"
    made = [p for p in home.rglob("*") if p.name != "config.toml"] + list(outside.iterdir())
    loose = [
        f"{p} {stat.S_IMODE(p.stat().st_mode):o}"
        for p in made
        if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
    ]
    assert len(made) > 8 and loose == []


@pytest.mark.slow
def test_the_installed_command_writes_owner_only_files(tmp_path: Path) -> None:
    home, outside = tmp_path / "home", tmp_path / "outside"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNNERUP_")}
    env.update(RUNNERUP_HOME=str(home), RUNNERUP_NOW=NOW, XDG_CACHE_HOME=str(tmp_path / "cache"))

    def run(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "runnerup", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            umask=0o022,
        )
        assert done.returncode == 0, done.stderr

    story(run, home, outside)


def test_owner_only_does_not_rely_on_the_umask(
    run_cli: Any, tmp_path: Path, loose_umask: None
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()

    def run(*args: str) -> None:
        result = run_cli(*args, env={"RUNNERUP_NOW": NOW})
        assert result.exit_code == 0, result

    story(run, Path(run_cli.home), outside)


def test_a_home_made_too_open_is_closed_again(run_cli: Any) -> None:
    home = Path(run_cli.home)
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert run_cli("init").exit_code == 0
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
