"""Routing a new case by the language of its report, and its place in the queue by urgency cues.

Called once, when the survivor submits, while the server still holds her answers in clear (the
same moment the report is sealed). What it decides is a suggestion recorded with its reason and
shown on the case (`Routing`, a case event and an audit entry): a caseworker who reads the
detected language is assigned, the one with the fewest open cases; a group ("bcms", "mk-sr")
matches anyone reading one of its languages. Nobody listing the language, or triage unable to tell
(empty, emoji-only or too short text, or triage failing), leaves the case unassigned in the triage
queue, exactly as before triage existed. Urgency cues raise the case's urgency, which orders every
queue; a caseworker's own risk assessment replaces it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Membership, Role, StaffMember
from glasna.cases.models import Case, CaseEvent, CaseStatus
from glasna.core import audit
from glasna.triage.cues import find_cues
from glasna.triage.language import LanguageGuess, detect_language
from glasna.triage.models import Routing, StaffLanguages

log = logging.getLogger(__name__)

# The languages staff can say they read; Serbian covers both scripts.
READING_LANGUAGES = (
    ("sq", _("Albanian")),
    ("mk", _("Macedonian")),
    ("sr", _("Serbian")),
    ("bs", _("Bosnian")),
    ("hr", _("Croatian")),
    ("cnr", _("Montenegrin")),
    ("en", _("English")),
)
GROUPS = {"bcms": frozenset({"bs", "hr", "sr", "cnr"}), "mk-sr": frozenset({"mk", "sr"})}
# Urgency points per cue, on the scale of cases.models.RISK_WEIGHTS (danger to life first).
CUE_URGENCY = {
    "self_harm": 100,
    "threat_violence": 90,
    "threat_publication_deadline": 70,
    "minor": 60,
    "sextortion": 50,
}
REASONS = {
    "language": _("Assigned to a caseworker who reads the report's language."),
    "language_group": _("Assigned to a caseworker who reads a language of the report's language group."),
    "no_reader": _("Nobody lists the report's language: left in the triage queue."),
    "undecided": _("Triage could not decide the language: left in the triage queue by the usual rules."),
    "failed": _("Triage could not decide: left in the triage queue by the usual rules."),
}


def readers(organisation_id: int, language: str) -> list[StaffMember]:
    """Active caseworkers of the organisation reading `language` (or one of its group), least busy first."""
    wanted = GROUPS.get(language, frozenset({language}))
    listed = {
        row.staff_id
        for row in StaffLanguages.objects.filter(staff__organisation_id=organisation_id)
        if wanted & set(row.languages)
    }
    return list(
        StaffMember.objects.filter(
            pk__in=listed,
            role=Role.CASEWORKER,
            membership=Membership.ACTIVE,
            user__is_active=True,
        )
        .annotate(open_cases=Count("cases", filter=~Q(cases__status=CaseStatus.CLOSED)))
        .order_by("open_cases", "pk")
    )


def _decide(case: Case, narrative: str) -> Routing:
    guess: LanguageGuess = detect_language(narrative)
    cues = [cue.kind for cue in find_cues(narrative)]
    urgency = sum(CUE_URGENCY.get(kind, 0) for kind in cues)
    language = guess.language or guess.group or ""
    chosen = readers(case.organisation_id, language) if language else []
    if not language:
        reason = "undecided"
    elif not chosen:
        reason = "no_reader"
    else:
        reason = "language_group" if language in GROUPS else "language"
    return Routing(
        case=case,
        language=language,
        cues=cues,
        assigned_to=chosen[0] if chosen else None,
        reason=reason,
        urgency=urgency,
    )


def route_new_case(case: Case, answers: dict[str, Any]) -> Routing:
    """Route `case` from its report's answers; never raises, so a report is never lost to triage."""
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the report's own rows intact
            routing = _decide(case, str(answers.get("narrative") or ""))
            routing.save()
            _apply(case, routing)
    except Exception:  # triage is help, not a gate: log and fall back to the usual queue
        log.exception("triage routing failed for case %s", case.pk)
        routing = Routing.objects.create(case=case, reason="failed")
    return routing


def _apply(case: Case, routing: Routing) -> None:
    fields = []  # no version bump: nobody can hold a form on a case that did not exist a moment ago
    if routing.urgency > case.urgency:
        case.urgency = routing.urgency
        fields.append("urgency")
    if routing.assigned_to is not None:
        case.assigned_to = routing.assigned_to
        fields.append("assigned_to")
    if not fields:
        return  # nothing changed: the Routing row alone says why (the case timeline stays as it was)
    case.save(update_fields=fields)
    detail = f"{routing.reason} {routing.language} {','.join(routing.cues)}".strip()
    if routing.assigned_to is not None:
        detail += f" -> {routing.assigned_to.user.get_username()}"
    CaseEvent.objects.create(case=case, actor="triage", kind="routed", detail=detail[:200])
    audit.record("triage.routed", actor="triage", target=f"case:{case.pk}", organisation_id=case.organisation_id)


def explanation(case: Case) -> dict[str, Any] | None:
    """What the case page shows about its routing, or None for cases opened before triage."""
    routing = Routing.objects.filter(case=case).select_related("assigned_to__user").first()
    if routing is None:
        return None
    return {
        "routing": routing,
        "reason": REASONS.get(routing.reason, REASONS["failed"]),
        "decided": routing.reason not in ("undecided", "failed"),
    }
