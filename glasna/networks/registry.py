"""The registry of abusive spaces: find or create a space from an identifier, record what staff
learn about it (status, member counts, aliases, successor), and read its lineage.

Private identifiers are kept only as keyed pseudonyms (core.crypto.server_keys.keyed_pseudonym):
a database without the instance key shows which spaces are linked, never an invite link or an
account name."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation, Role, StaffMember
from glasna.core import audit
from glasna.core.crypto.server_keys import keyed_pseudonym
from glasna.networks.identifiers import (
    ACCOUNT,
    NUMERIC_ID,
    PRIVATE_INVITE,
    Identifier,
    render,
)
from glasna.networks.models import Alias, Appearance, MemberCount, Space, SpaceKind, Status, StatusEntry

PSEUDONYM_PURPOSE = "networks/identifier"
# Who may open the registry and record in it: the roles that work on cases.
ROLES = {Role.ORG_ADMIN, Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER}


class RegistryError(Exception):
    """A change the registry refuses; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def identifier_key(identifier: Identifier) -> str:
    """What the database holds: the canonical value of a public space, a pseudonym otherwise."""
    if identifier.is_private:
        return "hmac:" + keyed_pseudonym(
            PSEUDONYM_PURPOSE, f"{identifier.platform}:{identifier.kind}:{identifier.value}"
        )
    return identifier.value


def guess_kind(identifier: Identifier) -> str:
    if identifier.kind == ACCOUNT:
        return SpaceKind.ACCOUNT
    if identifier.platform == "discord":
        return SpaceKind.SERVER
    if identifier.platform == "viber":
        return SpaceKind.COMMUNITY
    if identifier.platform == "telegram" and identifier.value.endswith("bot"):
        return SpaceKind.BOT
    if identifier.platform == "telegram" and identifier.kind == PRIVATE_INVITE:
        return SpaceKind.GROUP
    if identifier.platform == "other":
        return SpaceKind.WEBSITE
    return SpaceKind.UNKNOWN


def public_name(identifier: Identifier) -> str:
    """A name to show for a public space ("t.me/invented_room"); empty for private identifiers."""
    if identifier.is_private:
        return ""
    if identifier.kind == NUMERIC_ID:
        return f"{identifier.platform} {identifier.value}"
    return render(identifier).removeprefix("https://").removeprefix("www.")[:200]


def find(organisation: Organisation, identifier: Identifier) -> Space | None:
    return Space.objects.filter(
        organisation=organisation,
        platform=identifier.platform,
        identifier_kind=identifier.kind,
        identifier=identifier_key(identifier),
    ).first()


def find_or_create(organisation: Organisation, identifier: Identifier, seen_at: dt.datetime | None = None) -> Space:
    """The organisation's space for this identifier, created on first mention; last_seen moves on."""
    now = seen_at or timezone.now()
    space, created = Space.objects.get_or_create(
        organisation=organisation,
        platform=identifier.platform,
        identifier_kind=identifier.kind,
        identifier=identifier_key(identifier),
        defaults={
            "kind": guess_kind(identifier),
            "display_name": public_name(identifier),
            "first_seen": now,
            "last_seen": now,
        },
    )
    if created or not space_has_appearance(space):
        from glasna.networks import federation  # federation builds on the registry

        federation.record(space, identifier)
    if not created and now > space.last_seen:
        Space.objects.filter(pk=space.pk).update(last_seen=now)
        space.last_seen = now
    return space


def space_has_appearance(space: Space) -> bool:
    return Appearance.objects.filter(space=space).exists()


def _audit(staff: StaffMember, action: str, space: Space) -> None:
    audit.record(
        f"networks.{action}",
        actor=staff.user.get_username(),
        target=f"space:{space.pk}",
        organisation_id=staff.organisation_id,
    )


def check(staff: StaffMember, space: Space) -> None:
    if staff.role not in ROLES or space.organisation_id != staff.organisation_id:
        raise RegistryError(_("You cannot change this space."))


_check = check


def record_status(staff: StaffMember, space: Space, status: str, on: dt.date) -> StatusEntry:
    _check(staff, space)
    if status not in Status.values:
        raise RegistryError(_("Choose a status."))
    entry = StatusEntry.objects.create(space=space, status=status, on=on, recorded_by=staff)
    _audit(staff, "status", space)
    return entry


def record_member_count(staff: StaffMember, space: Space, count: int, on: dt.date, source: str) -> MemberCount:
    _check(staff, space)
    if count < 0 or not source.strip():
        raise RegistryError(_("A member count needs a number and where it was read."))
    entry = MemberCount.objects.create(
        space=space, count=count, counted_on=on, source=source.strip(), recorded_by=staff
    )
    _audit(staff, "member_count", space)
    return entry


def add_alias(staff: StaffMember, space: Space, name: str) -> Alias:
    _check(staff, space)
    if not name.strip():
        raise RegistryError(_("Enter the other name."))
    alias = Alias.objects.create(space=space, name=name.strip()[:200], recorded_by=staff)
    _audit(staff, "alias", space)
    return alias


@transaction.atomic
def set_successor(staff: StaffMember, space: Space, predecessor: Space) -> None:
    """Record that `space` follows `predecessor` (same admins, same name pattern, same images)."""
    _check(staff, space)
    _check(staff, predecessor)
    if predecessor.pk in descendants(space):
        raise RegistryError(_("A space cannot follow itself or one of its successors."))
    Space.objects.filter(pk=space.pk).update(successor_of=predecessor)
    space.successor_of = predecessor
    _audit(staff, "successor", space)


def descendants(space: Space) -> set[int]:
    """The space and every space that follows it, directly or not (their ids)."""
    found = {space.pk}
    frontier = [space.pk]
    while frontier:
        frontier = [pk for pk in Space.objects.filter(successor_of_id__in=frontier).values_list("pk", flat=True)]
        frontier = [pk for pk in frontier if pk not in found]
        found.update(frontier)
    return found


def lineage(space: Space) -> list[Space]:
    """The chain from the oldest known predecessor to the newest successor, through `space`
    ("Public Room, Public Room 2, ..."); where a space has several successors, the oldest."""
    chain = [space]
    seen = {space.pk}
    current = space
    while current.successor_of_id and current.successor_of_id not in seen:
        current = Space.objects.get(pk=current.successor_of_id)
        chain.insert(0, current)
        seen.add(current.pk)
    current = space
    while True:
        nxt = current.successors.exclude(pk__in=seen).order_by("first_seen", "pk").first()
        if nxt is None:
            return chain
        chain.append(nxt)
        seen.add(nxt.pk)
        current = nxt


def current_status(space: Space) -> str:
    last = space.status_history.order_by("-on", "-id").first()
    return last.status if last is not None else ""
