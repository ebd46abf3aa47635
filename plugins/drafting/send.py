"""``draft send``: hand a draft to the user's SMTP server; "sent" only once it said yes.

Order matters: ``draft.send_requested`` is recorded first (the intent), then
the message goes out, then ``draft.sent`` records the accepted recipients and
the server's reply, or ``draft.send_failed`` records why not and the command
exits 1. A draft with tone warnings is refused unless ``--force``.

Settings come from ``[smtp]`` in config.toml: ``host``, ``port`` (587),
``security`` (``starttls`` | ``ssl`` | ``none``), ``username``,
``password_env`` (the name of the environment variable holding the password;
the password itself is never in a file) and ``from`` (default: ``[me] name``
and ``email``).
"""

from __future__ import annotations

from typing import Any

import click
import msgspec
import runnerup
from runnerup import RunnerupError
from runnerup.events.draft import DraftSendFailed, DraftSendRequested, DraftSent

from . import compose, facts
from .commands import draft_group, drafts_view
from .files import message
from .smtp import SendError, SmtpSettings, send_message

_SMTP_KEYS = frozenset(f.name for f in msgspec.structs.fields(SmtpSettings))


def smtp_settings(section: dict[str, Any]) -> SmtpSettings:
    if not section.get("host"):
        raise RunnerupError(
            "no SMTP server configured: set [smtp] host (and port, security, username,"
            " password_env, from) in config.toml"
        )
    unknown = sorted(set(section) - _SMTP_KEYS - {"from"})
    if unknown:
        raise RunnerupError(f"[smtp] has unknown keys: {', '.join(unknown)}")
    try:
        return msgspec.convert({k: v for k, v in section.items() if k in _SMTP_KEYS}, SmtpSettings)
    except msgspec.ValidationError as exc:
        raise RunnerupError(f"[smtp] in config.toml: {exc}") from None


@draft_group.command("send")
@click.argument("ref")
@click.option("--force", is_flag=True, help="Send even though the tone check flagged something.")
def send_command(ref: str, force: bool) -> None:
    """Send a draft through the SMTP server in config.toml."""
    kernel = runnerup.get_kernel()
    vault = kernel.vault
    draft = drafts_view(kernel).resolve(ref)
    if draft.status == "sent":
        raise RunnerupError(f"draft {draft.id} was already sent ({draft.sent_at:%Y-%m-%d %H:%M})")  # type: ignore[str-format]
    if draft.status == "discarded":
        raise RunnerupError(f"draft {draft.id} was discarded")
    if draft.forgotten or (
        draft.contact and vault.is_forgotten(draft.contact) and draft.to is not None
    ):
        raise RunnerupError(f"draft {draft.id} was for a forgotten contact: it cannot be sent")
    if not draft.has_text:
        raise RunnerupError(
            f"draft {draft.id} has no text yet ({compose.opened(vault, draft.error) or draft.status})"
        )
    if draft.to is None:
        raise RunnerupError(
            f"draft {draft.id} has no recipient:"
            f" add one with 'runnerup draft edit {draft.id} --to ADDRESS'"
        )
    subject, body = compose.opened(vault, draft.subject), compose.opened(vault, draft.body)
    found = compose.tone_check(kernel, vault, draft.application, draft.contact, subject, body)
    if found and not force:
        first = found[0][1]
        raise RunnerupError(
            f"draft {draft.id} has tone warnings: {first.reason}; edit it or send with --force"
        )
    settings = smtp_settings(kernel.settings.section("smtp"))
    msg = message(kernel, draft, date=kernel.now())
    if msg is None:
        raise RunnerupError("no sender address: set [me] email (or [smtp] from) in config.toml")
    person = facts.person(kernel, vault, draft.contact)
    kernel.record([DraftSendRequested(draft=draft.id, forced=bool(found))])
    try:
        report = send_message(msg, settings)
    except SendError as exc:
        kernel.record(
            [DraftSendFailed(draft=draft.id, reason=compose.seal_for(vault, person, str(exc)))]
        )
        raise RunnerupError(f"not sent: {exc}") from None
    accepted = [compose.seal_for(vault, person, address) for address in report.accepted]
    kernel.record([DraftSent(draft=draft.id, accepted=accepted, server_reply=report.server_reply)])
    runnerup.emit(
        {"draft": draft.id, "accepted": report.accepted, "server_reply": report.server_reply},
        text=f"sent {draft.id} to {', '.join(report.accepted)} ({report.server_reply})",
    )
