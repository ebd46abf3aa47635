"""Domain knowledge about sender addresses: which domain is the company's.

A rejection usually comes from ``careers@mail.acme.com`` or from an applicant
tracking system (ATS) such as Greenhouse that sends on the company's behalf.
The first case names the company in its domain; the second names it only in
the display name. These tables tell the two apart without a network lookup or
the full public-suffix list (a deliberate trade-off: a tiny suffix table is
right for the mail a job seeker receives and keeps the parser dependency-free).
"""

from __future__ import annotations

import re

# Second-level labels under a two-letter country TLD that are public suffixes
# themselves (acme.co.uk, acme.com.au): the registrable part is one label more.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "ne", "or"})

# Multi-label suffixes under which every customer gets its own subdomain; the
# tenant label is the interesting part there, but it is still an ATS address.
_ATS_SUFFIXES = (
    "greenhouse.io",
    "greenhouse-mail.io",
    "lever.co",
    "myworkday.com",
    "myworkdayjobs.com",
    "workday.com",
    "ashbyhq.com",
    "smartrecruiters.com",
    "personio.de",
    "personio.com",
    "teamtailor.com",
    "teamtailor-mail.com",
    "recruitee.com",
    "workable.com",
    "workablemail.com",
    "jobvite.com",
    "icims.com",
    "bamboohr.com",
    "successfactors.com",
    "successfactors.eu",
    "taleo.net",
    "breezy.hr",
    "jazzhr.com",
    "applytojob.com",
    "join.com",
    "softgarden.io",
    "softgarden.de",
    "rippling.com",
    "pinpointhq.com",
    "comeet.co",
    "homerun.co",
    "hibob.com",
    "dover.com",
    "gem.com",
    "goodtime.io",
    "calendly.com",
    "linkedin.com",
    "indeed.com",
    "indeedemail.com",
    "glassdoor.com",
    "stepstone.de",
    "stepstone.com",
    "xing.com",
    "welcometothejungle.com",
    "otta.com",
    "wellfound.com",
    "hired.com",
    "ziprecruiter.com",
    "monster.com",
    "dice.com",
    "infojobs.net",
    "indeed.fr",
    "apec.fr",
    "nationalevacaturebank.nl",
)

ATS_DOMAINS = frozenset(_ATS_SUFFIXES)

# Personal and bulk mail providers: the domain says nothing about an employer.
GENERIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "google.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.fr",
        "hotmail.de",
        "hotmail.es",
        "live.com",
        "live.nl",
        "msn.com",
        "microsoft.com",
        "yahoo.com",
        "yahoo.fr",
        "yahoo.de",
        "yahoo.es",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "t-online.de",
        "freenet.de",
        "posteo.de",
        "mailbox.org",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "tutanota.com",
        "fastmail.com",
        "zoho.com",
        "mail.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "sfr.fr",
        "wanadoo.fr",
        "ziggo.nl",
        "kpnmail.nl",
        "xs4all.nl",
        "telefonica.net",
        "example.com",
        "example.org",
        "example.net",
        "zoom.us",
        "mailchimp.com",
        "mcsv.net",
        "sendgrid.net",
        "amazonses.com",
        "mailgun.org",
        "hubspot.com",
        "hubspotemail.net",
    }
)

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def registrable_domain(host: str | None) -> str | None:
    """The registrable part of ``host``: ``mail.careers.acme.co.uk`` -> ``acme.co.uk``.

    Dropping every label left of the registrable part removes the mail
    subdomains companies send from (``mail.``, ``email.``, ``careers.``,
    ``jobs.``, ``notifications.``, ``hr.`` and any other), so one company maps
    to one domain however its mail is routed.
    """
    if not host:
        return None
    host = host.strip().strip(".").lower()
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    keep = 2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        keep = 3
    return ".".join(labels[-keep:])


def is_ats_domain(domain: str | None) -> bool:
    """True for an applicant tracking system or a job board sending on a company's behalf."""
    if not domain:
        return False
    return any(domain == s or domain.endswith("." + s) for s in ATS_DOMAINS)


def is_generic_domain(domain: str | None) -> bool:
    """True when the domain cannot name an employer (personal mail, ATS, bulk senders)."""
    if not domain:
        return True
    return domain in GENERIC_DOMAINS or is_ats_domain(domain)


def company_from_domain(domain: str | None) -> str | None:
    """``northwind-logistics.com`` -> ``Northwind Logistics``; None for generic domains.

    Only a last resort: the capitalisation is a guess (``acmecorp`` stays
    ``Acmecorp``), so a display name or signature wins whenever there is one.
    """
    if domain is None or is_generic_domain(domain):
        return None
    label = domain.split(".")[0]
    words = [w for w in re.split(r"[-_]+", label) if w]
    if not words:
        return None
    return " ".join(w.upper() if len(w) <= 2 else w.capitalize() for w in words)
