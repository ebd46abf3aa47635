"""Which of the five supported languages a mail is written in.

A stop-word vote: each language has a list of short, frequent words that are
rare in the other four (shared words such as "de", "en", "in" are left out).
The language with the most hits wins when it has at least three and clearly
more than the runner-up; otherwise the answer is "unknown". Good enough to
label a mail and to pick a reply language; the phrase rules do not depend on
it, so a mixed-language mail is still classified by all of them.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and you your we our for with this that have has will would been are was thank "
        "thanks please regards unfortunately application position role team to of not be at "
        "it us from"
    ),
    "de": _words(
        "und der die das wir sie ihre ihnen ihr nicht mit für eine einen einem ist haben "
        "wurde leider bewerbung vielen dank grüßen freundlichen uns auf sich zu auch"
    ),
    "fr": _words(
        "nous vous votre vos avec pour une est les des pas dans sur avons sommes merci "
        "candidature cordialement malheureusement le la du au aux été"
    ),
    "es": _words(
        "nosotros tu tus su sus con para una los las del hemos gracias candidatura saludos "
        "lamentablemente que por el es muy te al"
    ),
    "nl": _words(
        "wij we je jouw uw met voor een het niet hebben zijn bedankt sollicitatie groet "
        "helaas ons van naar ook dat bij wat"
    ),
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
LANGUAGES = ("en", "de", "fr", "es", "nl")


def detect_language(text: str) -> str:
    """``"en"``, ``"de"``, ``"fr"``, ``"es"``, ``"nl"`` or ``"unknown"``."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text.lower()):
        for lang, words in _STOPWORDS.items():
            if word in words:
                counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_n), (_, second_n) = ranked[0], ranked[1]
    if best_n < 3 or best_n < second_n * 1.3:
        return "unknown"
    return best
