"""PostgreSQL beyond the shared contract: seekers, live subscription, URLs, errors."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from runnerup import StoreError
from runnerup.store import Checkpoint, Pending
from runnerup.testing.workers import batch_sizes, collect, writer

if TYPE_CHECKING:
    from runnerup.plugins.postgres.store import PostgresStore


def with_seeker(url: str, seeker: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}seeker={seeker}"


@pytest.fixture
def seekers(pg_url: str) -> Iterator[list[str]]:
    """Two fresh seeker names in the shared test database."""
    tag = uuid.uuid4().hex[:8]
    yield [f"alice-{tag}", f"bob-{tag}"]


def open_pg(url: str) -> PostgresStore:
    from runnerup.plugins.postgres.store import PostgresStore

    return PostgresStore(url)


def events(n: int, tag: str) -> list[Pending]:
    return [Pending("test.happened", f"{tag}-{i}".encode(), 1_000 + i, b"{}") for i in range(n)]


@pytest.mark.postgres
def test_one_seeker_never_sees_another(pg_url: str, seekers: list[str]) -> None:
    alice, bob = (open_pg(with_seeker(pg_url, s)) for s in seekers)
    try:
        assert alice.append("application/acme", events(3, "a"), idempotency_key="k") == [1, 2, 3]
        alice.save_checkpoint(Checkpoint("board", 1, 3, b"alice"))
        alice.save_key("contact/1", b"a" * 32)

        assert bob.head()[0] == 0
        assert list(bob.read()) == []
        assert list(bob.read(stream="application/acme")) == []
        assert bob.stream_version("application/acme") == 0
        assert bob.position_at(2**62) == 0
        assert bob.load_checkpoint("board") is None
        assert bob.load_key("contact/1") is None
        assert bob.delete_key("contact/1") is False
        # Same key, same stream, own numbering: nothing leaks across seekers.
        assert bob.append(
            "application/acme", events(1, "b"), idempotency_key="k", expected_version=0
        ) == [1]
        assert [r.data for r in bob.read()] == [b"b-0"]
        assert [r.data for r in alice.read()] == [b"a-0", b"a-1", b"a-2"]
        assert alice.load_key("contact/1") == b"a" * 32
        assert alice.verify().ok and bob.verify().ok
        assert alice.head()[1] != bob.head()[1]
    finally:
        alice.close()
        bob.close()


@pytest.mark.postgres
def test_the_default_seeker_is_named_default(pg_url: str) -> None:
    store = open_pg(pg_url)
    try:
        assert store.seeker == "default"
    finally:
        store.close()


@pytest.mark.postgres
def test_subscribe_follows_a_writer_in_another_process(pg_url: str, seekers: list[str]) -> None:
    url = with_seeker(pg_url, seekers[0])
    store = open_pg(url)
    store.append("before", events(2, "old"))
    batches = 15
    total = 2 + sum(size + 1 for size in batch_sizes(batches))
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(
        target=writer, args=("runnerup.testing.workers:open_store", url, 0, batches, 1.0, queue)
    )
    proc.start()
    try:
        seen = []
        # Each append wakes the subscriber through NOTIFY; a lost notification
        # would leave it idle until the timeout and end the iteration early.
        for row in store.subscribe(after=0, timeout=60):
            seen.append(row.position)
            if len(seen) == total:
                break
        (report,) = collect([proc], queue, timeout=60)
    finally:
        proc.join(timeout=30)
        store.close()
    assert seen == list(range(1, total + 1))
    assert report[2] == list(range(3, total + 1))


@pytest.mark.postgres
def test_subscribe_ends_after_an_idle_timeout_and_ignores_other_seekers(
    pg_url: str, seekers: list[str]
) -> None:
    alice, bob = (open_pg(with_seeker(pg_url, s)) for s in seekers)
    try:
        bob.append("s", events(1, "b"))
        done = threading.Event()

        def noise() -> None:
            other = open_pg(with_seeker(pg_url, seekers[0]))
            try:
                while not done.is_set():
                    other.append("s", events(1, "noise"))
                    done.wait(0.05)
            finally:
                other.close()

        thread = threading.Thread(target=noise)
        thread.start()
        try:
            got = [row.data for row in bob.subscribe(after=0, timeout=0.6)]
        finally:
            done.set()
            thread.join()
        assert got == [b"b-0"]
        assert alice.head()[0] > 0
    finally:
        alice.close()
        bob.close()


@pytest.mark.postgres
def test_the_log_refuses_update_and_delete(pg_url: str, seekers: list[str]) -> None:
    import psycopg

    store = open_pg(with_seeker(pg_url, seekers[0]))
    store.append("s", events(1, "x"))
    store.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for sql in (
            "UPDATE runnerup_events SET data = 'x'",
            "DELETE FROM runnerup_events",
            "TRUNCATE runnerup_events",
        ):
            with pytest.raises(psycopg.Error, match="append-only"):
                conn.execute(sql)


@pytest.mark.postgres
def test_first_opens_race_to_create_the_schema(pg_url: str) -> None:
    import psycopg

    name = f"runnerup_schema_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(pg_url)
    fresh = urlunsplit(parts._replace(path=f"/{name}"))
    errors: list[BaseException] = []
    stores: list[PostgresStore] = []

    def open_one(i: int) -> None:
        try:
            store = open_pg(with_seeker(fresh, f"s{i}"))
            store.append("s", events(1, str(i)))
            stores.append(store)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for store in stores:
        store.close()
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}"')
    assert errors == []
    assert len(stores) == 6


@pytest.mark.postgres
def test_replay_chunks_stay_true_to_positions_around_a_gap(pg_url: str, seekers: list[str]) -> None:
    import psycopg

    store = open_pg(with_seeker(pg_url, seekers[0]))
    try:
        store.append("s", events(5000, "x"))
        with psycopg.connect(pg_url, autocommit=True) as conn, conn.transaction():
            # A forger removes a row (the trigger refuses it, so they switch it off).
            conn.execute("ALTER TABLE runnerup_events DISABLE TRIGGER runnerup_events_append_only")
            conn.execute(
                "DELETE FROM runnerup_events WHERE seeker = %s AND position = 2500", (seekers[0],)
            )
            conn.execute("ALTER TABLE runnerup_events ENABLE TRIGGER runnerup_events_append_only")
        numbered = [(cell[0], cell[10]) for cells in store.read_chunks() for cell in cells]
        assert numbered == [(r.position, r.hash) for r in store.read()]
        assert 2500 not in {p for p, _ in numbered} and len(numbered) == 4999
        report = store.verify()
        assert (report.ok, report.first_bad) == (False, 2500)
    finally:
        store.close()


# -- URLs and errors ----------------------------------------------------------------


def test_url_parsing_keeps_libpq_parameters() -> None:
    from runnerup.plugins.postgres.url import parse_url, redact

    assert parse_url("postgresql://u@h:5/db") == ("postgresql://u@h:5/db", "default")
    assert parse_url("postgres://u@h/db?seeker=alice&sslmode=require") == (
        "postgres://u@h/db?sslmode=require",
        "alice",
    )
    conninfo, seeker = parse_url(
        "postgresql://h/db?options=-c%20search_path%3Drr&seeker=j.doe@x.org"
    )
    assert (conninfo, seeker) == ("postgresql://h/db?options=-c%20search_path%3Drr", "j.doe@x.org")
    assert redact("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db"


@pytest.mark.parametrize(
    "query", ["seeker=", "seeker=a&seeker=b", "seeker=no%20spaces", "seeker=" + "x" * 101]
)
def test_bad_seekers_are_refused(query: str) -> None:
    from runnerup.plugins.postgres.url import parse_url

    with pytest.raises(StoreError, match="seeker"):
        parse_url(f"postgresql://h/db?{query}")


def test_an_unreachable_server_is_one_line(run_cli: Any) -> None:
    url = "postgresql://someone:s3cret@127.0.0.1:1/nowhere?seeker=alice"
    result = run_cli("--store", url, "events", "verify")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: cannot connect to PostgreSQL at 127.0.0.1:1/nowhere:")
    assert "s3cret" not in result.stderr


def test_missing_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import runnerup.plugins.postgres as plugin

    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "runnerup.plugins.postgres.store", raising=False)
    with pytest.raises(StoreError, match=r"pip install 'runnerup\[postgres\]'"):
        plugin.resolve_store("postgresql://127.0.0.1/db", tmp_path)
    assert plugin.resolve_store("sqlite:///x.db", tmp_path) is None


def test_other_commands_never_import_psycopg() -> None:
    code = (
        "import sys\n"
        "from runnerup.plugin_manager import make_plugin_manager\n"
        "from runnerup.cli import build_cli\n"
        "cli = build_cli(make_plugin_manager(load_entrypoints=False, env={}))\n"
        "assert 'copy' in cli.commands['events'].commands\n"
        "print('psycopg' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
