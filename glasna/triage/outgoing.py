"""Redaction of text that leaves a case, shown to the caseworker and corrected by her before sending.

`personal_data.find_personal_data` finds phone numbers, e-mail addresses, personal numbers, IBANs
and the names the case holds (`CaseNames`, sealed to the organisation key). The caseworker sees
every hidden span and may keep one (a false positive, e.g. a platform's support number) or add one
the detector missed (a nickname, a street). What she keeps is the only way detected personal data
leaves: `apply` hides everything else, and repeats until nothing unkept is found.

Some strings must go out exactly as they are for the text to do its job: for a platform notice, the
organisation's own name and e-mail (the notifier, DSA Art. 16(2)(c)), the content's addresses
(Art. 16(2)(b); a platform cannot act on a redacted URL) and file hashes. They are `protected`:
detections inside them are not hidden, and the preview lists them so the caseworker can see what
goes out and add a span by hand if she judges the address itself identifies the survivor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from glasna.triage.personal_data import PLACEHOLDERS, Span, find_personal_data

ADDED = "[redacted]"


@dataclass(frozen=True)
class Correction:
    keep: frozenset[str] = frozenset()  # detected values the caseworker lets through
    extra: tuple[str, ...] = ()  # strings she hides that the detector missed


@dataclass(frozen=True)
class Found:
    span: Span
    kept: bool
    protected: bool
    added: bool = False


@dataclass(frozen=True)
class Preview:
    original: str
    redacted: str
    found: tuple[Found, ...] = field(default_factory=tuple)

    @property
    def hidden(self) -> int:
        return sum(1 for f in self.found if not f.kept and not f.protected)


def _regions(text: str, strings: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for value in {s for s in strings if s}:
        out += [(m.start(), m.end()) for m in re.finditer(re.escape(value), text)]
    return out


def _extra_spans(text: str, extra: Iterable[str]) -> list[Span]:
    spans = []
    for value in {e.strip() for e in extra if e.strip()}:
        spans += [Span("added", m.start(), m.end(), m.group()) for m in re.finditer(re.escape(value), text, re.I)]
    return spans


def _inside(span: Span, regions: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in regions)


def find(text: str, names: Iterable[str], correction: Correction, protected: Iterable[str] = ()) -> list[Found]:
    regions = _regions(text, protected)
    added = _extra_spans(text, correction.extra)
    found = [Found(s, kept=False, protected=False, added=True) for s in added]
    for span in find_personal_data(text, names):
        if any(not (span.end <= a.start or span.start >= a.end) for a in added):
            continue  # her own span covers it
        found.append(Found(span, kept=span.value in correction.keep, protected=_inside(span, regions)))
    return sorted(found, key=lambda f: f.span.start)


def apply(text: str, names: Iterable[str], correction: Correction, protected: Iterable[str] = ()) -> Preview:
    """The text as it will leave: every found span hidden unless kept or protected."""
    names, protected = tuple(names), tuple(protected)
    first = find(text, names, correction, protected)
    out = text
    for _ in range(20):  # a replacement can join fragments into something detectable again
        spans = [f for f in find(out, names, correction, protected) if not f.kept and not f.protected]
        if not spans:
            return Preview(text, out, tuple(first))
        for f in reversed(_non_overlapping(spans)):
            placeholder = ADDED if f.added else PLACEHOLDERS.get(f.span.kind, ADDED)
            out = out[: f.span.start] + placeholder + out[f.span.end :]
    return Preview(text, ADDED, tuple(first))  # never reached in practice; hide all rather than leak


def _non_overlapping(found: list[Found]) -> list[Found]:
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (f.span.start, -f.span.end)):
        if not chosen or f.span.start >= chosen[-1].span.end:
            chosen.append(f)
    return chosen
