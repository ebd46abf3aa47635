"""A hypothesis state machine that holds a store to a plain Python model.

Random appends (one stream or two), random expected versions and repeated
idempotency keys; after every step the log, the head, the stream versions and
filtered reads must equal what the model says. Used by
:class:`runnerup.testing.conformance.StoreConformance`.
"""

from __future__ import annotations

from collections.abc import Callable

import hypothesis.strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ..codec import GENESIS_HASH
from ..envelope import ANY, NO_STREAM, Pending, StreamWrite
from ..errors import ConcurrencyError
from ..store import Store

STREAMS = st.sampled_from(["a", "b/ü", "c 1", "应用/1", "e"])
KEYS = st.one_of(st.none(), st.sampled_from(["k1", "k2", "k3", "ключ"]))
EXPECTED = st.sampled_from(["any", "no_stream", "current", "stale", "ahead"])
TYPES = st.sampled_from(["t.one", "t.two", "t.three"])

Row = tuple[str, int, str, bytes, int, bytes]  # stream, version, type, data, occurred_us, meta


def expected_for(kind: str, current: int) -> int:
    if kind == "any":
        return ANY
    if kind == "no_stream":
        return NO_STREAM
    if kind == "current":
        return current
    if kind == "stale":
        return current - 1 if current >= 1 else current + 2
    return current + 1


def conflicts(expected: int, current: int) -> bool:
    if expected == ANY:
        return False
    return expected != current


class StoreMachine(RuleBasedStateMachine):
    """Subclassed per backend with ``factory`` set to the suite's ``make_store``."""

    factory: Callable[[], Store]

    def __init__(self) -> None:
        super().__init__()
        self.store = type(self).factory()
        self.rows: list[Row] = []
        self.versions: dict[str, int] = {}
        self.keys: dict[str, list[int]] = {}
        self.serial = 0

    def teardown(self) -> None:
        self.store.close()

    def _events(self, n: int, type_: str, payload: bytes) -> list[Pending]:
        out = []
        for _ in range(n):
            self.serial += 1
            data = payload + self.serial.to_bytes(4, "big")
            out.append(Pending(type_, data, -self.serial * 1000, b'{"n":%d}' % self.serial))
        return out

    def _apply(self, writes: list[StreamWrite], key: str | None) -> None:
        if key is not None and key in self.keys:
            head = self.store.head()
            assert self.store.append_many(writes, key) == self.keys[key]
            assert self.store.head() == head
            return
        if any(conflicts(w.expected_version, self.versions.get(w.stream, 0)) for w in writes):
            head = self.store.head()
            try:
                self.store.append_many(writes, key)
            except ConcurrencyError:
                pass
            else:
                raise AssertionError("a stale expected version was accepted")
            assert self.store.head() == head
            return
        first = len(self.rows) + 1
        for w in writes:
            for p in w.events:
                version = self.versions.get(w.stream, 0) + 1
                self.versions[w.stream] = version
                self.rows.append((w.stream, version, p.type, p.data, p.occurred_us, p.meta))
        expected = list(range(first, len(self.rows) + 1))
        assert self.store.append_many(writes, key) == expected
        if key is not None:
            self.keys[key] = expected

    @rule(
        stream=STREAMS,
        n=st.integers(1, 3),
        kind=EXPECTED,
        key=KEYS,
        type_=TYPES,
        payload=st.binary(max_size=12),
    )
    def append_one(
        self, stream: str, n: int, kind: str, key: str | None, type_: str, payload: bytes
    ) -> None:
        expected = expected_for(kind, self.versions.get(stream, 0))
        self._apply([StreamWrite(stream, self._events(n, type_, payload), expected)], key)

    @rule(
        streams=st.lists(STREAMS, min_size=2, max_size=2, unique=True),
        kinds=st.lists(EXPECTED, min_size=2, max_size=2),
        key=KEYS,
        type_=TYPES,
        payload=st.binary(max_size=12),
    )
    def append_two(
        self, streams: list[str], kinds: list[str], key: str | None, type_: str, payload: bytes
    ) -> None:
        writes = [
            StreamWrite(
                s, self._events(2, type_, payload), expected_for(k, self.versions.get(s, 0))
            )
            for s, k in zip(streams, kinds, strict=True)
        ]
        self._apply(writes, key)

    @precondition(lambda self: bool(self.rows))
    @rule(stream=STREAMS, after=st.integers(0, 40), types=st.sets(TYPES, max_size=2))
    def filtered_read_matches(self, stream: str, after: int, types: set[str]) -> None:
        got = [
            (r.position, r.stream, r.version, r.type)
            for r in self.store.read(after=after, types=types or None, stream=stream)
        ]
        want = [
            (i, row[0], row[1], row[2])
            for i, row in enumerate(self.rows, 1)
            if i > after and row[0] == stream and (not types or row[2] in types)
        ]
        assert got == want

    @invariant()
    def log_matches_model(self) -> None:
        stored = list(self.store.read())
        assert [
            (r.stream, r.version, r.type, r.data, r.occurred_us, r.meta) for r in stored
        ] == self.rows
        assert [r.position for r in stored] == list(range(1, len(self.rows) + 1))
        assert self.store.head() == (
            (len(stored), stored[-1].hash) if stored else (0, GENESIS_HASH)
        )
        recorded = [r.recorded_us for r in stored]
        assert recorded == sorted(recorded)
        for stream, version in self.versions.items():
            assert self.store.stream_version(stream) == version

    @precondition(lambda self: bool(self.rows))
    @rule()
    def verifies(self) -> None:
        report = self.store.verify()
        assert report.ok and report.checked == len(self.rows)
