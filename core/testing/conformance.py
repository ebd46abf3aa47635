"""The store conformance suite: one contract, every backend.

Subclass :class:`StoreConformance` in a test module and supply the factory,
as eventsourcing's recorder tests do::

    from runnerup.testing.conformance import StoreConformance

    class TestMyStore(StoreConformance):
        def make_store(self):
            return MyStore("my://...")      # a fresh, empty log every call

Optional hooks widen the suite: ``tamper(store, position)`` (change a stored
row behind the store's back, for ``verify()``), ``store_url(store)`` (a URL
another process can open, for the multi-process and reopen tests) and
``store_opener`` (``"module:function"`` that opens such a URL). A test whose
hook is missing is skipped, never failed. Stores that implement
:class:`runnerup.store.Migratable` also get the ``import_rows`` tests.
"""

from __future__ import annotations

import multiprocessing
import tracemalloc
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest

from ..codec import GENESIS_HASH, chain_hash
from ..envelope import ANY, NO_STREAM, Pending, Stored, StreamWrite
from ..errors import ConcurrencyError, StoreError
from ..store import Checkpoint, Migratable, Store

__all__ = ["StoreConformance", "pending"]


def pending(
    n: int = 1,
    type_: str = "test.happened",
    tag: str = "e",
    occurred_us: int = 1_700_000_000_000_000,
) -> list[Pending]:
    """``n`` small events with distinct payloads."""
    return [
        Pending(
            type_, b'{"n":%d,"tag":"%s"}' % (i, tag.encode()), occurred_us + i, b'{"actor":"test"}'
        )
        for i in range(n)
    ]


def _content(rows: list[Stored]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in rows]


class StoreConformance(ABC):
    """Every backend's contract. Override :meth:`make_store`; the rest is inherited."""

    #: ``"module:function"`` that opens a store from its URL in another process.
    store_opener: str = "runnerup.testing.workers:open_store"
    #: hypothesis examples per property; keep each backend's run short.
    max_examples: int = 25

    # -- hooks a backend supplies -------------------------------------------------

    @abstractmethod
    def make_store(self) -> Store:
        """A new store holding an empty log (every backend's test class overrides this)."""

    def tamper(self, store: Store, position: int) -> None:
        """Change the payload of the row at ``position`` without going through the store."""
        pytest.skip(f"{type(self).__name__} does not implement tamper()")

    def store_url(self, store: Store) -> str | None:
        """A URL that reaches the same log from another process (None: not possible)."""
        return None

    # -- plumbing -------------------------------------------------------------------

    @pytest.fixture(autouse=True)
    def _runnerup_opened(self) -> Iterator[None]:
        self._opened: list[Store] = []
        yield
        for store in reversed(self._opened):
            store.close()

    def open_store(self) -> Store:
        """A fresh store, closed when the test ends."""
        store = self.make_store()
        self._opened.append(store)
        return store

    @pytest.fixture
    def store(self) -> Store:
        return self.open_store()

    def _url_or_skip(self, store: Store) -> str:
        url = self.store_url(store)
        if url is None:
            pytest.skip(f"{type(self).__name__} has no store_url(): the log lives in this process")
        return url

    def reopen(self, store: Store) -> Store:
        """The same log opened anew (skips when the backend has no URL)."""
        from .workers import _open

        reopened = _open(self.store_opener, self._url_or_skip(store))
        self._opened.append(reopened)
        return reopened

    # -- append ---------------------------------------------------------------------

    def test_empty_store(self, store: Store) -> None:
        assert store.head() == (0, GENESIS_HASH)
        assert list(store.read()) == []
        assert store.stream_version("nothing") == 0
        assert store.position_at(2**62) == 0

    def test_positions_are_gapless_from_one(self, store: Store) -> None:
        assert store.append("s/1", pending(2)) == [1, 2]
        assert store.append("s/2", pending(1)) == [3]
        with pytest.raises(ConcurrencyError):
            store.append("s/2", pending(1), expected_version=NO_STREAM)
        assert store.append("s/1", pending(3)) == [4, 5, 6]
        assert [r.position for r in store.read()] == [1, 2, 3, 4, 5, 6]

    def test_versions_count_per_stream_from_one(self, store: Store) -> None:
        store.append("a", pending(2))
        store.append("b", pending(1))
        store.append("a", pending(1))
        assert [(r.stream, r.version) for r in store.read()] == [
            ("a", 1),
            ("a", 2),
            ("b", 1),
            ("a", 3),
        ]
        assert (
            store.stream_version("a"),
            store.stream_version("b"),
            store.stream_version("c"),
        ) == (3, 1, 0)

    def test_expected_version_any_always_appends(self, store: Store) -> None:
        assert store.append("s", pending(1), expected_version=ANY) == [1]
        assert store.append("s", pending(1), expected_version=ANY) == [2]

    def test_expected_version_no_stream(self, store: Store) -> None:
        assert store.append("s", pending(1), expected_version=NO_STREAM) == [1]
        with pytest.raises(ConcurrencyError):
            store.append("s", pending(1), expected_version=NO_STREAM)
        assert store.append("t", pending(1), expected_version=NO_STREAM) == [2]

    def test_expected_version_exact(self, store: Store) -> None:
        store.append("s", pending(2))
        assert store.append("s", pending(1), expected_version=2) == [3]
        assert store.append("s", pending(1), expected_version=3) == [4]

    @pytest.mark.parametrize("expected", [1, 3, NO_STREAM, 99])
    def test_conflict_raises_and_writes_nothing(self, store: Store, expected: int) -> None:
        store.append("s", pending(2))
        store.append("other", pending(1))
        before = _content(list(store.read()))
        head = store.head()
        with pytest.raises(ConcurrencyError):
            store.append("s", pending(3, tag="rejected"), expected_version=expected)
        assert store.head() == head
        assert _content(list(store.read())) == before
        assert store.stream_version("s") == 2
        assert store.append("s", pending(1)) == [4]
        assert store.verify().ok

    def test_conflict_on_a_new_stream_writes_nothing(self, store: Store) -> None:
        with pytest.raises(ConcurrencyError):
            store.append("new", pending(1), expected_version=5)
        assert store.head() == (0, GENESIS_HASH)
        assert store.stream_version("new") == 0

    def test_append_many_is_atomic(self, store: Store) -> None:
        store.append("b", pending(1))
        head = store.head()
        with pytest.raises(ConcurrencyError):
            store.append_many(
                [StreamWrite("a", pending(2), NO_STREAM), StreamWrite("b", pending(1), NO_STREAM)]
            )
        assert store.head() == head
        assert store.stream_version("a") == 0
        assert [r.stream for r in store.read()] == ["b"]

    def test_append_many_orders_streams_as_given(self, store: Store) -> None:
        positions = store.append_many(
            [StreamWrite("x", pending(2), NO_STREAM), StreamWrite("y", pending(1), NO_STREAM)]
        )
        assert positions == [1, 2, 3]
        assert [(r.stream, r.version) for r in store.read()] == [("x", 1), ("x", 2), ("y", 1)]
        assert len({r.recorded_us for r in store.read()}) == 1

    def test_idempotency_key_returns_the_original_positions(self, store: Store) -> None:
        assert store.append("s", pending(2), idempotency_key="once") == [1, 2]
        store.append("t", pending(1))
        before = _content(list(store.read()))
        assert store.append("s", pending(2, tag="again"), idempotency_key="once") == [1, 2]
        assert store.append("elsewhere", pending(5), idempotency_key="once") == [1, 2]
        assert store.append_many([StreamWrite("z", pending(1))], idempotency_key="once") == [1, 2]
        assert _content(list(store.read())) == before
        assert store.stream_version("elsewhere") == 0

    def test_idempotency_key_answers_before_the_version_check(self, store: Store) -> None:
        # A retry after a lost reply must not fail on the version its own first try moved.
        assert store.append("s", pending(1), expected_version=NO_STREAM, idempotency_key="k") == [1]
        assert store.append("s", pending(1), expected_version=NO_STREAM, idempotency_key="k") == [1]
        assert store.head()[0] == 1

    def test_a_failed_append_does_not_claim_its_key(self, store: Store) -> None:
        store.append("s", pending(1))
        with pytest.raises(ConcurrencyError):
            store.append("s", pending(1), expected_version=NO_STREAM, idempotency_key="k")
        assert store.append("s", pending(1), expected_version=1, idempotency_key="k") == [2]

    def test_empty_batch_writes_nothing(self, store: Store) -> None:
        assert store.append("s", []) == []
        assert store.append_many([]) == []
        assert store.append_many([StreamWrite("s", [])]) == []
        assert store.head() == (0, GENESIS_HASH)
        assert store.stream_version("s") == 0
        assert store.append("s", pending(1)) == [1]

    # -- read -----------------------------------------------------------------------

    def _sample(self, store: Store) -> list[Stored]:
        store.append("a", pending(2, type_="t.x"))
        store.append("b", pending(1, type_="t.y"))
        store.append("a", pending(1, type_="t.y"))
        store.append("b", pending(2, type_="t.z"))
        return list(store.read())

    def test_read_filters_and_orders(self, store: Store) -> None:
        rows = self._sample(store)

        def positions(**kwargs: Any) -> list[int]:
            got = [r.position for r in store.read(**kwargs)]
            assert got == sorted(got)
            return got

        assert positions() == [1, 2, 3, 4, 5, 6]
        assert positions(after=2) == [3, 4, 5, 6]
        assert positions(until=3) == [1, 2, 3]
        assert positions(after=1, until=4) == [2, 3, 4]
        assert positions(after=4, until=4) == []
        assert positions(after=5, until=2) == []
        assert positions(after=6) == []
        assert positions(after=600) == []
        assert positions(until=600) == [1, 2, 3, 4, 5, 6]
        assert positions(types=["t.y"]) == [3, 4]
        assert positions(types={"t.x", "t.z"}) == [1, 2, 5, 6]
        assert positions(types=(t for t in ["t.z"])) == [5, 6]
        assert positions(types=[]) == []
        assert positions(types=["t.unknown"]) == []
        assert positions(stream="a") == [1, 2, 4]
        assert positions(stream="b", types=["t.z"]) == [5, 6]
        assert positions(stream="a", after=1, until=3) == [2]
        assert positions(stream="missing") == []
        assert [r.version for r in store.read(stream="b")] == [1, 2, 3]
        assert list(store.read(after=3, until=4)) == [rows[3]]

    def test_read_is_a_lazy_iterator(self, store: Store) -> None:
        store.append("s", pending(3))
        rows = store.read()
        assert isinstance(rows, Iterator)
        assert not isinstance(rows, list | tuple)
        assert next(rows).position == 1

    def test_appending_while_a_read_is_open(self, store: Store) -> None:
        store.append("s", pending(5))
        rows = store.read()
        first = next(rows)
        assert store.append("s", pending(2)) == [6, 7]
        seen = [first.position] + [r.position for r in rows]
        assert seen[:5] == [1, 2, 3, 4, 5]
        assert seen == list(range(1, len(seen) + 1))
        assert [r.position for r in store.read()] == [1, 2, 3, 4, 5, 6, 7]

    def _fill(self, store: Store, total: int, batch: int = 5000) -> None:
        for start in range(0, total, batch):
            store.append(f"bulk/{start}", pending(min(batch, total - start), tag="b" * 20))

    def test_reading_the_first_row_does_not_materialise_the_log(self, store: Store) -> None:
        self._fill(store, 20_000)
        first = _peak(lambda: next(store.read()))
        everything = _peak(lambda: list(store.read()))
        assert first < everything / 4, (first, everything)

    def test_replay_memory_stays_flat(self, store: Store) -> None:
        self._fill(store, 50_000)

        def walk() -> int:
            count = 0
            for _ in store.read():
                count += 1
            return count

        peak = _peak(walk)
        assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while iterating 50k events"

    def test_read_chunks_hold_the_same_events_as_read(self, store: Store) -> None:
        read_chunks = getattr(store, "read_chunks", None)
        if read_chunks is None:
            pytest.skip(f"{type(store).__name__} has no read_chunks()")
        self._fill(store, 4_500, batch=1_500)
        store.append("tail", [Pending("t", b"\xff raw", 3, b"\x00")])
        for after, until in [(0, None), (0, 4_501), (1_499, 3_001), (2_000, 2_000), (4_400, 9_999)]:
            got = [
                (position, s, v, t, bytes(data), occurred, recorded, bytes(meta), digest)
                for cells in read_chunks(after=after, until=until)
                for position, s, v, t, occurred, recorded, meta_len, data_len, meta, data, digest in cells
                if position > after
                and (until is None or position <= until)
                and meta_len == len(bytes(meta))
                and data_len == len(bytes(data))
            ]
            assert got == [tuple(r) for r in store.read(after=after, until=until)], (after, until)

    # -- head, versions, time ----------------------------------------------------------

    def test_head_is_the_last_position_and_hash(self, store: Store) -> None:
        store.append("s", pending(2))
        assert store.head() == (2, list(store.read())[-1].hash)
        store.append("t", pending(1))
        assert store.head() == (3, list(store.read())[-1].hash)

    def test_hashes_chain_with_chain_hash(self, store: Store) -> None:
        self._sample(store)
        prev = GENESIS_HASH
        for r in store.read():
            prev_row = chain_hash(
                prev,
                r.position,
                r.stream,
                r.version,
                r.type,
                r.data,
                r.occurred_us,
                r.recorded_us,
                r.meta,
            )
            assert r.hash == prev_row
            prev = r.hash

    def test_recorded_time_never_decreases(self, store: Store) -> None:
        for i in range(30):
            store.append(f"s/{i % 3}", pending(1 + i % 2))
        recorded = [r.recorded_us for r in store.read()]
        assert recorded == sorted(recorded)
        assert recorded[0] > 1_600_000_000_000_000  # a real UTC clock, in microseconds

    def test_position_at_is_the_last_position_recorded_by_then(self, store: Store) -> None:
        for i in range(12):
            store.append("s", pending(1 + i % 3))
        rows = list(store.read())
        times = sorted({r.recorded_us + d for r in rows for d in (-1, 0, 1)})
        answers = [store.position_at(t) for t in times]
        assert answers == sorted(answers)
        for t, answer in zip(times, answers, strict=True):
            assert answer == max((r.position for r in rows if r.recorded_us <= t), default=0)
        assert store.position_at(0) == 0
        assert store.position_at(2**62) == len(rows)

    # -- integrity ---------------------------------------------------------------------

    def test_verify_passes_on_a_good_log(self, store: Store) -> None:
        assert store.verify().ok
        self._sample(store)
        report = store.verify()
        assert report.ok and report.first_bad is None
        assert (report.checked, report.head_position, report.head_hash) == (6, *store.head())

    def test_verify_names_the_first_tampered_position(self, store: Store) -> None:
        self._sample(store)
        self.tamper(store, 4)
        report = store.verify()
        assert not report.ok
        assert report.first_bad == 4
        assert report.checked == 3

    # -- bytes and names ---------------------------------------------------------------

    @pytest.mark.parametrize(
        "payload", [b"", b"\x00", b"\xff\xfe\x80not utf-8\xc3", bytes(range(256)), b"x" * 1_000_000]
    )
    def test_payload_and_meta_bytes_round_trip(self, store: Store, payload: bytes) -> None:
        store.append("s", [Pending("t", payload, -5, payload[::-1])])
        (row,) = store.read()
        assert (row.data, row.meta, row.occurred_us) == (payload, payload[::-1], -5)
        assert type(row.data) is bytes and type(row.meta) is bytes
        assert store.verify().ok

    def test_payload_bytes_round_trip_property(self) -> None:
        hypothesis = pytest.importorskip("hypothesis")
        st = hypothesis.strategies

        @hypothesis.settings(max_examples=self.max_examples, deadline=None, database=None)
        @hypothesis.given(
            data=st.binary(max_size=300),
            meta=st.binary(max_size=40),
            occurred=st.integers(-(2**62), 2**62),
        )
        def check(data: bytes, meta: bytes, occurred: int) -> None:
            with closing(self.make_store()) as store:
                store.append(
                    "s", [Pending("t", data, occurred, meta), Pending("t", meta, occurred, data)]
                )
                rows = list(store.read())
                assert [(r.data, r.meta, r.occurred_us) for r in rows] == [
                    (data, meta, occurred),
                    (meta, data, occurred),
                ]
                assert store.verify().ok

        check()

    @pytest.mark.parametrize(
        "name",
        ["application/café-ünïcode", "应用/数据工程师", "emoji/🎉🚀", "spaces and / slashes"],
    )
    def test_unicode_stream_and_type_names(self, store: Store, name: str) -> None:
        store.append(name, pending(2, type_=f"t.{name}"))
        store.append("other", pending(1))
        assert [r.position for r in store.read(stream=name)] == [1, 2]
        assert [r.position for r in store.read(types=[f"t.{name}"])] == [1, 2]
        assert store.stream_version(name) == 2
        assert {r.stream for r in store.read()} == {name, "other"}
        assert store.verify().ok

    # -- checkpoints and keys ------------------------------------------------------------

    def test_checkpoints_save_load_overwrite(self, store: Store) -> None:
        assert store.load_checkpoint("p") is None
        store.save_checkpoint(Checkpoint("p", 1, 10, b"\x00\xffstate"))
        store.save_checkpoint(Checkpoint("q", 2, 3, b""))
        assert store.load_checkpoint("p") == Checkpoint("p", 1, 10, b"\x00\xffstate")
        store.save_checkpoint(Checkpoint("p", 2, 20, b"new"))
        assert store.load_checkpoint("p") == Checkpoint("p", 2, 20, b"new")
        assert store.load_checkpoint("q") == Checkpoint("q", 2, 3, b"")
        assert store.head() == (0, GENESIS_HASH)

    def test_vault_keys_first_write_wins_and_delete(self, store: Store) -> None:
        assert store.load_key("contact/1") is None
        store.save_key("contact/1", b"\x01" * 32)
        store.save_key("contact/1", b"\x02" * 32)
        store.save_key("contact/2", b"\x03" * 32)
        assert store.load_key("contact/1") == b"\x01" * 32
        assert store.delete_key("contact/1") is True
        assert store.load_key("contact/1") is None
        assert store.delete_key("contact/1") is False
        assert store.load_key("contact/2") == b"\x03" * 32

    # -- durability and other processes ------------------------------------------------

    def test_everything_survives_reopening(self, store: Store) -> None:
        self._sample(store)
        store.append("s", pending(1), idempotency_key="kept")
        store.save_checkpoint(Checkpoint("p", 1, 7, b"s"))
        store.save_key("c", b"k")
        again = self.reopen(store)
        assert _content(list(again.read())) == _content(list(store.read()))
        assert again.head() == store.head()
        assert again.append("x", pending(3), idempotency_key="kept") == [7]
        assert again.load_checkpoint("p") == Checkpoint("p", 1, 7, b"s")
        assert again.load_key("c") == b"k"
        assert again.append("s", pending(1), expected_version=1) == [8]
        assert again.verify().ok

    def test_concurrent_writer_processes_and_a_tailing_reader(self, store: Store) -> None:
        from .workers import batch_sizes, collect, tail_reader, writer

        url = self._url_or_skip(store)
        writers, batches = 4, 200
        per_writer = sum(size + 1 for size in batch_sizes(batches))
        total = writers * per_writer
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        procs = [
            ctx.Process(target=tail_reader, args=(self.store_opener, url, total, 240.0, queue))
        ]
        procs += [
            ctx.Process(target=writer, args=(self.store_opener, url, w, batches, 0.0, queue))
            for w in range(writers)
        ]
        for p in procs:
            p.start()
        try:
            reports = collect(procs, queue, timeout=300)
        finally:
            for p in procs:
                p.join(timeout=10)
                if p.is_alive():
                    p.terminate()
                    p.join()
        written = [pos for kind, _, got in reports if kind == "writer" for pos in got]
        (seen,) = [got for kind, _, got in reports if kind == "reader"]
        assert sorted(written) == list(range(1, total + 1)), "an append was lost or duplicated"
        assert seen == list(range(1, total + 1)), (
            "the tailing reader skipped or repeated a position"
        )
        assert store.stream_version("shared") == writers * batches
        for w in range(writers):
            assert store.stream_version(f"writer/{w}") == per_writer - batches
        assert store.verify().ok

    # -- migration (Migratable backends) -----------------------------------------------

    def _migratable(self, store: Store) -> Any:
        if not isinstance(store, Migratable):
            pytest.skip(f"{type(store).__name__} does not implement import_rows()")
        return store

    def _rich_source(self) -> Store:
        source = self.open_store()
        self._sample(source)
        source.append("s", [Pending("t", b"\xff\x00", 1, b"\x80")], idempotency_key="idem")
        source.save_checkpoint(Checkpoint("proj", 3, 7, b"\x00state"))
        source.save_key("contact/1", b"\x11" * 32)
        return source

    def test_import_rows_copies_the_log_exactly(self) -> None:
        source = self._migratable(self._rich_source())
        target = self._migratable(self.open_store())
        count = target.import_rows(
            source.read(),
            idempotency=source.iter_idempotency(),
            checkpoints=source.iter_checkpoints(),
            keys=source.iter_keys(),
        )
        assert count == 7
        assert _content(list(target.read())) == _content(list(source.read()))
        assert target.head() == source.head()
        assert target.verify() == source.verify()
        assert target.stream_version("a") == source.stream_version("a")
        assert list(target.iter_idempotency()) == [("idem", 7, 7)]
        assert target.append("other", pending(1), idempotency_key="idem") == [7]
        assert target.load_checkpoint("proj") == Checkpoint("proj", 3, 7, b"\x00state")
        assert target.load_key("contact/1") == b"\x11" * 32
        assert target.append("a", pending(1), expected_version=3) == [8]
        assert target.verify().ok

    def test_import_rows_refuses_a_non_empty_target(self) -> None:
        source = self._migratable(self._rich_source())
        target = self._migratable(self.open_store())
        target.append("mine", pending(1))
        before = _content(list(target.read()))
        with pytest.raises(StoreError, match="already holds 1 event"):
            target.import_rows(source.read(), keys=source.iter_keys())
        assert _content(list(target.read())) == before
        assert target.load_key("contact/1") is None

    @pytest.mark.parametrize("fault", ["payload", "gap", "version", "time"])
    def test_import_rows_checks_the_chain_and_writes_nothing(self, fault: str) -> None:
        source = self._migratable(self._rich_source())
        target = self._migratable(self.open_store())
        rows = list(source.read())
        if fault == "payload":
            rows[3] = rows[3]._replace(data=b"forged")
        elif fault == "gap":
            del rows[3]
        elif fault == "version":
            rows[3] = rows[3]._replace(version=9)
        else:
            rows[3] = rows[3]._replace(recorded_us=rows[2].recorded_us - 1)
        with pytest.raises(StoreError, match="position 4"):
            target.import_rows(
                iter(rows), checkpoints=source.iter_checkpoints(), keys=source.iter_keys()
            )
        assert target.head() == (0, GENESIS_HASH)
        assert list(target.read()) == []
        assert target.load_checkpoint("proj") is None
        assert target.load_key("contact/1") is None

    # -- the model ----------------------------------------------------------------------

    def test_random_appends_match_a_model(self) -> None:
        pytest.importorskip("hypothesis")
        from hypothesis import HealthCheck, settings
        from hypothesis.stateful import run_state_machine_as_test

        from .store_model import StoreMachine

        machine = type("Machine", (StoreMachine,), {"factory": staticmethod(self.make_store)})
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=self.max_examples,
                stateful_step_count=12,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )


def _peak(action: Any) -> int:
    """Peak Python heap allocated while ``action`` runs, in bytes."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        action()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
