"""Which script and which language a report is written in, or honestly that we cannot tell.

Script: Cyrillic or Latin by counting letters (a report with both, more than a quarter of its
letters in the smaller script, is "mixed").

Language: `lingua-language-detector`, whose models ship inside its wheel and run offline, restricted
to the candidates it has: Albanian, Macedonian, Serbian, Bosnian, Croatian and English. It has no
Montenegrin model, and its Serbian model is Cyrillic only, so Latin-script text in any of Bosnian,
Croatian, Serbian or Montenegrin is never given one of those languages: it gets the group "bcms".
lingua's Macedonian model is Cyrillic too, so Macedonian typed in Latin would land in "bcms": when
such text holds at least two distinct words that are Macedonian and not Bosnian, Croatian, Serbian
or Montenegrin (MK_LATIN_MARKERS, e.g. "sakam", "godini", "deka"), it is reported as Macedonian.
Wherever the two best candidates are closer than MARGIN we report a group ("bcms", "mk-sr") or
nothing, never a guess between close languages. Too little text (under MIN_LETTERS letters, an
emoji-only message) gives nothing, and the caseworker sees that triage could not decide.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from glasna.triage.normalise import fold_text

MARGIN = 0.2
MIN_LETTERS = 8
MAX_CHARS = 5000  # the language of a report shows in its first pages; keeps a huge text cheap
BCMS = frozenset({"bs", "hr", "sr", "cnr"})
# Folded (glasna.triage.normalise): "ќе" and "kje" both fold to "ke". Written for this project;
# needs native review.
MK_LATIN_MARKERS = frozenset({"sakam", "sakas", "ke", "godini", "sum", "nekoj", "moite", "vo", "deka", "zosto"})
_CODES = {"ALBANIAN": "sq", "MACEDONIAN": "mk", "SERBIAN": "sr", "BOSNIAN": "bs", "CROATIAN": "hr", "ENGLISH": "en"}


@dataclass(frozen=True)
class LanguageGuess:
    script: str  # "cyrillic", "latin", "mixed" or "none"
    language: str | None  # "sq", "mk", "sr", "en", ... when one language is clear
    group: str | None  # "bcms" or "mk-sr" when only the group is clear
    candidates: tuple[tuple[str, float], ...]  # lingua's best three, for the explanation

    @property
    def decided(self) -> bool:
        return self.language is not None or self.group is not None


def detect_script(text: str) -> str:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if (ch.isalpha() and ch.isascii()) or "\u00c0" <= ch <= "\u024f")
    if not cyrillic and not latin:
        return "none"
    if min(cyrillic, latin) > 0.25 * (cyrillic + latin):
        return "mixed"
    return "cyrillic" if cyrillic > latin else "latin"


@functools.cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _CODES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> LanguageGuess:
    script = detect_script(text)
    if sum(1 for ch in text if ch.isalpha()) < MIN_LETTERS:
        return LanguageGuess(script, None, None, ())
    values = _detector().compute_language_confidence_values(text[:MAX_CHARS])
    candidates = tuple((_CODES[v.language.name], round(float(v.value), 3)) for v in values[:3])
    if not candidates:  # letters lingua knows nothing of (Chinese, Greek, ...)
        return LanguageGuess(script, None, None, ())
    best, best_value = candidates[0]
    second, second_value = candidates[1] if len(candidates) > 1 else ("", 0.0)
    if best in BCMS and script == "latin" and len(MK_LATIN_MARKERS & set(re.findall(r"\w+", fold_text(text)))) >= 2:
        return LanguageGuess(script, "mk", None, candidates)
    if best in BCMS and (script == "latin" or second in BCMS and best_value - second_value < MARGIN):
        return LanguageGuess(script, None, "bcms", candidates)
    if best_value - second_value >= MARGIN:
        return LanguageGuess(script, best, None, candidates)
    if {best, second} == {"mk", "sr"}:
        return LanguageGuess(script, None, "mk-sr", candidates)
    return LanguageGuess(script, None, None, candidates)
