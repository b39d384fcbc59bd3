"""What a platform learns from the registry (the platform API, networks/api.py): the spaces on its
own platform that organisations flagged, with status and lineage.

A space is listed only when at least one organisation chose to share its public link in clear
(federation.share_in_clear): a platform needs the link to act, and a pseudonym alone would tell it
nothing it could use. Private invite links and accounts are never listed. Nothing says which
organisation flagged a space, how many did, or anything of a case."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min

from glasna.networks.identifiers import PRIVATE_KINDS, Identifier, render
from glasna.networks.models import Appearance, Space, StatusEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class FlaggedSpace:
    id: str  # the space's pseudonym: stable between calls, the same at every organisation
    link: str
    kind: str
    status: str  # the newest status any organisation recorded; "" when none
    status_on: str
    first_flagged: str  # YYYY-MM (the month, no more)
    predecessors: list[str]  # links of the spaces it follows, where shared in clear
    successors: list[str]


def _shared(platform: str) -> list[tuple[str, str]]:
    rows = (
        Appearance.objects.filter(platform=platform)
        .exclude(public_id="")
        .exclude(identifier_kind__in=PRIVATE_KINDS)
        .values("pseudonym")
        .annotate(since=Min("first_seen"))
        .order_by("since", "pseudonym")
    )
    return [(row["pseudonym"], row["since"].strftime("%Y-%m")) for row in rows]


def page(platform: str, number: int) -> tuple[int, list[FlaggedSpace]]:
    """The total and one page (from 1) of the flagged spaces on `platform`."""
    shared = _shared(platform)
    start = (max(number, 1) - 1) * PAGE_SIZE
    return len(shared), [_describe(platform, p, since) for p, since in shared[start : start + PAGE_SIZE]]


def _link(appearance: Appearance | None) -> str:
    if appearance is None or not appearance.public_id or appearance.identifier_kind in PRIVATE_KINDS:
        return ""
    return render(Identifier(appearance.platform, appearance.identifier_kind, appearance.public_id))


def _describe(platform: str, pseudonym: str, since: str) -> FlaggedSpace:
    group = list(
        Appearance.objects.filter(platform=platform, pseudonym=pseudonym, installation="").select_related("space")
    )
    shown = next(a for a in Appearance.objects.filter(platform=platform, pseudonym=pseudonym).exclude(public_id=""))
    spaces = [a.space for a in group if a.space is not None]
    latest = StatusEntry.objects.filter(space__in=spaces).order_by("-on", "-id").first()
    before = {s.successor_of_id for s in spaces if s.successor_of_id}
    after = set(Space.objects.filter(successor_of__in=spaces).values_list("pk", flat=True))

    def links(space_ids: set[int]) -> list[str]:
        found = {_link(a) for a in Appearance.objects.filter(space_id__in=space_ids).exclude(public_id="")}
        return sorted(found - {""})

    return FlaggedSpace(
        id=pseudonym,
        link=_link(shown),
        kind=spaces[0].kind if spaces else "",
        status=latest.status if latest else "",
        status_on=latest.on.isoformat() if latest else "",
        first_flagged=since,
        predecessors=links(before),
        successors=links(after),
    )
