"""The kernel: the log, the registry, views and reactions, wired together.

A command records events with :meth:`Kernel.record`; the kernel encodes
them, appends them atomically, then runs the reactors from their
checkpointed subscription. Every read model is a projection folded by
:meth:`Kernel.view` from its checkpoint (or, with ``as_of``, from position 0
to a point in time).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pluggy

from .codec import EventRegistry, Upcaster
from .config import Settings
from .envelope import ANY, Meta, NewEvent, Pending, RecordedEvent, StreamWrite, from_us, to_us
from .errors import RegistrationError, RunnerupError
from .event import Event, UnknownEvent
from .head import advance_head, check_head, head_file, read_head
from .logging import get_logger
from .native import c_extension
from .plugin_manager import implementations
from .projection import LazyProjection, Projection, Projections, Retractions, RetractionsProjection
from .store import Checkpoint, Store, VerifyReport
from .store.base import paused_gc
from .store.commits import RAW, unpack
from .timed import CallTimedOut, TimedCaller
from .vault import Vault

REACTORS_CHECKPOINT = "kernel.reactors"
EFFECTS_CHECKPOINT = "kernel.effects"
REACT_CHUNK = 500
REACTOR_TIMEOUT = 10.0


class Kernel:
    """One open log plus everything the plugins registered."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        store: Store,
        settings: Settings,
        *,
        clock: Any = None,
    ) -> None:
        self.pm = pm
        self.store = store
        self.settings = settings
        self._clock = clock
        self.registry = EventRegistry()
        self.projections = Projections()
        self.projection_owners: dict[str, str] = {}
        self._vault: Vault | None = None
        self._retractions = RetractionsProjection()
        # Views folded during this command, by projection name: (position, state).
        # Reactors ask for the same views once per event; folding only the new
        # tail in memory and writing checkpoints once, at close, keeps that cheap.
        self._views: dict[str, tuple[int, Any]] = {}
        self._dirty: set[str] = set()
        self._call_reactor = TimedCaller(reactor_timeout(settings))
        self._head_file = head_file(settings.home, store.url)
        self._noted_head = 0
        self._boot()

    # -- boot -----------------------------------------------------------------

    def _boot(self) -> None:
        from runnerup.events.kernel import EventRetracted

        self.registry.register(EventRetracted, "runnerup")
        self._collect("register_event_types", lambda owner, cls: self.registry.register(cls, owner))
        self._collect("register_upcasters", self._add_upcaster)
        self._collect("register_projections", self._add_projection)

    def _collect(self, hook: str, accept: Any) -> None:
        for plugin, function, argnames in implementations(self.pm, hook):
            items: list[Any] = []
            try:
                function(**{a: items.append for a in argnames})
            except Exception as exc:
                self._plugin_failed(plugin, exc)
                continue
            for item in items:
                accept(plugin, item)

    def _add_upcaster(self, owner: str, upcaster: Upcaster) -> None:
        if not isinstance(upcaster, Upcaster):
            raise RegistrationError(f"plugin {owner!r} registered {upcaster!r}, not an Upcaster")
        self.registry.register_upcaster(
            Upcaster(upcaster.type, upcaster.upcast, upcaster.to_type, owner)
        )

    def _add_projection(self, owner: str, projection: Projection[Any] | LazyProjection) -> None:
        if not isinstance(projection, Projection | LazyProjection):
            raise RegistrationError(f"plugin {owner!r} registered {projection!r}, not a Projection")
        name = projection.name
        if name in self.projections or name == self._retractions.name:
            other = self.projection_owners.get(name, "runnerup")
            raise RegistrationError(
                f"projection {name!r} registered twice: by plugin {other!r} and by plugin {owner!r}"
            )
        self.projections.add(projection)
        self.projection_owners[name] = owner

    def _plugin_failed(self, plugin: str, exc: BaseException) -> None:
        get_logger().error("plugin failed", plugin=plugin, error=f"{type(exc).__name__}: {exc}")

    # -- time, vault ----------------------------------------------------------

    def now(self) -> datetime:
        if self._clock is not None:
            value = self._clock() if callable(self._clock) else self._clock
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.now(UTC).astimezone()

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            self._vault = Vault(self.store)
        return self._vault

    @property
    def home(self) -> Path:
        return self.settings.home

    # -- writing --------------------------------------------------------------

    def encode(
        self,
        events: Iterable[Event | NewEvent],
        *,
        stream: str | None = None,
        occurred_at: datetime | None = None,
        meta: Meta,
    ) -> list[tuple[str, Pending]]:
        """Encode events into ``(stream, Pending)`` pairs; nothing is written."""
        meta_bytes = self.registry.encode_meta(meta)
        default_us = to_us(occurred_at or self.now())
        out: list[tuple[str, Pending]] = []
        for item in events:
            if isinstance(item, NewEvent):
                event, target, when = item.data, item.stream or stream, item.occurred_at
            else:
                event, target, when = item, stream, None
            if not isinstance(event, Event):
                raise RunnerupError(f"not an event: {event!r}")
            target = target or event.stream_name()
            if not target:
                raise RunnerupError(f"no stream given for {type(event).event_type()!r}")
            name, data = self.registry.encode(event)
            out.append(
                (target, Pending(name, data, to_us(when) if when else default_us, meta_bytes))
            )
        return out

    def record(
        self,
        events: Sequence[Event | NewEvent],
        *,
        stream: str | None = None,
        expected_version: int = ANY,
        occurred_at: datetime | None = None,
        actor: str = "cli",
        idempotency_key: str | None = None,
        correlation: str | None = None,
        causation: int | None = None,
        react: bool = True,
    ) -> list[int]:
        """Append ``events`` atomically (one batch), then run the reactors.

        Events may name their stream (:class:`NewEvent`), take ``stream``, or
        derive it from their class's stream rule. ``expected_version`` applies
        to ``stream``. Returns the new positions.
        """
        meta = Meta(
            actor=actor,
            causation=causation,
            correlation=correlation,
            idempotency_key=idempotency_key,
        )
        pairs = self.encode(events, stream=stream, occurred_at=occurred_at, meta=meta)
        writes: dict[str, StreamWrite] = {}
        for target, pending in pairs:
            if target not in writes:
                expected = expected_version if target == stream else ANY
                writes[target] = StreamWrite(target, [], expected, json=True)
            writes[target].events.append(pending)
        positions = self.store.append_many(list(writes.values()), idempotency_key)
        get_logger().info("recorded", positions=positions, actor=actor)
        self._note_head()
        if react:
            self.react()
        return positions

    def _note_head(self) -> None:
        """Remember the head in the home, so ``verify`` can tell a cut-off tail."""
        if self._head_file is None:
            return
        position, digest = self.store.head()
        if position <= self._noted_head:
            return
        try:
            outcome = advance_head(self._head_file, self.store.url, position, digest, self._hash_at)
        except OSError as exc:  # the events are safe; only the tripwire is older
            get_logger().warning("head not recorded", file=str(self._head_file), error=str(exc))
            return
        if outcome == "diverged":
            get_logger().warning(
                "the log lost events this home recorded; run 'runnerup events verify'",
                file=str(self._head_file),
            )
        self._noted_head = position

    def retract(
        self, positions: Sequence[int], reason: str | None = None, *, actor: str = "cli"
    ) -> list[int]:
        from runnerup.events.kernel import EventRetracted

        return self.record(
            [EventRetracted(positions=sorted(set(positions)), reason=reason)],
            stream="kernel/retractions",
            actor=actor,
        )

    def consequences(self, position: int) -> list[int]:
        """``position`` and every event caused by it, directly or through others."""
        caused = {position}
        for row in self.store.read(after=position):
            if b'"causation"' in row.meta:
                cause = msgspec.json.decode(row.meta, type=Meta).causation
                if cause in caused:
                    caused.add(row.position)
        return sorted(caused)

    # -- reading --------------------------------------------------------------

    def read(
        self,
        after: int = 0,
        until: int | None = None,
        types: Iterable[str] | None = None,
        stream: str | None = None,
    ) -> Iterator[RecordedEvent]:
        decode = self.registry.recorded
        wanted = self.registry.aliases(types) if types is not None else None
        for row in self.store.read(after=after, until=until, types=wanted, stream=stream):
            yield decode(row)

    def position_at(self, when: datetime) -> int:
        return self.store.position_at(to_us(when))

    def retractions(self, until: int | None = None) -> Retractions:
        return self._fold(self._retractions, until, honour_retractions=False)

    def view(self, name: str, *, as_of: datetime | None = None, until: int | None = None) -> Any:
        """The state of projection ``name`` now, at ``as_of``, or at position ``until``."""
        projection = self.projections.get(name)
        if projection is None:
            raise RunnerupError(f"no projection named {name!r} (is its plugin installed?)")
        if as_of is not None:
            until = self.position_at(as_of)
        return self._fold(projection, until)

    def _fold(
        self, projection: Projection[Any], until: int | None, *, honour_retractions: bool = True
    ) -> Any:
        retractions = self.retractions(until) if honour_retractions else None
        skip = retractions.retracted if retractions is not None else set()
        head = self.store.head()[0] if until is None else until
        start, state = 0, None
        cached = self._views.get(projection.name) if until is None else None
        if (
            cached is not None
            and cached[0] <= head
            and (retractions is None or not retractions.invalidates(cached[0]))
        ):
            start, state = cached
        elif until is None:
            cp = self.store.load_checkpoint(projection.name)
            usable = cp is not None and cp.version == projection.version and cp.position <= head
            if (
                cp is not None
                and usable
                and (retractions is None or not retractions.invalidates(cp.position))
            ):
                try:
                    start, state = cp.position, projection.load(cp.state)
                except (msgspec.DecodeError, msgspec.ValidationError):
                    start, state = 0, None
        if state is None:
            state = projection.initial()
        if start >= head:
            if until is None:
                self._views[projection.name] = (start, state)
            return state
        wanted = self.registry.aliases(projection.types) if projection.types is not None else None
        decoders = self.registry.replay_decoders(
            exclude=("event.retracted",) if honour_retractions else (), only=wanted
        )
        state = self._replay(projection.apply, state, decoders, skip, start, head, wanted)
        if until is None:
            self._views[projection.name] = (head, state)
            self._dirty.add(projection.name)
        return state

    def drop_views(self) -> None:
        """Save and forget the views folded so far: the next view reads its checkpoint."""
        self.save_checkpoints()
        self._views.clear()

    def save_checkpoints(self) -> None:
        """Write the checkpoints of the views folded further since they were loaded."""
        for name in sorted(self._dirty):
            projection = (
                self._retractions if name == self._retractions.name else self.projections.get(name)
            )
            position, state = self._views[name]
            if projection is None:
                continue
            try:
                self.store.save_checkpoint(
                    Checkpoint(name, projection.version, position, projection.dump(state))
                )
            except RunnerupError as exc:
                get_logger().warning("checkpoint not saved", projection=name, error=str(exc))
        self._dirty.clear()

    def _replay(
        self,
        apply: Any,
        state: Any,
        decoders: dict[str, tuple[Any, str]],
        skip: set[int],
        after: int,
        until: int,
        types: frozenset[str] | None = None,
    ) -> Any:
        """The replay loop: the hottest code in runnerup, kept flat on purpose.

        Cells come a chunk at a time from the store; an event is decoded only
        when the projection reads its type, and no row object is built for the
        ones it skips. Where the optional extension is built, ``core/_replay.c``
        runs this very loop in C, a commit at a time: ``fold_body`` straight
        from a body as the SQLite store keeps it (``NotImplemented``, having
        folded nothing, for one not in that exact layout), ``fold`` over
        decoded cells otherwise.
        """
        c_loop = _c_replay()
        if c_loop is not None:
            fold, fold_body = c_loop.fold, c_loop.fold_body
            bodies = getattr(self.store, "read_bodies", None)  # the SQLite store's
            args = (decoders, after, until, skip, apply)
            with paused_gc():
                if bodies is None:
                    for cells in self.store.read_chunks(after=after, until=until, types=types):
                        state = fold(cells, *args, state, RecordedEvent)
                    return state
                for first, encoding, body in bodies(after, until, types):
                    folded = NotImplemented
                    if encoding == RAW:
                        folded = fold_body(body, *args, state, RecordedEvent)
                    if folded is NotImplemented:
                        folded = fold(unpack(first, encoding, body), *args, state, RecordedEvent)
                    state = folded
            return state
        chunks = self.store.read_chunks(after=after, until=until, types=types)
        get = decoders.get
        recorded = RecordedEvent
        with paused_gc():
            for cells in chunks:
                for (
                    position,
                    stream,
                    version,
                    type_,
                    occurred,
                    recorded_us,
                    _,
                    _,
                    meta,
                    data,
                    digest,
                ) in cells:
                    entry = get(type_)
                    if (
                        entry is None
                        or not after < position <= until
                        or (skip and position in skip)
                    ):
                        continue
                    try:
                        event = entry[0](data)
                    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
                        continue  # kept in the log as an UnknownEvent; projections skip it
                    state = apply(
                        state,
                        recorded(
                            position,
                            stream,
                            version,
                            entry[1],
                            event,
                            occurred,
                            recorded_us,
                            meta,
                            digest,
                        ),
                    )
        return state

    def rebuild(self) -> dict[str, int]:
        """Fold every projection from position 0 and save fresh checkpoints.

        One pass over the log for all of them (after the retractions, which
        the others honour): each event is read and decoded once and handed to
        every projection that reads its type.
        """
        head = self.store.head()[0]
        self._views.clear()
        projections = list(self.projections.values())
        everything: list[Projection[Any]] = [self._retractions, *projections]
        for projection in everything:  # a crash half-way leaves them to be rebuilt
            self.store.save_checkpoint(Checkpoint(projection.name, -1, 0, b""))
        retractions = self._fold(self._retractions, head, honour_retractions=False)
        states = self._replay_many(projections, retractions.retracted, head)
        for projection, state in zip(everything, [retractions, *states], strict=True):
            self._views[projection.name] = (head, state)
            self._dirty.add(projection.name)
        self.save_checkpoints()
        return {projection.name: head for projection in everything}

    def _replay_many(
        self, projections: Sequence[Projection[Any]], skip: set[int], until: int
    ) -> list[Any]:
        """Fold ``projections`` from position 0 to ``until`` in one read of the log."""
        wanted = [
            self.registry.aliases(p.types) if p.types is not None else None for p in projections
        ]
        union = None if None in wanted else frozenset().union(*filter(None, wanted))
        routes: dict[str, tuple[Any, str, list[int]]] = {}
        decoders = self.registry.replay_decoders(exclude=("event.retracted",), only=union)
        for stored, (decode, current) in decoders.items():
            targets = [i for i, w in enumerate(wanted) if w is None or stored in w]
            if targets:
                routes[stored] = (decode, current, targets)
        applies = [p.apply for p in projections]
        states = [p.initial() for p in projections]
        recorded = RecordedEvent
        with paused_gc():
            for cells in self.store.read_chunks(after=0, until=until, types=union):
                for (
                    position,
                    stream,
                    version,
                    type_,
                    occurred,
                    recorded_us,
                    _,
                    _,
                    meta,
                    data,
                    digest,
                ) in cells:
                    route = routes.get(type_)
                    if route is None or not 0 < position <= until or (skip and position in skip):
                        continue
                    try:
                        event = route[0](data)
                    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
                        continue  # kept in the log as an UnknownEvent; projections skip it
                    row = recorded(
                        position,
                        stream,
                        version,
                        route[1],
                        event,
                        occurred,
                        recorded_us,
                        meta,
                        digest,
                    )
                    for i in route[2]:
                        states[i] = applies[i](states[i], row)
        return states

    # -- reactions ------------------------------------------------------------

    def react(self) -> int:
        """Run reactors on every event recorded since their checkpoint.

        Outputs are appended with the idempotency key
        ``react:<position>:<plugin>``, so running twice (a crash before the
        checkpoint was saved, a replay) never appends them twice.
        """
        from .reaction import ReactionContext

        impls = list(implementations(self.pm, "handle_event"))
        cp = self.store.load_checkpoint(REACTORS_CHECKPOINT)
        done = cp.position if cp is not None else 0
        appended = 0
        while True:
            head = self.store.head()[0]
            if done >= head:
                break
            if not impls:
                done = head
                break
            skip = self.retractions().retracted
            rows = list(self.store.read(after=done, until=min(head, done + REACT_CHUNK)))
            for row in rows:
                if row.position not in skip and row.type != "event.retracted":
                    event = self.registry.recorded(row)
                    if not isinstance(event.data, UnknownEvent):
                        for plugin, function, argnames in impls:
                            appended += self._react_one(
                                plugin, function, argnames, event, ReactionContext
                            )
                done = row.position
            self.store.save_checkpoint(Checkpoint(REACTORS_CHECKPOINT, 1, done, b""))
        if cp is None or cp.position != done:
            self.store.save_checkpoint(Checkpoint(REACTORS_CHECKPOINT, 1, done, b""))
        self._note_head()
        self.run_effects()
        return appended

    def catch_up(self) -> int:
        """Run the reactions and effects a killed process left undone (its events are recorded).

        Called when a command opens the log, so the follow-through of an
        event recorded just before a crash appears at the next command,
        whatever it is. Costs two checkpoint reads when nothing is pending.
        """
        head = self.store.head()[0]
        done = {}
        for name in (REACTORS_CHECKPOINT, EFFECTS_CHECKPOINT):
            cp = self.store.load_checkpoint(name)
            done[name] = cp.position if cp is not None else 0
        if done[REACTORS_CHECKPOINT] < head:
            return self.react()  # runs the effects too
        if done[EFFECTS_CHECKPOINT] < head:
            self.run_effects()
        return 0

    def run_effects(self) -> None:
        """Run ``apply_effects`` for every event since the effects checkpoint."""
        from .reaction import ReactionContext

        impls = list(implementations(self.pm, "apply_effects"))
        cp = self.store.load_checkpoint(EFFECTS_CHECKPOINT)
        done = cp.position if cp is not None else 0
        head = self.store.head()[0]
        if done >= head:
            return
        if impls:
            skip = self.retractions().retracted
            for row in list(self.store.read(after=done, until=head)):
                # event.retracted is delivered too: an undo may have to undo a file.
                if row.position in skip:
                    continue
                event = self.registry.recorded(row)
                if isinstance(event.data, UnknownEvent):
                    continue
                for plugin, function, argnames in impls:
                    args = {"event": event, "context": ReactionContext(self, plugin)}
                    try:
                        function(**{a: args[a] for a in argnames})
                    except Exception as exc:
                        get_logger().error(
                            "effect failed",
                            plugin=plugin,
                            position=event.position,
                            error=f"{type(exc).__name__}: {exc}",
                        )
        self.store.save_checkpoint(Checkpoint(EFFECTS_CHECKPOINT, 1, head, b""))

    def _react_one(
        self,
        plugin: str,
        function: Any,
        argnames: list[str],
        event: RecordedEvent,
        context_cls: Any,
    ) -> int:
        args = {"event": event, "context": context_cls(self, plugin)}
        try:
            result = self._call_reactor(function, {a: args[a] for a in argnames})
            if not result:
                return 0
            outputs = [r if isinstance(r, NewEvent) else NewEvent(data=r) for r in result]
            meta = Meta(
                actor=f"plugin:{plugin}",
                causation=event.position,
                correlation=event.meta.correlation or str(event.position),
                idempotency_key=f"react:{event.position}:{plugin}",
            )
            pairs = self.encode(outputs, meta=meta, occurred_at=self.now())
        except CallTimedOut:
            get_logger().error(
                "reactor timed out",
                plugin=plugin,
                position=event.position,
                type=event.type,
                seconds=self._call_reactor.seconds,
            )
            return 0
        except Exception as exc:
            get_logger().error(
                "reactor failed",
                plugin=plugin,
                position=event.position,
                type=event.type,
                error=f"{type(exc).__name__}: {exc}",
            )
            return 0
        writes: dict[str, StreamWrite] = {}
        for target, pending in pairs:
            writes.setdefault(target, StreamWrite(target, [], json=True)).events.append(pending)
        positions = self.store.append_many(list(writes.values()), meta.idempotency_key)
        return len(positions)

    # -- integrity ------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """The store's chain check, plus the head recorded in the home (a cut-off tail)."""
        report = self.store.verify()
        if self._head_file is not None:
            report = check_head(report, read_head(self._head_file, self.store.url), self._hash_at)
        return report

    def _hash_at(self, position: int) -> str | None:
        return next((row.hash for row in self.store.read(after=position - 1, until=position)), None)

    def close(self) -> None:
        try:
            self.save_checkpoints()
        finally:
            self._call_reactor.close()
            self.store.close()


def reactor_timeout(settings: Settings) -> float | None:
    """``[plugins] reactor_timeout_seconds`` (default 10; 0 runs reactors inline, no limit)."""
    value = settings.section("plugins").get("reactor_timeout_seconds", REACTOR_TIMEOUT)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise RunnerupError(
            f"[plugins] reactor_timeout_seconds must be a number of seconds >= 0, not {value!r}"
        )
    return float(value) or None


def open_kernel(pm: pluggy.PluginManager, settings: Settings, *, clock: Any = None) -> Kernel:
    """Resolve the store for the settings' URL through plugins and boot a kernel."""
    from .config import ensure_home
    from .errors import StoreError

    if settings.store_url.startswith("sqlite:"):
        ensure_home(settings.home)
    store = pm.hook.resolve_store(url=settings.store_url, home=settings.home)
    if store is None:
        raise StoreError(f"no installed plugin can open the store URL {settings.store_url!r}")
    kernel = Kernel(pm, store, settings, clock=clock)
    try:
        kernel.catch_up()
    except RunnerupError as exc:  # the command may still work (verify, export): let it run
        get_logger().warning("pending reactions not run", error=str(exc))
    return kernel


__all__ = ["Kernel", "from_us", "open_kernel"]


def _c_replay() -> Any:
    """The replay loops in C (``runnerup._replay``), or None to use the Python one."""
    return c_extension("runnerup._replay")
