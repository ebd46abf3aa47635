"""Readable application ids and the APP references people type."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from runnerup import RunnerupError
from runnerup.plugins.applications.refs import (
    MAX_SLUG,
    new_application_id,
    resolve_application,
    slugify,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Northwind Logistics Senior Data Engineer", "northwind-logistics-senior-data-engineer"),
        ("  AT&T — Sr. Engineer (Remote)  ", "at-t-sr-engineer-remote"),
        ("Zürich Straße Ørsted", "zurich-strasse-orsted"),
        ("C++ / C# dev", "c-c-dev"),
        ("株式会社", ""),
        ("word " * 30, ("word-" * 12).rstrip("-")),
    ],
)
def test_slugify_examples(text: str, slug: str) -> None:
    assert slugify(text) == slug


@given(st.text(max_size=200))
def test_slugify_is_a_clean_bounded_idempotent_slug(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or SLUG.fullmatch(slug)
    assert len(slug) <= MAX_SLUG
    assert slugify(slug) == slug


@given(
    st.text(
        alphabet=st.characters(codec="ascii", categories=("Lu", "Ll", "Nd")),
        min_size=1,
        max_size=20,
    )
)
def test_slugify_keeps_ascii_words(word: str) -> None:
    assert slugify(f"  {word}  ") == word.lower()


@given(st.text(max_size=40), st.text(max_size=40), st.integers(min_value=0, max_value=5))
def test_new_ids_never_collide(company: str, role: str, existing: int) -> None:
    taken: set[str] = set()
    for _ in range(existing + 1):
        new = new_application_id(company, role, taken)
        assert new not in taken and SLUG.fullmatch(new)
        taken.add(new)


def test_new_ids_count_from_two() -> None:
    taken = {"acme-engineer", "acme-engineer-2"}
    assert new_application_id("Acme", "Engineer", taken) == "acme-engineer-3"
    assert new_application_id("株式会社", "", set()) == "application"


@dataclass
class App:
    id: str
    company: str
    role: str = "Engineer"


APPS = {
    a.id: a
    for a in [
        App("acme-engineer", "Acme"),
        App("acme-labs-engineer", "Acme Labs"),
        App("northwind-data-engineer", "Northwind"),
        App("northwind-data-engineer-2", "Northwind"),
        App("globex-engineer", "Globex Corporation"),
    ]
}


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("acme-engineer", "acme-engineer"),  # exact id wins over longer ids sharing it
        ("NORTHWIND-DATA-ENGINEER", "northwind-data-engineer"),
        ("northwind-data-engineer-", "northwind-data-engineer-2"),  # unique id prefix
        ("acme", "acme-engineer"),  # exact company name, though "Acme Labs" shares it
        ("acme l", "acme-labs-engineer"),  # company prefix, case-insensitive
        ("globex corp", "globex-engineer"),
        ("glo", "globex-engineer"),
    ],
)
def test_references_resolve(ref: str, expected: str) -> None:
    assert resolve_application(ref, APPS).id == expected


def test_ambiguous_and_unknown_references() -> None:
    with pytest.raises(
        RunnerupError, match=r"'north' matches 2 applications: northwind-data-engineer \("
    ):
        resolve_application("north", APPS)
    with pytest.raises(RunnerupError, match=r"no application matches 'initech'.*runnerup board"):
        resolve_application("initech", APPS)
    with pytest.raises(RunnerupError, match="cannot be empty"):
        resolve_application("  ", APPS)
