"""What the watcher did with the files dropped into a watched folder.

The watcher's own bookkeeping, not facts about the job search: the set of
files already processed is folded from ``file.processed`` (keyed by content
hash), so a file is read once even across restarts, and ``file.quarantined``
keeps the reason a file was refused. Both are recorded with the actor
``plugin:watch`` so ``runnerup undo`` without a position never picks them:
undoing what a file produced is done through the produced events.
"""

from __future__ import annotations

from runnerup import Event


class FileProcessed(Event, tag="file.processed"):
    """A dropped file was read once its size was stable and turned into events.

    ``positions`` are the log positions the file produced (empty when it held
    nothing new, e.g. a tracker export whose rows were all imported before);
    ``rule`` is the watch rule that read it; ``summary`` the line the watcher
    printed.
    """

    __stream__ = "watch/files"

    path: str
    sha256: str
    rule: str
    size: int
    summary: str = ""
    positions: list[int] = []


class FileQuarantined(Event, tag="file.quarantined"):
    """A file in a watched folder was refused and not turned into events.

    ``moved_to`` is where the file went (the folder's ``.runnerup-quarantine``);
    None when the entry was left in place because it is not the watcher's to
    move (a symlink, a FIFO, a socket, a device). ``sha256`` is set when the
    file was read.
    """

    __stream__ = "watch/quarantine"

    path: str
    reason: str
    moved_to: str | None = None
    sha256: str | None = None
    size: int | None = None
