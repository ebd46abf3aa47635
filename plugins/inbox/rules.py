"""The weighted phrase rules behind :func:`runnerup.plugins.inbox.classify.classify`.

Each rule is a regular expression (matched case-insensitively against the
subject and the newest message, with curly apostrophes straightened and line
breaks joined) and a weight. Weights follow one scale: 5 is a phrase that on
its own decides a mail ("we have decided to move forward with other
candidates"), 3-4 a strong hint, 1-2 a word that only tips a balance
("unfortunately", "congratulations"). Rules marked ``negatable`` are positive
phrases ("move forward with your application", "invite you to an interview",
"offer you") that count as rejection evidence instead when a negation such as
"not", "unable", "nicht", "pas", "no" or "niet" precedes them in the same
sentence.

Adding a rule: add it to the table of its kind (:mod:`.rules_rejection`,
:mod:`.rules_positive`, :mod:`.rules_other`), add a corpus mail under
``tests/inbox/corpus`` that needs it, and keep the whole corpus green.
"""

from __future__ import annotations

import re

from .rule import Kind, Rule
from .rules_other import OTHER_RULES
from .rules_positive import INVITATION_RULES, OFFER_RULES
from .rules_rejection import REJECTION_RULES

__all__ = ["CLAUSE_BREAK", "NEGATION", "NEGATION_WINDOW", "RULES", "Kind", "Rule"]

RULES: tuple[Rule, ...] = (*REJECTION_RULES, *INVITATION_RULES, *OFFER_RULES, *OTHER_RULES)

# Negation cues looked for just before a negatable phrase, within its sentence.
NEGATION = re.compile(
    r"\b(?:not|never|unable|cannot|nicht|kein\w*|nie|pas|ne|jamais|no|nunca|niet|geen|nooit)\b"
    r"|n't\b|\bn'(?=\w)",
    re.IGNORECASE,
)
# A negation only counts within the clause of the phrase it negates.
CLAUSE_BREAK = re.compile(r"[.!?;:,]|\b(?:but|however|aber|jedoch|mais|pero|maar)\b", re.IGNORECASE)
NEGATION_WINDOW = 60
