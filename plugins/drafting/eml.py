"""Drafts as RFC 5322 messages, and ``.eml`` files written safely.

A draft becomes an ``.eml`` file that any mail client opens, so the user can
send it from their own mailbox. The Message-ID is derived from a seed (the
draft's id), so writing the same draft twice gives the same message and a
reply to it can be matched back to the draft.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

__all__ = ["build_message", "message_id", "safe_filename", "write_eml"]

DOMAIN = "runnerup.local"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def message_id(seed: str) -> str:
    """``<first 32 hex digits of sha256(seed)@runnerup.local>``."""
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{DOMAIN}>"


def _header(name: str, value: str) -> str:
    # A newline in a header value would let a company name inject headers.
    if "\r" in value or "\n" in value:
        raise ValueError(f"{name} must be one line, got {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def build_message(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    date: datetime,
    message_id_seed: str,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """Build a plain-text UTF-8 message.

    :param sender: the From header, e.g. ``"Alex Morgan <alex@example.org>"``.
    :param to: the To header (one or more addresses).
    :param date: an aware datetime for the Date header.
    :param message_id_seed: a stable id (the draft's); see :func:`message_id`.
    :param in_reply_to: a Message-ID this answers; sets In-Reply-To and References.
    :raises ValueError: for a naive date, a multi-line or empty header, or an
        address header with no address in it.
    """
    if date.utcoffset() is None:
        raise ValueError("date must be timezone-aware")
    msg = EmailMessage(policy=policy.default)
    msg["From"] = _header("From", sender)
    msg["To"] = _header("To", to)
    msg["Subject"] = _header("Subject", subject)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id(_header("message_id_seed", message_id_seed))
    if in_reply_to is not None:
        ref = _header("In-Reply-To", in_reply_to).strip()
        ref = ref if ref.startswith("<") else f"<{ref}>"
        msg["In-Reply-To"] = ref
        msg["References"] = ref
    for name in ("From", "To"):
        addresses = msg[name].addresses
        if not addresses or not all(a.username and a.domain for a in addresses):
            raise ValueError(f"{name} has no usable address: {msg[name]!s}")
    # Normalised line ends so that the body survives any transport unchanged.
    text = "\n".join(body.splitlines()) + "\n"
    # Quoted-printable keeps the message 7-bit clean, so a relay without
    # 8BITMIME cannot mangle a name like "Zoë" in the body.
    cte = "7bit" if text.isascii() else "quoted-printable"
    msg.set_content(text, subtype="plain", charset="utf-8", cte=cte)
    return msg


def safe_filename(name: str) -> str:
    """A portable file name ending in ``.eml``: ASCII letters, digits, ``._-``.

    Path separators, ``..``, leading dots (hidden files) and control characters
    cannot survive, so a draft title can never write outside the folder.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = ascii_name.removesuffix(".eml")
    stem = _UNSAFE.sub("-", stem).strip(".-_")
    stem = re.sub(r"\.{2,}", ".", stem)[:100].strip(".-_") or "draft"
    return f"{stem}.eml"


def write_eml(folder: Path, name: str, msg: EmailMessage) -> Path:
    """Write ``msg`` to ``folder/<safe name>.eml`` atomically, readable by the owner only.

    The folder is created with mode 0700 when missing; the file gets mode
    0600 (drafts name real people). A crash leaves either the old file or the
    new one, never half of one: the bytes go to a temporary file in the same
    folder, are flushed to disk, then renamed over the target.

    :returns: the path written.
    """
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    target = folder / safe_filename(name)
    data = msg.as_bytes()
    # mkstemp creates the file 0600, so the text is never readable by others.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".eml.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return target


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
