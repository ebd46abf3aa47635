"""Which tracked application an email or invite is about.

Tried in order, each only when the earlier one found nothing:

1. **thread**: the mail's In-Reply-To/References name a Message-ID of an
   earlier suggestion that had an application;
2. **domain**: the sender's registrable domain is the application's URL
   domain or the domain of one of its contacts' addresses (an applicant
   tracking system's domain, e.g. greenhouse.io, never counts: it sends for
   everybody);
3. **company**: the company names agree once case, punctuation and legal
   forms ("Inc", "GmbH", "Ltd", ...) are set aside, or one is the other with
   words added ("Northwind" and "Northwind Logistics").

When several applications match, a matching role narrows them, then open
applications win over ended ones, then the most recent. Applications are read
through the ``applications`` and ``contacts`` views (the applications
plugin's documented contract), never by importing that plugin.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from .domains import is_generic_domain, registrable_domain

_LEGAL = frozenset(
    {
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "se", "sa", "sas",
        "sarl", "srl", "spa", "bv", "nv", "plc", "co", "corp", "corporation", "company",
        "kg", "ohg", "ug", "oy", "ab", "as", "aps", "pty", "lp", "llp", "pte", "kk",
        "group", "holding", "holdings",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_GENDER = re.compile(r"\(\s*[mwfdhx](?:\s*/\s*[mwfdhx]){1,3}\s*\)", re.IGNORECASE)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("ascii", "ignore").decode("ascii").lower()


def company_words(name: str | None) -> tuple[str, ...]:
    """``"Northwind Logistics GmbH"`` -> ``("northwind", "logistics")``."""
    if not name:
        return ()
    words = _WORD.findall(_fold(name.replace("&", " and ")))
    while words and words[-1] in _LEGAL:
        words.pop()
    return tuple(words)


def same_company(a: str | None, b: str | None) -> bool:
    wa, wb = company_words(a), company_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return long[: len(short)] == short and len("".join(short)) >= 4


def role_words(role: str | None) -> tuple[str, ...]:
    if not role:
        return ()
    return tuple(_WORD.findall(_fold(_GENDER.sub(" ", role))))


def same_role(a: str | None, b: str | None) -> bool:
    wa, wb = role_words(a), role_words(b)
    if not wa or not wb:
        return False
    return wa == wb or " ".join(wa) in " ".join(wb) or " ".join(wb) in " ".join(wa)


def url_domain(url: str | None) -> str | None:
    if not url:
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower()).split("/")[0]
    return registrable_domain(host.split("@")[-1].split(":")[0])


def _domains_of(app: Any, contacts: Any, opener: Callable[[Any], str]) -> set[str]:
    found = {d for d in [url_domain(getattr(app, "url", None))] if d}
    items = getattr(contacts, "items", {}) if contacts is not None else {}
    for contact_id in getattr(app, "contacts", []) or []:
        contact = items.get(contact_id)
        if contact is None or getattr(contact, "forgotten", False) or contact.email is None:
            continue
        address = opener(contact.email)
        if "@" in address:
            domain = registrable_domain(address.rpartition("@")[2])
            if domain:
                found.add(domain)
    return {d for d in found if not is_generic_domain(d)}


def match_application(
    *,
    apps: Any,
    contacts: Any,
    opener: Callable[[Any], str],
    threads: dict[str, str],
    thread_ids: Iterable[str],
    sender_domain: str | None,
    company: str | None,
    role: str | None,
) -> tuple[str | None, str | None]:
    """``(application id, how)``, or ``(None, None)`` when nothing matches."""
    items: dict[str, Any] = dict(getattr(apps, "items", {}) or {})
    if not items:
        return None, None
    for message_id in thread_ids:
        app_id = threads.get(message_id)
        if app_id and app_id in items:
            return app_id, "thread"
    if sender_domain and not is_generic_domain(sender_domain):
        by_domain = [a for a in items.values() if sender_domain in _domains_of(a, contacts, opener)]
        if by_domain:
            return _best(by_domain, role).id, "domain"
    if company:
        by_company = [a for a in items.values() if same_company(company, a.company)]
        if by_company:
            return _best(by_company, role).id, "company"
    return None, None


def _best(candidates: list[Any], role: str | None) -> Any:
    if role:
        fitting = [a for a in candidates if same_role(role, a.role)]
        candidates = fitting or candidates
    return max(candidates, key=lambda a: (bool(getattr(a, "is_open", True)), a.position))
