"""Types of the optional C extension built from ``_cells.c``."""

from collections.abc import Sequence
from typing import Any

def seal(
    group: Sequence[tuple[bytes, int, int, Sequence[Any]]],
    names: dict[str, bytes],
    recorded_us: int,
    prev: bytes,
) -> tuple[list[bytes], bytes]: ...
def plan(
    writes: Sequence[Any],
    known: dict[str, int],
    position: int,
    commit_rows: int,
    encode: Any,
) -> tuple[list[tuple[bytes, int, int, Any]], dict[str, list[Any]], list[tuple[str, int]]]: ...
