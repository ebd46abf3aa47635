"""The template set of one kernel: built-ins, plugins' templates, the user's files.

Plugins contribute templates through the ``register_templates`` hook; each
plugin's implementation is called on its own, as the kernel does for its own
registration hooks, so one plugin's broken template is logged with its name
and the others still load. The user's ``home/templates/<kind>.txt.j2`` wins
over both (read on every render, so an edit shows at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from runnerup import get_logger as log

from .render import TemplateError, TemplateSet

if TYPE_CHECKING:
    from runnerup import Kernel

_CACHE: WeakKeyDictionary[Kernel, TemplateSet] = WeakKeyDictionary()


def template_set(kernel: Kernel) -> TemplateSet:
    """The layered templates for ``kernel`` (built once per kernel)."""
    found = _CACHE.get(kernel)
    if found is None:
        found = _CACHE[kernel] = _build(kernel)
    return found


def _build(kernel: Kernel) -> TemplateSet:
    templates = TemplateSet(kernel.home / "templates")
    for impl in kernel.pm.hook.register_templates.get_hookimpls():
        owner = impl.plugin_name
        collected: list[tuple[str, str]] = []

        def register(kind: str, source: str, _into: list[tuple[str, str]] = collected) -> None:
            _into.append((kind, source))

        try:
            impl.function(**({"register": register} if "register" in impl.argnames else {}))
        except Exception as exc:
            log().error(
                "plugin failed",
                plugin=owner,
                hook="register_templates",
                error=f"{type(exc).__name__}: {exc}",
            )
            continue
        for kind, source in collected:
            try:
                templates.add(kind, source, owner)
            except TemplateError as exc:
                log().error("template refused", plugin=owner, error=str(exc))
    return templates
