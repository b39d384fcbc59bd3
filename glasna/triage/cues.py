"""Urgency cues in a report's text, each with the exact words that raised it.

A cue is a reason for a caseworker to look sooner: `minor` (a stated age under 18, school
context), `threat_violence`, `threat_publication_deadline` (a threat to publish together with a
deadline), `sextortion` (demands for money, images or meetings) and `self_harm`. Nothing is
decided from a cue: the caseworker confirms or dismisses it.

Phrases are data (glasna/triage/data/cues.yaml, per language, awaiting native review). The text
and the phrases are folded the same way (glasna.triage.normalise) so phone-typed text without
diacritics and Serbian or Macedonian Cyrillic match the same phrase; matches are whole words and
are reported as spans of the original text.

Two patterns are code, not data, because they are numbers: a stated age of 10 to 17 ("16 vjeç",
"imam 15 godina", "I'm 16", "14-godišnja") and an amount of money ("500 €", "200 eura"). Ages under
10 are left out because "2 godine" far more often means a duration than a child's age; "pre 16
godina" (16 years ago) is still a false positive a caseworker will dismiss.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from glasna.triage.normalise import fold, fold_text

CUES_FILE = Path(__file__).parent / "data" / "cues.yaml"
CUE_KINDS = ("minor", "threat_violence", "threat_publication_deadline", "sextortion", "self_harm")
# which report languages a phrase list stands for
LIST_LANGUAGES = {"sq": ("sq",), "mk": ("mk",), "bcms": ("sr", "bs", "hr", "cnr"), "en": ("en",)}

_AGE_UNIT = r"(?:vjec\w*|vjet\w*|vje|god\w*|yrs?\s*-?\s*old|years?\s*-?\s*old|y/?o)"
_AGE_PREFIX = r"(?:imam|jam|kam|i'm|im|i am|aged|age|mosha|moshen)"
_AGE = re.compile(
    r"(?<![\w.,])(?:" + _AGE_PREFIX + r"\s+)?(?:1[0-7])\s*-?\s*" + _AGE_UNIT + r"(?!\w)"
    r"|(?<!\w)" + _AGE_PREFIX + r"\s+(?:1[0-7])(?![\w.,])"
)
_MONEY = re.compile(
    r"(?<![\w.,])[0-9]+(?:[.,][0-9]+)?\s*(?:€|\$|eur\w*|evr\w*|lek\w*|den\w*|din\w*|kn|usd|dollars?)(?!\w)"
    r"|[€$]\s*[0-9]+"
)
_PATTERNS = {("minor", "age"): _AGE, ("sextortion", "money"): _MONEY}


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    words: str  # exactly as written in the report
    group: str  # "school", "age", "money", "deadline", ...
    phrase_list: str  # "sq", "mk", "bcms", "en" or "pattern"


@dataclass(frozen=True)
class Cue:
    kind: str
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True)
class _Rule:
    kind: str
    mode: str  # "any_of" or "all_of"
    groups: dict[str, dict[str, re.Pattern[str]]]


def _phrase_pattern(phrase: str) -> str:
    words = []
    for word in fold_text(phrase).split():
        stem = word.rstrip("*")
        words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def _compile(phrases: list[str]) -> re.Pattern[str]:
    # longest first so "do të vras veten" wins over "të vras" at the same place
    ordered = sorted(phrases, key=lambda p: -len(p))
    return re.compile("|".join(_phrase_pattern(p) for p in ordered))


@functools.cache
def rules() -> tuple[_Rule, ...]:
    data: dict[str, Any] = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    out = []
    for kind in CUE_KINDS:
        spec = data["cues"][kind]
        mode = "all_of" if "all_of" in spec else "any_of"
        groups = {
            group: {lst: _compile(phrases) for lst, phrases in per_list.items()}
            for group, per_list in spec[mode].items()
        }
        out.append(_Rule(kind, mode, groups))
    return tuple(out)


def find_cues(text: str) -> list[Cue]:
    """The cues raised by `text`, in CUE_KINDS order, each with its triggering words."""
    folded = fold(text)
    found: list[Cue] = []
    for rule in rules():
        by_group: dict[str, list[Trigger]] = {}
        matchers = [(g, lst, pat) for g, per in rule.groups.items() for lst, pat in per.items()]
        matchers += [(g, "pattern", pat) for (k, g), pat in _PATTERNS.items() if k == rule.kind]
        for group, phrase_list, pattern in matchers:
            for match in pattern.finditer(folded.text):
                if match.end() == match.start():
                    continue
                start, end = folded.original_span(match.start(), match.end())
                by_group.setdefault(group, []).append(Trigger(start, end, text[start:end], group, phrase_list))
        if rule.mode == "all_of" and set(by_group) != set(rule.groups):
            continue
        if not by_group:
            continue
        unique: dict[tuple[int, int], Trigger] = {}
        for trigger in sorted((t for ts in by_group.values() for t in ts), key=lambda t: (t.start, -t.end)):
            unique.setdefault((trigger.start, trigger.end), trigger)
        found.append(Cue(rule.kind, tuple(unique.values())))
    return found
