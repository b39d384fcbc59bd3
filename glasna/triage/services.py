"""Triage of one case for the caseworker who has it open; recording what she decided."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases.models import Case
from glasna.core import audit
from glasna.triage.cues import Cue, find_cues
from glasna.triage.language import LanguageGuess, detect_language
from glasna.triage.models import CueDecision, CueKind, Decision, StaffLanguages

TAKE_IT_DOWN_URL = "https://takeitdown.ncmec.org/"
LANGUAGE_LABELS = {
    "sq": _("Albanian"),
    "mk": _("Macedonian"),
    "sr": _("Serbian"),
    "bs": _("Bosnian"),
    "hr": _("Croatian"),
    "en": _("English"),
    "bcms": _("Bosnian, Croatian, Montenegrin or Serbian (Latin script; not told apart)"),
    "mk-sr": _("Macedonian or Serbian (too close to tell)"),
}
SCRIPT_LABELS = {"latin": _("Latin"), "cyrillic": _("Cyrillic"), "mixed": _("mixed"), "none": _("none")}


class UnknownCue(ValueError):
    pass


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


@dataclass(frozen=True)
class CueView:
    kind: str
    label: str
    segments: tuple[Segment, ...]  # the narrative around the triggers, triggers marked
    words: tuple[str, ...]
    decision: CueDecision | None


def _segments(text: str, cue: Cue, context: int = 60) -> tuple[Segment, ...]:
    """Each trigger marked, with up to `context` characters around it; gaps shown as "…"."""
    out: list[Segment] = []
    last = 0
    triggers = list(cue.triggers)
    for index, trigger in enumerate(triggers):
        if trigger.start < last:
            continue
        start = max(last, trigger.start - context)
        if start > last:
            out.append(Segment("… ", False))
        out.append(Segment(text[start : trigger.start], False))
        out.append(Segment(trigger.words, True))
        following = triggers[index + 1].start if index + 1 < len(triggers) else len(text)
        last = max(trigger.end, min(following, trigger.end + context))
        out.append(Segment(text[trigger.end : last], False))
    if last < len(text):
        out.append(Segment(" …", False))
    return tuple(s for s in out if s.text)


def latest_decisions(case: Case) -> dict[str, CueDecision]:
    latest: dict[str, CueDecision] = {}
    for row in CueDecision.objects.filter(case=case).select_related("decided_by__user"):
        latest.setdefault(row.kind, row)
    return latest


def triage(case: Case, narrative: str) -> dict[str, Any]:
    """Language, script and cues of the narrative, with any decision already taken on each cue."""
    decisions = latest_decisions(case)
    labels = dict(CueKind.choices)
    cues = [
        CueView(
            c.kind,
            str(labels[c.kind]),
            _segments(narrative, c),
            tuple(t.words for t in c.triggers),
            decisions.get(c.kind),
        )
        for c in find_cues(narrative)
    ]
    language: LanguageGuess = detect_language(narrative)
    minor = decisions.get(CueKind.MINOR)
    code = language.language or language.group
    return {
        "language": language,
        "language_label": LANGUAGE_LABELS.get(code or "", ""),
        "script_label": SCRIPT_LABELS[language.script],
        "cues": cues,
        "minor_confirmed": minor is not None and minor.decision == Decision.CONFIRMED,
        "undecided": not language.decided and not cues,
    }


def decide(staff: StaffMember, case: Case, kind: str, decision: str, request: HttpRequest | None) -> CueDecision:
    if kind not in CueKind.values or decision not in Decision.values:
        raise UnknownCue(kind)
    row = CueDecision.objects.create(case=case, kind=kind, decision=decision, decided_by=staff)
    audit.record(
        f"triage.cue_{decision}",
        actor=staff.user.get_username(),
        target=f"case:{case.pk}:{kind}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return row


def languages_of(member: StaffMember) -> list[str]:
    row = StaffLanguages.objects.filter(staff=member).first()
    return list(row.languages) if row else []


def set_languages(staff: StaffMember, member: StaffMember, languages: list[str], request: HttpRequest | None) -> None:
    """Record the languages `member` reads; `staff` is herself or her organisation's administrator."""
    StaffLanguages.objects.update_or_create(staff=member, defaults={"languages": sorted(set(languages))})
    audit.record(
        "triage.languages_changed",
        actor=staff.user.get_username(),
        target=f"staff:{member.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
