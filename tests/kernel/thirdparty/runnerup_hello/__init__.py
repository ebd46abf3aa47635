"""A third-party plugin, installed through a real entry point by the tests."""

import click
import runnerup
from runnerup import Event, hookimpl


class Waved(Event, tag="hello.waved"):
    """Someone waved."""

    __stream__ = "hello/{who}"

    who: str


@hookimpl
def register_event_types(register):
    register(Waved)


@hookimpl
def register_commands(cli):
    @cli.command()
    @click.argument("who")
    def wave(who):
        """Wave at WHO."""
        kernel = runnerup.get_kernel()
        kernel.record([Waved(who=who)])
        runnerup.emit({"waved": who}, text=f"waved at {who}")
