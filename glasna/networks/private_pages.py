"""Pages on websites the platform list does not know, linked automatically from a case (a report's
link, an evidence item, a notice, a sighting): survivor data, not a public space.

Such an address can name the survivor herself (her own blog, a page with her name in it), so the
registry keeps it like the rest of her case: the address sealed to the organisation key (readable
only by staff holding it, re-sealed by key rotation: accounts/sealed_records.py), and a keyed
pseudonym that links "this page appears in N of your cases" inside the organisation. The pseudonym
includes the organisation, so two organisations' rows for one page are unrelated in a database
dump. A private page has no `Appearance`: other organisations, other installations and the
platforms' flagged-spaces API never learn of it. A caseworker who may open a case naming it can
promote it to a public space (`promote`, confirmed and audited): the only way it becomes clear."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.keyring import KeyUnavailable, OrganisationKeys
from glasna.accounts.models import Organisation, StaffMember
from glasna.cases import permissions
from glasna.core import audit
from glasna.core.crypto.primitives import DecryptionError, seal, unseal
from glasna.core.crypto.server_keys import keyed_pseudonym
from glasna.networks import registry
from glasna.networks.identifiers import PRIVATE_PAGE, PUBLIC_SPACE, WEB, Identifier
from glasna.networks.models import Alias, LinkKind, MemberCount, Space, SpaceKind, SpaceLink, StatusEntry

PSEUDONYM_PURPOSE = "networks/private-page"


def is_unknown_page(identifier: Identifier) -> bool:
    """A page (or a whole site) on a website the platform list does not know."""
    return identifier.platform == WEB and identifier.kind == PUBLIC_SPACE


def pseudonym(organisation_id: int, url: str) -> str:
    return "hmac:" + keyed_pseudonym(PSEUDONYM_PURPOSE, f"{organisation_id}:{url}")


def find(organisation_id: int, url: str) -> Space | None:
    return Space.objects.filter(
        organisation_id=organisation_id,
        platform=WEB,
        identifier_kind=PRIVATE_PAGE,
        identifier=pseudonym(organisation_id, url),
    ).first()


def find_or_create(organisation: Organisation, identifier: Identifier, seen_at: dt.datetime | None = None) -> Space:
    """The organisation's private page for this address, created (sealed) on first mention."""
    now = seen_at or timezone.now()
    key = organisation.current_key
    space, created = Space.objects.get_or_create(
        organisation=organisation,
        platform=WEB,
        identifier_kind=PRIVATE_PAGE,
        identifier=pseudonym(organisation.pk, identifier.value),
        defaults={
            "kind": SpaceKind.WEBSITE,
            "display_name": "",
            "sealed_url": seal(bytes(key.public_key), identifier.value.encode()),
            "url_key_version": key.version,
            "first_seen": now,
            "last_seen": now,
        },
    )
    if not created and now > space.last_seen:
        Space.objects.filter(pk=space.pk).update(last_seen=now)
        space.last_seen = now
    return space


def space_for(organisation: Organisation, identifier: Identifier, seen_at: dt.datetime | None = None) -> Space:
    """Where an automatic link goes: a page on an unknown website stays private unless the
    organisation already holds it as a public space (promoted, or a campaign's target)."""
    if not is_unknown_page(identifier):
        return registry.find_or_create(organisation, identifier, seen_at)
    if registry.find(organisation, identifier) is not None:
        return registry.find_or_create(organisation, identifier, seen_at)
    return find_or_create(organisation, identifier, seen_at)


def open_url(space: Space, keys: OrganisationKeys | None) -> str:
    """The page's address, or "" without a key that opens it. The address must give back the
    row's pseudonym: a sealed value copied from another row is refused."""
    if keys is None or space.identifier_kind != PRIVATE_PAGE or not space.sealed_url:
        return ""
    try:
        url = unseal(keys.for_version(space.url_key_version or 0), bytes(space.sealed_url)).decode()
    except (DecryptionError, KeyUnavailable, UnicodeDecodeError):
        return ""
    return url if pseudonym(space.organisation_id, url) == space.identifier else ""


def may_read(staff: StaffMember, space: Space) -> bool:
    """Who may see the address: a registry role who may open a case naming the page."""
    if staff.role not in registry.ROLES or space.organisation_id != staff.organisation_id:
        return False
    return permissions.visible_cases(staff).filter(space_links__space=space).exists()


def read(staff: StaffMember, space: Space, keys: OrganisationKeys | None, request: HttpRequest | None) -> str:
    """The address for the space page; each reading audited like any opened survivor data."""
    if not may_read(staff, space):
        return ""
    url = open_url(space, keys)
    if url:
        audit.record(
            "networks.page_read",
            actor=staff.user.get_username(),
            target=f"space:{space.pk}",
            organisation_id=staff.organisation_id,
            request=request,
        )
    return url


@transaction.atomic
def promote(
    staff: StaffMember,
    space: Space,
    keys: OrganisationKeys | None,
    confirmed: bool,
    request: HttpRequest | None = None,
) -> Space:
    """Make a private page a public space of the registry, in clear from now on (it may then be
    shared with platforms and other organisations). Joins the public space the organisation may
    already hold for the address. Returns the public space."""
    registry.check(staff, space)
    if space.identifier_kind != PRIVATE_PAGE:
        raise registry.RegistryError(_("Only a page kept with the case data can be made public."))
    if not confirmed:
        raise registry.RegistryError(_("Confirm that this address may be kept in clear."))
    if not may_read(staff, space):
        raise registry.RegistryError(_("Only someone who may open a case naming this page can make it public."))
    url = open_url(space, keys)
    if not url:
        raise registry.RegistryError(_("Your keys do not open this page's address."))
    private_id = space.pk
    public = _make_public(space, Identifier(WEB, PUBLIC_SPACE, url), staff)
    audit.record(
        "networks.page_promoted",
        actor=staff.user.get_username(),
        target=f"space:{private_id}" + (f"->space:{public.pk}" if public.pk != private_id else ""),
        organisation_id=staff.organisation_id,
        request=request,
    )
    return public


def absorb(public: Space, identifier: Identifier, staff: StaffMember | None, reason: str) -> None:
    """A public space was made on purpose for an address (a campaign's target): the organisation's
    private page for the same address joins it, so its cases stay linked. Audited with `reason`."""
    private = find(public.organisation_id, identifier.value) if is_unknown_page(identifier) else None
    if private is None:
        return
    private_id = private.pk
    with transaction.atomic():
        _merge(private, public)
    audit.record(
        "networks.page_promoted",
        actor=staff.user.get_username() if staff is not None else "system",
        target=f"space:{private_id}->space:{public.pk} {reason}",
        organisation_id=public.organisation_id,
    )


def forget_report(report_id: UUID | str) -> None:
    """A withdrawn report: the links its case's report made go, and with them every private page
    no case names any more (the address was hers alone). Public spaces stay, as they always have."""
    links = SpaceLink.objects.filter(case__report_id=report_id, object_kind=LinkKind.REPORT)
    organisation_ids = set(links.values_list("organisation_id", flat=True))
    links.delete()
    for organisation_id in organisation_ids:
        forget_unlinked(organisation_id)


def forget_unlinked(organisation_id: int) -> int:
    """Delete the organisation's private pages no case names any more (a case deleted at the end of
    its retention, a report withdrawn); returns how many."""
    orphans = Space.objects.filter(
        organisation_id=organisation_id, identifier_kind=PRIVATE_PAGE, links__isnull=True
    ).values_list("pk", flat=True)
    deleted, _counts = Space.objects.filter(pk__in=list(orphans)).delete()
    return deleted


def _make_public(space: Space, identifier: Identifier, staff: StaffMember) -> Space:
    from glasna.networks import federation  # federation builds on the registry

    existing = registry.find(space.organisation, identifier)
    if existing is not None:
        _merge(space, existing)
        return existing
    now = timezone.now()
    Space.objects.filter(pk=space.pk).update(
        identifier_kind=PUBLIC_SPACE,
        identifier=identifier.value,
        display_name=space.display_name or registry.public_name(identifier),
        sealed_url=None,
        url_key_version=None,
        promoted_by=staff,
        promoted_at=now,
    )
    space.refresh_from_db()
    federation.record(space, identifier)
    return space


def _merge(source: Space, target: Space) -> None:
    """Move what the registry holds on `source` to `target`, then delete `source`."""
    taken = set(SpaceLink.objects.filter(space=target).values_list("object_kind", "object_id"))
    for link in SpaceLink.objects.filter(space=source):
        if (link.object_kind, link.object_id) in taken:
            link.delete()
        else:
            SpaceLink.objects.filter(pk=link.pk).update(space=target)
    for model in (Alias, StatusEntry, MemberCount):
        model.objects.filter(space=source).update(space=target)  # type: ignore[attr-defined]
    Space.objects.filter(successor_of=source).exclude(pk=target.pk).update(successor_of=target)
    changes: dict[str, Any] = {
        "first_seen": min(source.first_seen, target.first_seen),
        "last_seen": max(source.last_seen, target.last_seen),
    }
    if target.successor_of_id is None and source.successor_of_id not in (None, target.pk):
        # Kept only where it makes no loop: the predecessor must not already follow the target.
        if source.successor_of_id not in registry.descendants(target):
            changes["successor_of_id"] = source.successor_of_id
    Space.objects.filter(pk=target.pk).update(**changes)
    source.delete()
    target.refresh_from_db()
