"""The shape of a phrase rule, shared by the rule tables.

A rule is a compiled, case-insensitive pattern with the kind it supports and a
weight; ``negatable`` marks positive phrases that a preceding negation turns
into rejection evidence. See :mod:`.rules` for the scale and the process.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Kind = Literal["rejection", "invitation", "offer", "other"]

# A gap inside one sentence: no sentence-ending punctuation in between.
GAP = r"[^.!?]{0,80}?"
CANDIDATE = r"(?:candidat\w*|applicants?|profiles?|individuals?|people|persons?|talent)"


class Rule(NamedTuple):
    """One phrase: the kind it supports, its weight, and whether a negation flips it."""

    kind: Kind
    weight: float
    pattern: re.Pattern[str]
    negatable: bool = False


def rule(kind: Kind, weight: float, pattern: str, *, negatable: bool = False) -> Rule:
    """Compile one table entry; every pattern is matched case-insensitively."""
    return Rule(kind, weight, re.compile(pattern, re.IGNORECASE), negatable)


REJECTION: Kind = "rejection"
INVITATION: Kind = "invitation"
OFFER: Kind = "offer"
OTHER: Kind = "other"
