"""The replay loop in C (``runnerup._replay``) against the Python loop it replaces.

Where the optional extension is built the kernel folds every view with it,
from the commit bodies as stored (``fold_body``) or from decoded cells
(``fold``). These tests fold the same logs both ways, including the odd
corners (an undo, a type no plugin knows, a payload that no longer decodes,
a stream name that needs a JSON escape, a commit stored as base64), and
hold the C loop to every envelope the Python loop hands a projection.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runnerup import Projection, hookimpl
from runnerup import kernel as kernel_module
from runnerup.config import Settings
from runnerup.envelope import RecordedEvent
from runnerup.events.application import ApplicationRejected, ApplicationSubmitted
from runnerup.events.plan import OutreachSent
from runnerup.kernel import Kernel
from runnerup.plugin_manager import make_plugin_manager
from runnerup.store import Pending, StreamWrite, commits
from runnerup.store.sqlite import SQLiteStore

try:
    from runnerup import _replay
except ImportError:  # pragma: no cover - only where the extension could not be built
    if os.environ.get("RUNNERUP_REQUIRE_C"):
        raise
    pytest.skip("the C replay loop is not built here", allow_module_level=True)

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Seen(msgspec.Struct):
    events: list[tuple[Any, ...]] = []


class Recorder(Projection[Seen]):
    """Keeps every envelope field it is handed, in order."""

    name = "test.recorder"
    version = 1
    types = None
    state_type = Seen

    def initial(self) -> Seen:
        return Seen()

    def apply(self, state: Seen, event: RecordedEvent) -> Seen:
        state.events.append(
            (
                event.position,
                event.stream,
                event.version,
                event.type,
                msgspec.json.encode(event.data),
                event.occurred_us,
                event.recorded_us,
                bytes(event.meta_bytes),
                event.meta,
                event.hash,
            )
        )
        return state


class RecorderPlugin:
    @hookimpl
    def register_projections(self, register: Any) -> None:
        register(Recorder())


def _kernel(path: Path) -> Kernel:
    pm = make_plugin_manager(load_entrypoints=False, env={})
    pm.register(RecorderPlugin(), name="recorder")
    settings = Settings(home=path.parent, store_url=f"sqlite:///{path}", values={})
    return Kernel(pm, SQLiteStore(f"sqlite:///{path}"), settings, clock=START + timedelta(days=9))


def _fold_both(kernel: Kernel, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    projection = kernel.projections[name]
    head = kernel.store.head()[0]
    kernel._views.clear()
    in_c = projection.dump(kernel._fold(projection, head))
    with monkeypatch.context() as m:
        m.setattr(kernel_module, "_c_replay", lambda: None)
        kernel._views.clear()
        in_python = projection.dump(kernel._fold(projection, head))
    return in_c, in_python


def _odd_log(kernel: Kernel) -> None:
    for i, company in enumerate(["Acme", "Globex", "Initech"]):
        app = f"{company.lower()}-data-engineer"
        when = START + timedelta(days=i)
        kernel.record(
            [ApplicationSubmitted(application=app, company=company, role="Data Engineer")],
            occurred_at=when,
        )
        kernel.record([OutreachSent(company=company, on=when.date())], occurred_at=when)
        kernel.record(
            [ApplicationRejected(application=app, stage="interview", via="email")],
            occurred_at=when + timedelta(days=2),
        )
    kernel.retract(kernel.consequences(4))
    store = kernel.store
    occurred = 1_790_000_000_000_000
    store.append_many(
        [
            # a stream name that is written with a JSON escape
            StreamWrite(
                'application/say-"hi"\\now',
                [
                    Pending(
                        "application.submitted",
                        b'{"application":"say-hi","company":"Say \\"Hi\\"","role":"x"}',
                        occurred,
                        b"{}",
                    )
                ],
                json=True,
            ),
            # a type no plugin knows, and a payload that no longer decodes
            StreamWrite(
                "application/acme-data-engineer",
                [
                    Pending("plugin.gone", b'{"x":1}', occurred, b'{"actor":"plugin:gone"}'),
                    Pending("application.rejected", b'{"nope":true}', occurred, b"{}"),
                ],
                json=True,
            ),
        ]
    )
    # not JSON at all: the commit is stored as base64
    store.append_many(
        [StreamWrite("misc/blob", [Pending("plugin.blob", b"\x00\xff raw", occurred, b"{}")])]
    )


def test_every_view_folds_the_same_in_c_and_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel = _kernel(tmp_path / "events.db")
    _odd_log(kernel)
    encodings = {row[0] for row in kernel.store._db.execute("SELECT encoding FROM commits")}
    assert encodings == {commits.RAW, commits.BASE64}
    compared = 0
    for name in kernel.projections:
        in_c, in_python = _fold_both(kernel, name, monkeypatch)
        assert in_c == in_python, name
        compared += 1
    assert compared >= 10

    recorder = kernel.projections["test.recorder"]
    seen = recorder.load(_fold_both(kernel, "test.recorder", monkeypatch)[0]).events
    streams = {event[1] for event in seen}
    assert 'application/say-"hi"\\now' in streams  # folded through the fallback
    assert "plugin.gone" not in {event[3] for event in seen}
    retracted = kernel.retractions().retracted
    assert retracted and not retracted & {event[0] for event in seen}


@pytest.mark.skipif(bool(os.environ.get("RUNNERUP_PURE_PYTHON")), reason="Python loops forced")
def test_the_c_loop_is_the_one_in_use() -> None:
    assert kernel_module._c_replay() is _replay


def _body(writes: list[StreamWrite], position: int = 0) -> bytes:
    runs, _ = commits.plan(writes, {}, position)
    (row,) = commits.pack(runs, "0" * 64, 1_780_000_000_000_000)
    return row[-1]


def _record(state: list[Any], event: RecordedEvent) -> list[Any]:
    fields = msgspec.structs.astuple(event)
    state.append((*fields[:7], bytes(event.meta_bytes), event.hash))
    return state


DECODERS = {
    "t.one": (msgspec.json.Decoder(dict[str, int]).decode, "t.one"),
    "t.two": (msgspec.json.Decoder(list[int]).decode, "t.two.now"),
}
payloads = st.one_of(
    st.dictionaries(st.sampled_from("abc"), st.integers(-5, 5), max_size=3),
    st.lists(st.integers(), max_size=3),
    st.text(max_size=5),
).map(msgspec.json.encode)
# Stream names: a few that repeat (the reuse of neighbours' objects), and any
# text at all, long enough that a JSON escape, a quote or a non-ASCII
# character lands anywhere in the 8-byte blocks the string scan reads.
streams = st.one_of(
    st.sampled_from(["s/1", "s/2", "s/caf\u00e9"]),
    st.text(max_size=40).map(lambda text: f"s/{text}"),
)


def _plain(name: str) -> bool:
    """Written without a JSON escape (what fold_body reads itself)."""
    return not any(c in '"\\' or c < " " for c in name)


bodies = st.lists(
    st.builds(
        StreamWrite,
        streams,
        st.lists(
            st.builds(
                Pending,
                st.sampled_from(["t.one", "t.two", "t.other"]),
                payloads,
                st.one_of(  # occurred: digits around the 8-at-a-time boundaries too
                    st.integers(-(10**15), 10**15),
                    st.sampled_from([0, 7, 10**8 - 1, 10**8, 10**16, 10**18 - 1, -(10**18 - 1)]),
                ),
                st.sampled_from([b"{}", b'{"actor":"watch"}']),
            ),
            min_size=1,
            max_size=4,
        ),
        json=st.just(True),
    ),
    min_size=1,
    max_size=6,
).map(_body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies, st.integers(0, 12), st.integers(0, 12), st.sets(st.integers(1, 20), max_size=4))
def test_fold_body_hands_over_what_fold_of_the_decoded_cells_does(
    body: bytes, after: int, until: int, skip: set[int]
) -> None:
    from_body = _replay.fold_body(body, DECODERS, after, until, skip, _record, [], RecordedEvent)
    cells = commits.unpack(1, commits.RAW, body)
    from_cells = _replay.fold(cells, DECODERS, after, until, skip, _record, [], RecordedEvent)
    if from_body is NotImplemented:  # declined: only for a name written with an escape
        assert not all(_plain(cell[1]) for cell in cells)
    else:
        assert from_body == from_cells


@settings(max_examples=300, deadline=None)
@given(bodies, st.data())
def test_fold_body_never_crashes_on_an_edited_body(body: bytes, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(body) - 1))
    edit = data.draw(st.sampled_from(["cut", "byte", "insert"]))
    if edit == "cut":
        body = body[:at]
    elif edit == "byte":
        body = body[:at] + bytes([data.draw(st.integers(0, 255))]) + body[at + 1 :]
    else:
        body = body[:at] + b" " + body[at:]
    result = _replay.fold_body(body, DECODERS, 0, 100, set(), _record, [], RecordedEvent)
    assert result is NotImplemented or isinstance(result, list)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[",
        b"[]x",
        b'[[1,"s",1,"t.one",0,0,2,2,{},{},"h"] ]',
        b'[[01,"s",1,"t",0,0,2,2,{},{},"h"]]',
    ],
)
def test_fold_body_declines_what_is_not_the_exact_layout(body: bytes) -> None:
    assert (
        _replay.fold_body(body, DECODERS, 0, 100, set(), _record, [], RecordedEvent)
        is NotImplemented
    )


def test_fold_body_of_an_empty_commit_folds_nothing() -> None:
    assert _replay.fold_body(b"[]", DECODERS, 0, 100, set(), _record, [], RecordedEvent) == []


def test_an_error_in_apply_propagates_from_the_c_loop() -> None:
    body = _body([StreamWrite("s/1", [Pending("t.one", b'{"a":1}', 0, b"{}")], json=True)])

    def broken(state: Any, event: Any) -> Any:
        raise RuntimeError("projection bug")

    with pytest.raises(RuntimeError, match="projection bug"):
        _replay.fold_body(body, DECODERS, 0, 100, set(), broken, [], RecordedEvent)


@pytest.mark.parametrize("char", ['"', "\\", "\n", "\x1f", "\x7f", "é", "\u2028", "😀"])
def test_fold_body_sees_a_special_character_at_any_offset_of_a_stream_name(char: str) -> None:
    # The string scan reads 8 bytes at a time: every offset in a block, and past it.
    for offset in range(18):
        name = f"s/{'a' * offset}{char}{'b' * 20}"
        body = _body([StreamWrite(name, [Pending("t.one", b'{"a":1}', 5, b"{}")], json=True)])
        from_body = _replay.fold_body(body, DECODERS, 0, 10, set(), _record, [], RecordedEvent)
        cells = commits.unpack(1, commits.RAW, body)
        from_cells = _replay.fold(cells, DECODERS, 0, 10, set(), _record, [], RecordedEvent)
        assert from_cells[0][1] == name
        if _plain(name):
            assert from_body == from_cells
        else:  # written with an escape: declined, for the msgspec path to read
            assert from_body is NotImplemented
        # An edited row: the character replaced by a byte that is not UTF-8,
        # or by a raw control character (JSON allows neither in a string).
        at = body.index(b"s/") + 2 + offset
        for byte in (b"\xff", b"\x01"):
            edited = body[:at] + byte + body[at + len(char.encode()) :]
            folded = _replay.fold_body(edited, DECODERS, 0, 10, set(), _record, [], RecordedEvent)
            assert folded is NotImplemented
