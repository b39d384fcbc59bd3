"""Dossiers for coordinated action against a space (and its lineage) or an escrow match.

Two kinds, both plain JSON-ready dicts that the PDF renders as they are:
- `platform`: what a platform needs beside a DSA Art. 16 notice or in a trusted-flagger batch —
  the spaces' identifiers, status history, member counts with source and date, lineage and the
  organisation's notice references. No survivor data: no case, no report, no evidence.
- `police`: the same, plus, for each case whose survivor consented to coordinated action
  (coordination.py) and that the exporting staff member may open, its linked evidence items with
  their custody entries and inclusion proofs against a signed tree head (the full bundle of a case
  is the evidence room's export, referenced per item), and victims counted by country.

Only the exporting organisation's own spaces and cases; of other organisations, counts only
(the match's number of survivors)."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from django.urls import reverse
from django.utils import timezone

from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import Case
from glasna.core import platforms
from glasna.evidence import custody_log, log_key, merkle
from glasna.evidence.models import EvidenceItem
from glasna.networks import coordination, dossier_counts, registry
from glasna.networks.models import EscrowMatch, LinkKind, Space, SpaceLink

FORMAT = "glasna-dossier-v1"
PLATFORM, POLICE = "platform", "police"
KINDS = (PLATFORM, POLICE)


class DossierError(Exception):
    """A dossier the room refuses to build; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _day(value: Any) -> str:
    return value.isoformat()[:10] if value else ""


def space_record(space: Space) -> dict[str, Any]:
    public = not space.identifier.startswith("hmac:")
    platform = platforms.get(space.platform)
    return {
        "id": space.pk,
        "platform": space.platform,
        "platform_name": str(platform.label) if platform else space.platform,
        "kind": space.kind,
        "identifier_kind": space.identifier_kind,
        # A private invite or account is held only as a keyed pseudonym: nothing to give a platform.
        "identifier": space.identifier if public else "",
        "display_name": space.display_name,
        "aliases": [alias.name for alias in space.aliases.order_by("pk")],
        "first_seen": _day(space.first_seen),
        "last_seen": _day(space.last_seen),
        "successor_of": space.successor_of_id,
        "status_history": [{"status": e.status, "on": _day(e.on)} for e in space.status_history.all()],
        "member_counts": [
            {"count": c.count, "counted_on": _day(c.counted_on), "source": c.source} for c in space.member_counts.all()
        ],
    }


def _notices(organisation_id: int, spaces: list[Space], case_ids: set[int]) -> list[dict[str, Any]]:
    from glasna.takedown.models import Notice

    ids = SpaceLink.objects.filter(
        space__in=spaces, object_kind=LinkKind.NOTICE, case_id__in=case_ids, organisation_id=organisation_id
    ).values_list("object_id", flat=True)
    notices = Notice.objects.filter(
        pk__in=[int(i) for i in ids if i.isdigit()], organisation_id=organisation_id
    ).select_related("platform")
    return [
        {
            "id": n.pk,
            "platform": n.platform.key,
            "status": n.status,
            "sent_at": _day(n.sent_at),
            "platform_reference": n.platform_reference,
            "removed_at": _day(n.removed_at),
            "items": len(n.items or []),
        }
        for n in sorted(notices, key=lambda n: n.pk)
    ]


def _evidence(case_ids: set[int], spaces: list[Space]) -> dict[str, Any]:
    """Custody entries of the linked items with inclusion proofs against one signed head."""
    raw = SpaceLink.objects.filter(space__in=spaces, object_kind=LinkKind.EVIDENCE, case_id__in=case_ids)
    wanted = set()
    for object_id in raw.values_list("object_id", flat=True):
        try:
            wanted.add(UUID(object_id))
        except ValueError:
            continue
    items = list(EvidenceItem.objects.filter(pk__in=wanted, case_id__in=case_ids).order_by("case_id", "created_at"))
    head = custody_log.sign_head()
    leaves = custody_log.leaf_hashes(head.tree_size)
    by_item: dict[str, list[dict[str, Any]]] = {}
    for entry in custody_log.entries_for([item.pk for item in items], head.tree_size):
        by_item.setdefault(str(entry.item_id), []).append(
            {
                "index": entry.index,
                "entry": bytes(entry.entry).decode("ascii"),
                "proof": [h.hex() for h in merkle.inclusion_proof(leaves, entry.index)],
            }
        )
    return {
        "tree_head": custody_log.to_signed(head).to_dict(),
        "log_key_fingerprint": log_key.fingerprint(),
        "items": [
            {
                "item": str(item.pk),
                "case": item.case_id,
                "commitment": item.commitment,
                "custody": by_item.get(str(item.pk), []),
                "bundle": reverse("evidence:export", kwargs={"case_id": item.case_id}),
            }
            for item in items
        ],
    }


def _victims_by_country(case_ids: set[int]) -> dict[str, int]:
    """Counted from the report's statistics country, which exists only with her statistics consent."""
    counts: Counter[str] = Counter()
    for case in Case.objects.filter(pk__in=case_ids).select_related("report"):
        report = case.report
        counts[(report.stat_country if report is not None and report.stats_consent else "") or "unknown"] += 1
    return dict(sorted(counts.items()))


def _included(staff: StaffMember, case_ids: set[int]) -> set[int]:
    """The cases a dossier draws on: the staff member may open them and their survivor consented."""
    visible = set(permissions.visible_cases(staff).filter(pk__in=case_ids).values_list("pk", flat=True))
    return coordination.consenting(staff.organisation_id, visible)


def cases_of(staff: StaffMember, data: dict[str, Any]) -> tuple[set[int], set[int]]:
    """(every case of the organisation that names one of the dossier's spaces or is its subject,
    the cases the dossier includes). The personal-data check hides the names all of them know and
    lets a police dossier carry only those of the included ones (networks/dossier_check.py)."""
    linked = set(
        SpaceLink.objects.filter(space_id__in=data["lineage"], organisation_id=staff.organisation_id).values_list(
            "case_id", flat=True
        )
    )
    drawn = linked
    if data["subject"]["type"] == "match":
        match = EscrowMatch.objects.filter(pk=data["subject"]["id"], organisation_id=staff.organisation_id).first()
        drawn = {match.case_id} if match is not None and match.case_id is not None else set()
    return linked | drawn, _included(staff, drawn)


def _build(
    staff: StaffMember, kind: str, subject: dict[str, Any], spaces: list[Space], case_ids: set[int], language: str
) -> dict[str, Any]:
    if kind not in KINDS:
        raise DossierError("unknown kind")
    included = _included(staff, case_ids)
    data: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "language": language,
        "organisation": staff.organisation.name,
        "subject": subject,
        "lineage": [s.pk for s in spaces],
        "spaces": [space_record(s) for s in spaces],
        "notices": _notices(staff.organisation_id, spaces, included),
        # Other organisations naming the spaces: counts under disclosure control (dossier_counts.py).
        "elsewhere": dossier_counts.for_spaces(staff.organisation_id, spaces),
    }
    if kind == POLICE:
        data["cases"] = {"linked": len(case_ids), "included": len(included)}
        data["victims_by_country"] = _victims_by_country(included)
        data["evidence"] = _evidence(included, spaces)
    return data


def for_space(staff: StaffMember, space: Space, kind: str, language: str) -> dict[str, Any]:
    """The space and its lineage (predecessors and successors) as the organisation knows them."""
    if space.organisation_id != staff.organisation_id or staff.role not in registry.ROLES:
        raise DossierError("not this organisation's space")
    chain = registry.lineage(space)
    case_ids = set(SpaceLink.objects.filter(space__in=chain).values_list("case_id", flat=True))
    return _build(staff, kind, {"type": "space", "id": space.pk}, chain, case_ids, language)


def for_match(staff: StaffMember, match: EscrowMatch, kind: str, language: str) -> dict[str, Any]:
    """An escrow match: the spaces its case names, with their lineages, and how many survivors
    named the same person (across organisations: a count only)."""
    from django.utils.translation import gettext as _

    if match.organisation_id != staff.organisation_id or staff.role not in registry.ROLES or match.case is None:
        raise DossierError("not this organisation's match")
    if not coordination.is_given(match.case):
        raise DossierError(_("The survivor has not consented to coordinated action: no dossier for this match."))
    chain: list[Space] = []
    for space in Space.objects.filter(links__case=match.case, organisation_id=staff.organisation_id).distinct():
        chain += [s for s in registry.lineage(space) if s not in chain]
    subject = {
        "type": "match",
        "id": match.pk,
        "identifier_kind": match.identifier_kind,
        "survivors": match.survivors,
        "matched_at": _day(match.matched_at),
    }
    return _build(staff, kind, subject, chain, {match.case.pk}, language)
