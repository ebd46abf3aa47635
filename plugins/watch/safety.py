"""Deciding what in a watched folder may be read, reading it safely, and quarantine.

A watched folder is written by other programs (a mail client, a browser, a
sync tool), so every entry is treated as untrusted: nothing is followed or
opened that could block, escape the folder or exhaust memory. The entry type
comes from ``lstat`` (a symlink is never followed), the file is opened with
``O_NOFOLLOW | O_NONBLOCK`` (a FIFO swapped in after the check cannot block the
watcher) and re-checked with ``fstat`` on the open descriptor, and at most
``cap + 1`` bytes are read, so an oversized file is refused without being
loaded.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The folder inside a watched folder where refused files are moved.
QUARANTINE = ".runnerup-quarantine"
#: Names that partial downloads, editors and sync tools use while writing.
TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".part", ".crdownload", ".tmp", ".partial")


class Refused(Exception):
    """The entry must not be read; ``movable`` says whether quarantine may move it."""

    def __init__(self, reason: str, *, movable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.movable = movable


class Changed(Exception):
    """The entry changed between the stability check and the read: try again later."""


def ignored(name: str) -> bool:
    """Hidden files, the quarantine folder and files still being written."""
    return (
        name.startswith(".")
        or name.startswith("#")  # emacs auto-save
        or name.lower().endswith(TEMP_SUFFIXES)
    )


def signature(st: os.stat_result) -> tuple[int, int, int, int]:
    """What must stay the same between two stat() calls for a file to count as stable."""
    return (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns, st.st_ino)


def check_entry(path: Path, root: Path, st: os.stat_result) -> None:
    """Raise :class:`Refused` for an entry that is not a plain file inside ``root``."""
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        resolved = os.path.realpath(path)
        inside = resolved.startswith(str(root) + os.sep)
        where = "inside the folder" if inside else "leading outside the watched folder"
        raise Refused(f"symlink {where} ({target}): not followed", movable=False)
    if not stat.S_ISREG(mode):
        raise Refused(f"not a regular file ({_kind(mode)}): not read", movable=False)
    if not os.path.realpath(path).startswith(str(root) + os.sep):
        raise Refused("resolves outside the watched folder: not read", movable=False)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def too_big(size: int, cap: int) -> Refused:
    return Refused(f"{size} bytes, over the {cap} byte limit ([watch] max_bytes)", movable=True)


def read_capped(path: Path, expected: os.stat_result, cap: int) -> bytes:
    """The file's bytes, if it is still the regular file ``expected`` and at most ``cap`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Changed() from None
    except OSError as exc:
        raise Refused(f"cannot open: {exc.strerror}", movable=False) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"not a regular file ({_kind(st.st_mode)}): not read", movable=False)
        if (st.st_ino, st.st_dev) != (expected.st_ino, expected.st_dev):
            raise Changed()
        if st.st_size > cap:
            raise too_big(st.st_size, cap)
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:
            raise too_big(len(data), cap)
        return data
    finally:
        os.close(fd)


def quarantine(path: Path, root: Path) -> Path:
    """Move ``path`` into the quarantine folder under a name not taken yet."""
    folder = root / QUARANTINE
    folder.mkdir(mode=0o700, exist_ok=True)
    if not stat.S_ISDIR(os.lstat(folder).st_mode):  # a symlink planted there would lead out
        raise OSError(f"{folder} is not a folder")
    stem, suffix = _split(path.name)
    target = folder / path.name
    n = 2
    while os.path.lexists(target):
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    os.rename(path, target)
    return target


def _split(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if dot > 0 else (name, "")
