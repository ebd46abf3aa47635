"""``runnerup.packed``: records round-trip a chunk at a time; damage is one line."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup import RunnerupError
from runnerup.packed import PackedRecords, Records, column, pack_records, read_column


class Item(msgspec.Struct, array_like=True, gc=False):
    key: str
    value: int


items = st.lists(st.builds(Item, st.text(max_size=12), st.integers(-(2**40), 2**40)), max_size=300)


def _roundtrip(packed: PackedRecords) -> PackedRecords:
    return msgspec.msgpack.decode(msgspec.msgpack.encode(packed), type=PackedRecords)


@given(items, st.integers(1, 70))
def test_records_come_back_whole_and_one_by_one(records: list[Item], per_chunk: int) -> None:
    loaded = Records(_roundtrip(pack_records(records, per_chunk=per_chunk)), Item)
    assert len(loaded) == len(records)
    if records:
        last = len(records) - 1
        assert loaded[last] == records[last]
        assert loaded.take([last, 0]) == [records[last], records[0]]
    assert loaded.all() == records


@given(items.filter(lambda r: len(r) > 130))
def test_repacking_reuses_the_chunks_nothing_changed_in(records: list[Item]) -> None:
    first = pack_records(records)
    loaded = Records(_roundtrip(first), Item)
    everything = loaded.all()
    everything[5] = Item(key="changed", value=everything[5].value + 1)
    again = pack_records(everything, previous=loaded)
    ends = read_column("q", first.ends)
    ends2 = read_column("q", again.ends)
    # chunk 0 changed; chunk 1 is byte-for-byte the old compressed chunk
    assert bytes(again.chunks[ends2[0] : ends2[1]]) == bytes(first.chunks[ends[0] : ends[1]])
    assert Records(_roundtrip(again), Item).all() == everything


def test_a_damaged_chunk_is_a_one_line_error() -> None:
    packed = pack_records([Item(key=str(i), value=i) for i in range(10)])
    broken = PackedRecords(
        count=packed.count,
        per_chunk=packed.per_chunk,
        chunks=memoryview(b"\x00" * len(packed.chunks)),
        ends=packed.ends,
    )
    with pytest.raises(RunnerupError, match="rebuild it with 'runnerup events replay'"):
        Records(broken, Item)[3]


def test_columns_have_a_fixed_byte_order() -> None:
    assert bytes(column("i", [1, -2])) == b"\x01\x00\x00\x00\xfe\xff\xff\xff"
    assert list(read_column("i", column("i", [1, -2]))) == [1, -2]
    with pytest.raises(msgspec.DecodeError):
        read_column("i", memoryview(b"\x01\x02\x03"))
