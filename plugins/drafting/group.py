"""The ``draft`` command group with all its subcommands, imported only when used."""

from . import edit, send  # noqa: F401  (they add their subcommands to the group)
from .commands import draft_group

__all__ = ["draft_group"]
