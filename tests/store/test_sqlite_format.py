"""A log written in another store format is refused with one clear line, not read wrongly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from runnerup import StoreError
from runnerup.store.sqlite import SCHEMA_VERSION, SQLiteStore


def test_a_new_store_records_its_format(tmp_path: Path) -> None:
    SQLiteStore(f"sqlite:///{tmp_path}/events.db").close()
    db = sqlite3.connect(tmp_path / "events.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_another_format_is_refused_and_left_untouched(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "events.db"
    SQLiteStore(f"sqlite:///{path}").close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 0")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="store format 0"):
        SQLiteStore(f"sqlite:///{path}")
    result = run_cli("--store", f"sqlite:///{path}", "events", "log")
    assert result.exit_code == 1
    assert "store format 0" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before
