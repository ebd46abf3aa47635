"""The ``runnerup`` command line: assembled from plugins by a factory.

``build_cli(pm)`` makes a fresh click group and lets every plugin add its
commands through ``register_commands``; ``main()`` glues the plugin manager
and the group together. Nothing is built at import time, so tests build as
many CLIs as they like.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from ..errors import RunnerupError
from .context import AppContext, get_app, get_kernel
from .output import emit, emit_table

if TYPE_CHECKING:
    import pluggy

__all__ = [
    "AppContext",
    "RunnerupGroup",
    "add_lazy_commands",
    "build_cli",
    "emit",
    "emit_table",
    "get_app",
    "get_kernel",
    "main",
]


class RunnerupGroup(click.Group):
    """The root group: lazy commands, and domain errors as one line and exit 1.

    ``add_lazy_command(name, "package.module:attr")`` registers a command
    whose module is imported only when that command runs (or help lists it),
    so ``runnerup agenda`` never pays for importing the drafting plugin's
    templates or the inbox's classifier.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}

    def add_lazy_command(self, name: str, target: str) -> None:
        """Add the click command at ``target`` ("module:attribute") as ``name``, imported on use."""
        if name in self.commands or name in self.lazy_commands:
            raise RunnerupError(f"command {name!r} is added twice")
        self.lazy_commands[name] = target

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in self.lazy_commands:
            from ..plugin_manager import import_target

            command = import_target(self.lazy_commands[cmd_name])
            self.add_command(command, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RunnerupError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            app = ctx.find_object(AppContext)
            if app is not None:
                app.close()


def add_lazy_commands(cli: click.Group, commands: dict[str, str]) -> None:
    """Add commands by ``name -> "module:attribute"``, imported only when used.

    On runnerup's own root group the import waits until the command runs; on
    any other click group (a test's, say) the commands are imported at once.
    """
    lazy = getattr(cli, "add_lazy_command", None)
    for name, target in commands.items():
        if lazy is not None:
            lazy(name, target)
        else:
            from ..plugin_manager import import_target

            cli.add_command(import_target(target), name)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from ..store.commits import append_loop

    loop = "C (runnerup.store._cells)" if append_loop() == "C" else "Python"
    click.echo(f"runnerup, version {version('runnerup')}\nappend loop: {loop}")
    ctx.exit()


def build_cli(pm: pluggy.PluginManager) -> click.Group:
    """A new ``runnerup`` group with every plugin's commands on it."""
    from ..plugin_manager import call_each

    @click.group(cls=RunnerupGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.option(
        "--home",
        type=click.Path(file_okay=False),
        help="Data folder (default: RUNNERUP_HOME or the platform's user data dir).",
    )
    @click.option(
        "--store",
        "store",
        metavar="URL",
        help="Event store URL (sqlite:///…, postgresql://…, memory:).",
    )
    @click.option("--json", "json_", is_flag=True, help="Print results as JSON.")
    @click.option("--log-json", is_flag=True, help="Write logs to stderr as JSON lines.")
    @click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
    @click.option(
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_print_version,
        help="Show the version (and which append loop is built in) and exit.",
    )
    @click.pass_context
    def cli(
        ctx: click.Context,
        home: str | None,
        store: str | None,
        json_: bool,
        log_json: bool,
        verbose: int,
    ) -> None:
        """runnerup turns a job-interview "no" into next steps.

        Every action is an event in an append-only log; every view is folded
        from it. Start with 'runnerup tour', or 'runnerup rejected COMPANY'.
        """
        from ..logging import setup

        setup(json=log_json, verbose=verbose)
        ctx.obj = AppContext(
            pm, home=home, store=store, json=json_, log_json=log_json, verbose=verbose
        )

    def failed(plugin: str, exc: BaseException) -> None:
        from ..logging import get_logger

        get_logger().error(
            "plugin failed to add commands", plugin=plugin, error=f"{type(exc).__name__}: {exc}"
        )

    for _ in call_each(pm, "register_commands", failed, cli=cli):
        pass
    return cli


def main(argv: Sequence[str] | None = None) -> None:
    """The console script."""
    from ..plugin_manager import make_plugin_manager

    os.umask(0o077)  # the home, the log and drafts are personal: owner-only
    try:
        pm = make_plugin_manager()
    except RunnerupError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    cli = build_cli(pm)
    cli.main(args=list(argv) if argv is not None else None, prog_name="runnerup")
