"""Fold free text to one comparable form and remember where each folded character came from.

Reports arrive in Albanian, Macedonian, Serbian (both scripts), Bosnian, Croatian, Montenegrin and
English, often typed on phones without diacritics. Cue phrases and known names are matched on the
folded form; the offsets map every folded character back to the original text so the words that
triggered a match can be shown exactly as the survivor wrote them.

Folding, per character: NFKD (compatibility forms: full-width letters, ligatures), lower case,
combining marks dropped (č→c, ç→c, ë→e, ž→z), Serbian and Macedonian Cyrillic transliterated to
Latin the way people type it without diacritics (ш→s, ђ→dj, ќ→kj, љ→lj), đ→dj; then
"kj", "gj" and "dj" become "k", "g" and "d" (typed either way).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "ѓ": "gj", "е": "e", "ж": "z",
    "з": "z", "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "ќ": "kj", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s",
    # Russian and Ukrainian letters people sometimes use in place of the South Slavic ones
    "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "s", "ъ": "", "ь": "", "і": "i",
}  # fmt: skip
_LATIN = {
    "đ": "dj",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "ß": "ss",
    "ı": "i",
    "\u2019": "'",
    "`": "'",
}  # ’ from phone keyboards


@dataclass(frozen=True)
class Folded:
    text: str
    offsets: tuple[int, ...]  # offsets[i]: index in the original text of folded character i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded characters [start, end) came from."""
        return self.offsets[start], self.offsets[end - 1] + 1


def fold_char(char: str) -> str:
    lower = char.lower()
    # before decomposing: ќ, ѓ and й would otherwise lose the mark that makes them other letters
    if lower in _CYRILLIC:
        return _CYRILLIC[lower]
    out = []
    for part in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).lower()):
        if unicodedata.category(part) == "Mn":
            continue
        out.append(_CYRILLIC.get(part, _LATIN.get(part, part)))
    return "".join(out)


def fold(text: str) -> Folded:
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for folded in fold_char(char):
            # "kj", "gj" and "dj" lose their j: Macedonian ќ/ѓ and đ are typed both ways on
            # phones ("ke"/"kje", "nademo"/"nadjemo"); folding both sides alike makes them meet.
            if folded == "j" and chars and chars[-1] in "kgd":
                continue
            chars.append(folded)
            offsets.append(index)
    return Folded("".join(chars), tuple(offsets))


def fold_text(text: str) -> str:
    return fold(text).text
