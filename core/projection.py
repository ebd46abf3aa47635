"""Projections: named, versioned folds of the log into read models.

A projection names the event types it reads (so only those rows are
selected), an initial state, and a pure ``apply`` step. The kernel keeps a
checkpoint (a msgpack snapshot of the state and the log position it covers)
so a command folds only the tail; a new ``version`` or ``runnerup events
replay`` rebuilds from position 0.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import msgspec

if TYPE_CHECKING:
    from .envelope import RecordedEvent

S = TypeVar("S")


class Projection(ABC, Generic[S]):
    """Subclass, set the class attributes, implement ``initial`` and ``apply``.

    ``state_type`` is what a snapshot decodes into (a ``msgspec.Struct``, a
    ``dict[...]`` annotation, ...): state must be msgspec-serialisable.
    ``types`` is the set of event type names to read; None reads everything.
    """

    name: ClassVar[str]
    version: ClassVar[int] = 1
    types: ClassVar[frozenset[str] | None] = None
    state_type: ClassVar[Any] = dict

    @abstractmethod
    def initial(self) -> S:
        """A fresh state, before any event."""

    @abstractmethod
    def apply(self, state: S, event: RecordedEvent) -> S:
        """Fold one event into ``state`` (mutating it is fine) and return it."""

    # Snapshots: overridable when a state needs a custom encoding.
    def dump(self, state: S) -> bytes:
        return msgspec.msgpack.encode(state)

    def load(self, data: bytes) -> S:
        return msgspec.msgpack.decode(data, type=self.state_type)


class Retractions(msgspec.Struct, gc=False):
    """Which positions are retracted, and when each retraction happened."""

    retracted: set[int] = msgspec.field(default_factory=set)
    # retraction position -> the positions it took back (for undoing an undo)
    active: dict[int, list[int]] = msgspec.field(default_factory=dict)
    # (retraction position, lowest position it touched): tells a checkpoint
    # older than the retraction that it must be rebuilt.
    changes: list[tuple[int, int]] = msgspec.field(default_factory=list)

    def invalidates(self, checkpoint_position: int) -> bool:
        return any(at > checkpoint_position >= low for at, low in self.changes)


class RetractionsProjection(Projection[Retractions]):
    """The kernel's own fold of ``event.retracted``; every other view honours it."""

    name = "kernel.retractions"
    version = 1
    types = frozenset({"event.retracted"})
    state_type = Retractions

    def initial(self) -> Retractions:
        return Retractions()

    def apply(self, state: Retractions, event: RecordedEvent) -> Retractions:
        targets: list[int] = list(getattr(event.data, "positions", ()))
        if not targets:
            return state
        touched = list(targets)
        for target in targets:
            restored = state.active.pop(target, None)
            if restored is not None:
                # Retracting a retraction restores what it took back.
                state.retracted.difference_update(restored)
                state.retracted.discard(target)
                touched.extend(restored)
            else:
                state.retracted.add(target)
        state.active[event.position] = targets
        state.changes.append((event.position, min(touched)))
        return state
