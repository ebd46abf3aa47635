"""A tone check that stops a stormy email before it is sent.

:func:`check_tone` returns one :class:`ToneWarning` per flagged span. The rules
are deliberately blunt: a false alarm costs the user a second look (or
``--force``), a missed one can cost a relationship, so when in doubt it flags.

Rules, by category:

``shouting``
    A word of four or more letters written in capitals (``UNACCEPTABLE``),
    unless it is a known acronym (``HTTP``, ``JSON``, ``NASA`` …) or one of the
    words passed in ``allow`` (a company called ``IKEA``); a run of two or more
    ``!``/``?`` that contains a ``!`` (``!!``, ``?!``); three or more ``!`` in
    the whole text (flagged at the third one).
``hostile``
    Insults and contempt: "ridiculous", "waste of my time", "incompetent",
    "how dare", "joke", "pathetic", "absurd", and a profanity list.
``blaming``
    Fault-finding aimed at the reader: "unfair", "you should have",
    "disappointed in you", "your fault", "you failed to", "you are
    mistaken", "unprofessional", "biased" … and "mistake",
    with one exception: a *self-owned* mistake ("my mistake(s)", "mistakes I
    made", "a mistake on my part") is reflection, not blame, and is not
    flagged unless the same sentence also addresses the reader ("you",
    "your" …). Any other "mistake" is flagged ("this was a mistake").
``demanding``
    "demand", "I insist", "you must", "you need to", "I expect an
    explanation/answer/response", "reconsider immediately", "owe me".
``pleading``
    "please reconsider", "reconsider my application/the decision", "beg",
    "begging", "desperate", "another/second/one more chance".

Matching is case-insensitive and on whole words (``joke`` does not match
``jokester``, ``hell`` does not match ``hello``); words of a phrase may be
separated by any whitespace, and the typographic apostrophe (U+2019) counts as ``'``.
Overlapping matches of one category are reported once (the earliest, longest);
the same words may still carry warnings of different categories.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Literal

import msgspec

__all__ = ["Category", "ToneWarning", "check_tone"]

Category = Literal["hostile", "demanding", "blaming", "shouting", "pleading"]


class ToneWarning(msgspec.Struct, frozen=True, kw_only=True):
    """One flagged span: ``text[start:end] == phrase``."""

    phrase: str
    reason: str
    category: Category
    start: int
    end: int


# Capitalised words that are names of things, not raised voices.
ACRONYMS = frozenset(
    {
        "AJAX",
        "APAC",
        "CCPA",
        "CISO",
        "COBOL",
        "CRUD",
        "DEVOPS",
        "EMEA",
        "FAANG",
        "FIFO",
        "GDPR",
        "GMBH",
        "GRPC",
        "HIPAA",
        "HSBC",
        "HTML",
        "HTTP",
        "HTTPS",
        "IAAS",
        "IBAN",
        "IEEE",
        "IMAP",
        "ISBN",
        "JSON",
        "KPIS",
        "LATAM",
        "LIFO",
        "LINQ",
        "MLOPS",
        "NASA",
        "NASDAQ",
        "NATO",
        "NOSQL",
        "NYSE",
        "OAUTH",
        "OKRS",
        "PAAS",
        "POSIX",
        "REST",
        "SAAS",
        "SCRUM",
        "SMTP",
        "SOAP",
        "SPARQL",
        "SWIFT",
        "TOML",
        "UNESCO",
        "UNICEF",
        "UNIX",
        "UUID",
        "WASM",
        "WCAG",
        "XHTML",
        "YAML",
    }
)  # ASAP is left out on purpose: "reply ASAP" is pushy.

# Words that turn a sentence towards the reader (used by the "mistake" rule).
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
_SELF_OWNED_MISTAKE = re.compile(
    r"\bmy\s+(?:own\s+)?mistakes?\b"
    r"|\bmistakes?\s+(?:that\s+)?i\s+(?:made|make|have\s+made|had\s+made)\b"
    r"|\bmistakes?\s+on\s+my\s+(?:part|side)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;\n]")

_APOSTROPHE = "['\u2019]"


def _phrase(words: str) -> str:
    """Turn ``"waste of my time"`` into a whole-word, any-whitespace pattern."""
    parts = [re.escape(w).replace("'", _APOSTROPHE) for w in words.split()]
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


def _word(pattern: str) -> str:
    """Whole-word wrapper for an inflected pattern such as ``demand(?:s|ed)?``."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


_PROFANITY = (
    r"damn(?:ed|it)?|hell|crap(?:py)?|shit\w*|bullshit|fuck\w*|f\*+k\w*|wtf|"
    r"ass|asses|asshole\w*|bastards?|bloody|bollocks|piss(?:ed)?|dick|dickhead|"
    r"idiots?|idiotic|stupid(?:ity)?|moron\w*|dumb"
)

# (category, pattern, reason). Order only matters for ties in the output.
_RULES: tuple[tuple[Category, str, str], ...] = (
    ("hostile", _word("ridiculous(?:ly)?"), "mocks the decision"),
    ("hostile", _phrase("waste of my time"), "tells the reader their time with you was worthless"),
    ("hostile", _phrase("wasted my time"), "tells the reader their time with you was worthless"),
    ("hostile", _word("incompeten(?:t|ce|tly)"), "insults the reader's ability"),
    ("hostile", _phrase("how dare"), "is an angry rebuke"),
    ("hostile", _word("jok(?:e|es|ing)"), "belittles the process"),
    ("hostile", _word("pathetic|absurd|clueless|laughable|outrageous"), "is contemptuous"),
    ("hostile", _phrase("screw you"), "is an insult"),
    ("hostile", _word(_PROFANITY), "is profanity or an insult"),
    ("blaming", _word("unfair(?:ly|ness)?"), "accuses the reader of unfairness"),
    ("blaming", _phrase("you should have"), "tells the reader what they did wrong"),
    ("blaming", _phrase("you shouldn't have"), "tells the reader what they did wrong"),
    ("blaming", _phrase("disappointed in you"), "passes judgement on the reader"),
    ("blaming", _phrase("your fault"), "assigns fault to the reader"),
    ("blaming", _phrase("you failed to"), "assigns fault to the reader"),
    ("blaming", _phrase("you didn't even"), "assigns fault to the reader"),
    ("blaming", _word(r"you(?:['\u2019]re|\s+are)\s+mistaken"), "tells the reader they are wrong"),
    ("blaming", _word("unprofessional|biased|discriminat\\w*"), "accuses the reader"),
    ("demanding", _word("demand(?:s|ed|ing)?"), "makes a demand"),
    ("demanding", _phrase("I insist"), "insists instead of asking"),
    ("demanding", _phrase("you must"), "orders the reader"),
    ("demanding", _phrase("you need to"), "orders the reader"),
    (
        "demanding",
        _word(r"i\s+expect\s+(?:an?\s+)?(?:explanation|answer|response|reply|apology)"),
        "demands an answer the reader does not owe",
    ),
    ("demanding", _phrase("reconsider immediately"), "demands a reversal"),
    ("demanding", _phrase("owe me"), "claims the reader owes you something"),
    ("pleading", _phrase("please reconsider"), "pleads for a reversal"),
    (
        "pleading",
        _word(r"reconsider\s+(?:my\s+application|my\s+candidacy|the\s+decision|your\s+decision)"),
        "asks for a reversal",
    ),
    ("pleading", _word("beg|begs|begged|begging"), "pleads"),
    ("pleading", _word("desperate(?:ly)?"), "sounds desperate"),
    ("pleading", _word(r"(?:another|a\s+second|one\s+more)\s+chance"), "pleads for a retry"),
)

_COMPILED = tuple((cat, re.compile(pat, re.IGNORECASE), why) for cat, pat, why in _RULES)
_MISTAKE = re.compile(_word("mistakes?"), re.IGNORECASE)
# A letters-only word not glued to digits or underscores ("HTTP2" is a name, not a shout).
_CAPS_WORD = re.compile(r"(?<!\w)[^\W\d_]{4,}(?!\w)")
_MARK_RUN = re.compile(r"[!?]{2,}")


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    return text[left:right]


def _mistakes(text: str) -> list[ToneWarning]:
    found = []
    for match in _MISTAKE.finditer(text):
        sentence = _sentence(text, match.start(), match.end())
        if _SELF_OWNED_MISTAKE.search(sentence) and not _SECOND_PERSON.search(sentence):
            continue
        found.append(_warning(text, match, "blaming", "calls the decision a mistake"))
    return found


def _shouting(text: str, allow: Collection[str]) -> list[ToneWarning]:
    allowed = ACRONYMS | {w.upper() for phrase in allow for w in phrase.split()}
    found = [
        _warning(text, m, "shouting", "is written in capitals, which reads as shouting")
        for m in _CAPS_WORD.finditer(text)
        if m.group().isupper() and m.group().upper() not in allowed
    ]
    runs = [m for m in _MARK_RUN.finditer(text) if "!" in m.group()]
    found += [_warning(text, m, "shouting", "stacks exclamation marks") for m in runs]
    marks = [i for i, ch in enumerate(text) if ch == "!"]
    if len(marks) >= 3:
        third = marks[2]
        # A "!!!" run already says it; one warning per problem is enough.
        if not any(m.start() <= third < m.end() for m in runs):
            found.append(
                ToneWarning(
                    phrase="!",
                    reason=f"{len(marks)} exclamation marks in one message; one is plenty",
                    category="shouting",
                    start=third,
                    end=third + 1,
                )
            )
    return found


def _warning(text: str, match: re.Match[str], category: Category, reason: str) -> ToneWarning:
    return ToneWarning(
        phrase=match.group(),
        reason=f"{match.group()!r} {reason}",
        category=category,
        start=match.start(),
        end=match.end(),
    )


def _drop_overlaps(warnings: list[ToneWarning]) -> list[ToneWarning]:
    """One warning per stretch of text and category: the earliest, then longest, wins.

    "please reconsider my application" matches two pleading rules; the user
    needs to hear about it once. Different categories on the same words
    ("please reconsider immediately") are all kept.
    """
    kept: list[ToneWarning] = []
    for w in sorted(warnings, key=lambda w: (w.start, -(w.end - w.start), w.category)):
        if any(k.category == w.category and k.start < w.end and w.start < k.end for k in kept):
            continue
        kept.append(w)
    return kept


def check_tone(text: str, *, allow: Collection[str] = ()) -> list[ToneWarning]:
    """Flag phrases that make a message hostile, demanding, blaming, shouting or pleading.

    :param text: the draft, subject and body.
    :param allow: words written in capitals on purpose (company, product or
        people's names) that are never counted as shouting.
    :returns: warnings ordered by position; empty when the tone is calm.
    """
    found = [
        _warning(text, match, category, reason)
        for category, pattern, reason in _COMPILED
        for match in pattern.finditer(text)
    ]
    found += _mistakes(text)
    found += _shouting(text, allow)
    return _drop_overlaps(found)
