"""Which company and which role a mail is about.

Sources are tried from the most to the least specific, and the first that
yields a plausible name wins:

1. the signature: "The Northwind Logistics Talent Team", "Ihr Recruiting-Team
   der Kessler GmbH", "Talent Partner at Harbourlight", a line that is a legal
   name ("Kessler Maschinenbau GmbH"); the last such line in the mail counts;
2. the subject: "Your application to Acme Corp", "Acme: Senior Data Engineer";
3. body phrases: "your interest in Acme", "Ihre Bewerbung bei der Acme AG",
   "votre candidature chez Acme", "je sollicitatie bij Acme";
4. the sender's display name: "Acme Careers", "Greenhouse on behalf of Acme",
   "Acme via Workday", or a name that matches the sender's domain;
5. the sender's domain ("northwind-logistics.com" -> "Northwind Logistics"),
   never for personal mail providers or applicant tracking systems.
"""

from __future__ import annotations

import re

from .domains import company_from_domain, is_ats_domain, is_generic_domain
from .extract import CAP_SEQ, UPPER, clean_company, find_role, looks_like_role, parse_subject

_DEPARTMENT = (
    r"(?:talent acquisition|talent|recruiting|recruitment|hiring|people(?: (?:&|and) culture)?|"
    r"hr|careers|human resources|people operations|engineering|product|design|data)"
)
_SIG_TEAM = re.compile(rf"\b(?:[Tt]he |[Yy]our )?({CAP_SEQ}) (?i:{_DEPARTMENT} team)\b")
_SIG_TEAM_OF = re.compile(
    r"(?i:\bteam|équipe|equipo|abteilung|recruitmentteam|recruitingteam|personalabteilung|"
    r"recruiting-team|hr-team)\b[^\n.]{0,30}?"
    rf"(?:\s(?i:von|der|des|de la|de|of|at|bij|van|en)\s|\s(?i:d)['\u2019])({CAP_SEQ})"
)
_SIG_TITLE_AT = re.compile(
    r"^[^\n]{0,60}?(?i:recruit\w*|talent|hiring manager|head of|manager|director|lead|partner|"
    r"coordinator|specialist|founder|cto|ceo|hr|people|engineer|personal\w*|recrut\w*|"
    r"reclutad\w*|selección)"
    rf"[^\n]{{0,40}}?\s(?:at|@|\||·|\u2013|-|bei|chez|bij)\s({CAP_SEQ})\s*$",
    re.MULTILINE,
)
_LEGAL = (
    r"(?:GmbH(?: & Co\. KG)?|AG|SE|KG|Ltd\.?|Limited|Inc\.?|LLC|Corp\.?|Corporation|S\.A\.|SA|SAS|"
    r"SARL|S\.L\.|SL|B\.V\.|BV|N\.V\.|NV|plc|PLC|Oy|AB|AS)"
)
_SIG_LEGAL_LINE = re.compile(rf"^\s*({CAP_SEQ} {_LEGAL})\s*$", re.MULTILINE)
_DEPARTMENT_PREFIX = re.compile(
    r"^(?:talent\w*|recruit\w*|recrutement|recursos humanos|rrhh|selección|personal\w*|hr|people)"
    r"\s+(?:de|of|der|van|at|du)\s+",
    re.IGNORECASE,
)

_BODY_COMPANY = tuple(
    re.compile(p)
    for p in (
        r"(?i:\binterest in|\bapplying (?:to|for|at|with)|\bapplied (?:to|at|with)|"
        r"\bapplication (?:to|with|at)|\bcareers? at|\bopportunities at|\bto join|\bjoining|"
        r"\bposition at|\brole at|\bteam at|\binterviewing with|\binterview with|\bto work at|"
        rf"\bto work for|\bhere at)\s(?:the\s)?({CAP_SEQ})",
        r"(?i:\bbewerbung|\binteresse)(?:\s[^\n.]{0,80}?)?\s(?i:bei|an)\s"
        rf"(?:(?i:der|dem|den|einer tätigkeit bei)\s)?({CAP_SEQ})",
        rf"(?i:\bcandidature|\bintérêt)[^\n.]{{0,80}}?\s(?i:chez|au sein de|pour)\s({CAP_SEQ})",
        rf"(?i:\bport(?:ez|é) à|\brejoindre)\s(?:(?i:la société)\s)?({CAP_SEQ})",
        rf"(?i:\bcandidatura|\bsolicitud|\binterés)[^\n.]{{0,80}}?\s(?i:en|a|para|con)\s({CAP_SEQ})",
        rf"(?i:\bformar parte de|\bunirte a|\btrabajar en|\btrabajar con)\s({CAP_SEQ})",
        rf"(?i:\bsollicitatie|\binteresse)[^\n.]{{0,80}}?\s(?i:bij|in)\s({CAP_SEQ})",
        rf"(?i:\bwerken bij|\bsolliciteren bij)\s({CAP_SEQ})",
    )
)

_BODY_ROLE = tuple(
    re.compile(p)
    for p in (
        r"(?i:\b(?:for|to) the (?:role|position|post) of)\s+([^\n.;!?]{2,90})",
        r"(?i:^|\n)(?i:position|role|job title|job|vacancy|title|stelle|poste|puesto|functie|"
        r"vacature)\s*:\s*([^\n;!?]{2,90})",
        r"(?i:\b(?:application|applying|applied|interest|interviewing|interview|candidacy) "
        r"(?:for|to|in) (?:the |our |a |an )?(?:role of |position of )?)([^\n.;!?]{2,90})",
        r"(?i:\b(?:the|our|this|your) )((?:[\w/&+#'\u2019()-]+ ){1,7}?)"
        r"(?i:position|role|opening|vacancy|job|opportunity)\b",
        r"(?i:\b(?:bewerbung|stelle|position|tätigkeit|interesse) (?:als|für die (?:stelle"
        r"|position)"
        r"(?: als)?|auf die (?:stelle|position)(?: als)?|um die (?:stelle|position)(?: als)?))"
        r"\s+([^\n.;!?]{2,90})",
        r"(?i:\bposte (?:de |d['\u2019]|:\s*)|\ben tant que\s+)([^\n.;!?]{2,90})",
        r"(?i:\b(?:puesto|vacante|posición|cargo) (?:de |como |:\s*))([^\n.;!?]{2,90})",
        r"(?i:\b(?:functie|vacature|rol) (?:van |als |:\s*)"
        r"|\bsollicitatie als\s+)([^\n.;!?]{2,90})",
    )
)

_BEHALF = re.compile(
    r"(?i:on behalf of|im auftrag von|pour le compte de|en nombre de|namens)\s+(.+)$"
)
_VIA = re.compile(r"^(.+?)\s+\(?(?i:via|through|über|par|por)\s+[^)]+\)?$")
_NAME_SUFFIX = re.compile(
    r"\s*[-|\u2013@]?\s*(?i:careers?|jobs|recruiting|recruitment|talent(?: acquisition)?(?: team)?|"
    r"hiring(?: team)?|hr(?: team)?|people(?: team)?|team|karriere|recrutement|empleo|carreras|"
    r"werken bij|vacatures|notifications?|no-?reply)$"
)
_CORPORATE = re.compile(
    r"\b(?:inc|corp|corporation|ltd|llc|gmbh|ag|sa|bv|labs?|studio|group|holdings?|technologies|"
    r"tech|software|systems|solutions|analytics|digital|health|bank|energie|energy|logistics|"
    r"consulting|partners|media|capital|ventures|industries|company|co)\b",
    re.IGNORECASE,
)


_PERSON = re.compile(
    rf"^[{UPPER}][a-zß-ÿ'\u2019]+(?:-[{UPPER}][a-zß-ÿ]+)?"
    rf"(?: (?:van|de|der|von|da|di|del|la"
    rf"|le)){{0,2}}(?: [{UPPER}][a-zß-ÿ'\u2019]+(?:-[{UPPER}][a-zß-ÿ]+)?){{1,2}}$"
)


def _looks_like_person(name: str) -> bool:
    """Two or three plain capitalised words ("Jane Doe") and nothing corporate about them."""
    return bool(_PERSON.match(name)) and not _CORPORATE.search(name)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _from_signature(text: str) -> str | None:
    found: list[tuple[int, str]] = []
    for pattern in (_SIG_TEAM, _SIG_TEAM_OF, _SIG_TITLE_AT, _SIG_LEGAL_LINE):
        for m in pattern.finditer(text):
            name = clean_company(_DEPARTMENT_PREFIX.sub("", m.group(1)))
            if name:
                found.append((m.start(1), name))
    return max(found)[1] if found else None


def _from_body(text: str) -> str | None:
    for pattern in _BODY_COMPANY:
        for m in pattern.finditer(text):
            name = clean_company(m.group(1))
            if name:
                return name
    return None


def company_from_display_name(name: str | None, domain: str | None) -> str | None:
    """The company a sender's display name stands for, or None for a person's name."""
    if not name:
        return None
    name = name.strip(" \"'")
    m = _BEHALF.search(name)
    if m:
        return clean_company(m.group(1))
    m = _VIA.match(name)
    if m:
        return clean_company(m.group(1))
    stripped = _NAME_SUFFIX.sub("", name).strip()
    if stripped and stripped != name:
        return clean_company(stripped)
    if is_ats_domain(domain):
        # An ATS sends as "Acme" or as "Jane Doe": only a one-word or corporate-looking
        # name is taken for a company; two plain capitalised words are likely a person.
        return None if _looks_like_person(name) else clean_company(name)
    if domain and not is_generic_domain(domain):
        label = _squash(domain.split(".")[0])
        squashed = _squash(name)
        if label and squashed and (label in squashed or squashed in label):
            return clean_company(name)
    return None


def find_company(
    subject: str, text: str, sender_name: str | None, sender_domain: str | None
) -> str | None:
    """The company a mail is about, following the source order in the module docstring."""
    subject_company, _ = parse_subject(subject)
    return (
        _from_signature(text)
        or subject_company
        or _from_body(text)
        or company_from_display_name(sender_name, sender_domain)
        or company_from_domain(sender_domain)
    )


def find_role_in_mail(subject: str, text: str) -> str | None:
    """The role a mail is about: the subject first, then phrases in the body."""
    _, role = parse_subject(subject)
    if role:
        return role
    return find_role(text, _BODY_ROLE)


__all__ = ["company_from_display_name", "find_company", "find_role_in_mail", "looks_like_role"]
