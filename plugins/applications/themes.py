"""Tagging feedback with themes, so analytics can tell whether they recur.

One rejection's feedback is an anecdote; the same theme three times is a
plan (``technical-depth`` three times → practise system design). Tagging is
a plain keyword map, not a model: predictable, explainable, and the user can
add ``--theme`` by hand. The themes are stored in the ``feedback.received``
event when it is recorded, so changing this map later never rewrites
history.

=====================  =====================================================
theme                  words that tag it (case-insensitive, whole words)
=====================  =====================================================
experience             experience, experienced, years, senior, junior,
                       seniority, track record, background
technical-depth        technical, depth, in-depth, system design, coding,
                       algorithm(s), architecture, hands-on, fundamentals
communication          communicate/communication, clarity, clear, concise,
                       articulate, explain, explanation, listening, rambling
culture-fit            culture, cultural, fit, values, team dynamic(s)
leadership             lead, leader, leadership, leading, managed,
                       management, mentoring, ownership, influence
domain-knowledge       domain, industry, sector, business, product knowledge
salary                 salary, compensation, pay, budget, expectations, rate
preparation            prepared, preparation, unprepared, research, homework,
                       did not know, didn't know
competition            another candidate, other candidates, stronger
                       candidate, internal candidate, closer match
qualifications         degree, certification, certified, qualification(s)
logistics              notice period, relocation, relocate, visa, location,
                       remote, on-site, start date, availability
=====================  =====================================================
"""

from __future__ import annotations

import re

#: theme -> regular expression over the lowercased text (whole words).
THEMES: dict[str, str] = {
    "experience": r"experienced?|years|senior|junior|seniority|track record|background",
    "technical-depth": (
        r"technical|technically|depth|in-depth|system design|coding|algorithms?|architecture"
        r"|hands-on|fundamentals"
    ),
    "communication": (
        r"communicat\w*|clarity|clear|concise|articulate|explain\w*|explanation|listening|rambling"
    ),
    "culture-fit": r"culture|cultural|fit|values|team dynamics?",
    "leadership": (
        r"lead|leader|leadership|leading|managed|management|mentoring|ownership|influence"
    ),
    "domain-knowledge": r"domain|industry|sector|business|product knowledge",
    "salary": r"salary|compensation|pay|budget|expectations|rate",
    "preparation": r"prepared|preparation|unprepared|research|homework|did not know|didn't know",
    "competition": (
        r"another candidate|other candidates|stronger candidates?|internal candidates?|closer match"
    ),
    "qualifications": r"degree|certification|certified|qualifications?",
    "logistics": (
        r"notice period|relocation|relocate|visa|location|remote|on-site|start date|availability"
    ),
}

_PATTERNS = {
    theme: re.compile(rf"(?<![\w-])(?:{words})(?![\w-])") for theme, words in THEMES.items()
}
_THEME_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def tag_themes(text: str) -> list[str]:
    """The themes ``text`` touches, in the order of :data:`THEMES`."""
    lowered = text.lower().replace("\u2019", "'")
    return [theme for theme, pattern in _PATTERNS.items() if pattern.search(lowered)]


def normalise_theme(value: str) -> str | None:
    """A user's ``--theme`` as a lowercase slug, or None if it is not one."""
    theme = re.sub(r"[\s_]+", "-", value.strip().lower())
    return theme if _THEME_NAME.fullmatch(theme) and len(theme) <= 40 else None
