"""Recognising role titles and company names in short pieces of text.

Shared by the mail classifier (subjects, signatures, body phrases) and the
invite parser (event summaries). A *role* is recognised by its head word
("Engineer", "Entwickler", "Développeur", "Analista", "Ontwikkelaar" ...), so a
made-up title without one is missed rather than guessed; a *company* is a run
of capitalised words that is neither a role nor boilerplate ("Your
Application", "Talent Team"). Both are returned as written, minus noise such
as requisition numbers and German/French gender markers like ``(m/w/d)``.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


UPPER = "A-ZÀ-ÖØ-Þ"
# Inner dots only ("S.A", "B.V"): a trailing dot ends the sentence, not the name.
_CAPWORD = rf"(?:[{UPPER}0-9](?:[\w'\u2019&+-]|\.(?=\w))*)"
_CONNECT = r"(?:&|and|und|of|de|del|van|der|den|von|y|et)"
# A run of capitalised words such as "Northwind Logistics" or "Fenwick & Hale".
CAP_SEQ = rf"{_CAPWORD}(?: (?:{_CONNECT} )*{_CAPWORD}){{0,5}}"

_ROLE_HEADS = _words(
    "engineer developer programmer architect designer scientist analyst manager "
    "director lead head specialist consultant coordinator administrator intern internship "
    "associate officer owner recruiter accountant nurse teacher technician tester devops sre "
    "representative assistant executive strategist writer editor researcher marketer "
    "controller counsel lawyer physician therapist trainee apprentice "
    # German
    "entwickler entwicklerin ingenieur ingenieurin leiter leiterin berater beraterin "
    "werkstudent werkstudentin praktikant praktikantin referent referentin sachbearbeiter "
    "sachbearbeiterin mitarbeiter mitarbeiterin spezialist spezialistin architekt architektin "
    "kaufmann kauffrau techniker technikerin informatiker informatikerin "
    # French
    "développeur développeuse ingénieur ingénieure chef responsable analyste stagiaire "
    "consultante chargé chargée concepteur conceptrice directeur directrice "
    # Spanish
    "desarrollador desarrolladora ingeniero ingeniera analista consultor consultora "
    "diseñador diseñadora jefe jefa gerente técnico técnica programador programadora "
    # Dutch
    "ontwikkelaar medewerker adviseur beheerder stagiair analist projectleider teamleider"
)
_ROLE_SUFFIXES = tuple(sorted(_ROLE_HEADS))
_ROLE_EXACT = frozenset({"cto", "ceo", "cfo", "coo", "vp", "qa", "ux", "pm"})

_GENDER = re.compile(
    r"\(\s*[mwfdhx]\s*(?:/\s*[mwfdhx]\s*){1,3}\)|\b[mwfdhx]/[mwfdhx](?:/[mwfdhx])?\b", re.I
)
_REQ_ID = re.compile(r"\(?\s*(?:#\s?\d{2,}|\b(?:R|REQ|JR|JOB|ID)[-#\s]?\d{3,}\w*)\s*\)?", re.I)
_ROLE_CUT = re.compile(
    r"\s(?:at|bei|chez|en|bij|with|within|au sein|dans|in|for|für|pour|para|voor|has|have|was|is|"
    r"a été|ha|wurde|ist|we|which|that|here|from|and we|und|et|y|en el|en la|in our|to|zu|"
    r"position|role|opening|vacancy|stelle|poste|puesto|functie|vacature|job)\b"
    r"|\s[\u2013—|-]\s|[,;:()!?\"]",
    re.I,
)
_STRIP = " \t'\"`.,;:!?-\u2013—|*„“”«»\u201a\u2018\u2019"
_LEAD_ARTICLE = re.compile(
    r"^(?:the|a|an|our|der|die|das|le|la|l['\u2019]|les|el|un|une|de|het|een)\s+", re.I
)
_COMPANY_CUT = re.compile(
    r"\s(?:for|via|through|regarding|about|über|par|pour|para|voor|on behalf)\b"
    r"|\s[\u2013—|-]\s|[,;:()!?\"]|\s·\s",
    re.I,
)
_NOT_COMPANY = _words(
    "us we you our team the hr greenhouse lever workday ashby smartrecruiters personio "
    "linkedin indeed glassdoor stepstone xing recruiting careers career talent jobs job "
    "people recruitment hello info dear hi hallo bonjour hola beste best regards thanks "
    "sincerely cheers cordialement saludos groet unfortunately notifications no-reply "
    "noreply human resources acquisition hiring alerts calendly zoom google teams "
    "microsoft ihnen sie uns euch dir dich vous nous usted ustedes u jou jullie"
)
_NOT_COMPANY_PHRASES = frozenset(
    {
        "our team",
        "the team",
        "human resources",
        "talent acquisition",
        "hiring team",
        "job alerts",
        "kind regards",
        "best regards",
        "many thanks",
        "thank you",
        "google meet",
        "microsoft teams",
    }
)
# Words that mark a subject fragment or a phrase as boilerplate, not a name.
_BOILERPLATE = re.compile(
    r"\b(?:your|you|application|applications|applying|interview|invitation|update|thank|thanks|"
    r"regarding|status|news|next|steps|outcome|decision|feedback|important|alert|alerts|jobs|"
    r"newsletter|welcome|reminder|confirmation|received|follow|following|offer|einladung|"
    r"bewerbung|absage|angebot|candidature|candidatura|solicitud|sollicitatie|uitnodiging|ihre|"
    r"votre|tu|su|je|uw|dear|hello|hi|team|weekly|digest|more|new|recommended|webinar|"
    r"vielen|dank|merci|gracias|bedankt|unfortunately|leider|helaas|please|call|chat|round|"
    r"entretien|entrevista|gesprek|gespräch|vorstellungsgespräch|rückmeldung|zwischenstand|"
    r"information|antwort|réponse|respuesta|reactie|actualización|schedule|good|great|"
    r"mise à jour|nachricht|message|nieuws|noticias|nouvelles|from|runde|ronde|ronda|tour|"
    r"canceled|cancelled|updated|rescheduled|onsite|on-site|technical|final)\b",
    re.I,
)
# Reply and forward prefixes, and the ones calendars put before an event title.
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|fwd?|fw|wg|tr|rv|sv|antw|vs|canceled|cancelled|cancel+ed event|updated|"
    r"updated invitation|accepted|declined|tentative|abgesagt|aktualisiert|annulé|annulée|"
    r"cancelado|cancelada|geannuleerd|bijgewerkt)\s*(?:\[\d+\])?\s*:\s*)+",
    re.I,
)
_SUBJECT_SPLIT = re.compile(r"\s+[\u2013—|-]\s+|:\s+|\s*\|\s*|\s+(?:x|<>|/)\s+")
_SUBJECT_AT = re.compile(r"\s(?:at|@|bei|chez|bij|en|with)\s(?=[" + UPPER + r"0-9])")
_SUBJECT_LEAD = re.compile(
    r"^(?:(?:your|ihre?|deine?|votre|ta|tu|su|je|uw|our|my)\s+)?(?:job\s+)?"
    r"(?:application(?:\s+update)?|applying|candidature|candidatura|bewerbung|sollicitatie|solicitud|"
    r"interview(?:\s+invitation)?|invitation(?:\s+to\s+interview)?|einladung(?:\s+zum\s+\w+)?|"
    r"entrevista|entretien|gesprek|vorstellungsgespräch|vertragsangebot|arbeitsvertrag|"
    r"jobangebot|stellenangebot|offre|oferta|aanbod|"
    r"uitnodiging(?:\s+voor\s+een\s+\w+)?|update(?:\s+(?:on|regarding|about)\s+your\s+application)?|"
    r"thank\s+you\s+for\s+(?:applying|your\s+application|your\s+interest)|thanks\s+for\s+applying|"
    r"following\s+up(?:\s+on\s+your\s+\w+)?|regarding|status|offer(?:\s+letter)?|angebot|absage|"
    r"next\s+steps|outcome|feedback)?\s*"
    r"(?:(?:for|to|with|at|as|als|bei|pour|au\s+poste\s+d['\u2019]|au\s+poste\s+de|poste\s+de|"
    r"para\s+el\s+puesto\s+de|para|voor\s+de\s+functie\s+(?:van|als)|voor|bij|chez|in|to\s+join|"
    r"zur|zum|um|auf)\s+)?(?:the\s+|der\s+|die\s+|el\s+|la\s+|le\s+|het\s+)?",
    re.I,
)
_SUBJECT_TRAIL = re.compile(
    r"\s+(?:application|role|position|opening|vacancy|interview|job|stelle|poste|puesto|functie)$",
    re.I,
)
_YOUR_X_APPLICATION = re.compile(
    rf"\b(?:your|ihre|votre|je) ({CAP_SEQ}) (?:application|bewerbung)\b"
)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s/()\-\u2013,.]+", text.lower()) if t]


def looks_like_role(text: str) -> bool:
    """True when a word of ``text`` ends with a known role head ("Projektingenieur")."""
    for token in _tokens(text):
        if token in _ROLE_EXACT:
            return True
        if token.endswith(_ROLE_SUFFIXES):
            return True
    return False


def clean_role(raw: str | None) -> str | None:
    """A role title from a phrase, or None when the phrase names no role."""
    if not raw:
        return None
    text = _GENDER.sub(" | ", raw)
    text = _REQ_ID.sub(" ", text)
    text = _ROLE_CUT.split(text, maxsplit=1)[0]
    text = re.sub(r"\s+", " ", text).strip(_STRIP)
    while _LEAD_ARTICLE.match(text):
        text = _LEAD_ARTICLE.sub("", text, count=1)
    words = text.split()
    # Leading lowercase filler ("open", "exciting") is not part of the title.
    while words and words[0][:1].islower() and not looks_like_role(words[0]):
        words.pop(0)
    text = " ".join(words)
    if not text or len(words) > 8 or len(text) > 80 or not looks_like_role(text):
        return None
    return text


def clean_company(raw: str | None) -> str | None:
    """A company name from a phrase, or None when it is boilerplate, a role or a sentence."""
    if not raw:
        return None
    text = _COMPANY_CUT.split(raw, maxsplit=1)[0]
    text = re.sub(r"\s+", " ", text).strip(_STRIP)
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    words = text.split()
    if not text or len(text) > 60 or len(words) > 6:
        return None
    if not re.search(rf"[{UPPER}0-9]", words[0]):
        return None
    folded = text.casefold()
    if folded in _NOT_COMPANY or folded in _NOT_COMPANY_PHRASES:
        return None
    if looks_like_role(text) or _BOILERPLATE.search(text):
        return None
    return text


def strip_reply_prefix(subject: str) -> str:
    """``"Re: AW: Fwd: Hello"`` -> ``"Hello"``."""
    return _REPLY_PREFIX.sub("", subject).strip()


def parse_subject(subject: str) -> tuple[str | None, str | None]:
    """(company, role) named by a subject or an event summary, each None when absent.

    Understands "Your application for ROLE at COMPANY", "COMPANY: ROLE",
    "ROLE - COMPANY", "Ihre Bewerbung als ROLE", "Votre candidature au poste de
    ROLE", "Tu candidatura para ROLE en COMPANY", "Je sollicitatie bij COMPANY",
    "Update on your COMPANY application" and "COMPANY x NAME" (calendar titles).
    """
    text = strip_reply_prefix(subject)
    company: str | None = None
    role: str | None = None
    m = _YOUR_X_APPLICATION.search(text)
    if m:
        if looks_like_role(m.group(1)):
            role = clean_role(m.group(1))
        else:
            company = clean_company(m.group(1))
    for segment in _SUBJECT_SPLIT.split(text):
        lead = _SUBJECT_LEAD.match(segment)
        rest = segment[lead.end() :] if lead else segment
        rest = _SUBJECT_TRAIL.sub("", rest.strip())
        pieces = _SUBJECT_AT.split(rest, maxsplit=1)
        if len(pieces) == 2 and looks_like_role(pieces[0]):
            role = role or clean_role(pieces[0])
            company = company or clean_company(pieces[1])
            continue
        if role is None and looks_like_role(rest):
            role = clean_role(rest)
        elif company is None:
            company = clean_company(rest)
    return company, role


def split_title(text: str) -> list[str]:
    """The fragments of a subject or event title, parenthesised parts included."""
    text = strip_reply_prefix(text)
    pieces = [p for p in _SUBJECT_SPLIT.split(text) if p.strip()]
    pieces += re.findall(r"\(([^()]{2,80})\)", text)
    return pieces


def find_role(text: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    """The first role captured by one of ``patterns`` (group 1) that survives cleaning."""
    for pattern in patterns:
        for m in pattern.finditer(text):
            captured = m.group(1)
            # "the time you spent on the Senior Data Engineer" -> after the last article.
            parts = re.split(r"\b(?:the|our|this|your|a|an)\s", captured, flags=re.I)
            role = clean_role(parts[-1]) or clean_role(captured)
            if role:
                return role
    return None
