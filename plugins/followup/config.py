"""The ``[rejection_plan]`` table of config.toml: which steps run, and when.

Every key is optional. A key with the wrong type is ignored with a warning
instead of failing: the plan runs in a reactor after the rejection is already
recorded, and a typo in config.toml must not cost the user their whole plan.

.. code-block:: toml

    [rejection_plan]
    thank_you = true              # thank-you note, due the day of the "no"
    thank_you_days = 0
    feedback_request = true       # only after real interview rounds, when final
    feedback_request_days = 1
    reflect = true                # "what went well, what caught you out"
    reflect_days = 1
    keep_in_touch = true          # check-ins, counted from the last real contact
    keep_in_touch_days = [30, 90]
    review_plan = true            # review the search plan
    review_plan_days = 2
    revisit_feedback = true       # re-read feedback with fresh eyes
    revisit_feedback_days = 3
    interview_thanks = true       # thank-you note after each interview round
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import runnerup

SECTION = "rejection_plan"


class PlanConfig(msgspec.Struct, frozen=True, kw_only=True):
    """The effective plan settings (defaults encode the advice in DESIGN §1)."""

    thank_you: bool = True
    thank_you_days: int = 0
    feedback_request: bool = True
    feedback_request_days: int = 1
    reflect: bool = True
    reflect_days: int = 1
    keep_in_touch: bool = True
    keep_in_touch_days: list[int] = msgspec.field(default_factory=lambda: [30, 90])
    review_plan: bool = True
    review_plan_days: int = 2
    revisit_feedback: bool = True
    revisit_feedback_days: int = 3
    interview_thanks: bool = True


_FIELDS = {f.name: f.type for f in msgspec.structs.fields(PlanConfig)}


def _valid(key: str, value: Any) -> Any:
    converted = msgspec.convert(value, _FIELDS[key])
    if isinstance(converted, bool) or not isinstance(converted, int | list):
        return converted
    days = converted if isinstance(converted, list) else [converted]
    if any(d < 0 or d > 3650 for d in days):
        raise ValueError("days must be between 0 and 3650")
    return sorted(set(converted)) if isinstance(converted, list) else converted


def load(section: Mapping[str, Any]) -> PlanConfig:
    """Read the table, keeping the default for any key that is unknown or wrong."""
    good: dict[str, Any] = {}
    for key, value in section.items():
        if key not in _FIELDS:
            runnerup.get_logger().warning("unknown config key ignored", section=SECTION, key=key)
            continue
        try:
            good[key] = _valid(key, value)
        except (msgspec.ValidationError, ValueError) as exc:
            runnerup.get_logger().warning(
                "config value ignored", section=SECTION, key=key, value=repr(value), error=str(exc)
            )
    return PlanConfig(**good)
