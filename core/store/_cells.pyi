"""Types of the optional C extension built from ``_cells.c``."""

from collections.abc import Sequence
from typing import Any

def seal(
    group: Sequence[tuple[bytes, int, int, Sequence[Any]]],
    names: dict[str, bytes],
    recorded_us: int,
    prev: bytes,
) -> tuple[list[bytes], bytes]: ...
