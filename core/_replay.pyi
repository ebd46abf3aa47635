"""Types of the optional C extension built from ``_replay.c``."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

def fold(
    cells: Sequence[Sequence[Any]],
    decoders: dict[str, tuple[Callable[[Any], Any], str]],
    after: int,
    until: int,
    skip: Iterable[int],
    apply: Callable[[Any, Any], Any],
    state: Any,
    envelope: Callable[..., Any],
) -> Any: ...
def fold_body(
    body: bytes,
    decoders: dict[str, tuple[Callable[[Any], Any], str]],
    after: int,
    until: int,
    skip: Iterable[int],
    apply: Callable[[Any, Any], Any],
    state: Any,
    envelope: Callable[..., Any],
) -> Any: ...
def due_check(fallback: Callable[[Any], None]) -> Callable[[Any], None]: ...
