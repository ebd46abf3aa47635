"""The bulk-append loops in C (``runnerup.store._cells``) against the Python loops.

The store plans and seals appends with the C loops when the optional
extension was built; these tests hold them to the pure-Python loops (same
layout, same bytes), and the
database a bulk append leaves to the one ``RUNNERUP_PURE_PYTHON=1`` leaves.
CI sets ``RUNNERUP_REQUIRE_C=1`` so a build that silently fell back fails
here instead of skipping.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runnerup.codec import canonical
from runnerup.store import Pending, StreamWrite, commits
from runnerup.store.commits import StreamIndex, _plan, _seal, append_loop, plan

try:
    from runnerup.store import _cells
    from runnerup.store._cells import seal
except ImportError:  # pragma: no cover - only where the extension could not be built
    if os.environ.get("RUNNERUP_REQUIRE_C"):
        raise
    pytest.skip("the C append loop is not built here", allow_module_level=True)

RECORDED = 1_780_000_000_123_456
encode = msgspec.json.encode

json_payloads = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
).map(encode)
events = st.builds(
    Pending,
    st.sampled_from(["application.rejected", "reminder.scheduled", 'caf\u00e9."odd"\\type']),
    json_payloads,
    st.integers(-(2**62), 2**62),
    st.sampled_from([b"{}", b'{"actor":"watch"}', encode({"correlation": "x\u2603"})]),
)
writes = st.lists(
    st.builds(
        StreamWrite,
        st.text(min_size=1, max_size=12).map(lambda s: f"application/{s}"),
        st.lists(events, min_size=1, max_size=5),
        json=st.just(True),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(writes, st.integers(0, 10**9), st.binary(min_size=32, max_size=32))
def test_c_loop_seals_the_same_bytes_as_the_python_loop(
    batch: list[StreamWrite], position: int, prev: bytes
) -> None:
    runs, _ = plan(batch, {}, position)
    c_cells, c_prev = seal(runs, commits._Names(), RECORDED, prev)
    py_cells, py_prev = _seal(runs, commits._Names(), RECORDED, prev)
    assert c_cells == py_cells
    assert c_prev == py_prev


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(
            StreamWrite,
            st.sampled_from(["a/1", "a/2", 'q/"x"', "e/\n", "u/caf\u00e9", "b/\\"]),
            st.lists(events, max_size=7),
            json=st.just(True),
        ),
        max_size=12,
    ),
    st.dictionaries(st.sampled_from(["a/1", 'q/"x"', "u/caf\u00e9"]), st.integers(1, 50)),
    st.integers(0, 30),
    st.integers(1, 6),
)
def test_c_plan_lays_out_an_append_as_the_python_plan_does(
    batch: list[StreamWrite], known: dict[str, int], position: int, rows: int
) -> None:
    """Small commits, so writes cross commit boundaries and streams recur in later commits."""
    runs, streams, more = _cells.plan(batch, known, position, rows, commits._encode)
    original = commits.COMMIT_ROWS
    commits.COMMIT_ROWS = rows
    try:
        expected = _plan(batch, known, position)
    finally:
        commits.COMMIT_ROWS = original
    assert (runs, StreamIndex(list(streams.values()), sorted(set(more)))) == expected
    assert plan(batch, known, position) == _plan(batch, known, position)


def test_a_sealed_cell_is_the_canonical_bytes_with_their_chained_hash() -> None:
    event = Pending("application.rejected", b'{"company":"Acme"}', -5, b"{}")
    runs, _ = plan([StreamWrite("application/acme", [event], json=True)], {}, 41)
    (cell,), last = seal(runs, commits._Names(), RECORDED, bytes(32))
    body = canonical(
        42, "application/acme", 1, "application.rejected", event.data, -5, RECORDED, b"{}"
    )
    assert last == hashlib.sha256(bytes(32) + body).digest()
    assert cell == body[:-1] + b',"' + last.hex().encode() + b'"]'


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        ([(b'"s"', 0, 0, [("t", "not bytes", 1, b"{}")])], "bytes are required"),
        ([(b'"s"', 0, 0, [("t", b"{}", 1.5, b"{}")])], "an integer is required"),
        ([(b'"s"', 0, 0)], "a run is"),
        ([(b'"s"', 0, 0, [("t", b"{}")])], "an event is"),
    ],
)
def test_c_loop_refuses_malformed_runs_with_a_type_error(runs: list, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        seal(runs, commits._Names(), RECORDED, bytes(32))


def test_c_loop_refuses_a_previous_hash_that_is_not_a_digest() -> None:
    with pytest.raises(ValueError, match="32-byte"):
        seal([], commits._Names(), RECORDED, b"short")


@pytest.mark.skipif(bool(os.environ.get("RUNNERUP_PURE_PYTHON")), reason="Python loops forced")
def test_the_store_uses_the_c_loop_and_says_so(tmp_path: Path) -> None:
    assert append_loop() == "C"
    out = subprocess.run(
        [sys.executable, "-m", "runnerup", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert "append loop: C" in out
    forced = subprocess.run(
        [sys.executable, "-m", "runnerup", "--version"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "RUNNERUP_PURE_PYTHON": "1"},
    ).stdout
    assert "append loop: Python" in forced


def _bulk_append(path: Path, pure: bool) -> list[tuple]:
    """A bulk append over several commits in a child process; the commit rows it left."""
    script = f"""
import sys
from runnerup.store import Pending, StreamWrite
from runnerup.store.sqlite import SQLiteStore
import runnerup.store.sqlite as sqlite_module
sqlite_module.now_us = lambda: {RECORDED}
store = SQLiteStore("sqlite:///{path}")
writes = [
    StreamWrite(f"application/{{i % 97}}", [
        Pending("reminder.scheduled", b'{{"n":%d,"t":"caf\\\\u00e9"}}' % (i * 3 + k), i, b"{{}}")
        for k in range(1 + i % 3)
    ], json=True)
    for i in range(1_200)
]
store.append_many(writes)
store.close()
"""
    env = {**os.environ, "RUNNERUP_PURE_PYTHON": "1" if pure else ""}
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM commits ORDER BY position").fetchall()


def test_a_bulk_append_leaves_the_same_file_with_either_loop(tmp_path: Path) -> None:
    c_rows = _bulk_append(tmp_path / "c.db", pure=False)
    py_rows = _bulk_append(tmp_path / "py.db", pure=True)
    assert len(c_rows) == 3  # 2,400 events: the chain runs over commit boundaries
    assert c_rows == py_rows
