"""The files the watcher has already processed, folded from ``file.processed``.

Keyed by content hash, so a renamed or re-saved copy of a processed file is not
read into events twice, and the set survives restarts because it lives in
the log, not in the watcher's memory.
"""

from __future__ import annotations

import msgspec
from runnerup import Projection, RecordedEvent
from runnerup.events.watch import FileProcessed


class SeenFile(msgspec.Struct, frozen=True, gc=False):
    """One processed file: where it was, which rule read it, what it produced."""

    path: str
    rule: str
    positions: list[int] = []


class Seen(msgspec.Struct, gc=False):
    files: dict[str, SeenFile] = {}


class SeenProjection(Projection[Seen]):
    """``watch.files``: content hash -> the processed file."""

    name = "watch.files"
    version = 1
    types = frozenset({"file.processed"})
    state_type = Seen

    def initial(self) -> Seen:
        return Seen()

    def apply(self, state: Seen, event: RecordedEvent) -> Seen:
        data = event.data
        if isinstance(data, FileProcessed):
            state.files[data.sha256] = SeenFile(data.path, data.rule, list(data.positions))
        return state
