"""Find and redact personal data in free text before it leaves a case.

Pure functions, no Django. `find_personal_data` returns spans (kind, where, the value); `redact`
replaces each with a placeholder ("[phone]", "[email]", ...) and repeats until nothing is found, so
redacting twice gives the same text and no detected value survives. Redaction errs towards hiding:
a caseworker sees the redacted text before anything is sent and can correct it.

What is detected, and how far it is checked:

- phone numbers: `phonenumbers` with the numbering plans of AL, XK, ME, MK, RS, BA and HR (national
  formats like "069 123 456") and any number written in international form ("+387 ..."); only
  numbers the library considers valid for a plan.
- e-mail addresses: a pragmatic pattern (local part @ domain with a dot), not RFC 5322.
- JMBG / EMBG (Yugoslav unique master citizen number, still used in RS, ME, MK, BA, HR, XK):
  13 digits DDMMYYYRRBBBK. The date must exist (YYY >= 800 means 1YYY, else 2YYY). The control
  digit K: m = 11 - ((7(a1+a7) + 6(a2+a8) + 5(a3+a9) + 4(a4+a10) + 3(a5+a11) + 2(a6+a12)) mod 11);
  K = m for m in 1..9, K = 0 for m = 10 or 11. Any other 13-digit run is not reported as a JMBG.
- Albanian personal numbers (NID, "numri personal"): a letter, 8 digits, a letter, e.g.
  "J00101001A": the first letter encodes the decade of birth, then a year digit, the month (01-12,
  or 51-62 for women), the day (01-31), a 3-digit serial and a control letter. We check the shape,
  the month and the day; the control letter's algorithm is not published, so it is not checked,
  and the decade letter is only checked to be A-W.
- Kosovo personal numbers: 10 digits with no public checksum. Any standalone run of exactly 10
  digits that is not a phone number is reported, which also hides other 10-digit numbers (that is
  the safe side for redaction).
- IBANs: two letters, two check digits, 11-30 letters or digits, optionally grouped by spaces;
  reported only when the ISO 13616 mod-97 check gives 1 (and the length fits the country where
  we know it).
- names the case already knows (passed in): matched whole-word, ignoring case, diacritics and
  script (a name given in Latin is found in Cyrillic too).

ASCII digits only for the identifiers above; phonenumbers itself also reads other digit forms.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from glasna.triage.normalise import fold

PHONE_REGIONS = ("AL", "XK", "ME", "MK", "RS", "BA", "HR")
PLACEHOLDERS = {
    "phone": "[phone]",
    "email": "[email]",
    "jmbg": "[personal number]",
    "al_personal_number": "[personal number]",
    "xk_personal_number": "[personal number]",
    "iban": "[iban]",
    "name": "[name]",
}
# Order decides which kind wins when two detections overlap: the better-checked one first.
_PRIORITY = ("email", "iban", "jmbg", "al_personal_number", "phone", "xk_personal_number", "name")

# Lengths of IBANs in the region and of the countries survivors most often bank in.
IBAN_LENGTHS = {
    "AL": 28, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CZ": 24, "DE": 22, "DK": 18,
    "ES": 24, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IT": 27, "ME": 22,
    "MK": 19, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SE": 24, "SI": 19,
    "SK": 24, "TR": 26, "XK": 20,
}  # fmt: skip

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])")
_DIGITS13 = re.compile(r"(?<![0-9])[0-9]{13}(?![0-9])")
_DIGITS10 = re.compile(r"(?<![0-9])[0-9]{10}(?![0-9])")
_AL_NID = re.compile(r"(?<![A-Za-z0-9])([A-Wa-w])([0-9])([0-9]{2})([0-9]{2})([0-9]{3})([A-Za-z])(?![A-Za-z0-9])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}")
_JMBG_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    value: str

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]


def jmbg_control_digit(first12: str) -> int:
    m = 11 - sum(int(d) * w for d, w in zip(first12, _JMBG_WEIGHTS, strict=True)) % 11
    return 0 if m > 9 else m


def is_valid_jmbg(number: str) -> bool:
    if len(number) != 13 or not number.isascii() or not number.isdigit():
        return False
    day, month, yyy = int(number[0:2]), int(number[2:4]), int(number[4:7])
    year = 1000 + yyy if yyy >= 800 else 2000 + yyy
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return jmbg_control_digit(number[:12]) == int(number[12])


def iban_checksum_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def is_valid_iban(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", compact):
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    return iban_checksum_ok(compact)


def _ibans(text: str) -> Iterable[Span]:
    for match in _IBAN.finditer(text):
        candidate = match.group()
        # The pattern may run into the following word; try the longest valid prefix.
        positions = [i + 1 for i, ch in enumerate(candidate) if ch != " "]
        for end in reversed(positions):
            piece = candidate[:end]
            if len(piece.replace(" ", "")) < 15:
                break
            after = text[match.start() + end : match.start() + end + 1]
            if after.isalnum() and after.isascii():
                continue
            if is_valid_iban(piece):
                yield Span("iban", match.start(), match.start() + end, piece)
                break


def _phones(text: str) -> Iterable[Span]:
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            yield Span("phone", match.start, match.end, match.raw_string)


def _al_numbers(text: str) -> Iterable[Span]:
    for match in _AL_NID.finditer(text):
        month, day = int(match.group(3)), int(match.group(4))
        if (1 <= month <= 12 or 51 <= month <= 62) and 1 <= day <= 31:
            yield Span("al_personal_number", match.start(), match.end(), match.group())


def _names(text: str, names: Iterable[str]) -> Iterable[Span]:
    folded = fold(text)
    for name in names:
        key = fold(name).text.strip()
        if len(key) < 2:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(part) for part in key.split()) + r"(?!\w)"
        for match in re.finditer(pattern, folded.text):
            start, end = folded.original_span(match.start(), match.end())
            yield Span("name", start, end, text[start:end])


def find_personal_data(text: str, names: Iterable[str] = ()) -> list[Span]:
    """Every piece of personal data found, without overlaps, in text order."""
    found: list[Span] = []
    found += [Span("email", m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]
    found += list(_ibans(text))
    found += [Span("jmbg", m.start(), m.end(), m.group()) for m in _DIGITS13.finditer(text) if is_valid_jmbg(m.group())]
    found += list(_al_numbers(text))
    found += list(_phones(text))
    found += [Span("xk_personal_number", m.start(), m.end(), m.group()) for m in _DIGITS10.finditer(text)]
    found += list(_names(text, names))
    chosen: list[Span] = []
    for span in sorted(found, key=lambda s: (_PRIORITY.index(s.kind), s.start, -s.end)):
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """The text with every detected piece of personal data replaced by its placeholder.

    Repeats until nothing more is found: a replacement can join two fragments into something that
    looks like personal data again, and what comes out must be safe to redact again unchanged.
    """
    names = tuple(names)
    for _ in range(20):
        spans = find_personal_data(text, names)
        if not spans:
            return text
        for span in reversed(spans):
            text = text[: span.start] + span.placeholder + text[span.end :]
    # Placeholders contain no digits, "@" or known names, so each round removes some; 20 rounds
    # are far beyond what any text needs. Should it ever happen, hide everything rather than leak.
    return "[redacted]"
