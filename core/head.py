"""The log's head, remembered in the home, so a cut-off tail cannot pass as a whole log.

The hash chain proves that each event follows the one before it, but a log
whose last events were removed is still a perfect chain. So after its
appends the kernel writes the head (position and hash) to ``home/head``, and
``events verify`` compares: a log shorter than the recorded head, or whose
event at that position has another hash, fails and names the missing
positions.

Only for a SQLite store (the log lives in a file next to this one). The
file is written atomically and owner-only. It may lag behind the log (a
process killed between its append and this write, or a slower writer
finishing last), which only makes the check older, never wrong: positions
and hashes of a whole log never change. It is a tripwire against an
accidental cut (a restored older copy of ``events.db``, a tool that dropped
rows), not a defence against someone who can also delete this file; a head
kept elsewhere (``report --proof`` carries one) covers that.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import msgspec

from .store import VerifyReport

FILE_NAME = "head"


class RecordedHead(NamedTuple):
    """What ``home/head`` says: the store it is about, a position and its hash."""

    store: str
    position: int
    hash: str


def head_file(home: Path, store_url: str) -> Path | None:
    """Where this home's head is kept, or None when the store does not live in a file."""
    return home / FILE_NAME if store_url.startswith("sqlite:") else None


def read_head(path: Path, store_url: str) -> RecordedHead | None:
    """The recorded head for ``store_url``; None if absent, unreadable or about another store."""
    try:
        data = msgspec.json.decode(path.read_bytes())
        head = RecordedHead(str(data["store"]), int(data["position"]), str(data["hash"]))
    except (OSError, msgspec.DecodeError, ValueError, TypeError, KeyError):
        return None
    return head if head.store == store_url and head.position > 0 else None


def record_head(path: Path, store_url: str, position: int, digest: str) -> None:
    """Write the head: to a temporary file renamed over the old one, so no reader sees half."""
    body = msgspec.json.encode({"store": store_url, "position": position, "hash": digest})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, body)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def advance_head(
    path: Path, store_url: str, position: int, digest: str, hash_at: Callable[[int], str | None]
) -> str:
    """Move the recorded head forward to ``position``; what happened, as a word.

    ``"written"``; ``"current"`` when the file already records this position
    or a later one (another process got there first); ``"diverged"`` when the
    log no longer holds the recorded head: the file is then left as it is,
    as evidence for ``events verify``, instead of blessing a cut log that
    grew again.
    """
    known = read_head(path, store_url)
    if known is not None:
        if known.position >= position:
            return "current"
        if hash_at(known.position) != known.hash:
            return "diverged"
    record_head(path, store_url, position, digest)
    return "written"


def check_head(
    report: VerifyReport, recorded: RecordedHead | None, hash_at: Callable[[int], str | None]
) -> VerifyReport:
    """``report`` (of a whole chain), failed when the log lost events the home recorded.

    ``hash_at(position)`` returns the log's hash at a position (None past the end).
    """
    if not report.ok or recorded is None:
        return report
    end, where = report.head_position, f"home/{FILE_NAME}"
    if end < recorded.position:
        missing = (
            f"position {recorded.position} is"
            if end + 1 == recorded.position
            else f"positions {end + 1}-{recorded.position} are"
        )
        return report._replace(
            first_bad=end + 1,
            reason=f"truncated: the log ends at position {end} but {where} recorded "
            f"position {recorded.position}; {missing} missing",
        )
    if hash_at(recorded.position) != recorded.hash:
        return report._replace(
            first_bad=recorded.position,
            reason=f"the event at position {recorded.position} is not the one {where} "
            "recorded (the log was cut and written again?)",
        )
    return report
