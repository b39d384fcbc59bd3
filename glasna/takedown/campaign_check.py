"""A campaign's title and template messages go on a public page, as typed: before a campaign opens
they are checked for personal data with the detector that checks notices (glasna/triage/outgoing.py).

Staff type these texts, they are not drawn from a case; but a caseworker who has just read a case
may well write a survivor's name or number into them. So opening waits until nothing is found, or
until she has kept each finding as not personal data (a platform's support number, say). A name
that any of the organisation's cases holds can never be kept: such a name is a survivor's or her
family's, and a public page is the last place for it. The group's address and the reporting
addresses are the campaign's purpose and go out exactly as they are (`protected`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from glasna.accounts.keyring import OrganisationKeys
from glasna.triage.models import CaseNames
from glasna.triage.notices import KIND_LABELS, names_in
from glasna.triage.outgoing import Correction, Found, find

FIELD_LABELS = {"title": _("Title"), "message": _("Template message")}


@dataclass(frozen=True)
class Finding:
    field: str  # "title" or "message:<language>"
    kind: str
    value: str
    kept: bool
    may_keep: bool  # False for a name one of the organisation's cases holds

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def field_label(self) -> str:
        name, _sep, language = self.field.partition(":")
        label = str(FIELD_LABELS[name])
        return f"{label} ({language})" if language else label


def organisation_names(organisation_id: int, keys: OrganisationKeys) -> list[str]:
    """Every name the organisation's cases hold (`CaseNames`, sealed to the organisation key)."""
    return names_in(CaseNames.objects.filter(case__organisation_id=organisation_id).only("sealed", "key_version"), keys)


def review(
    title: str,
    messages: dict[str, str],
    names: list[str],
    keep: frozenset[str],
    protected: list[str],
) -> list[Finding]:
    """Every finding in the public texts; `kept` only where she kept it and the kind allows it."""
    correction = Correction(keep=keep)
    texts = [("title", title)] + [(f"message:{language}", text) for language, text in messages.items()]
    findings: list[Finding] = []
    for field, text in texts:
        for found in find(text, names, correction, protected):
            if found.protected:
                continue
            findings.append(_finding(field, found))
    return findings


def _finding(field: str, found: Found) -> Finding:
    may_keep = found.span.kind != "name"
    return Finding(field, found.span.kind, found.span.value, kept=found.kept and may_keep, may_keep=may_keep)


def blocking(findings: list[Finding]) -> list[Finding]:
    """What stops the campaign from opening: every finding not kept."""
    return [f for f in findings if not f.kept]
