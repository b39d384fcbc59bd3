"""Takedown campaigns follow a lineage: a campaign against a space covers its predecessors and
successors in the registry ("Public Room, Public Room 2, …"), and the organisation's notices
about any of them join the campaign. Computed when read, so a successor recorded after the
campaign opened joins it at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from glasna.networks import linkage, private_pages, registry
from glasna.networks.identifiers import PUBLIC_SPACE, Identifier, render
from glasna.networks.models import LinkKind, Space, SpaceLink, Status

if TYPE_CHECKING:
    from glasna.takedown.models import Campaign, Notice


def _identifier(campaign: Campaign) -> linkage.Identifier | None:
    found = linkage.identifiers_in(campaign.target_url, campaign.platform.key)
    return found[0] if found else None


def follow(campaign: Campaign) -> Space | None:
    """Put the campaign's target in the registry (on opening), so its lineage can be recorded. A
    public campaign names its target in clear: a private page for the same address joins it."""
    identifier = _identifier(campaign)
    if identifier is None:
        return None
    space = registry.find_or_create(campaign.organisation, identifier)
    private_pages.absorb(space, identifier, campaign.opened_by, f"campaign:{campaign.pk}")
    return space


def space_of(campaign: Campaign) -> Space | None:
    identifier = _identifier(campaign)
    return registry.find(campaign.organisation, identifier) if identifier else None


def lineage_of(campaign: Campaign) -> list[Space]:
    space = space_of(campaign)
    return registry.lineage(space) if space is not None else []


def notices_of(campaign: Campaign, spaces: list[Space] | None = None) -> list[Notice]:
    """The organisation's notices naming any space of the campaign's lineage."""
    from glasna.takedown.models import Notice

    spaces = lineage_of(campaign) if spaces is None else spaces
    ids = SpaceLink.objects.filter(
        space__in=spaces, object_kind=LinkKind.NOTICE, organisation_id=campaign.organisation_id
    ).values_list("object_id", flat=True)
    return list(
        Notice.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()], organisation_id=campaign.organisation_id)
        .select_related("platform")
        .order_by("pk")
    )


def public_successors(campaign: Campaign) -> list[str]:
    """Addresses the public campaign page asks supporters to report too: the campaign space's
    successors that are public spaces and not recorded as closed. Private invites and accounts
    are held only as pseudonyms and never shown."""
    space = space_of(campaign)
    if space is None:
        return []
    chain = registry.lineage(space)
    later = chain[chain.index(space) + 1 :]
    return [
        render(Identifier(s.platform, s.identifier_kind, s.identifier))
        for s in later
        if s.identifier_kind == PUBLIC_SPACE
        and not s.identifier.startswith("hmac:")
        and registry.current_status(s) != Status.CLOSED
    ]
