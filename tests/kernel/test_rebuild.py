"""``events replay`` folds every view in one pass and gets what separate folds get."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from runnerup.events.application import (
    ApplicationRejected,
    ApplicationSubmitted,
    FeedbackReceived,
    InterviewCompleted,
)
from runnerup.events.plan import OutreachSent
from runnerup.testing import make_test_kernel

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _search(kernel: object) -> None:
    record = kernel.record  # type: ignore[attr-defined]
    for i, company in enumerate(["Acme", "Globex", "Initech", "Umbrella"]):
        app = f"{company.lower()}-data-engineer"
        when = START + timedelta(days=i)
        record(
            [ApplicationSubmitted(application=app, company=company, role="Data Engineer")],
            occurred_at=when,
        )
        record([InterviewCompleted(application=app, round=1)], occurred_at=when)
        if i % 2 == 0:
            record(
                [ApplicationRejected(application=app, stage="interview", via="email")],
                occurred_at=when + timedelta(days=3),
            )
            record(
                [FeedbackReceived(application=app, text="more depth", themes=["technical-depth"])],
                occurred_at=when + timedelta(days=4),
            )
        record([OutreachSent(company=company, on=when.date())], occurred_at=when)


def test_one_pass_rebuild_equals_each_view_folded_alone(tmp_path: Path) -> None:
    kernel = make_test_kernel(now=START + timedelta(days=10), home=tmp_path)
    _search(kernel)
    head = kernel.store.head()[0]
    # an undo in the middle: every view must leave the undone events out
    kernel.retract(kernel.consequences(5))
    head = kernel.store.head()[0]
    alone = {
        name: kernel.projections[name].dump(kernel._fold(kernel.projections[name], head))
        for name in kernel.projections
    }
    assert len(alone) >= 10

    results = kernel.rebuild()

    assert set(results) == {"kernel.retractions", *alone}
    assert set(results.values()) == {head}
    for name, expected in alone.items():
        assert kernel.projections[name].dump(kernel.view(name)) == expected, name
        checkpoint = kernel.store.load_checkpoint(name)
        assert checkpoint is not None and checkpoint.position == head
        assert checkpoint.state == expected, name
