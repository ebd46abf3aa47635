"""Decide what an email means for an application: rejection, invitation, offer or other.

How it works
------------
1. **Text.** The subject and the newest message of :class:`ParsedEmail`
   (quoted replies are already removed by the parser) are joined, curly
   apostrophes are straightened and line breaks inside a paragraph are joined,
   so a phrase wrapped over two lines still matches.
2. **Rules.** Every weighted phrase rule in :mod:`.rules` (English, German,
   French, Spanish, Dutch) is matched case-insensitively. A rule adds its weight
   to its kind at most once, however often it matches. Weights run from 5 (a
   phrase that decides on its own: "we have decided to move forward with other
   candidates", "wir haben uns für einen anderen Kandidaten entschieden", "we
   would like to invite you to an interview", "pleased to offer you") down to 1
   (a word that only tips a balance: "unfortunately", "leider").
3. **Negation and contrast.** An invitation or offer phrase preceded in the
   same clause by a negation ("not", "n't", "unable", "nicht", "kein", "pas",
   "no", "niet", ...) counts for *rejection* instead: "we will not be moving
   forward with your application" is a rejection, "we'd like to move forward
   with you" an invitation. "Same clause" means within the 60 characters
   before the phrase and after the last ``. ! ? ; : ,`` or "but", "however",
   "aber", "mais", "pero", "maar" in them. The object matters too: "move
   forward with other candidates" is a rejection phrase of its own.
4. **Other.** Confirmations ("we have received your application and will
   review it"), job alerts and newsletters have rules of their own that score
   for "other", so "thank you for applying" alone is never a rejection.
5. **Decision.** The highest-scoring of rejection, invitation and offer wins
   when it reaches :data:`MIN_SCORE` and beats the "other" score; otherwise the
   kind is "other". Ties go to offer, then rejection, then invitation (the
   costlier mistake is missing a decision, not misreading an invitation).
6. **Confidence** grows with the winning score and shrinks with the runner-up:
   ``(1 - exp(-top / 4)) * (0.5 + 0.5 * (top - runner_up) / top)``, rounded
   to two decimals; a mail that matched nothing is "other" with 0.2.
7. **Evidence** lists the matched phrases that support the chosen kind, in
   the order they appear, so a user (and a test) can see why.
8. **Language, company, role** are found independently of the kind: a
   stop-word vote (:mod:`.language`); the company from the signature, the
   subject, body phrases, the sender's display name, then the sender's
   domain (in that order, see :mod:`.company`); the role from the subject,
   then body phrases such as "the X position" or "Bewerbung als X".

What it cannot do
-----------------
- It reads words, not meaning: sarcasm, a rejection phrased in a way no rule
  knows ("we'll keep your CV for a future vacancy" alone), or a mail that only
  says "please log in to see an update on your application" is "other".
- Only English, German, French, Spanish and Dutch phrases are known; any other
  language is "other" with language "unknown".
- It does not read attachments (an offer letter that is only a PDF is found
  only by its covering text), images, or linked portal pages.
- Negation is a window of words before a phrase, not a parse: double
  negatives ("we cannot not invite you") and negations far from their verb
  are misread.
- Company and role come from patterns and capitalisation; a role title
  without a recognisable head word ("Rockstar Ninja") is not found, and a
  company only ever mentioned in lower case is missed.
- A mail about several applications (a digest) is classified as a whole.
- Everything that is not a decision is "other": a recruiter's first
  outreach, a scheduling question without a known phrase, a portal notice.
- A mail the user forwarded is classified by its text, but its sender fields
  describe the user; the company then comes from the forwarded signature or
  subject, if at all.
- Hidden HTML text (a ``display:none`` preheader) is read like visible text.
- Of a very long body only the first 20,000 and the last 4,000 characters are
  read (:data:`HEAD_CHARS`, :data:`TAIL_CHARS`), which bounds the time per mail.
"""

from __future__ import annotations

import math
import re

import msgspec

from .company import find_company, find_role_in_mail
from .email_parse import ParsedEmail
from .language import detect_language
from .rules import CLAUSE_BREAK, NEGATION, NEGATION_WINDOW, RULES, Kind, Rule

__all__ = ["HEAD_CHARS", "KINDS", "MIN_SCORE", "TAIL_CHARS", "Classification", "classify"]

KINDS: tuple[Kind, ...] = ("rejection", "invitation", "offer", "other")
MIN_SCORE = 3.0
# Reading cost grows with length; a decision sits near the top of a mail and a
# signature at its end, so a long body is read as its head and its tail.
HEAD_CHARS = 20_000
TAIL_CHARS = 4_000
_DECISIONS: tuple[Kind, ...] = ("offer", "rejection", "invitation")
# Curly and typographic quotes written the plain way, so one rule matches both.
_APOSTROPHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
    }
)


class Classification(msgspec.Struct, frozen=True, kw_only=True):
    """What an email means: its kind, how sure, in which language, about what."""

    kind: Kind
    confidence: float
    language: str
    company: str | None = None
    role: str | None = None
    evidence: list[str] = []


def _prepare(subject: str, text: str) -> str:
    """Subject and body as one string of sentences, one paragraph per line."""
    joined = f"{subject.strip()}.\n\n{text}" if subject.strip() else text
    joined = joined.translate(_APOSTROPHES)
    paragraphs = re.split(r"\n\s*\n", joined)
    return "\n".join(re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip())


def _negated(text: str, start: int) -> bool:
    window = text[max(0, start - NEGATION_WINDOW) : start]
    breaks = list(CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    if "\n" in window:
        window = window.rsplit("\n", 1)[1]
    return bool(NEGATION.search(window))


def _score(text: str) -> tuple[dict[Kind, float], dict[Kind, list[tuple[int, str]]]]:
    scores: dict[Kind, float] = dict.fromkeys(KINDS, 0.0)
    evidence: dict[Kind, list[tuple[int, str]]] = {k: [] for k in KINDS}
    counted: set[tuple[Rule, Kind]] = set()
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            kind: Kind = rule.kind
            if rule.negatable and _negated(text, m.start()):
                kind = "rejection"
            evidence[kind].append((m.start(), m.group(0).strip()))
            if (rule, kind) not in counted:
                counted.add((rule, kind))
                scores[kind] += rule.weight
    return scores, evidence


def _confidence(top: float, runner_up: float) -> float:
    if top <= 0:
        return 0.2
    value = (1 - math.exp(-top / 4)) * (0.5 + 0.5 * max(0.0, top - runner_up) / top)
    return round(min(1.0, max(0.0, value)), 2)


def _decide(scores: dict[Kind, float]) -> tuple[Kind, float]:
    best: Kind = max(_DECISIONS, key=lambda k: scores[k])  # max keeps the first on ties
    if scores[best] >= MIN_SCORE and scores[best] > scores["other"]:
        runner_up = max(scores[k] for k in KINDS if k != best)
        return best, _confidence(scores[best], runner_up)
    runner_up = max(scores[k] for k in _DECISIONS)
    return "other", _confidence(scores["other"], runner_up)


def _window(text: str) -> str:
    """The head and the tail of a long body: where decisions and signatures are."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return f"{text[:HEAD_CHARS]}\n\n{text[-TAIL_CHARS:]}"


def classify(mail: ParsedEmail) -> Classification:
    """Classify one parsed email; never raises for any text."""
    body = _window(mail.text)
    subject = mail.subject[:1000]
    text = _prepare(subject, body)
    scores, evidence = _score(text)
    kind, confidence = _decide(scores)
    phrases: list[str] = []
    seen: set[str] = set()
    for _, phrase in sorted(evidence[kind]):
        if phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            phrases.append(phrase)
    return Classification(
        kind=kind,
        confidence=confidence,
        language=detect_language(f"{subject}\n{body}"),
        company=find_company(subject, body, mail.sender_name, mail.sender_domain),
        role=find_role_in_mail(subject, body),
        evidence=phrases,
    )
