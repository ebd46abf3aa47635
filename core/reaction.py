"""What a reactor sees: read access to views, the clock, and its config."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .kernel import Kernel
    from .vault import Vault


class ReactionContext:
    """Handed to ``handle_event``; reactors read through it, never write."""

    def __init__(self, kernel: Kernel, plugin: str) -> None:
        self._kernel = kernel
        self.plugin = plugin

    @property
    def now(self) -> datetime:
        return self._kernel.now()

    def view(self, name: str) -> Any:
        """The current state of projection ``name``."""
        return self._kernel.view(name)

    def config(self, section: str) -> dict[str, Any]:
        """The ``[section]`` table of the user's config.toml (empty if absent)."""
        return self._kernel.settings.section(section)

    @property
    def vault(self) -> Vault:
        return self._kernel.vault

    @property
    def kernel(self) -> Kernel:
        return self._kernel
