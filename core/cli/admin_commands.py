"""``runnerup init | config | plugins | undo``: the kernel's own commands."""

from __future__ import annotations

from typing import Any

import click
from runnerup import RunnerupError, hookimpl

from .context import get_app, get_kernel
from .output import emit, emit_table


@hookimpl
def register_commands(cli: click.Group) -> None:
    for command in (init, config, plugins, undo):
        cli.add_command(command)


@click.command()
def init() -> None:
    """Create the home folder and the event store."""
    app = get_app()
    kernel = get_kernel()
    position, _digest = kernel.store.head()
    emit(
        {"home": str(app.settings.home), "store": app.settings.store_url, "head": position},
        text=f"runnerup home: {app.settings.home}\nstore: {app.settings.store_url} ({position} events)",
    )


@click.command()
def config() -> None:
    """Show the effective configuration and where each value came from."""
    s = get_app().settings
    rows: list[dict[str, Any]] = [
        {"key": "home", "value": str(s.home), "source": s.sources["home"]},
        {"key": "store", "value": s.store_url, "source": s.sources["store"]},
        {
            "key": "config_file",
            "value": str(s.config_file),
            "source": "exists" if s.config_file.exists() else "absent (defaults apply)",
        },
    ]
    for section, value in sorted(s.values.items()):
        if section == "store":
            continue
        if isinstance(value, dict):
            for key, inner in sorted(value.items()):
                rows.append(
                    {"key": f"{section}.{key}", "value": inner, "source": str(s.config_file)}
                )
        else:
            rows.append({"key": section, "value": value, "source": str(s.config_file)})
    emit_table(
        rows,
        ["key", "value", "source"],
        json_rows={r["key"]: {"value": r["value"], "source": r["source"]} for r in rows},
    )


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Include the built-in plugins.")
def plugins(show_all: bool) -> None:
    """List loaded plugins: version, hooks, and what each one adds.

    For every plugin: the event types, projections, commands, watch rules and
    draft templates it contributes. Built-in plugins are left out unless
    --all is given.
    """
    from ..plugin_manager import DEFAULT_PLUGINS

    app = get_app()
    pm = app.pm
    builtin = {m.rsplit(".", 1)[-1] for m in DEFAULT_PLUGINS}
    types_by: dict[str, list[str]] = {}
    projections_by: dict[str, list[str]] = {}
    try:
        kernel = get_kernel()
        for name, owner in kernel.registry.owners.items():
            types_by.setdefault(owner, []).append(name)
        for name, owner in kernel.projection_owners.items():
            projections_by.setdefault(owner, []).append(name)
    except RunnerupError:
        pass
    commands_by = _commands_by_plugin(pm)
    rules_by = _registered_by_plugin(pm, "register_watch_rules", _rule_label)
    templates_by = _registered_by_plugin(pm, "register_templates", lambda kind, *_: str(kind))
    rows: list[dict[str, Any]] = []
    for name, plugin in sorted(pm.list_name_plugin()):
        if plugin is None or (name in builtin and not show_all):
            continue
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or ())
        rows.append(
            {
                "name": name,
                "version": _version(pm, plugin, name in builtin),
                "builtin": name in builtin,
                "hooks": hooks,
                "event_types": sorted(types_by.get(name, [])),
                "projections": sorted(projections_by.get(name, [])),
                "commands": sorted(commands_by.get(name, [])),
                "watch_rules": sorted(rules_by.get(name, [])),
                "templates": sorted(templates_by.get(name, [])),
            }
        )
    if app.json:
        emit(rows)
        return
    if not rows:
        click.echo("no third-party plugins installed (use --all to see the built-in ones)")
        return
    for row in rows:
        click.echo(f"{row['name']} {row['version']}{' (built-in)' if row['builtin'] else ''}")
        for key in ("hooks", "event_types", "projections", "commands", "watch_rules", "templates"):
            if row[key]:
                click.echo(f"  {key.replace('_', ' ')}: {', '.join(row[key])}")


def _version(pm: Any, plugin: Any, builtin: bool) -> str:
    from runnerup import __version__

    if builtin:
        return __version__
    for p, dist in pm.list_plugin_distinfo():
        if p is plugin:
            return str(dist.version)
    module = getattr(plugin, "__name__", "").split(".")[0]
    try:
        from importlib.metadata import packages_distributions, version

        for dist_name in packages_distributions().get(module, []):
            return version(dist_name)
    except Exception:  # metadata is best effort: a plugin module may be anywhere
        pass
    return getattr(plugin, "__version__", "?")


def _commands_by_plugin(pm: Any) -> dict[str, list[str]]:
    from ..plugin_manager import implementations

    out: dict[str, list[str]] = {}
    from . import RunnerupGroup

    for name, function, argnames in implementations(pm, "register_commands"):
        group = RunnerupGroup()
        try:
            function(**{a: group for a in argnames})
        except Exception:
            continue
        out[name] = sorted({*group.commands, *group.lazy_commands})
    return out


def _registered_by_plugin(pm: Any, hook: str, label: Any) -> dict[str, list[str]]:
    """What each plugin hands to the ``register`` callback of a ``register_*`` hook.

    The hook is called on its own for each plugin, with a callback that only
    collects, so a plugin that raises loses its own entry and nothing else.
    """
    from ..plugin_manager import implementations

    out: dict[str, list[str]] = {}
    for name, function, argnames in implementations(pm, hook):
        collect = _Collector()
        try:
            function(**dict.fromkeys(argnames, collect))
        except Exception:
            continue
        out[name] = [label(*args) for args in collect.calls]
    return out


class _Collector:
    """A ``register`` callback that only remembers what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((*args, *kwargs.values()))


def _rule_label(rule: Any, *_: Any) -> str:
    suffixes = ", ".join(getattr(rule, "suffixes", ()) or ())
    return f"{getattr(rule, 'name', rule)} ({suffixes})" if suffixes else str(rule)


@click.command()
@click.argument("position", type=int, required=False)
@click.option("--reason", help="Why (kept in the log).")
def undo(position: int | None, reason: str | None) -> None:
    """Take back an event (default: your last one) and everything it caused.

    Nothing is deleted: an event.retracted is appended, and every view skips
    the retracted events. Undoing an undo restores them.
    """
    kernel = get_kernel()
    retracted = kernel.retractions().retracted
    if position is None:
        position = _last_user_event(kernel, retracted)
        if position is None:
            raise RunnerupError("nothing to undo")
    head = kernel.store.head()[0]
    if not 1 <= position <= head:
        raise RunnerupError(f"no event at position {position} (the log has {head})")
    if position in retracted:
        raise RunnerupError(f"position {position} is already retracted")
    targets = kernel.consequences(position)
    rows = list(kernel.store.read(after=position - 1, until=position))
    kernel.retract(targets, reason)
    what = rows[0].type if rows else "event"
    caused = len(targets) - 1
    emit(
        {"retracted": targets},
        text=f"undone: {what} at position {position}"
        + (f" and {caused} event(s) it caused" if caused else ""),
    )


def _last_user_event(kernel: Any, retracted: set[int]) -> int | None:
    """The last event a person recorded (not a plugin), skipping retractions.

    Reads the store's chunks and looks at the metadata bytes: msgspec writes
    the actor as ``"actor":"plugin:..."`` and omits the default ``cli``, so no
    decode per event is needed on a long log.
    """
    last = None
    for cells in kernel.store.read_chunks():
        for position, _, _, type_, _, _, _, _, meta, _, _ in cells:
            if (
                position in retracted
                or type_ == "event.retracted"
                or b'"actor":"plugin:' in bytes(meta)
            ):
                continue
            last = position
    return last
