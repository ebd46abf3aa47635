"""Editing the database behind runnerup's back is named, by position, by ``events verify``.

The SQLite store refuses UPDATE and DELETE on its commits with triggers, so
each case first drops them, as someone with the file and the ``sqlite3``
shell could. Each case then changes the file and runs ``events verify``:
exit 1, one line on stderr naming the first position that does not hold.
A cut-off tail is still a perfect chain; it is caught against the head the
home recorded after its last append (``home/head``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from runnerup.codec import GENESIS_HASH, chain_hash
from runnerup.store.sqlite import SQLiteStore

EVENTS = 8  # one commit per command: commit N holds position N


@pytest.fixture
def db(run_cli: Any) -> Path:
    for i in range(EVENTS):
        result = run_cli("events", "append", "outreach.sent", f"company=C{i}", "on=2026-11-18")
        assert result.exit_code == 0, result
    path = Path(run_cli.home) / "events.db"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT position, last FROM commits").fetchall() == [
            (n, n) for n in range(1, EVENTS + 1)
        ], "each command should be one commit of one event"
    conn.close()
    return path


def tamper(path: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    """Run SQL on the file as an outsider would: triggers dropped first."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER IF EXISTS commits_no_update")
        conn.execute("DROP TRIGGER IF EXISTS commits_no_delete")
        for sql, args in statements:
            conn.execute(sql, args)
    conn.close()


def body(path: Path, position: int) -> bytes:
    with sqlite3.connect(path) as conn:
        value = conn.execute("SELECT events FROM commits WHERE position = ?", (position,))
        found = bytes(value.fetchone()[0])
    conn.close()
    return found


def edit_payload(path: Path) -> None:
    tamper(path, ("UPDATE commits SET events = replace(events, 'C3', 'C9') WHERE position = 4", ()))


def edit_actor(path: Path) -> None:
    """Claim the watcher recorded it (the CLI's own metadata is stored as ``{}``)."""
    tamper(
        path,
        (
            "UPDATE commits SET events = replace(events, ',{},{', ',{\"actor\":\"watch\"},{') "
            "WHERE position = 4",
            (),
        ),
    )


def make_unreadable(path: Path) -> None:
    tamper(path, ("UPDATE commits SET events = 'garbage' WHERE position = 4", ()))


def delete_one(path: Path) -> None:
    tamper(path, ("DELETE FROM commits WHERE position = 4", ()))


def swap_two(path: Path) -> None:
    four, six = body(path, 4), body(path, 6)
    tamper(
        path,
        ("UPDATE commits SET events = ? WHERE position = 4", (six,)),
        ("UPDATE commits SET events = ? WHERE position = 6", (four,)),
    )


def swap_with_hashes(path: Path) -> None:
    """Swap two whole rows, the commits table's own hash column too."""
    with sqlite3.connect(path) as conn:
        rows = {
            p: (h, bytes(e))
            for p, h, e in conn.execute(
                "SELECT position, hash, events FROM commits WHERE position IN (4, 6)"
            )
        }
    conn.close()
    tamper(
        path,
        ("UPDATE commits SET hash = ?, events = ? WHERE position = 4", rows[6]),
        ("UPDATE commits SET hash = ?, events = ? WHERE position = 6", rows[4]),
    )


REORDERED = ("hash mismatch", "stream version gap", "position missing")
CASES: dict[str, tuple[Callable[[Path], None], int, tuple[str, ...]]] = {
    "edited payload": (edit_payload, 4, ("hash mismatch",)),
    "edited metadata": (edit_actor, 4, ("hash mismatch",)),
    "unreadable commit": (make_unreadable, 4, ("not readable",)),
    "deleted row": (delete_one, 4, ("position missing",)),
    "swapped bodies": (swap_two, 4, REORDERED),
    "swapped rows": (swap_with_hashes, 4, REORDERED),
}


def assert_fails_at(run_cli: Any, position: int, *reasons: str) -> str:
    result = run_cli("events", "verify")
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: the log does not verify: position {position}: "), lines
    assert any(reason in lines[0] for reason in reasons), lines
    data = json.loads(run_cli("--json", "events", "verify").stdout)
    assert (data["ok"], data["first_bad"]) == (False, position)
    return lines[0]


def test_the_untouched_log_verifies(db: Path, run_cli: Any) -> None:
    result = run_cli("events", "verify")
    assert result.exit_code == 0, result
    assert result.stdout.startswith(f"ok: {EVENTS} events")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_changed_row_is_named_by_position(db: Path, run_cli: Any, case: str) -> None:
    change, position, reasons = CASES[case]
    change(db)
    assert_fails_at(run_cli, position, *reasons)


def test_a_cut_off_tail_is_named_against_the_recorded_head(db: Path, run_cli: Any) -> None:
    recorded = json.loads((db.parent / "head").read_text())
    assert recorded["position"] == EVENTS
    tamper(db, ("DELETE FROM commits WHERE position > ?", (EVENTS - 3,)))
    line = assert_fails_at(run_cli, EVENTS - 2, "truncated")
    assert f"positions {EVENTS - 2}-{EVENTS} are missing" in line


def test_a_cut_log_that_grew_again_is_still_caught(db: Path, run_cli: Any) -> None:
    tamper(db, ("DELETE FROM commits WHERE position > ?", (EVENTS - 2,)))
    warned = []
    for i in range(4):  # positions 7 to 10: longer than the recorded head again
        # (another day's stream: the cut one's version in the streams table is stale)
        result = run_cli("events", "append", "outreach.sent", f"company=N{i}", "on=2026-11-19")
        assert result.exit_code == 0, result
        warned.append("run 'runnerup events verify'" in result.stderr)
    assert warned == [False, False, True, True]  # once past the recorded head: warned, head kept
    assert json.loads((db.parent / "head").read_text())["position"] == EVENTS
    assert_fails_at(run_cli, EVENTS, "is not the one home/head recorded")


def test_a_rewritten_and_rehashed_chain_is_caught_by_the_recorded_head(
    db: Path, run_cli: Any
) -> None:
    """A careful forger rebuilds the file with every hash recomputed: only the head tells."""
    store = SQLiteStore(f"sqlite:///{db}")
    rows = list(store.read())
    store.close()
    forged, prev = [], GENESIS_HASH
    for row in rows:
        data = row.data.replace(b"C3", b"C9") if row.position == 4 else row.data
        prev = chain_hash(
            prev, row.position, row.stream, row.version, row.type, data,
            row.occurred_us, row.recorded_us, row.meta,
        )  # fmt: skip
        forged.append(row._replace(data=data, hash=prev))
    for path in db.parent.glob("events.db*"):
        path.unlink()
    rebuilt = SQLiteStore(f"sqlite:///{db}")
    rebuilt.import_rows(forged)
    rebuilt.close()
    assert b"C9" in b"".join(p.read_bytes() for p in db.parent.glob("events.db*"))

    assert_fails_at(run_cli, EVENTS, "is not the one home/head recorded")
    (db.parent / "head").unlink()  # without the recorded head, nothing is left to compare
    assert run_cli("events", "verify").exit_code == 0
