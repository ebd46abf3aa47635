"""The ``drafts/<id>.eml`` files: real messages, owner-only, and gone when they must be."""

from __future__ import annotations

import email
import json
import stat
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from runnerup.testing import CliRunner

DASH = "\N{EN DASH}"  # templates use an en dash in subjects
NOW = "2026-11-20T10:00:00+01:00"
APP = "northwind-logistics-senior-data-engineer"
ME = '[me]\nname = "Alex Morgan"\nemail = "alex.morgan@example.org"\n'


class User:
    def __init__(self, run_cli: CliRunner, config: str = ME) -> None:
        self.run = run_cli
        self.home = run_cli.home
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "config.toml").write_text(config)

    def ok(self, *args: str) -> str:
        result = self.run(*args, env={"RUNNERUP_NOW": NOW})
        assert result.exit_code == 0, result
        return result.stdout

    def files(self) -> dict[str, Path]:
        folder = self.home / "drafts"
        return {p.name: p for p in sorted(folder.glob("*.eml"))} if folder.is_dir() else {}

    def rejected(self) -> int:
        self.ok(
            "apply",
            "Northwind Logistics",
            "--role",
            "Senior Data Engineer",
            "--contact",
            "Dana Whitfield <dana@northwind.example>",
        )
        self.ok("rejected", APP, "--stage", "interview")
        events = [json.loads(line) for line in self.ok("--json", "events", "log").splitlines()]
        return next(e["position"] for e in events if e["type"] == "application.rejected")  # type: ignore[no-any-return]


@pytest.fixture
def user(run_cli: CliRunner) -> User:
    return User(run_cli)


def parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_each_draft_is_an_owner_only_eml_file_a_mail_client_opens(user: User) -> None:
    user.rejected()
    files = user.files()
    assert set(files) == {
        f"{APP}.thank-you.eml",
        f"{APP}.feedback-request.eml",
        f"{APP}.keep-in-touch-30.eml",
        f"{APP}.keep-in-touch-90.eml",
    }
    path = files[f"{APP}.thank-you.eml"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = parse(path)
    assert message["From"] == "Alex Morgan <alex.morgan@example.org>"
    assert message["To"] == "Dana Whitfield <dana@northwind.example>"
    assert message["Subject"] == f"Thank you {DASH} Senior Data Engineer at Northwind Logistics"
    assert message["Date"] == "Fri, 20 Nov 2026 09:00:00 +0000"
    assert message.get_content().startswith("Hi Dana,\n")
    assert f"File: {path}" in user.ok("draft", "show", "thank-you")


def test_an_edit_rewrites_the_file(user: User) -> None:
    user.rejected()
    user.ok(
        "draft",
        "edit",
        "thank-you",
        "--subject",
        "Thanks, Dana",
        "--body",
        "Hi Dana,\n\nThank you.\n\nAlex",
    )
    message = parse(user.files()[f"{APP}.thank-you.eml"])
    assert message["Subject"] == "Thanks, Dana"
    assert message.get_content() == "Hi Dana,\n\nThank you.\n\nAlex\n"


def test_forget_removes_every_trace_of_the_person_from_the_drafts_folder(user: User) -> None:
    user.rejected()
    assert user.files()
    user.ok("forget", "Dana")
    assert user.files() == {}
    for path in (user.home / "drafts").iterdir():
        assert b"Dana" not in path.read_bytes() and b"dana@" not in path.read_bytes()
    listing = user.ok("drafts")
    assert "Dana" not in listing and "forgotten contact" in listing
    shown = user.ok("draft", "show", "thank-you")
    assert "Dana" not in shown and "can no longer be read" in shown


def test_undo_removes_the_files_and_undoing_the_undo_brings_them_back(user: User) -> None:
    position = user.rejected()
    user.ok("undo", str(position))
    assert user.files() == {}
    events = [json.loads(line) for line in user.ok("--json", "events", "log").splitlines()]
    undo = events[-1]["position"]
    user.ok("undo", str(undo))
    assert len(user.files()) == 4


def test_a_discarded_draft_loses_its_file(user: User) -> None:
    user.rejected()
    assert "discarded" in user.ok("draft", "discard", "keep-in-touch-90", "--reason", "not needed")
    assert f"{APP}.keep-in-touch-90.eml" not in user.files()
    assert "keep-in-touch-90" not in user.ok("drafts")
    assert "discarded" in user.ok("drafts", "--all")


def test_without_a_sender_address_there_is_no_file_but_still_a_draft(run_cli: CliRunner) -> None:
    user = User(run_cli, config="")
    user.rejected()
    assert user.files() == {}
    shown = user.ok("draft", "show", "thank-you")
    assert "[your name]" in shown  # a visible placeholder, never an empty signature
    assert "File:" not in shown


def test_effects_run_again_write_the_same_bytes(user: User, tmp_path: Path) -> None:
    from runnerup.config import load_settings
    from runnerup.kernel import open_kernel
    from runnerup.plugin_manager import make_plugin_manager
    from runnerup.store import Checkpoint

    user.rejected()
    before = {name: path.read_bytes() for name, path in user.files().items()}
    settings = load_settings(home=str(user.home), env={})
    kernel: Any = open_kernel(make_plugin_manager(load_entrypoints=False, env={}), settings)
    try:
        kernel.store.save_checkpoint(Checkpoint("kernel.effects", 1, 0, b""))
        kernel.run_effects()
    finally:
        kernel.close()
    assert {name: path.read_bytes() for name, path in user.files().items()} == before
