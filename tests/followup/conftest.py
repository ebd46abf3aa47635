"""A kernel with every built-in plugin, a pinned clock and a config of the test's choosing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from runnerup.testing import make_test_kernel

NOW = datetime.fromisoformat("2026-11-20T10:00:00+01:00")
APP = "northwind-senior-data-engineer"


class Search:
    """Records the facts of a job search straight into a kernel, like the commands would."""

    def __init__(self, kernel: Any) -> None:
        self.kernel = kernel

    def record(self, *events: Any, on: datetime | None = None) -> int:
        return self.kernel.record(list(events), occurred_at=on)[-1]  # type: ignore[no-any-return]

    def apply(
        self, app: str = APP, company: str = "Northwind Logistics", contact: str | None = "c-dana"
    ) -> None:
        from runnerup.events.application import ApplicationSubmitted
        from runnerup.events.contact import ContactAdded

        events: list[Any] = []
        if contact:
            seal = self.kernel.vault.seal
            events.append(
                ContactAdded(
                    contact=contact,
                    name=seal(contact, "Dana Whitfield"),
                    email=seal(contact, "dana@northwind.example"),
                    company=company,
                    application=app,
                )
            )
        events.append(
            ApplicationSubmitted(
                application=app, company=company, role="Senior Data Engineer", contact=contact
            )
        )
        self.kernel.record(events)

    def interviewed(self, app: str = APP, round: int = 1, on: datetime | None = None) -> int:
        from runnerup.events.application import InterviewCompleted

        return self.record(InterviewCompleted(application=app, round=round), on=on)

    def rejected(
        self,
        app: str = APP,
        stage: str = "interview",
        final: bool = True,
        on: datetime | None = None,
    ) -> int:
        from runnerup.events.application import ApplicationRejected

        return self.record(ApplicationRejected(application=app, stage=stage, final=final), on=on)

    def caused(self, position: int) -> list[Any]:
        chain, out = {position}, []
        for event in self.kernel.read(after=position):
            if event.meta.causation in chain:
                chain.add(event.position)
                out.append(event)
        return out

    def reminders(self, position: int) -> dict[str, Any]:
        return {
            e.data.reminder: e.data for e in self.caused(position) if e.type == "reminder.scheduled"
        }

    def requests(self, position: int) -> dict[str, Any]:
        return {e.data.draft: e.data for e in self.caused(position) if e.type == "draft.requested"}


@pytest.fixture
def make_search(tmp_path: Path) -> Iterator[Callable[..., Search]]:
    kernels: list[Any] = []

    def make(config: dict[str, Any] | None = None, now: datetime = NOW) -> Search:
        values = {"me": {"name": "Alex Morgan", "email": "alex@example.org"}, **(config or {})}
        kernel = make_test_kernel(home=tmp_path / f"home{len(kernels)}", now=now, values=values)
        kernels.append(kernel)
        return Search(kernel)

    yield make
    for kernel in kernels:
        kernel.close()


@pytest.fixture
def search(make_search: Callable[..., Search]) -> Search:
    return make_search()
