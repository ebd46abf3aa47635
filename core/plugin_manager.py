"""The plugin manager: built-in plugins, installed ones, and isolated calls.

Built-in features are ordinary plugin modules named in ``DEFAULT_PLUGINS``;
third-party plugins come from the ``runnerup`` entry-point group. Scanning
entry points costs tens of milliseconds (``importlib.metadata``), so the
discovered list is cached and the cache is keyed by the modification times
of the ``sys.path`` folders, which change whenever a distribution is
installed or removed.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pluggy

from . import hookspecs
from .errors import RegistrationError

PROJECT = "runnerup"
ENTRY_POINT_GROUP = "runnerup"

DEFAULT_PLUGINS: tuple[str, ...] = (
    # the kernel's own contributions
    "runnerup.store",
    "runnerup.cli.events_commands",
    "runnerup.cli.admin_commands",
    # the job search, each an ordinary plugin
    "runnerup.plugins.applications",
    "runnerup.plugins.followup",
    "runnerup.plugins.drafting",
    "runnerup.plugins.reminders",
    "runnerup.plugins.reflection",
    "runnerup.plugins.plan",
    "runnerup.plugins.analytics",
    "runnerup.plugins.inbox",
    "runnerup.plugins.importers",
    "runnerup.plugins.watch",
    "runnerup.plugins.postgres",
    "runnerup.plugins.tour",
)


_HOOKABLE = (types.FunctionType, types.MethodType, classmethod, staticmethod)


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to register a plugin module.

    pluggy inspects every attribute of a plugin with ``inspect.getattr_static``
    (tens of microseconds each: ~400 attributes across the built-in plugins,
    on every start). A module attribute that is not a function or method
    cannot be a hook implementation, so it is skipped before that; anything
    else goes through pluggy's own check unchanged.
    """

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if isinstance(plugin, types.ModuleType) and not isinstance(
            plugin.__dict__.get(name), _HOOKABLE
        ):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def make_plugin_manager(
    load_entrypoints: bool = True,
    block: Iterable[str] = (),
    env: dict[str, str] | None = None,
) -> pluggy.PluginManager:
    """A plugin manager with the built-ins and (optionally) installed plugins.

    ``RUNNERUP_LOAD_PLUGINS=a,b`` loads only the named installed plugins
    (empty: none); ``RUNNERUP_DISABLE_PLUGINS=a,b`` blocks plugins by name,
    built-in ones too.
    """
    env = dict(os.environ) if env is None else env
    pm = PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    blocked = set(block) | _names(env.get("RUNNERUP_DISABLE_PLUGINS"))
    for name in blocked:
        pm.set_blocked(name)
    for module_name in DEFAULT_PLUGINS:
        short = module_name.rsplit(".", 1)[-1]
        if short in blocked:
            continue
        register(pm, importlib.import_module(module_name), short)
    only = env.get("RUNNERUP_LOAD_PLUGINS")
    wanted = _names(only) if only is not None else None
    if load_entrypoints and wanted != set():  # ``RUNNERUP_LOAD_PLUGINS=`` loads none: no scan
        for name, target in discover_entry_points():
            if name in blocked or (wanted is not None and name not in wanted):
                continue
            register(pm, _load_target(name, target), name)
    check(pm)
    return pm


def register(pm: pluggy.PluginManager, plugin: Any, name: str) -> None:
    """Register ``plugin``; a bad hook signature is refused naming the plugin."""
    if pm.is_blocked(name) or pm.get_plugin(name) is not None:
        return
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise RegistrationError(
            f"plugin {name!r} cannot be loaded: {_one_line(exc)}{_skip_hint(name)}"
        ) from None


def check(pm: pluggy.PluginManager) -> None:
    """Refuse implementations of hooks that do not exist (a misspelt name)."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = (pm.get_name(exc.plugin) if exc.plugin is not None else None) or "?"
        raise RegistrationError(
            f"plugin {name!r}: {_one_line(exc)}{_did_you_mean(str(exc))}{_skip_hint(name)}"
        ) from None


def _did_you_mean(message: str) -> str:
    """The closest real hook name to the unknown one pluggy names in ``message``."""
    import difflib
    import re

    found = re.search(r"unknown hook '(\w+)'", message)
    specs = [n for n, f in vars(hookspecs).items() if hasattr(f, f"{PROJECT}_spec")]
    close = difflib.get_close_matches(found.group(1), specs, n=1) if found else []
    return f" (did you mean {close[0]!r}?)" if close else ""


def _skip_hint(name: str) -> str:
    # The user may not be the plugin's author: say how to get runnerup working again.
    return f"; to start without it: RUNNERUP_DISABLE_PLUGINS={name}"


def _names(value: str | None) -> set[str]:
    return {n.strip() for n in (value or "").split(",") if n.strip()}


def import_target(target: str) -> Any:
    """The object a ``"package.module:attr.sub"`` target names (entry-point syntax)."""
    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


def _load_target(name: str, target: str) -> Any:
    try:
        return import_target(target)
    except Exception as exc:
        raise RegistrationError(
            f"plugin {name!r} ({target}) failed to import: {exc}{_skip_hint(name)}"
        ) from None


# -- entry-point discovery, cached --------------------------------------------


def _fingerprint() -> list[list[Any]]:
    # Installing or removing a distribution changes the mtime of the folder
    # on sys.path that holds its metadata. The working directory (sys.path[0]
    # under ``-m``) changes for unrelated reasons, so it is left out.
    cwd = os.getcwd()
    out: list[list[Any]] = []
    for entry in sys.path:
        if not entry or entry == cwd:
            continue
        try:
            out.append([entry, os.stat(entry).st_mtime_ns])
        except OSError:
            continue
    return out


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    # One cache per environment: two virtualenvs must not overwrite each other's.
    # (crc32, not hashlib: importing hashlib costs milliseconds on every start.)
    from binascii import crc32

    tag = f"{crc32(sys.prefix.encode()):08x}"
    return Path(base) / "runnerup" / f"entry-points-{tag}.json"


def discover_entry_points() -> list[tuple[str, str]]:
    """``(name, "module:attr")`` for every installed runnerup plugin."""
    path = _cache_file()
    fingerprint = _fingerprint()
    import msgspec  # already loaded by the kernel; stdlib json would cost an import

    try:
        cached = msgspec.json.decode(path.read_bytes())
        if cached.get("fingerprint") == fingerprint and cached.get("prefix") == sys.prefix:
            return [(str(a), str(b)) for a, b in cached["plugins"]]
    except (OSError, msgspec.DecodeError, KeyError, AttributeError, TypeError, ValueError):
        pass
    from importlib.metadata import entry_points

    found = sorted({(ep.name, ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP)})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(
            msgspec.json.encode(
                {"prefix": sys.prefix, "fingerprint": fingerprint, "plugins": found}
            )
        )
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache dir only costs the scan next time
    return found


# -- calling hooks one implementation at a time ---------------------------------


def implementations(
    pm: pluggy.PluginManager, hook_name: str
) -> Iterator[tuple[str, Callable[..., Any], list[str]]]:
    """``(plugin name, function, argument names)`` in pluggy's call order."""
    caller = getattr(pm.hook, hook_name)
    for impl in reversed(caller.get_hookimpls()):
        yield impl.plugin_name, impl.function, list(impl.argnames)


def call_each(
    pm: pluggy.PluginManager,
    hook_name: str,
    on_error: Callable[[str, BaseException], None],
    **kwargs: Any,
) -> Iterator[tuple[str, Any]]:
    """Call every implementation of a hook on its own.

    pluggy stops a hook call at the first exception; here one plugin's
    failure is reported through ``on_error`` and the others still run.
    """
    for name, function, argnames in implementations(pm, hook_name):
        try:
            result = function(**{a: kwargs[a] for a in argnames})
        except Exception as exc:
            on_error(name, exc)
            continue
        yield name, result


def _one_line(exc: BaseException) -> str:
    return "; ".join(part.strip() for part in str(exc).splitlines() if part.strip())
