"""Store formats: a format-1 file is upgraded in place; a format it cannot read is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from runnerup import StoreError
from runnerup.store import Pending, Stored, StreamWrite
from runnerup.store.sqlite import SCHEMA_VERSION, SQLiteStore

#: The streams table as format 1 had it: the positions of the commits holding
#: a stream as one comma-separated text.
V1_STREAMS = """CREATE TABLE streams (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    commits TEXT    NOT NULL      -- comma-separated positions of the commits holding its events
) WITHOUT ROWID"""


def write_v1(path: Path) -> list[Stored]:
    """A format-1 log, as runnerup wrote it before format 2; returns its rows.

    Format 2 kept the commits table as it was and changed only how a
    stream's commits are listed, so the file is written by today's store and
    its stream tables are then put back the way format 1 kept them.
    """
    store = SQLiteStore(f"sqlite:///{path}")
    for i in range(12):
        store.append_many(
            [
                StreamWrite(
                    f"application/{i % 3}",
                    [Pending("application.noted", b'{"i":%d}' % i, i, b"{}")] * (1 + i % 2),
                ),
                StreamWrite("kernel/activity", [Pending("activity.logged", b"{}", i, b"{}")]),
            ],
            idempotency_key=f"react:{i}:test" if i % 4 == 0 else None,
        )
    store.append("bulk", [Pending("bulk.row", b'{"n":%d}' % i, i, b"{}") for i in range(2_500)])
    store.append("application/0", [Pending("application.closed", b"{}", 99, b"{}")])
    rows = list(store.read())
    store.close()
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(
        f"""BEGIN;
        CREATE TEMP TABLE v1 AS SELECT s.name, s.version, (
            SELECT group_concat(p, ',') FROM (
                SELECT s.first AS p UNION ALL
                SELECT position FROM stream_commits AS c WHERE c.name = s.name ORDER BY 1
            )
        ) AS commits FROM streams AS s;
        DROP TABLE streams;
        DROP TABLE stream_commits;
        {V1_STREAMS};
        INSERT INTO streams SELECT * FROM v1;
        PRAGMA user_version = 1;
        COMMIT;"""
    )
    db.close()
    return rows


def _format(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def test_a_new_store_records_its_format(tmp_path: Path) -> None:
    SQLiteStore(f"sqlite:///{tmp_path}/events.db").close()
    assert _format(tmp_path / "events.db") == SCHEMA_VERSION


def test_a_format_1_file_is_upgraded_in_place_and_reads_the_same(
    tmp_path: Path,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "events.db"
    rows = write_v1(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT commits FROM streams WHERE name = 'bulk'").fetchone() == (
        "31,1031,2031",
    )
    db.close()

    store = SQLiteStore(f"sqlite:///{path}")
    assert _format(path) == SCHEMA_VERSION
    assert list(store.read()) == rows
    for stream in ("application/0", "application/1", "kernel/activity", "bulk"):
        mine = [r for r in rows if r.stream == stream]
        assert list(store.read(stream=stream)) == mine
        assert store.stream_version(stream) == mine[-1].version
    assert list(store.read(after=2_000, types=["application.closed"], stream="application/0")) == [
        rows[-1]
    ]
    assert store.verify().ok
    # the idempotency keys came through: a repeat writes nothing
    again = store.append("x", [Pending("t", b"{}", 1, b"{}")], idempotency_key="react:4:test")
    assert again == [11, 12]
    # and the log goes on from where it was
    version = store.stream_version("application/0")
    more = [Pending("application.noted", b"{}", 1, b"{}")]
    assert store.append("application/0", more, expected_version=version) == [len(rows) + 1]
    assert [r.version for r in store.read(stream="application/0")][-2:] == [version, version + 1]
    store.close()

    result = run_cli("--store", f"sqlite:///{path}", "--json", "events", "verify")
    assert result.exit_code == 0, result.stderr


def test_an_upgrade_that_fails_leaves_the_format_1_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    write_v1(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("UPDATE streams SET commits = '1,oops' WHERE name = 'kernel/activity'")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="cannot open the SQLite store"):
        SQLiteStore(f"sqlite:///{path}")
    assert path.read_bytes() == before
    assert _format(path) == 1
    db = sqlite3.connect(path)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert "stream_commits" not in tables and "streams_v1" not in tables


def test_two_stores_opening_a_format_1_file_upgrade_it_once(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    rows = write_v1(path)
    first = SQLiteStore(f"sqlite:///{path}")
    second = SQLiteStore(f"sqlite:///{path}")
    assert list(second.read(stream="bulk")) == [r for r in rows if r.stream == "bulk"]
    first.close()
    second.close()


@pytest.mark.parametrize("found", [0, SCHEMA_VERSION + 1])
def test_another_format_is_refused_and_left_untouched(
    tmp_path: Path,
    run_cli,  # type: ignore[no-untyped-def]
    found: int,
) -> None:
    path = tmp_path / "events.db"
    SQLiteStore(f"sqlite:///{path}").close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {found}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=f"store format {found}"):
        SQLiteStore(f"sqlite:///{path}")
    result = run_cli("--store", f"sqlite:///{path}", "events", "log")
    assert result.exit_code == 1
    assert f"store format {found}" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before
