"""Projections: named, versioned folds of the log into read models.

A projection names the event types it reads (so only those rows are
selected), an initial state, and a pure ``apply`` step. The kernel keeps a
checkpoint (a msgpack snapshot of the state and the log position it covers)
so a command folds only the tail; a new ``version`` or ``runnerup events
replay`` rebuilds from position 0.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
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


class LazyProjection:
    """A projection named now and imported when first used.

    ``register(LazyProjection("applications", "my_plugin.views:Board"))``
    keeps the module holding the fold (and whatever it imports) out of every
    command that never reads that view: the kernel imports ``target``
    ("module:attribute", a :class:`Projection` subclass or instance) on the
    first ``view``, ``rebuild`` or checkpoint of ``name``.
    """

    __slots__ = ("name", "target")

    def __init__(self, name: str, target: str) -> None:
        self.name = name
        self.target = target

    def resolve(self) -> Projection[Any]:
        """The real projection; its ``name`` must be the one registered."""
        from .errors import RegistrationError
        from .plugin_manager import import_target

        try:
            obj = import_target(self.target)
        except Exception as exc:
            raise RegistrationError(
                f"projection {self.name!r} ({self.target}) failed to import: {exc}"
            ) from None
        projection = obj() if isinstance(obj, type) else obj
        if not isinstance(projection, Projection):
            raise RegistrationError(f"{self.target} is not a Projection (for {self.name!r})")
        if projection.name != self.name:
            raise RegistrationError(
                f"{self.target} is the projection {projection.name!r}, registered as {self.name!r}"
            )
        return projection

    def __repr__(self) -> str:
        return f"LazyProjection({self.name!r}, {self.target!r})"


class Projections(Mapping[str, "Projection[Any]"]):
    """The kernel's projections by name; a lazy one is imported when looked up.

    ``name in kernel.projections`` and iterating the names import nothing.
    """

    def __init__(self) -> None:
        self._entries: dict[str, Projection[Any] | LazyProjection] = {}

    def add(self, entry: Projection[Any] | LazyProjection) -> None:
        self._entries[entry.name] = entry

    def __getitem__(self, name: str) -> Projection[Any]:
        entry = self._entries[name]
        if isinstance(entry, LazyProjection):
            entry = self._entries[name] = entry.resolve()
        return entry

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


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
