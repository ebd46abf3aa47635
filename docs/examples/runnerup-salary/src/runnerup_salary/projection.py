"""The ``salary.negotiations`` read model: every negotiation and its history.

The state is a plain ``msgspec.Struct`` because the kernel checkpoints it
(snapshot + position) and a command then folds only the events after the
checkpoint. Bump ``version`` whenever :meth:`apply` changes meaning: the
kernel then rebuilds the view from position 0.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from runnerup import Projection, RecordedEvent, RunnerupError

from .events import SalaryAgreed, SalaryCountered, SalaryOffered

NAME = "salary.negotiations"


class Step(msgspec.Struct, kw_only=True):
    """One move in a negotiation: ``offered``, ``countered`` or ``agreed``."""

    kind: str
    amount: int
    at: datetime
    version: int  # the event's version in its stream: stable, so ids derived from it are too
    note: str | None = None


class Negotiation(msgspec.Struct, kw_only=True):
    id: str
    company: str
    currency: str
    role: str | None = None
    steps: list[Step] = []

    def latest(self, kind: str) -> Step | None:
        """The most recent step of ``kind``, or None."""
        return next((s for s in reversed(self.steps) if s.kind == kind), None)

    @property
    def agreed(self) -> int | None:
        step = self.latest("agreed")
        return step.amount if step else None

    @property
    def status(self) -> str:
        return "agreed" if self.agreed is not None else "open"


class Negotiations(msgspec.Struct):
    items: dict[str, Negotiation] = {}

    def resolve(self, ref: str) -> Negotiation:
        """The negotiation a user names: its id, its company, or a unique prefix of either."""
        text = ref.strip().lower()
        exact = [n for n in self.items.values() if text in (n.id, n.company.lower())]
        if exact:
            return exact[0]
        found = [
            n
            for n in self.items.values()
            if n.id.startswith(text) or n.company.lower().startswith(text)
        ]
        if len(found) == 1:
            return found[0]
        if not found:
            raise RunnerupError(
                f"no salary negotiation matches {ref!r} (see 'runnerup salary show')"
            )
        names = ", ".join(sorted(n.id for n in found))
        raise RunnerupError(f"{ref!r} matches several negotiations: {names}")


class NegotiationsProjection(Projection[Negotiations]):
    name = NAME
    version = 1
    types = frozenset({"salary.offered", "salary.countered", "salary.agreed"})
    state_type = Negotiations

    def initial(self) -> Negotiations:
        return Negotiations()

    def apply(self, state: Negotiations, event: RecordedEvent) -> Negotiations:
        data = event.data
        if isinstance(data, SalaryOffered):
            item = state.items.setdefault(
                data.negotiation,
                Negotiation(id=data.negotiation, company=data.company, currency=data.currency),
            )
            item.role = data.role or item.role
            kind = "offered"
        elif isinstance(data, SalaryCountered | SalaryAgreed):
            found = state.items.get(data.negotiation)
            if found is None:  # e.g. appended by hand with `events append`: nothing to attach to
                return state
            item = found
            kind = "countered" if isinstance(data, SalaryCountered) else "agreed"
        else:
            return state
        item.steps.append(
            Step(
                kind=kind,
                amount=data.amount,
                at=event.occurred_at,
                version=event.version,
                note=data.note,
            )
        )
        return state
