"""``runnerup events copy --to URL``: SQLite to PostgreSQL and back, exactly."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from runnerup.store import Checkpoint, Pending, Stored, StreamWrite
from runnerup.store.sqlite import SQLiteStore
from runnerup.testing.workers import open_store


def fill(store: Any) -> None:
    for i in range(40):
        payload = (
            b"\xff\xfe raw bytes %d" % i if i % 7 == 0 else json.dumps({"i": i, "ü": "é"}).encode()
        )
        store.append_many(
            [
                StreamWrite(
                    f"application/{i % 5}",
                    [Pending("application.noted", payload, -i, b'{"actor":"cli"}')],
                ),
                StreamWrite("kernel/activity", [Pending("activity.logged", b"{}", i, b"{}")]),
            ],
            idempotency_key=f"react:{i}:followup" if i % 3 == 0 else None,
        )
    store.save_checkpoint(Checkpoint("kernel.reactors", 1, 80, b""))
    store.save_checkpoint(Checkpoint("applications.board", 4, 78, b"\x00snapshot"))
    store.save_key("contact/jane", b"\x07" * 32)


def snapshot(url: str) -> tuple[list[Stored], list[Any], list[Any], list[Any]]:
    store = open_store(url)
    try:
        return (
            list(store.read()),
            sorted(store.iter_idempotency()),
            sorted(store.iter_checkpoints()),
            sorted(store.iter_keys()),
        )
    finally:
        store.close()


def verify_json(run_cli: Any, url: str) -> dict[str, Any]:
    result = run_cli("--store", url, "--json", "events", "verify")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.postgres
def test_copy_sqlite_to_postgres_and_back(run_cli: Any, tmp_path: Path, pg_url: str) -> None:
    source = f"sqlite:///{tmp_path}/source.db"
    store = SQLiteStore(source)
    fill(store)
    store.close()
    target = f"{pg_url}{'&' if '?' in pg_url else '?'}seeker=copy-{uuid.uuid4().hex[:8]}"
    back = f"sqlite:///{tmp_path}/back.db"

    there = run_cli("--store", source, "events", "copy", "--to", target)
    assert there.exit_code == 0, there.stderr
    assert there.stdout.startswith("copied 80 events to postgresql://")
    again = run_cli("--store", target, "events", "copy", "--to", back)
    assert again.exit_code == 0, again.stderr

    original = snapshot(source)
    assert snapshot(target) == original
    assert snapshot(back) == original
    assert len(original[0]) == 80 and len(original[1]) == 14
    heads = [verify_json(run_cli, url) for url in (source, target, back)]
    assert heads[0]["ok"] and heads[0] == heads[1] == heads[2]

    # The copy is a working log: retries stay idempotent, appends continue the chain.
    copied = open_store(target)
    try:
        assert copied.append(
            "x", [Pending("t", b"", 0, b"")], idempotency_key="react:3:followup"
        ) == [7, 8]
        assert copied.append("application/1", [Pending("t", b"", 0, b"")], expected_version=8) == [
            81
        ]
        assert copied.verify().ok
    finally:
        copied.close()


@pytest.mark.postgres
def test_copy_refuses_a_target_that_has_events(run_cli: Any, tmp_path: Path, pg_url: str) -> None:
    source = f"sqlite:///{tmp_path}/source.db"
    store = SQLiteStore(source)
    fill(store)
    store.close()
    target = f"{pg_url}{'&' if '?' in pg_url else '?'}seeker=busy-{uuid.uuid4().hex[:8]}"
    existing = open_store(target)
    existing.append("mine", [Pending("t", b"keep me", 0, b"")])
    existing.close()

    result = run_cli("--store", source, "events", "copy", "--to", target)
    assert result.exit_code == 1
    assert "already holds 1 event; copy only into an empty store" in result.stderr
    rows, _, checkpoints, keys = snapshot(target)
    assert [r.data for r in rows] == [b"keep me"] and checkpoints == [] and keys == []


def test_copy_between_sqlite_files(run_cli: Any, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path}/a.db"
    store = SQLiteStore(source)
    fill(store)
    store.close()
    result = run_cli(
        "--store", source, "--json", "events", "copy", "--to", f"sqlite:///{tmp_path}/b.db"
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["copied"] == 80
    assert snapshot(f"sqlite:///{tmp_path}/b.db") == snapshot(source)
    assert out["head_hash"] == verify_json(run_cli, f"sqlite:///{tmp_path}/b.db")["head_hash"]


def test_copy_into_itself_or_nowhere_is_refused(run_cli: Any, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path}/a.db"
    same = run_cli("--store", source, "events", "copy", "--to", source)
    assert same.exit_code == 1 and "the target is the store being copied" in same.stderr
    unknown = run_cli("--store", source, "events", "copy", "--to", "mongodb://x/y")
    assert unknown.exit_code == 1 and "no installed plugin can open" in unknown.stderr


@pytest.mark.postgres
def test_a_search_on_postgres_reads_the_same_after_copying_to_sqlite(
    run_cli: Any, tmp_path: Path, pg_url: str
) -> None:
    pg = f"{pg_url}{'&' if '?' in pg_url else '?'}seeker=flow-{uuid.uuid4().hex[:8]}"
    env = {"RUNNERUP_NOW": "2026-11-20T10:00:00+01:00"}
    steps = [
        ("apply", "Northwind Logistics", "--role", "Senior Data Engineer", "--contact", "Dana Whitfield <dana@northwind.example>"),
        ("interview", "northwind", "--at", "2026-11-18 14:00"),
        ("interviewed", "northwind", "--note", "system design went well"),
        ("rejected", "northwind", "--via", "email"),
    ]  # fmt: skip
    for step in steps:
        result = run_cli("--store", pg, *step, env=env)
        assert result.exit_code == 0, (step, result.stderr)
    copy = f"sqlite:///{tmp_path}/copy.db"
    assert run_cli("--store", pg, "events", "copy", "--to", copy, env=env).exit_code == 0
    for view in (("board",), ("contacts",), ("agenda",), ("drafts",), ("events", "log")):
        on_pg = run_cli("--store", pg, *view, env=env)
        on_sqlite = run_cli("--store", copy, *view, env=env)
        assert on_pg.exit_code == on_sqlite.exit_code == 0, (view, on_pg.stderr, on_sqlite.stderr)
        assert on_pg.stdout == on_sqlite.stdout, view
    assert "Dana Whitfield" in run_cli("--store", copy, "contacts", env=env).stdout
