"""How the SQLite store packs events into commits, and reads them back.

A commit is one row holding up to ``COMMIT_ROWS`` events of one append as a
JSON array of cells. A cell is the event's canonical bytes (see
:func:`runnerup.codec.canonical`) with its hash appended::

    [position, "stream", version, "type", occurred_us, recorded_us,
     len(meta), len(data), meta, data, "hash"]

Payloads written by the kernel are JSON, so ``meta`` and ``data`` are
embedded byte for byte (encoding ``RAW``): the bytes hashed and the bytes
stored are one and the same, built by one formatting operation per event
(:func:`plan` and :func:`pack`, the bulk-append path). Writes not marked
as JSON go row by row (:func:`pack_rows`): a commit holding anything that
is not a bare JSON value (the store contract allows any bytes) is written
with ``meta`` and ``data`` as base64 strings instead (encoding ``BASE64``).
"""

from __future__ import annotations

from binascii import hexlify
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

import msgspec

from ..codec import CANONICAL_FORMAT
from ..envelope import Pending, Stored, StreamWrite
from ..errors import StoreError
from ..native import c_extension

COMMIT_ROWS = 1000
RAW, BASE64 = 0, 1

#: A commit row: (first position, last position, recorded_us of the last,
#: hash of the last, encoding, the event types it holds, body)
Commit = tuple[int, int, int, str, int, str, bytes]
#: One write laid out: (stream as JSON, position before it, version before it, events)
Run = tuple[bytes, int, int, list[Pending]]

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


class StreamIndex(NamedTuple):
    """The streams a batch touches, and which of its commits hold them.

    ``streams`` has one ``[name, version after the batch, first commit
    holding it]`` per stream (a commit is named by its first position);
    ``more`` lists every further ``(name, commit)``. Most streams of a bulk
    append sit in one commit, so ``more`` stays short and the store writes
    about one row per stream touched.
    """

    streams: list[list[Any]]
    more: list[tuple[str, int]]


def plan(
    writes: Sequence[StreamWrite], known: dict[str, int], position: int
) -> tuple[list[Run], StreamIndex]:
    """Lay out an append: positions and versions per write, and the stream index.

    With the C extension, ``runnerup.store._cells.plan`` does the pass (the
    same layout as :func:`_plan`, which the tests hold it to).
    """
    c_loops = _c_cells()
    if c_loops is None:
        return _plan(writes, known, position)
    runs, streams, more = c_loops.plan(writes, known, position, COMMIT_ROWS, _encode)
    return runs, StreamIndex(list(streams.values()), sorted(set(more)))


def _plan(
    writes: Sequence[StreamWrite], known: dict[str, int], position: int
) -> tuple[list[Run], StreamIndex]:
    """:func:`plan` in Python.

    ``known`` holds the current version of the streams that exist already
    (the others are at 0); expected versions must have been checked. One
    pass, a handful of operations per write: a bulk import has about one
    write per two events, and a lookup in a dict of a hundred thousand
    streams misses the CPU caches, so each write looks its stream up once.
    """
    runs: list[Run] = []
    keep = runs.append
    streams: dict[str, list[Any]] = {}
    find = streams.get
    before = known.get
    more: list[tuple[str, int]] = []
    at = position + 1  # the position of the next event
    commit = at  # the commit holding it (by its first position)...
    boundary = at + COMMIT_ROWS  # ...and the first position of the commit after that one
    for stream, events, _, _ in writes:
        count = len(events)
        if not count:
            continue
        if at == boundary:
            commit, boundary = boundary, boundary + COMMIT_ROWS
        entry = find(stream)
        if entry is None:
            version = before(stream, 0)
            streams[stream] = [stream, version + count, commit]
        else:
            version = entry[1]
            entry[1] = version + count
            if entry[2] != commit:
                more.append((stream, commit))
        keep((_encode(stream), at - 1, version, events))
        at += count
        while at > boundary:
            commit, boundary = boundary, boundary + COMMIT_ROWS
            more.append((stream, commit))
    return runs, StreamIndex(list(streams.values()), sorted(set(more)))


def pack(runs: list[Run], prev_hash: str, recorded_us: int) -> Iterator[Commit]:
    """Hash-chain planned writes into commit rows, one commit at a time.

    The bulk-append hot loop: :func:`seal` formats, hashes and seals a
    commit's worth of events at a time; everything else is per commit.
    Working a commit at a time keeps memory small and warm, however large
    the append. The payloads must be compact JSON as msgspec writes it
    (:attr:`StreamWrite.json`): they are embedded without a check.
    """
    if not runs:
        return
    seal = sealer()
    names = _Names()
    prev = bytes.fromhex(prev_hash)
    first = runs[0][1] + 1
    cells: list[bytes] = []
    kinds: list[str] = []
    for group in _groups(runs, first):
        sealed, prev = seal(group, names, recorded_us, prev)
        cells += sealed
        kinds += map(itemgetter(0), chain.from_iterable([run[3] for run in group]))
        while len(cells) >= COMMIT_ROWS:
            whole = slice(COMMIT_ROWS)
            yield _commit(first, cells[whole], kinds[whole], recorded_us)
            del cells[whole], kinds[whole]
            first += COMMIT_ROWS
    if cells:
        yield _commit(first, cells, kinds, recorded_us)


def sealer() -> Callable[[list[Run], dict[str, bytes], int, bytes], tuple[list[bytes], bytes]]:
    """The C :func:`seal` when the optional extension was built, else :func:`_seal`."""
    c_loops = _c_cells()
    return _seal if c_loops is None else c_loops.seal


def _c_cells() -> Any:
    """The append loops in C (``runnerup.store._cells``), loaded on the first write.

    Not at start-up: a read-only command never loads it (nor OpenSSL).
    """
    return c_extension("runnerup.store._cells")


def append_loop() -> str:
    """Which loop seals appends here: ``"C"`` (the extension) or ``"Python"``."""
    return "Python" if sealer() is _seal else "C"


def _seal(
    group: list[Run], names: dict[str, bytes], recorded_us: int, prev: bytes
) -> tuple[list[bytes], bytes]:
    """Format, hash-chain and seal the events of ``group`` (the pure-Python loop).

    Per event: one formatting operation for the canonical bytes (less their
    closing bracket), one sha256 over the previous hash and them, and one
    more to append the hash as hex: the stored cell. Returns the cells and
    the last hash. ``runnerup.store._cells.seal`` is the same loop in C.
    """
    import hashlib  # here, not at the top: a read-only command never pays for the import

    sha256 = hashlib.sha256
    fmt = _open_format(recorded_us)
    opens = [
        fmt % (pos + i, sj, ver + i, names[t], occurred, len(meta), len(data), meta, data)
        for sj, pos, ver, events in group
        for i, (t, data, occurred, meta) in enumerate(events, 1)
    ]
    cells: list[bytes] = []
    keep = cells.append
    for c in opens:
        prev = sha256(prev + c + b"]").digest()
        keep(b'%b,"%b"]' % (c, hexlify(prev)))
    return cells, prev


def _groups(runs: list[Run], first: int) -> Iterator[list[Run]]:
    """The runs in groups of about a commit's worth of events, cut by position."""
    at = 0
    position = itemgetter(1)
    while at < len(runs):
        first += COMMIT_ROWS
        end = bisect_left(runs, first - 1, lo=at + 1, key=position)
        yield runs[at:end]
        at = end


def _commit(first: int, cells: list[bytes], kinds: list[str], recorded_us: int) -> Commit:
    """The row of one commit: its sealed cells in a JSON array."""
    last = first + len(cells) - 1
    digest = cells[-1][-66:-2].decode("ascii")  # the last cell ends with ,"<hash>"]
    return (
        first,
        last,
        recorded_us,
        digest,
        RAW,
        _type_list(kinds),
        b"[" + b",".join(cells) + b"]",
    )


@lru_cache(maxsize=4)
def _open_format(recorded_us: int) -> bytes:
    """:data:`CANONICAL_FORMAT` without its closing bracket, for one recorded time.

    A batch shares its recorded time, so it is written into the format once
    instead of formatted per event. (The field order is the codec's; the
    tests hold the result to :func:`runnerup.codec.canonical` byte for byte.)
    """
    fields = CANONICAL_FORMAT.removesuffix(b"]").split(b",")
    fields[5] = b"%d" % recorded_us
    return b",".join(fields)


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


def pack_rows(rows: Sequence[Stored], versions: dict[str, int]) -> tuple[list[Commit], StreamIndex]:
    """Commits for rows that already have positions, times and hashes (a copy).

    ``versions``: every stream's version after the rows. A commit never
    mixes recorded times, so ``position_at`` stays exact.
    """
    commits: list[Commit] = []
    first_of: dict[str, int] = {}
    more: list[tuple[str, int]] = []
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
        for stream in {r.stream for r in chunk}:
            if first_of.setdefault(stream, first) != first:
                more.append((stream, first))
        start = end
    streams = [[name, versions[name], first] for name, first in first_of.items()]
    return commits, StreamIndex(streams, sorted(more))


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


def _type_list(names: Sequence[str]) -> str:
    """:func:`types_of` for a list of type names."""
    return " " + " ".join(sorted(set(names))) + " "


def types_filter(types: Sequence[str]) -> tuple[str, list[str]]:
    """SQL (and arguments) keeping commits that hold one of ``types``."""
    return "(" + " OR ".join(["instr(types, ?) > 0"] * len(types)) + ")", [f" {t} " for t in types]


def _bare_json(value: bytes) -> bool:
    # Cheap first: kernel payloads are objects; the full check is the
    # validation of the whole commit body.
    return bool(value) and value[0] not in _PADDING and value[-1] not in _PADDING
