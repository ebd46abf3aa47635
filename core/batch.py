"""Event batches in JSON lines: validated as a whole before anything is written.

Shared by ``runnerup events import`` and the watcher's ``.jsonl`` rule, so a
batch means the same thing however it reaches the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from .envelope import NewEvent
from .errors import RunnerupError

if TYPE_CHECKING:
    from .kernel import Kernel


def parse_jsonl(raw: bytes, kernel: Kernel, label: str) -> list[NewEvent]:
    """Validate a whole JSON-lines batch into NewEvents, or raise naming the line.

    Each line is an object with "type", "data" and "stream" (optional when the
    type has a stream rule) and optionally "occurred_at". Raises
    :class:`RunnerupError` for the first bad line; nothing is half-accepted.
    """
    from .dates import DateParseError, parse_when

    items = []
    decoder = msgspec.json.Decoder()
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = decoder.decode(line)
        except msgspec.DecodeError as exc:
            raise RunnerupError(f"{label}:{number}: not JSON: {exc}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
            raise RunnerupError(f'{label}:{number}: each line must be an object with a "type"')
        data = obj.get("data", {})
        if not isinstance(data, dict):
            raise RunnerupError(f'{label}:{number}: "data" must be an object')
        try:
            event = kernel.registry.validate(obj["type"], data)
        except RunnerupError as exc:
            raise RunnerupError(f"{label}:{number}: {exc}") from None
        stream = obj.get("stream") or event.stream_name()
        if not isinstance(stream, str) or not stream:
            raise RunnerupError(
                f'{label}:{number}: no "stream" and {obj["type"]!r} has no stream rule'
            )
        when = None
        if obj.get("occurred_at"):
            try:
                when = parse_when(str(obj["occurred_at"]), now=kernel.now())
            except DateParseError as exc:
                raise RunnerupError(f"{label}:{number}: {exc}") from None
        items.append(NewEvent(data=event, stream=stream, occurred_at=when))
    if not items:
        raise RunnerupError(f"{label}: no events in the file")
    return items
