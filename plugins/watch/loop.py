"""The watcher: a folder's files become events, once each, whatever happens.

Change notifications only say *that* something happened; what to do is
decided from ``stat()``: an entry is a candidate when it appears or changes,
and it is read only when two ``stat()`` calls at least ``settle`` seconds
apart agree (same type, size, mtime, inode). So a half-written download, an
editor's atomic save (delete + add) and a slow copy are all read once, whole.
A full rescan at start and every ``interval`` seconds catches anything the
notifications missed (network folders, a burst that overflowed the queue).

Nothing here holds a transaction open: each file's events are one
``kernel.record`` call (and one more for ``file.processed``), so CLI commands
writing to the same home at the same time simply queue on the store's lock.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runnerup import ConcurrencyError, RunnerupError, WatchResult, WatchRule, get_logger

from .records import record_processed, record_refusal
from .rules import rule_for
from .safety import (
    Changed,
    Refused,
    check_entry,
    ignored,
    quarantine,
    read_capped,
    signature,
    too_big,
)

if TYPE_CHECKING:
    from runnerup import Kernel


@dataclass
class Report:
    """One line of the watcher's output: what became of one file."""

    name: str
    status: str  # processed | quarantined | refused
    summary: str
    rule: str | None = None
    positions: list[int] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.name} → {self.summary}"


@dataclass
class _Candidate:
    sig: tuple[int, int, int, int]
    since: float


class Watcher:
    """Scans one folder, waits for files to settle, and hands each to its rule."""

    def __init__(
        self,
        kernel: Kernel,
        root: Path,
        rules: dict[str, WatchRule],
        *,
        max_bytes: int,
        settle: float,
        report: Callable[[Report], None],
        stop: threading.Event | None = None,
    ) -> None:
        self.kernel = kernel
        self.root = Path(os.path.realpath(root))
        self.rules = rules
        self.max_bytes = max_bytes
        self.settle = settle
        self.report = report
        # Set by SIGINT/SIGTERM: the file in hand is finished, then the watcher stops.
        self.stop = stop or threading.Event()
        self.log = get_logger("runnerup.watch")
        self.pending: dict[str, _Candidate] = {}
        # name -> signature it had when this process last dealt with it, so a
        # rescan does not re-read (and re-hash) every unchanged file.
        self.done: dict[str, tuple[int, int, int, int]] = {}

    # -- finding candidates ---------------------------------------------------

    def scan(self) -> None:
        """Consider every entry of the folder (at start, and on the rescan interval)."""
        try:
            names = [entry.name for entry in os.scandir(self.root)]
        except OSError as exc:
            self.log.error("cannot list the watched folder", folder=str(self.root), error=str(exc))
            return
        for name in names:
            self.consider(name)

    def consider(self, name: str) -> None:
        """Note that ``name`` appeared or changed; it is read once it has settled."""
        if ignored(name) or os.sep in name:
            return
        try:
            st = os.lstat(self.root / name)
        except OSError:
            self.pending.pop(name, None)
            self.done.pop(name, None)
            return
        if stat.S_ISDIR(st.st_mode):
            return
        sig = signature(st)
        if self.done.get(name) == sig:
            return
        current = self.pending.get(name)
        if current is None or current.sig != sig:
            self.pending[name] = _Candidate(sig, time.monotonic())

    # -- settling -------------------------------------------------------------

    def step(self) -> float | None:
        """Handle every candidate that has settled; seconds until the next may, or None."""
        now = time.monotonic()
        wait: float | None = None
        for name in sorted(self.pending):
            if self.stop.is_set():
                break
            candidate = self.pending[name]
            try:
                st = os.lstat(self.root / name)
            except OSError:
                del self.pending[name]
                continue
            sig = signature(st)
            if sig != candidate.sig:
                self.pending[name] = _Candidate(sig, now)
                wait = self.settle if wait is None else min(wait, self.settle)
                continue
            left = candidate.since + self.settle - now
            if left > 0:
                wait = left if wait is None else min(wait, left)
                continue
            del self.pending[name]
            if self.handle(name, st):
                self.done[name] = sig
        return wait

    def drain(self, limit: float = 30.0) -> None:
        """Wait until every candidate has settled and been handled (``--once``)."""
        deadline = time.monotonic() + limit
        while self.pending and not self.stop.is_set():
            wait = self.step()
            if wait is None:
                continue
            if time.monotonic() + wait > deadline:
                for name in sorted(self.pending):
                    self.log.warning("file still changing; left for the next run", file=name)
                self.pending.clear()
                return
            self.stop.wait(wait)

    # -- one file -------------------------------------------------------------

    def handle(self, name: str, st: os.stat_result) -> bool:
        """Read and record one settled entry; False when it must be tried again later."""
        path = self.root / name
        try:
            check_entry(path, self.root, st)
        except Refused as refused:
            self.refuse(path, refused, st)
            return True
        rule = rule_for(name, self.rules)
        if rule is None:
            self.log.debug("no watch rule for this file", file=name)
            return True
        if st.st_size > self.max_bytes:  # decided by stat, before the file is opened
            self.refuse(path, too_big(st.st_size, self.max_bytes), st)
            return True
        try:
            data = read_capped(path, st, self.max_bytes)
        except Changed:
            return self._retry(name)
        except Refused as refused:
            self.refuse(path, refused, st)
            return True
        return self.process(path, rule, data)

    def _retry(self, name: str) -> bool:
        self.consider(name)
        return False

    def process(self, path: Path, rule: WatchRule, data: bytes) -> bool:
        sha = hashlib.sha256(data).hexdigest()
        seen = self.kernel.view("watch.files").files
        if sha in seen:
            self.log.info("already processed", file=path.name, as_=seen[sha].path)
            return True
        try:
            result = rule.handle(path, data, self.kernel)
            if not isinstance(result, WatchResult):
                raise TypeError(
                    f"rule {rule.name!r} returned {type(result).__name__}, not a WatchResult"
                )
        except (ValueError, RunnerupError) as exc:
            if self._changed_since_read(path, len(data)):
                return self._retry(path.name)
            self.refuse(
                path, Refused(str(exc) or type(exc).__name__, movable=True), None, sha, len(data)
            )
            return True
        except Exception as exc:  # a rule's bug must not stop the watcher
            self.log.exception("watch rule failed", rule=rule.name, file=path.name, error=repr(exc))
            return True
        key_for: Any = rule.options.get("idempotency_key")
        key = str(key_for(data)) if callable(key_for) else f"watch:{sha}"
        return self._record(path, rule, result, sha, len(data), key)

    def _record(
        self, path: Path, rule: WatchRule, result: WatchResult, sha: str, size: int, key: str
    ) -> bool:
        try:
            positions, summary = record_processed(
                self.kernel,
                path,
                rule=rule.name,
                sha=sha,
                size=size,
                events=result.events,
                summary=result.summary,
                key=key,
            )
        except ConcurrencyError as exc:
            self.log.warning("the log is busy; will retry", file=path.name, error=str(exc))
            return self._retry(path.name)
        except RunnerupError as exc:
            self.refuse(path, Refused(str(exc), movable=True), None, sha, size)
            return True
        self.report(Report(path.name, "processed", summary, rule.name, positions))
        return True

    def _changed_since_read(self, path: Path, size: int) -> bool:
        try:
            return os.lstat(path).st_size != size
        except OSError:
            return True

    # -- refusing -------------------------------------------------------------

    def refuse(
        self,
        path: Path,
        refused: Refused,
        st: os.stat_result | None,
        sha: str | None = None,
        size: int | None = None,
    ) -> None:
        """Quarantine a refused file (or leave it in place), log and record why, once."""
        moved: Path | None = None
        if refused.movable:
            try:
                moved = quarantine(path, self.root)
            except OSError as exc:
                self.log.error("cannot quarantine", file=path.name, error=str(exc))
        if size is None and st is not None and stat.S_ISREG(st.st_mode):
            size = st.st_size
        try:
            fresh = record_refusal(
                self.kernel,
                path,
                reason=refused.reason,
                moved=moved,
                sha=sha,
                size=size,
                stamp=f"{size}:{st.st_mtime_ns if st else ''}",
            )
        except RunnerupError as exc:
            self.log.error("cannot record the quarantine", file=path.name, error=str(exc))
            return
        where = "quarantined" if moved else "left in place"
        (self.log.warning if fresh else self.log.debug)(
            f"file {where}", file=path.name, reason=refused.reason, moved_to=str(moved or "")
        )
        if fresh:
            status = "quarantined" if moved else "refused"
            self.report(Report(path.name, status, f"{where}: {refused.reason}"))
