"""The base of every domain event, and the opaque stand-in for unknown ones.

An event is a small, frozen, keyword-only ``msgspec.Struct`` whose class
keyword ``tag`` is its stable dotted type name (``"application.rejected"``).
It carries only domain fields: position, stream, times, actor and hash belong
to the envelope (:class:`runnerup.RecordedEvent`) and are set by the store.

Schema evolution follows msgspec's rules: a new field gets a default, a
field's type never changes and a tag is never reused; a breaking change gets a
new tag or an upcaster.
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec


class Event(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", gc=False):
    """Base class of all events. Subclass with ``tag="owner.past-tense"``.

    ``__stream__`` optionally names the stream an event belongs to as a
    format string over its fields (``"application/{application}"``), so the
    generic ``events append`` command can derive it.
    """

    __stream__: ClassVar[str | None] = None

    @classmethod
    def event_type(cls) -> str:
        tag = cls.__struct_config__.tag
        if not isinstance(tag, str):
            raise TypeError(f"{cls.__qualname__} has no explicit string tag")
        return tag

    def stream_name(self) -> str | None:
        """The stream this event belongs to by its class's stream rule, if any."""
        rule = type(self).__stream__
        if rule is None:
            return None
        return rule.format(**{f: getattr(self, f) for f in self.__struct_fields__})


class UnknownEvent(msgspec.Struct, frozen=True, gc=False):
    """An event whose type no installed plugin knows.

    The raw payload is kept byte for byte, shown by ``events log`` and
    exported unchanged; projections never see it.
    """

    type: str
    payload: bytes

    def as_dict(self) -> Any:
        try:
            return msgspec.json.decode(self.payload)
        except msgspec.DecodeError:
            return self.payload.decode("utf-8", "replace")
