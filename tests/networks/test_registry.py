"""The registry: private identifiers only as pseudonyms, status/counts/aliases recorded with who, lineage."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.networks import registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Space, SpaceKind
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db


def test_public_spaces_in_clear_private_identifiers_only_as_pseudonyms() -> None:
    org = make_organisation("reg-a").organisation
    public = registry.find_or_create(org, normalise("https://t.me/invented_room"))
    invite = registry.find_or_create(org, normalise("https://t.me/+InventedInvite42"))
    person = registry.find_or_create(org, normalise("@invented_person", "instagram"))
    assert public.identifier == "invented_room" and public.display_name == "t.me/invented_room"
    assert invite.identifier.startswith("hmac:") and invite.display_name == ""
    assert person.identifier.startswith("hmac:") and person.kind == SpaceKind.ACCOUNT
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, display_name FROM networks_space")
        dump = repr(cursor.fetchall())
    assert "InventedInvite42" not in dump and "invented_person" not in dump


def test_the_same_space_by_another_link_form_is_found_not_duplicated() -> None:
    org = make_organisation("reg-b").organisation
    first = registry.find_or_create(org, normalise("https://t.me/+InventedInvite42"))
    again = registry.find_or_create(org, normalise("tg://join?invite=InventedInvite42"))
    assert first.pk == again.pk
    assert registry.find_or_create(org, normalise("@Invented_Room", "telegram")).pk == (
        registry.find_or_create(org, normalise("telegram.me/invented_room/5")).pk
    )
    other_org = make_organisation("reg-c").organisation
    assert registry.find_or_create(other_org, normalise("t.me/invented_room")).organisation == other_org
    assert Space.objects.count() == 3


def test_recording_status_counts_aliases_with_who_and_an_audit_event() -> None:
    bundle = make_organisation("reg-d")
    space = registry.find_or_create(bundle.organisation, normalise("t.me/invented_room"))
    on = timezone.now().date()
    registry.record_status(bundle.staff, space, "active", on - dt.timedelta(days=3))
    registry.record_status(bundle.staff, space, "closed", on)
    count = registry.record_member_count(bundle.staff, space, 41000, on, "seen in the app")
    registry.add_alias(bundle.staff, space, "Invented Room")
    assert registry.current_status(space) == "closed"
    assert [e.status for e in space.status_history.all()] == ["active", "closed"]
    assert count.recorded_by == bundle.staff and space.aliases.get().name == "Invented Room"
    assert AuditEvent.objects.filter(action__startswith="networks.", target=f"space:{space.pk}").count() == 4
    with pytest.raises(registry.RegistryError):
        registry.record_member_count(bundle.staff, space, 5, on, "  ")
    with pytest.raises(registry.RegistryError):
        registry.record_status(bundle.staff, space, "vanished", on)


def test_other_organisations_and_analysts_cannot_record() -> None:
    home = make_organisation("reg-e")
    space = registry.find_or_create(home.organisation, normalise("t.me/invented_room"))
    other = make_organisation("reg-f")
    analyst = keyring.create_staff(home.organisation, "reg-analyst", PASSWORD, Role.ANALYST, home.org_keys)
    for staff in (other.staff, analyst):
        with pytest.raises(registry.RegistryError):
            registry.add_alias(staff, space, "x")


def test_lineage_and_no_cycles() -> None:
    bundle = make_organisation("reg-g")
    org, staff = bundle.organisation, bundle.staff
    later = timezone.now()
    room = registry.find_or_create(org, normalise("t.me/invented_room"), later - dt.timedelta(days=20))
    room2 = registry.find_or_create(org, normalise("t.me/invented_room2"), later - dt.timedelta(days=10))
    room3 = registry.find_or_create(org, normalise("t.me/invented_room3"), later)
    registry.set_successor(staff, room2, room)
    registry.set_successor(staff, room3, room2)
    assert [s.pk for s in registry.lineage(room2)] == [room.pk, room2.pk, room3.pk]
    assert [s.pk for s in registry.lineage(room)] == [room.pk, room2.pk, room3.pk]
    with pytest.raises(registry.RegistryError):
        registry.set_successor(staff, room, room3)
    with pytest.raises(registry.RegistryError):
        registry.set_successor(staff, room, room)
