"""Packed snapshots: records decoded a chunk at a time, and compact columns beside them.

For a projection whose state holds tens of thousands of records (the
built-in ``reminders`` and ``applications`` views use it), so that a command
showing a screenful decodes a screenful. Public: a plugin may use it too.

Decoding a read model of tens of thousands of records costs a Python object
per field, and reading its checkpoint costs time per byte, so a command that
shows a screenful would spend most of its time on records it never looks
at. A packed snapshot keeps the records encoded and compressed in chunks of
64 (:class:`PackedRecords`), next to a few columns of plain numbers (one
entry per record) that are enough to choose which records to show.
:class:`Records` unpacks and decodes only the chunks of the records asked
for, or all of them when a fold has to change the state; packing again
reuses the compressed chunks nothing changed in, and
:meth:`Records.repacked` re-packs after a fold that changed a few records
in place without decoding the others.

Columns are little-endian arrays so a checkpoint means the same on every
machine sharing a store.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

import msgspec

from .errors import RunnerupError

T = TypeVar("T")
_SWAP = sys.byteorder == "big"
#: How a snapshot field holding bytes is typed: msgspec decodes a ``memoryview``
#: into the checkpoint without copying it, and skips it without reading it.
Bin = memoryview
#: Records per compressed chunk: fetching one record unpacks ~10-20 kB.
PER_CHUNK = 64


def column(code: str, values: Iterable[int]) -> Bin:
    """``values`` as a little-endian array of ``code`` (``B``, ``H``, ``i``, ``q``)."""
    out = array(code, values)
    if _SWAP:
        out.byteswap()
    return memoryview(out.tobytes())


def read_column(code: str, data: Bin) -> array[int]:
    """The array :func:`column` wrote; a ragged length is a corrupt snapshot."""
    out = array(code)
    if len(data) % out.itemsize:
        raise msgspec.DecodeError(f"a packed column of {code!r} has {len(data)} bytes")
    out.frombytes(data)
    if _SWAP:
        out.byteswap()
    return out


class PackedRecords(msgspec.Struct, array_like=True, gc=False):
    """Records in chunks of ``per_chunk``: each a msgpack array, zlib-compressed."""

    count: int
    per_chunk: int
    chunks: Bin  # the compressed chunks, one after the other
    ends: Bin  # int64: where each compressed chunk ends in ``chunks``


def pack_records(
    records: Sequence[Any], previous: Records[Any] | None = None, per_chunk: int = PER_CHUNK
) -> PackedRecords:
    """``records`` as :class:`PackedRecords`.

    A chunk whose records encode exactly as in ``previous`` (the packed
    records this state was read from) keeps its compressed bytes: after a
    command changed a few records, only their chunks are compressed again.
    New ones are compressed at level 1, since packing is on the write path.
    """
    encode = msgspec.msgpack.Encoder().encode
    compressed, ends = bytearray(), array("q")
    for chunk, first in enumerate(range(0, len(records), per_chunk)):
        raw = encode(records[first : first + per_chunk])
        kept = previous.compressed_if(chunk, raw, per_chunk) if previous is not None else None
        compressed += kept if kept is not None else zlib.compress(raw, 1)
        ends.append(len(compressed))
    if _SWAP:
        ends.byteswap()
    return PackedRecords(
        count=len(records),
        per_chunk=per_chunk,
        chunks=memoryview(compressed),
        ends=memoryview(ends.tobytes()),
    )


class Records(Generic[T]):
    """:class:`PackedRecords` of type ``T``: ``records[i]`` unpacks and decodes its chunk.

    Decoded records are kept, so an object a command holds stays the one
    the state holds, through ``take`` and ``all`` too.
    """

    __slots__ = ("_compressed", "_count", "_decode", "_decoded", "_ends", "_per", "_unpacked")

    def __init__(self, packed: PackedRecords, kind: type[T]) -> None:
        self._count, self._per = packed.count, packed.per_chunk
        self._compressed = packed.chunks
        self._ends = read_column("q", packed.ends)
        if (
            self._per < 1
            or len(self._ends) != -(-self._count // self._per)
            or (self._ends and self._ends[-1] != len(self._compressed))
        ):
            raise msgspec.DecodeError("packed records do not match their chunks")
        self._decode = msgspec.msgpack.Decoder(list[kind]).decode  # type: ignore[valid-type]
        self._decoded: dict[int, list[T]] = {}
        self._unpacked: dict[int, bytes] = {}

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> T:
        if not 0 <= index < self._count:
            raise IndexError(index)
        chunk, place = divmod(index, self._per)
        return self._records(chunk)[place]

    def take(self, indices: Iterable[int]) -> list[T]:
        """The records at ``indices`` (each chunk involved is decoded once)."""
        return [self[i] for i in indices]

    def all(self) -> list[T]:
        out: list[T] = []
        for chunk in range(len(self._ends)):
            out += self._records(chunk)
        return out

    def repacked(self, changed: Iterable[int], appended: Sequence[T]) -> PackedRecords:
        """These records packed again after a fold touched a few of them.

        ``changed``: indices of records changed in place (the objects this
        instance handed out); ``appended``: new records after the last one.
        Only the chunks holding them are encoded and compressed again; the
        others keep their bytes. The result is byte for byte what
        :func:`pack_records` makes of the whole list.
        """
        per, count = self._per, self._count
        total = count + len(appended)
        touched = {index // per for index in changed}
        if appended:
            touched.update(range(count // per, -(-total // per)))
        encode = msgspec.msgpack.Encoder().encode
        compressed, ends = bytearray(), array("q")
        for chunk in range(-(-total // per)):
            first = chunk * per
            if chunk not in touched:
                compressed += self._compressed[
                    self._ends[chunk - 1] if chunk else 0 : self._ends[chunk]
                ]
            else:
                rows = list(self._records(chunk)) if first < count else []
                rows += appended[max(first, count) - count : first + per - count]
                raw = encode(rows)
                kept = self.compressed_if(chunk, raw, per) if first < count else None
                compressed += kept if kept is not None else zlib.compress(raw, 1)
            ends.append(len(compressed))
        if _SWAP:
            ends.byteswap()
        return PackedRecords(
            count=total,
            per_chunk=per,
            chunks=memoryview(compressed),
            ends=memoryview(ends.tobytes()),
        )

    def compressed_if(self, chunk: int, raw: bytes, per_chunk: int) -> Bin | None:
        """Chunk ``chunk`` still compressed, if it was unpacked here and holds exactly ``raw``."""
        if per_chunk != self._per or self._unpacked.get(chunk) != raw:
            return None
        return self._compressed[self._ends[chunk - 1] if chunk else 0 : self._ends[chunk]]

    def _records(self, chunk: int) -> list[T]:
        found = self._decoded.get(chunk)
        if found is None:
            start = self._ends[chunk - 1] if chunk else 0
            raw = self._unpacked[chunk] = unzip(self._compressed[start : self._ends[chunk]])
            try:
                found = self._decode(raw)
            except (msgspec.DecodeError, msgspec.ValidationError):
                raise _damaged() from None
            if len(found) != min(self._per, self._count - chunk * self._per):
                raise _damaged()
            self._decoded[chunk] = found
        return found


def pack_keys(keys: Iterable[str]) -> Bin:
    """The keys of packed records, one per record in order, as :class:`KeyedRecords` reads them."""
    return memoryview(zlib.compress(_encode_keys(list(keys)), 1))


class KeyedRecords(Records[T]):
    """:class:`Records` with a key each: find one by key to change it in place, or add one.

    For a fold into a packed snapshot. The keys (:func:`pack_keys`) are
    unpacked on the first lookup; what a fold changed (:attr:`changed`,
    places) and added (:attr:`added`, by key) stays pending, visible to
    lookups, until :meth:`packed` packs it in, re-packing only the chunks
    it touched.
    """

    __slots__ = ("_index", "_keys", "added", "changed")

    def __init__(self, packed: PackedRecords, keys: Bin, kind: type[T]) -> None:
        super().__init__(packed, kind)
        self._keys = keys
        self._index: dict[str, int] | None = None
        self.changed: set[int] = set()
        self.added: dict[str, T] = {}

    def index(self) -> dict[str, int]:
        """key -> place, in place order."""
        if self._index is None:
            keys = _decode_keys(unzip(self._keys))
            if len(keys) != len(self):
                raise _damaged()
            self._index = {key: place for place, key in enumerate(keys)}
        return self._index

    def get(self, key: str) -> T | None:
        """The record with this key, to read."""
        found = self.added.get(key)
        if found is not None:
            return found
        place = self.index().get(key)
        return None if place is None else self[place]

    def find(self, key: str) -> T | None:
        """The record with this key, to change in place (it is packed again)."""
        found = self.added.get(key)
        if found is not None:
            return found
        place = self.index().get(key)
        if place is None:
            return None
        self.changed.add(place)
        return self[place]

    def add(self, key: str, record: T) -> None:
        """A new record, after the last one."""
        self.added[key] = record

    @property
    def pending(self) -> bool:
        return bool(self.changed or self.added)

    def items(self) -> dict[str, T]:
        """Every record by key (decodes them all), the added ones last."""
        return {**dict(zip(self.index(), self.all(), strict=True)), **self.added}

    def packed(self) -> tuple[PackedRecords, Bin]:
        """The records and their keys packed again, with what is pending."""
        keys = self._keys
        if self.added:
            keys = pack_keys([*self.index(), *self.added])
        return self.repacked(self.changed, list(self.added.values())), keys


_encode_keys = msgspec.msgpack.Encoder().encode
_decode_keys = msgspec.msgpack.Decoder(list[str]).decode


def unzip(data: Bin) -> bytes:
    """Unpack a compressed part of a checkpoint; damage is a one-line error."""
    try:
        return zlib.decompress(data)
    except zlib.error:
        raise _damaged() from None


def _damaged() -> RunnerupError:
    # Found after the kernel accepted the checkpoint, so it cannot fall back
    # to a fold by itself; the user can.
    return RunnerupError("a saved view is damaged; rebuild it with 'runnerup events replay'")
