"""Feedback themes: a documented keyword map, whole words only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup.plugins.applications.themes import THEMES, normalise_theme, tag_themes


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("We went with someone with more years in the field.", ["experience"]),
        ("Your system design answer lacked depth.", ["technical-depth"]),
        ("Answers were rambling; be more concise.", ["communication"]),
        ("Not the right culture fit for the team.", ["culture-fit"]),
        ("We need someone who has led teams (leadership).", ["leadership"]),
        ("Limited logistics industry knowledge.", ["domain-knowledge"]),
        ("Your salary expectations were above our budget.", ["salary"]),
        ("You didn\u2019t know much about our product; do your homework.", ["preparation"]),
        ("We chose an internal candidate.", ["competition"]),
        ("The role requires a degree.", ["qualifications"]),
        ("The notice period is too long and relocation is needed.", ["logistics"]),
        ("A fine benefit package, leaderboard, fitness.", []),  # no partial words
    ],
)
def test_tagging(text: str, themes: list[str]) -> None:
    assert tag_themes(text) == themes


@given(st.text(max_size=300))
def test_tags_are_known_ordered_and_unique(text: str) -> None:
    tags = tag_themes(text)
    assert tags == [t for t in THEMES if t in tags]


def test_manual_themes_are_slugs() -> None:
    assert normalise_theme(" Spark Skills ") == "spark-skills"
    assert normalise_theme("system_design") == "system-design"
    assert normalise_theme("!!") is None and normalise_theme("x" * 41) is None
