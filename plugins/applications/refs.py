"""Application ids and the references people type for them.

An application id is a readable slug of company and role
(``northwind-senior-data-engineer``): it is the stream name
(``application/<id>``), what ``board`` shows, and what a user types back. A
second application with the same slug gets ``-2``, then ``-3``; ids are never
reused, so an ended application keeps its id for good.

A reference (the ``APP`` argument of every command) matches, in order:

1. an exact id (case-insensitive, since ids are lowercase);
2. a unique prefix of an id;
3. a company: a unique exact company name (case-insensitive), else a unique
   company-name prefix (case-insensitive). So ``acme`` names the one
   application at Acme even when ``acme-labs-…`` shares the id prefix.

Anything else is an error that names the candidates (ambiguous) or points to
``runnerup board`` (unknown): guessing the wrong application would record a
rejection against the wrong employer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from typing import Protocol, TypeVar

from runnerup import RunnerupError

#: Longest slug we produce; long role titles are cut at a word boundary.
MAX_SLUG = 60
#: Used when a name has no ASCII letters or digits at all (e.g. only CJK).
FALLBACK_SLUG = "application"
#: How many candidates an "ambiguous" error lists before "…".
MAX_CANDIDATES = 6

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose into ASCII but have an obvious spelling.
_SPELLED = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "ł": "l", "Ł": "l"}
)


class _Named(Protocol):
    id: str
    company: str
    role: str


A = TypeVar("A", bound=_Named)


def slugify(text: str, *, max_length: int = MAX_SLUG) -> str:
    """Lowercase ASCII words joined by ``-``; ``""`` when nothing is left.

    Accents are folded (``Zürich`` → ``zurich``) so ids stay typeable on any
    keyboard; the result is idempotent: ``slugify(slugify(x)) == slugify(x)``.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        # Cut at the last word boundary when there is one, never mid-word.
        slug = cut.rsplit("-", 1)[0] if "-" in cut and slug[max_length] != "-" else cut
        slug = slug.strip("-")
    return slug


def new_application_id(company: str, role: str, taken: Container[str]) -> str:
    """The id for a new application: ``slug(company role)``, then ``-2``, ``-3`` …"""
    base = slugify(f"{company} {role}") or FALLBACK_SLUG
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def resolve_application(ref: str, items: Mapping[str, A]) -> A:
    """The one application ``ref`` names, or a :class:`RunnerupError` saying why not."""
    text = ref.strip()
    if not text:
        raise RunnerupError("an application reference cannot be empty (see 'runnerup board')")
    key = text.lower()
    exact = items.get(key) or items.get(text)
    if exact is not None:
        return exact
    by_id = [a for i, a in items.items() if i.startswith(key)]
    if len(by_id) == 1:
        return by_id[0]
    folded = text.casefold()
    by_company = [a for a in items.values() if a.company.casefold().startswith(folded)]
    exact_company = [a for a in by_company if a.company.casefold() == folded]
    if len(exact_company) == 1:
        return exact_company[0]
    if len(by_company) == 1:
        return by_company[0]
    candidates = {a.id: a for a in [*by_id, *(exact_company or by_company)]}
    if candidates:
        raise _ambiguous(text, list(candidates.values()))
    raise RunnerupError(f"no application matches {text!r} (see 'runnerup board' for the ids)")


def _ambiguous(ref: str, candidates: list[_Named]) -> RunnerupError:
    listed = sorted(candidates, key=lambda a: a.id)
    names = ", ".join(f"{a.id} ({a.company}, {a.role})" for a in listed[:MAX_CANDIDATES])
    more = f", … {len(listed) - MAX_CANDIDATES} more" if len(listed) > MAX_CANDIDATES else ""
    return RunnerupError(
        f"{ref!r} matches {len(listed)} applications: {names}{more}; use a longer id"
    )
