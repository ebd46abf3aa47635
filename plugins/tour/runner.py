"""Running the story: real commands, in-process, on a throwaway home.

Each step builds nothing new: it invokes the same click group a user runs,
made from the same plugin manager, with ``--home`` and ``--store`` pointing
at the tour's folder (so neither ``RUNNERUP_HOME`` nor ``RUNNERUP_STORE``
can lead it to a real log) and ``RUNNERUP_NOW`` pinned to the step's moment.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .story import Step

CLOCK = "RUNNERUP_NOW"


@contextlib.contextmanager
def pinned_clock(moment: str) -> Iterator[None]:
    """``RUNNERUP_NOW`` set for one step, then put back as it was."""
    before = os.environ.get(CLOCK)
    os.environ[CLOCK] = moment
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CLOCK, None)
        else:
            os.environ[CLOCK] = before


class TourRunner:
    """Runs steps against one home and keeps the score."""

    def __init__(self, cli: click.Group, home: Path) -> None:
        self.cli = cli
        self.home = home
        self.store = f"sqlite:///{home / 'events.db'}"
        self.now = ""
        self.ran = self.skipped = self.failed = 0

    def has(self, path: str) -> bool:
        """Whether the command ``path`` (``"draft show"``) is installed."""
        command: Any = self.cli
        ctx = click.Context(self.cli)
        for name in path.split():
            # get_command, not .commands: the root group loads commands lazily
            if not isinstance(command, click.Group) or name not in command.list_commands(ctx):
                return False
            command = command.get_command(ctx, name)
        return command is not None

    def invoke(self, args: list[str]) -> bool:
        """Run one command line; errors are shown the way the CLI shows them."""
        full = ["--home", str(self.home), "--store", self.store, *args]
        with pinned_clock(self.now):
            try:
                code = self.cli.main(args=full, prog_name="runnerup", standalone_mode=False)
            except click.exceptions.Exit as exc:
                return exc.exit_code == 0
            except click.ClickException as exc:
                exc.show()
                return False
            except click.Abort:
                click.echo("Aborted.", err=True)
                return False
            except Exception as exc:  # another plugin's bug must not end the demo
                click.echo(f"Error: {type(exc).__name__}: {exc}", err=True)
                return False
        # Without standalone mode click returns ctx.exit()'s status instead of raising.
        return not (isinstance(code, int) and not isinstance(code, bool) and code != 0)

    def capture_json(self, args: list[str]) -> Any:
        """A command's ``--json`` output, parsed, without printing it (None on failure)."""
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            ok = self.invoke(["--json", *args])
        if not ok:
            return None
        try:
            return json.loads(buffer.getvalue())
        except ValueError:
            return None

    def run(self, step: Step) -> None:
        self.now = step.now
        if step.say:
            click.echo(f"\n# {step.say}")
        missing = [path for path in step.needs if not self.has(path)]
        if missing:
            shown = " ".join(a if isinstance(a, str) else "…" for a in step.args)
            click.echo(f"$ runnerup {shown}")
            click.echo(f"(skipped: no '{missing[0]}' command; its plugin is not installed)")
            self.skipped += 1
            return
        args = [a if isinstance(a, str) else a(self) for a in step.args]
        if any(a is None for a in args):
            click.echo("(skipped: an earlier step did not produce what this one needs)")
            self.skipped += 1
            return
        words = [str(a) for a in args]
        click.echo(f"$ runnerup {shlex.join(words)}")
        self.ran += 1
        if not self.invoke(words):
            self.failed += 1
