"""The SQLite store's bulk path: kernel writes packed in one pass, each commit inserted when packed.

Writes the kernel marks as JSON (``StreamWrite.json``) skip the row-by-row
path; these tests hold the fast path to the same bytes, hashes and stream
index as the row-by-row one, and to the same all-or-nothing append.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from runnerup import StoreError
from runnerup.store import Pending, StreamWrite, commits
from runnerup.store.base import chain_rows
from runnerup.store.commits import COMMIT_ROWS, pack, pack_rows, plan
from runnerup.store.sqlite import SQLiteStore

RECORDED = 1_780_000_000_123_456


def event(i: int, kind: str = "reminder.scheduled") -> Pending:
    return Pending(
        kind, b'{"n":%d,"text":"caf\\u00e9 \xc3\xa9"}' % i, 1_700_000_000_000_000 + i, b"{}"
    )


def busy_search(events: int) -> list[StreamWrite]:
    """Many one-event streams, some long ones, a stream written twice, a write over two commits."""
    writes: list[StreamWrite] = []
    i = 0
    while i < events:
        if i % 7 == 0:
            count = 1_500 if i % 2_800 == 0 else 5
            writes.append(
                StreamWrite(f"application/{i % 11}", [event(i + k) for k in range(count)])
            )
            i += count
        else:
            writes.append(StreamWrite(f"reminder/{i}", [event(i)]))
            writes.append(StreamWrite(f"reminder/{i - 1}", []))
            i += 1
        if i % 13 == 0:
            writes.append(StreamWrite(f"reminder/{i - 1}", [event(i, "reminder.done")]))
            i += 1
    return [w._replace(json=True) for w in writes]


@pytest.mark.parametrize(
    ("position", "prev", "known"),
    [
        (0, "0" * 64, {}),
        (4_321, "ab" * 32, {"application/3": 17, "application/5": 2}),
    ],
)
def test_the_fast_path_packs_the_same_commits_as_the_row_by_row_path(
    position: int, prev: str, known: dict[str, int]
) -> None:
    writes = busy_search(5_000)

    runs, index = plan(writes, known, position)
    fast = list(pack(runs, prev, RECORDED))

    versions = {w.stream: known.get(w.stream, 0) for w in writes}
    rows, _ = chain_rows(writes, versions, position, prev, RECORDED)
    slow, slow_index = pack_rows(rows, versions)

    assert fast == slow
    assert sorted(index.streams) == sorted(slow_index.streams)
    assert index.more == slow_index.more
    assert {name: version for name, version, _ in index.streams} == {
        name: version for name, version in versions.items() if version
    }
    assert len(fast) > 3 and fast[0][0] == position + 1 and fast[-1][1] == rows[-1].position


def test_a_bulk_append_reads_back_whole(tmp_path: Path) -> None:
    writes = busy_search(12 * COMMIT_ROWS)
    store = SQLiteStore(f"sqlite:///{tmp_path}/events.db")
    store.append("application/4", [event(-1)])
    positions = store.append_many(writes)
    total = sum(len(w.events) for w in writes)
    assert positions == list(range(2, total + 2))
    rows = list(store.read())
    assert [(r.stream, r.data) for r in rows[1:]] == [
        (w.stream, p.data) for w in writes for p in w.events
    ]
    assert store.verify().ok
    for stream in ("application/4", "application/0", "reminder/1", "reminder/12"):
        mine = [r for r in rows if r.stream == stream]
        assert list(store.read(stream=stream)) == mine
        assert [r.version for r in mine] == list(range(1, len(mine) + 1))
        assert store.stream_version(stream) == len(mine)
    store.close()


def test_a_failure_half_way_through_a_bulk_append_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commits are inserted while later ones are still being packed; a failure undoes them all."""
    store = SQLiteStore(f"sqlite:///{tmp_path}/events.db")
    store.append("application/0", [event(-1)])
    head = store.head()
    made = commits._commit
    calls: list[int] = []

    def failing(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 4:
            raise sqlite3.OperationalError("disk I/O error")
        return made(*args)

    monkeypatch.setattr(commits, "_commit", failing)
    with pytest.raises(StoreError, match="disk I/O error.*nothing was written"):
        store.append_many(busy_search(6 * COMMIT_ROWS))
    monkeypatch.setattr(commits, "_commit", made)

    assert store.head() == head
    assert [r.stream for r in store.read()] == ["application/0"]
    assert store.stream_version("reminder/1") == 0
    assert store.append("reminder/1", [event(1)]) == [2]
    assert store.verify().ok
    store.close()
