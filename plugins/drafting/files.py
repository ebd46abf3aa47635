"""The ``home/drafts/<draft id>.eml`` files: the drafts, openable in any mail client.

Written by the ``apply_effects`` hook, never by the reactor. Every effect
rewrites a draft's file from the ``drafts`` view as it is now, so running an
effect twice, late or out of order still leaves the right file. A file is
removed when its draft is discarded, retracted (undo), or its contact was
forgotten: then no name or address of that person stays on disk. A draft
without a recipient or without a sender address (``[me] email``) gets no
file: a message without addresses is not a valid email.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from runnerup import get_logger as log

from .compose import opened, sender
from .eml import build_message, safe_filename, write_eml
from .state import NAME, Draft, Drafts

FOLDER = "drafts"


def folder(home: Path) -> Path:
    return home / FOLDER


def eml_path(home: Path, draft_id: str) -> Path:
    return folder(home) / safe_filename(draft_id)


def message(kernel: Any, draft: Draft, *, date: datetime | None = None) -> EmailMessage | None:
    """The draft as a message, or None when it cannot be one (no text, no addresses)."""
    if not draft.has_text or draft.forgotten or draft.to is None:
        return None
    vault = kernel.vault
    if draft.contact and vault.is_forgotten(draft.contact):
        return None
    sender_address = sender(kernel.settings.section("smtp"), kernel.settings.section("me"))
    if sender_address is None:
        return None
    try:
        return build_message(
            sender=sender_address,
            to=opened(vault, draft.to),
            subject=opened(vault, draft.subject),
            body=opened(vault, draft.body),
            # UTC (as stored), not the local zone: the file must not depend on who rewrites it.
            date=date or draft.written_at or kernel.now(),
            message_id_seed=draft.id,
        )
    except ValueError as exc:
        log().warning("no .eml for draft", draft=draft.id, reason=str(exc))
        return None


def sync(kernel: Any, draft_id: str, drafts: Drafts | None = None) -> Path | None:
    """Make ``drafts/<id>.eml`` match the draft: written, or removed. Returns the file if any."""
    drafts = drafts if drafts is not None else kernel.view(NAME)
    draft = drafts.items.get(draft_id)
    path = eml_path(kernel.home, draft_id)
    msg = message(kernel, draft) if draft is not None and draft.status != "discarded" else None
    if msg is None:
        path.unlink(missing_ok=True)
        return None
    return write_eml(folder(kernel.home), draft_id, msg)


def sync_all(kernel: Any) -> None:
    """Rewrite every draft's file and remove files of drafts that no longer exist."""
    drafts: Drafts = kernel.view(NAME)
    live = {safe_filename(draft_id) for draft_id in drafts.items}
    where = folder(kernel.home)
    if where.is_dir():
        for path in where.glob("*.eml"):
            if path.name not in live:
                path.unlink(missing_ok=True)
    for draft_id in drafts.items:
        sync(kernel, draft_id, drafts)


DRAFT_EVENTS = frozenset(
    {
        "draft.created",
        "draft.edited",
        "draft.discarded",
        "draft.sent",
        "draft.marked_sent",
        "draft.render_failed",
    }
)


def apply(event: Any, context: Any) -> None:
    """The ``apply_effects`` step for one recorded event."""
    kernel = context.kernel
    if event.type in DRAFT_EVENTS:
        sync(kernel, event.data.draft)
    elif event.type == "contact.forgotten":
        drafts: Drafts = kernel.view(NAME)
        for draft in drafts.items.values():
            if draft.contact == event.data.contact:
                eml_path(kernel.home, draft.id).unlink(missing_ok=True)
    elif event.type == "event.retracted":
        sync_all(kernel)
