"""The event registry: encoding, decoding by the type column, upcasting, hashing.

Decoders are built once, when a type is registered. Decoding goes by the
stored type name, never through a union decoder, so a type that no installed
plugin knows becomes an opaque :class:`UnknownEvent` instead of an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from .envelope import Meta, RecordedEvent, Stored
from .errors import EventValidationError, RegistrationError, UnknownEventType
from .event import Event, UnknownEvent

GENESIS_HASH = "0" * 64
#: The canonical bytes of an event, see :func:`canonical`; the SQLite store
#: formats its cells with the same string.
CANONICAL_FORMAT = b"[%d,%b,%d,%b,%d,%d,%d,%d,%b,%b]"
_encode_str = msgspec.json.Encoder().encode

_meta_encoder = msgspec.json.Encoder()


class Upcaster(msgspec.Struct, frozen=True):
    """Rewrites an old stored payload into the current shape, on read.

    ``upcast`` receives the decoded JSON object stored under ``type`` and
    returns the new object; it must leave an already-current payload as it is,
    since every payload of that type passes through it. ``to_type`` renames the
    type (for a tag that changed); the stored bytes and the hash chain are
    never touched.
    """

    type: str
    upcast: Callable[[dict[str, Any]], dict[str, Any]]
    to_type: str | None = None
    owner: str = "?"


class EventRegistry:
    """Every event type and upcaster the installed plugins registered."""

    def __init__(self) -> None:
        self.types: dict[str, type[Event]] = {}
        self.owners: dict[str, str] = {}
        self.upcasters: dict[str, list[Upcaster]] = {}
        self._decoders: dict[str, msgspec.json.Decoder[Any]] = {}
        self._encoder = msgspec.json.Encoder()

    # -- registration -------------------------------------------------------

    def register(self, cls: type[Event], owner: str) -> None:
        if not (isinstance(cls, type) and issubclass(cls, Event)):
            raise RegistrationError(f"plugin {owner!r} registered {cls!r}, not an Event subclass")
        name = cls.event_type()
        known = self.types.get(name)
        if known is not None and known is not cls:
            raise RegistrationError(
                f"event type {name!r} registered twice: by plugin {self.owners[name]!r} "
                f"({known.__module__}.{known.__qualname__}) and by plugin {owner!r} "
                f"({cls.__module__}.{cls.__qualname__})"
            )
        self.types[name] = cls
        self.owners[name] = owner
        # The decoder is built on first use: building one makes msgspec
        # inspect the class (tens of microseconds a type), which a command
        # that never reads that type should not pay for.
        self._decoders.pop(name, None)

    def _decoder(self, name: str) -> msgspec.json.Decoder[Any] | None:
        decoder = self._decoders.get(name)
        if decoder is None:
            cls = self.types.get(name)
            if cls is None:
                return None
            decoder = self._decoders[name] = msgspec.json.Decoder(cls)
        return decoder

    def register_upcaster(self, upcaster: Upcaster) -> None:
        self.upcasters.setdefault(upcaster.type, []).append(upcaster)

    def aliases(self, names: Iterable[str]) -> frozenset[str]:
        """``names`` plus every old type name that upcasts into one of them."""
        wanted = set(names)
        changed = True
        while changed:
            changed = False
            for old, ups in self.upcasters.items():
                if old not in wanted and any(u.to_type in wanted for u in ups):
                    wanted.add(old)
                    changed = True
        return frozenset(wanted)

    # -- encoding -----------------------------------------------------------

    def encode(self, event: Event) -> tuple[str, bytes]:
        name = type(event).event_type()
        if self.types.get(name) is not type(event):
            raise UnknownEventType(f"event type {name!r} is not registered by any plugin")
        return name, self._encoder.encode(event)

    def encode_meta(self, meta: Meta) -> bytes:
        return _meta_encoder.encode(meta)

    def validate(self, name: str, payload: Mapping[str, Any]) -> Event:
        """Build an event of type ``name`` from loose data, or say what is wrong."""
        cls = self.types.get(name)
        if cls is None:
            raise UnknownEventType(
                f"unknown event type {name!r} (see 'runnerup events types' for the known ones)"
            )
        data = {k: v for k, v in payload.items() if k != "type"}
        try:
            return msgspec.convert(data, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise EventValidationError(f"{name}: {exc}") from None

    # -- decoding -----------------------------------------------------------

    def decode(self, name: str, data: bytes) -> Event | UnknownEvent:
        ups = self.upcasters.get(name)
        if ups:
            return self._decode_upcast(name, data)
        decoder = self._decoder(name)
        if decoder is None:
            return UnknownEvent(name, data)
        try:
            return decoder.decode(data)
        except msgspec.DecodeError:
            # A payload we cannot read is kept, not dropped: opaque, like an unknown type.
            return UnknownEvent(name, data)

    def _decode_upcast(self, name: str, data: bytes) -> Event | UnknownEvent:
        try:
            obj = msgspec.json.decode(data)
        except msgspec.DecodeError:
            return UnknownEvent(name, data)
        current = name
        for _ in range(32):
            ups = self.upcasters.get(current)
            if not ups or not isinstance(obj, dict):
                break
            for up in ups:
                obj = up.upcast(dict(obj))
                if up.to_type:
                    current = up.to_type
            if current == name or current not in self.upcasters:
                break
        cls = self.types.get(current)
        if cls is None or not isinstance(obj, dict):
            return UnknownEvent(name, data)
        obj.pop("type", None)
        try:
            return msgspec.convert(obj, cls)
        except msgspec.ValidationError:
            return UnknownEvent(name, data)

    def replay_decoders(
        self, exclude: Iterable[str] = (), only: Iterable[str] | None = None
    ) -> dict[str, tuple[Callable[[Any], Any], str]]:
        """``stored type -> (decode, current type)`` for every decodable type.

        Built once per replay so the loop does one dict lookup per event;
        unknown types are absent (projections skip them), and so are
        ``exclude``d ones and, given ``only``, stored types not in it.
        """
        skip = set(exclude)
        wanted = None if only is None else set(only)
        out: dict[str, tuple[Callable[[Any], Any], str]] = {}
        for name in self.types:
            if (
                name in skip
                or name in self.upcasters
                or (wanted is not None and name not in wanted)
            ):
                continue
            decoder = self._decoder(name)
            if decoder is not None:
                out[name] = (decoder.decode, name)
        for name in self.upcasters:
            if wanted is not None and name not in wanted:
                continue
            current = self.current_type(name)
            if current in self.types and current not in skip:
                out[name] = (self._upcast_decoder(name), current)
        return out

    def _upcast_decoder(self, name: str) -> Callable[[Any], Any]:
        def decode(data: Any) -> Any:
            event = self._decode_upcast(name, bytes(data))
            if isinstance(event, UnknownEvent):
                raise ValueError("payload does not upcast")
            return event

        return decode

    def current_type(self, name: str) -> str:
        """The type name a stored name decodes to after upcasting."""
        seen = 0
        while seen < 32:
            nxt = next((u.to_type for u in self.upcasters.get(name, ()) if u.to_type), None)
            if nxt is None:
                return name
            name, seen = nxt, seen + 1
        return name

    def recorded(self, row: Stored) -> RecordedEvent:
        return RecordedEvent(
            position=row.position,
            stream=row.stream,
            version=row.version,
            type=self.current_type(row.type) if row.type in self.upcasters else row.type,
            data=self.decode(row.type, row.data),
            occurred_us=row.occurred_us,
            recorded_us=row.recorded_us,
            meta_bytes=row.meta,
            hash=row.hash,
        )


def canonical(
    position: int,
    stream: str,
    version: int,
    type_: str,
    data: bytes,
    occurred_us: int,
    recorded_us: int,
    meta: bytes,
) -> bytes:
    """The bytes an event's hash covers.

    A JSON-like array of the envelope fields, the lengths of the metadata and
    the payload, then both exactly as stored: the lengths keep the boundary
    between two arbitrary byte strings unambiguous, and for JSON payloads the
    result is the very cell the SQLite store keeps (see
    :mod:`runnerup.store.commits`), so hashing costs no extra encoding.
    """
    return CANONICAL_FORMAT % (
        position,
        _encode_str(stream),
        version,
        _encode_str(type_),
        occurred_us,
        recorded_us,
        len(meta),
        len(data),
        meta,
        data,
    )


def chain_hash(
    prev: str,
    position: int,
    stream: str,
    version: int,
    type_: str,
    data: bytes,
    occurred_us: int,
    recorded_us: int,
    meta: bytes,
) -> str:
    """sha256 over the previous hash (32 bytes) and this event's canonical bytes.

    Verifying never depends on re-encoding, and an upcaster never changes a hash.
    """
    import hashlib  # a read-only command never hashes: the import waits until one does

    return hashlib.sha256(
        bytes.fromhex(prev)
        + canonical(position, stream, version, type_, data, occurred_us, recorded_us, meta)
    ).hexdigest()
