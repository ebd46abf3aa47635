"""A tiny plugin used by the kernel tests: a counter with events, a projection and a reactor."""

from __future__ import annotations

import msgspec
from runnerup import Event, NewEvent, Projection, hookimpl


class Clicked(Event, tag="test.clicked"):
    """A button was clicked."""

    __stream__ = "counter/{counter}"

    counter: str
    amount: int = 1


class Thanked(Event, tag="test.thanked"):
    """The reactor said thanks for a click."""

    __stream__ = "thanks/{counter}"

    counter: str
    for_position: int


class Totals(msgspec.Struct):
    counts: dict[str, int] = {}
    applied: list[int] = []


class TotalsProjection(Projection[Totals]):
    name = "test.totals"
    version = 1
    types = frozenset({"test.clicked"})
    state_type = Totals

    def initial(self) -> Totals:
        return Totals()

    def apply(self, state: Totals, event):  # type: ignore[no-untyped-def]
        state.counts[event.data.counter] = (
            state.counts.get(event.data.counter, 0) + event.data.amount
        )
        state.applied.append(event.position)
        return state


class CounterPlugin:
    """Registered as an object so tests can register and unregister it."""

    def __init__(self, react: bool = True) -> None:
        self.react = react
        self.calls: list[int] = []

    @hookimpl
    def register_event_types(self, register):  # type: ignore[no-untyped-def]
        register(Clicked)
        register(Thanked)

    @hookimpl
    def register_projections(self, register):  # type: ignore[no-untyped-def]
        register(TotalsProjection())

    @hookimpl
    def handle_event(self, event):  # type: ignore[no-untyped-def]
        if not self.react or event.type != "test.clicked":
            return None
        self.calls.append(event.position)
        return [NewEvent(data=Thanked(counter=event.data.counter, for_position=event.position))]
