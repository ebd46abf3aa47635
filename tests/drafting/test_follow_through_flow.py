"""The whole follow-through, as a user runs it: a "no", the plan, the drafts, sending.

Sending goes to a real SMTP server (aiosmtpd on 127.0.0.1) configured in the
test home's config.toml; "sent" must be recorded only once it said yes.
"""

from __future__ import annotations

import email
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from runnerup.testing import CliResult, CliRunner

DASH = "\N{EN DASH}"  # templates use an en dash in subjects
NOW = "2026-11-20T10:00:00+01:00"
APP = "northwind-logistics-senior-data-engineer"
HOST = "127.0.0.1"


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what arrives and refuses chosen recipients."""

    refuse: set[str] = field(default_factory=set)
    received: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Ok: queued as NW42"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = int(probe.getsockname()[1])
    handler = Mailbox()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    yield handler, port
    controller.stop()


class User:
    def __init__(self, run_cli: CliRunner, port: int) -> None:
        self.run = run_cli
        self.home = run_cli.home
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "config.toml").write_text(
            '[me]\nname = "Alex Morgan"\nemail = "alex.morgan@example.org"\n\n'
            f'[smtp]\nhost = "{HOST}"\nport = {port}\nsecurity = "none"\ntimeout = 5\n'
        )

    def __call__(self, *args: str) -> CliResult:
        return self.run(*args, env={"RUNNERUP_NOW": NOW})

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result
        return result.stdout

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        lines = self.ok("--json", "events", "log").splitlines()
        found = [json.loads(line) for line in lines if line.strip()]
        return [e for e in found if kind is None or e["type"] == kind]


@pytest.fixture
def user(run_cli: CliRunner, mailbox: tuple[Mailbox, int]) -> User:
    return User(run_cli, mailbox[1])


def rejected_after_an_interview(user: User) -> str:
    user.ok(
        "apply",
        "Northwind Logistics",
        "--role",
        "Senior Data Engineer",
        "--contact",
        "Dana Whitfield <dana@northwind.example>",
    )
    user.ok("interview", APP, "--round", "1")
    user.ok("interviewed", APP, "--round", "1")
    return user.ok("rejected", APP)


def test_a_no_becomes_drafts_that_can_be_read_edited_and_sent(
    user: User, mailbox: tuple[Mailbox, int]
) -> None:
    plan = rejected_after_an_interview(user)
    for step in (
        "Send a thank-you note to Northwind Logistics",
        "Ask Northwind Logistics for feedback",
        "Reflect on Northwind Logistics: what went well, what caught you out",
        "Keep in touch with Northwind Logistics (30 days",
        "Keep in touch with Northwind Logistics (90 days",
        "Review your search plan after Northwind Logistics",
    ):
        assert step in plan

    listing = user.ok("drafts").splitlines()
    assert listing[0].split() == ["#", "ID", "KIND", "APPLICATION", "TO", "STATUS", "TONE", "DUE"]
    rows = {line.split()[1]: line for line in listing[1:]}
    assert set(rows) == {
        f"{APP}.interview-thanks-1",
        f"{APP}.thank-you",
        f"{APP}.feedback-request",
        f"{APP}.keep-in-touch-30",
        f"{APP}.keep-in-touch-90",
    }
    assert "Dana Whitfield <dana@northwind.example>  draft   ok" in rows[f"{APP}.thank-you"]

    shown = user.ok("draft", "show", "thank-you")
    assert "To: Dana Whitfield <dana@northwind.example>" in shown
    assert f"Subject: Thank you {DASH} Senior Data Engineer at Northwind Logistics" in shown
    assert "\nHi Dana,\n" in shown and shown.rstrip().endswith("Tone: ok")

    stormy = "Hi Dana,\n\nThis decision is RIDICULOUS. I expect an explanation.\n\nAlex"
    edited = user.ok("draft", "edit", "thank-you", "--body", stormy)
    assert "'RIDICULOUS' (hostile, body)" in edited
    assert "'I expect an explanation' (demanding, body)" in edited
    assert "warnings" in user.ok("drafts")

    refused = user("draft", "send", "thank-you")
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        f"Error: draft {APP}.thank-you has tone warnings: 'RIDICULOUS' mocks the decision;"
        " edit it or send with --force"
    ]
    assert user.events("draft.send_requested") == [] and mailbox[0].received == []

    sent = user.ok("draft", "send", "thank-you", "--force")
    assert (
        sent.strip()
        == f"sent {APP}.thank-you to dana@northwind.example (250 2.0.0 Ok: queued as NW42)"
    )
    [(recipients, raw)] = mailbox[0].received
    assert recipients == ["dana@northwind.example"]
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "Dana Whitfield <dana@northwind.example>"
    assert message["From"] == "Alex Morgan <alex.morgan@example.org>"
    assert "RIDICULOUS" in message.get_content()

    stream = [e["type"] for e in user.events() if e["stream"] == f"draft/{APP}.thank-you"]
    assert stream == [
        "draft.requested",
        "draft.created",
        "draft.edited",
        "draft.send_requested",
        "draft.sent",
    ]
    [record] = user.events("draft.sent")
    assert record["data"]["server_reply"] == "250 2.0.0 Ok: queued as NW42"
    assert "dana@northwind.example" not in json.dumps(record)  # the accepted address is sealed
    assert " sent " in next(
        line for line in user.ok("drafts").splitlines() if ".thank-you " in line
    )

    again = user("draft", "send", "thank-you", "--force")
    assert again.exit_code == 1 and "already sent" in again.stderr


def test_a_refused_recipient_is_not_recorded_as_sent(
    user: User, mailbox: tuple[Mailbox, int]
) -> None:
    mailbox[0].refuse.add("dana@northwind.example")
    rejected_after_an_interview(user)
    result = user("draft", "send", "feedback-request")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: not sent: SMTP 550: recipient dana@northwind.example refused")
    assert mailbox[0].received == []
    assert user.events("draft.sent") == []
    [failed] = user.events("draft.send_failed")
    assert failed["data"]["draft"] == f"{APP}.feedback-request"
    row = next(line for line in user.ok("drafts").splitlines() if ".feedback-request " in line)
    assert " draft " in row
    assert "Last send failed: SMTP 550" in user.ok("draft", "show", "feedback-request")


def test_sending_needs_a_configured_server(run_cli: CliRunner) -> None:
    run_cli.home.mkdir(parents=True)
    (run_cli.home / "config.toml").write_text(
        '[me]\nname = "Alex Morgan"\nemail = "alex@example.org"\n'
    )
    env = {"RUNNERUP_NOW": NOW}
    run_cli(
        "apply",
        "Northwind Logistics",
        "--role",
        "Senior Data Engineer",
        "--contact",
        "Dana <dana@northwind.example>",
        env=env,
    )
    run_cli("rejected", APP, "--stage", "applied", env=env)
    result = run_cli("draft", "send", "thank-you", env=env)
    assert result.exit_code == 1
    assert "set [smtp] host" in result.stderr
    events = run_cli("--json", "events", "log", env=env).stdout
    assert "draft.send_requested" not in events
