"""The watcher's bookkeeping events: what a file produced, and why one was refused.

Both are recorded with the actor ``plugin:watch`` (so ``undo`` without a
position never picks them) and with idempotency keys derived from the file,
so a second watcher, a restart or ``--once`` run again never records them
twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from runnerup import NewEvent
from runnerup.events.watch import FileProcessed, FileQuarantined

if TYPE_CHECKING:
    from runnerup import Kernel

#: Actor of the watcher's bookkeeping events.
BOOKKEEPING = "plugin:watch"


def record_processed(
    kernel: Kernel,
    path: Path,
    *,
    rule: str,
    sha: str,
    size: int,
    events: list[NewEvent],
    summary: str,
    key: str,
) -> tuple[list[int], str]:
    """Record a file's events (one batch, actor ``watch``), then ``file.processed``.

    Returns the positions and the summary line; a batch whose key was used
    before (the same content recorded earlier) adds nothing and says so.
    """
    before = kernel.store.head()[0]
    positions = kernel.record(events, actor="watch", idempotency_key=key) if events else []
    if positions and positions[0] <= before:
        summary = "nothing new: the same content was recorded before"
    summary = summary or f"{len(positions)} event(s) recorded"
    done = FileProcessed(
        path=str(path), sha256=sha, rule=rule, size=size, summary=summary, positions=positions
    )
    kernel.record([done], actor=BOOKKEEPING, idempotency_key=f"watch.processed:{sha}")
    return positions, summary


def record_refusal(
    kernel: Kernel,
    path: Path,
    *,
    reason: str,
    moved: Path | None,
    sha: str | None,
    size: int | None,
    stamp: str,
) -> bool:
    """Record ``file.quarantined``; True when it is new (not a repeat after a restart).

    A moved file is keyed by its content (or size and time), a file left in
    place by its name and the reason, so it is reported once, not at every
    rescan or restart.
    """
    if moved is not None:
        key = f"watch.quarantine:{sha or stamp}:{path.name}"
    else:
        key = f"watch.quarantine:{path.name}:{reason}"
    event = FileQuarantined(
        path=str(path),
        reason=reason,
        moved_to=str(moved) if moved else None,
        sha256=sha,
        size=size,
    )
    before = kernel.store.head()[0]
    positions = kernel.record([event], actor=BOOKKEEPING, idempotency_key=key)
    return moved is not None or bool(positions and positions[0] > before)
