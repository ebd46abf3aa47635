"""Shared context for rendering drafts the way the drafting plugin will."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest


@pytest.fixture
def context() -> dict[str, Any]:
    """A realistic, complete template context for a rejection after an onsite."""
    return {
        "company": "Northwind Logistics",
        "role": "Senior Data Engineer",
        "contact": {
            "name": "Dana Whitfield",
            "first_name": "Dana",
            "email": "dana.whitfield@northwind.example",
        },
        "me": {"name": "Alex Morgan", "email": "alex.morgan@example.org"},
        "stage": "onsite",
        "round": 3,
        "interviewed_on": date(2026, 11, 12),
        "rejected_on": date(2026, 11, 21),
        "feedback": "Strong SQL skills; go deeper on streaming system design.",
        "days_since": 24,
        "extra": {
            "pain": "your team is moving its reporting to a streaming platform",
            "story": "at Contoso I cut nightly batch times from six hours to forty minutes",
            "next_step": "a streaming-focused role at Fabrikam",
        },
    }
