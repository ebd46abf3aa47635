"""How the SQLite store packs events into commits, and reads them back.

A commit is one row holding up to ``COMMIT_ROWS`` events of one append as a
JSON array of cells. A cell is the event's canonical bytes (see
:func:`runnerup.codec.canonical`) with its hash appended::

    [position, "stream", version, "type", occurred_us, recorded_us,
     len(meta), len(data), meta, data, "hash"]

Payloads written by the kernel are JSON, so ``meta`` and ``data`` are
embedded byte for byte (encoding ``RAW``): the bytes hashed and the bytes
stored are one and the same, built by one formatting operation per event.
A batch holding anything that is not a bare JSON value (the store contract
allows any bytes) is written with ``meta`` and ``data`` as base64 strings
instead (encoding ``BASE64``).
"""

from __future__ import annotations

import hashlib
from binascii import hexlify
from collections.abc import Sequence
from typing import Any

import msgspec

from ..codec import CANONICAL_FORMAT
from ..envelope import Pending, Stored, StreamWrite
from ..errors import StoreError

COMMIT_ROWS = 1000
RAW, BASE64 = 0, 1

#: A commit row: (first position, last position, recorded_us of the last,
#: hash of the last, encoding, the event types it holds, body)
Commit = tuple[int, int, int, str, int, str, bytes]

_RawCell = tuple[int, str, int, str, int, int, int, int, msgspec.Raw, msgspec.Raw, str]
_B64Cell = tuple[int, str, int, str, int, int, int, int, bytes, bytes, str]
_DECODERS = {
    RAW: msgspec.json.Decoder(list[_RawCell]).decode,
    BASE64: msgspec.json.Decoder(list[_B64Cell]).decode,
}
# Validating with the cell type, not just "is it JSON": a payload such as
# ``1,2`` is valid inside an array but would shift the cell's fields.
_validate = _DECODERS[RAW]
_encode = msgspec.json.Encoder().encode
# JSON whitespace: a payload padded with it would not come back byte for byte.
_PADDING = frozenset(b" \t\r\n")


def pack(
    writes: Sequence[StreamWrite],
    versions: dict[str, int],
    position: int,
    prev_hash: str,
    recorded_us: int,
) -> tuple[list[Commit], dict[str, list[int]]]:
    """Hash-chain an append into commit rows: the bulk-append hot loop.

    ``versions`` holds each stream's current version and is advanced in
    place. Returns the commits and, per stream, the first positions of the
    commits holding its events. Expected versions must have been checked.
    The per-event work is one formatting operation (the canonical bytes,
    which with the hash appended are also the stored cell) and one sha256.
    """
    start = position
    plan: list[tuple[bytes, int, int, list[Pending]]] = []
    holding: dict[str, list[int]] = {}
    for w in writes:
        count = len(w.events)
        if not count:
            continue
        stream = w.stream
        version = versions[stream]
        plan.append((_encode(stream), position, version, w.events))
        first = _commit_of(start, position + 1)
        firsts = holding.get(stream)
        if firsts is None:
            firsts = holding[stream] = [first]
        elif firsts[-1] != first:
            firsts.append(first)
        while firsts[-1] < _commit_of(start, position + count):
            firsts.append(firsts[-1] + COMMIT_ROWS)
        position += count
        versions[stream] = version + count
    if not plan:
        return [], holding
    names = _Names()
    canon = [
        CANONICAL_FORMAT
        % (
            pos + i,
            sj,
            ver + i,
            names[p.type],
            p.occurred_us,
            recorded_us,
            len(p.meta),
            len(p.data),
            p.meta,
            p.data,
        )
        for sj, pos, ver, events in plan
        for i, p in enumerate(events, 1)
    ]
    sha256 = hashlib.sha256
    prev = bytes.fromhex(prev_hash)
    digests: list[bytes] = []
    keep = digests.append
    for c in canon:
        prev = sha256(prev + c).digest()
        keep(prev)
    # The kernel's writes are msgspec JSON: embedded as they are. Anything
    # else is checked, and a batch with one non-JSON value goes base64.
    trusted = all(w.json for w in writes)
    raw = trusted or all(
        _bare_json(p.meta) and _bare_json(p.data) for *_, events in plan for p in events
    )
    flat = [p for *_, evs in plan for p in evs]
    commits: list[Commit] = []
    for offset in range(0, len(canon), COMMIT_ROWS):
        end = min(offset + COMMIT_ROWS, len(canon))
        first, last, digest = start + 1 + offset, start + end, digests[end - 1].hex()
        body = None
        if raw:
            body = (
                b"["
                + b",".join(
                    [
                        c[:-1] + b',"' + hexlify(d) + b'"]'
                        for c, d in zip(canon[offset:end], digests[offset:end], strict=True)
                    ]
                )
                + b"]"
            )
            if not trusted and not _valid(body):
                body = None
        if body is None:
            events = [
                (pos + i, sj, ver + i, p)
                for sj, pos, ver, evs in plan
                for i, p in enumerate(evs, 1)
            ][offset:end]
            cells = [
                (
                    pos,
                    msgspec.json.decode(sj),
                    ver,
                    p.type,
                    p.occurred_us,
                    recorded_us,
                    len(p.meta),
                    len(p.data),
                    p.meta,
                    p.data,
                    d.hex(),
                )
                for (pos, sj, ver, p), d in zip(events, digests[offset:end], strict=True)
            ]
            commits.append(
                (
                    first,
                    last,
                    recorded_us,
                    digest,
                    BASE64,
                    types_of([p for *_, p in events]),
                    _encode(cells),
                )
            )
        else:
            commits.append(
                (first, last, recorded_us, digest, RAW, types_of(flat[offset:end]), body)
            )
    return commits, holding


class _Names(dict[str, bytes]):
    """Type name -> its JSON string, encoded once per batch."""

    def __missing__(self, key: str) -> bytes:
        value = self[key] = _encode(key)
        return value


def _valid(body: bytes) -> bool:
    try:
        _validate(body)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return False
    return True


def pack_rows(rows: Sequence[Stored]) -> tuple[list[Commit], dict[str, list[int]]]:
    """Commits for rows that already have positions, times and hashes (a copy).

    A commit never mixes recorded times, so ``position_at`` stays exact.
    """
    commits: list[Commit] = []
    holding: dict[str, list[int]] = {}
    start = 0
    while start < len(rows):
        end = min(start + COMMIT_ROWS, len(rows))
        recorded = rows[start].recorded_us
        for i in range(start + 1, end):
            if rows[i].recorded_us != recorded:
                end = i
                break
        chunk = rows[start:end]
        first = chunk[0].position
        cells = [
            (
                r.position,
                r.stream,
                r.version,
                r.type,
                r.occurred_us,
                r.recorded_us,
                len(r.meta),
                len(r.data),
                r.meta,
                r.data,
                r.hash,
            )
            for r in chunk
        ]
        encoding = RAW if all(_bare_json(r.meta) and _bare_json(r.data) for r in chunk) else BASE64
        if encoding == RAW:
            body = _encode([(*c[:8], msgspec.Raw(c[8]), msgspec.Raw(c[9]), c[10]) for c in cells])
            if not _valid(body):
                encoding, body = BASE64, _encode(cells)
        else:
            body = _encode(cells)
        commits.append(
            (first, chunk[-1].position, recorded, chunk[-1].hash, encoding, types_of(chunk), body)
        )
        for r in chunk:
            firsts = holding.setdefault(r.stream, [])
            if not firsts or firsts[-1] != first:
                firsts.append(first)
        start = end
    return commits, holding


def unpack(first: int, encoding: int, body: bytes) -> list[Any]:
    """The cells of a commit; ``meta`` and ``data`` are bytes-like.

    A commit edited outside runnerup is read cell by cell, so the cells that
    are still whole come back as they are and a broken one comes back with
    an empty hash, which ``verify()`` reports as a malformed row at its
    position.
    """
    decode = _DECODERS.get(encoding, _DECODERS[RAW])
    try:
        return decode(body)  # type: ignore[return-value]
    except (msgspec.DecodeError, msgspec.ValidationError):
        pass
    try:
        parts = msgspec.json.decode(body, type=list[msgspec.Raw])
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise StoreError(
            f"the commit at position {first} is not readable (edited outside runnerup?)"
        ) from None
    cell_type = _B64Cell if encoding == BASE64 else _RawCell
    cells: list[Any] = []
    for index, part in enumerate(parts):
        try:
            cells.append(msgspec.json.decode(part, type=cell_type))
        except (msgspec.DecodeError, msgspec.ValidationError):
            cells.append((first + index, "", 0, "", 0, 0, 0, 0, b"", b"", ""))
    return cells


def types_of(events: Sequence[Any]) -> str:
    """The distinct event types of a commit, space-delimited for ``instr()``.

    Lets a projection that reads rare types (retractions, inbox, a plugin's
    own) skip whole commits in SQL instead of unpacking them.
    """
    return " " + " ".join(sorted({e.type for e in events})) + " "


def types_filter(types: Sequence[str]) -> tuple[str, list[str]]:
    """SQL (and arguments) keeping commits that hold one of ``types``."""
    return "(" + " OR ".join(["instr(types, ?) > 0"] * len(types)) + ")", [f" {t} " for t in types]


def _bare_json(value: bytes) -> bool:
    # Cheap first: kernel payloads are objects; the full check is the
    # validation of the whole commit body.
    return bool(value) and value[0] not in _PADDING and value[-1] not in _PADDING


def _commit_of(start: int, position: int) -> int:
    """The first position of the commit (of an append starting after ``start``) holding ``position``."""
    return start + 1 + (position - start - 1) // COMMIT_ROWS * COMMIT_ROWS
