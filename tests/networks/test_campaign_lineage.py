"""A takedown campaign follows its space's lineage: successors and their notices join it."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.networks import campaign_lineage, linkage, registry
from glasna.networks.identifiers import normalise
from glasna.takedown import campaigns
from tests.factories import PASSWORD, signed_in_client
from tests.networks.dossier_setup import _notice, build

pytestmark = pytest.mark.django_db


def test_a_campaign_follows_the_lineage_of_its_space_and_gathers_its_notices() -> None:
    net = build("campaign")
    staff = net.org.staff
    campaign = campaigns.open_campaign(
        staff,
        "telegram",
        "Close Invented Room",
        "https://t.me/invented_room",
        {"en": "Synthetic template."},
        [],
        keys=None,
    )
    assert campaign_lineage.space_of(campaign) == net.room
    assert campaign_lineage.lineage_of(campaign) == [net.room, net.room2]
    assert {n.pk for n in campaign_lineage.notices_of(campaign)} == {net.consenting_notice.pk, net.other_notice.pk}
    # A third room recorded after the campaign opened joins it, with its notice.
    room3 = registry.find_or_create(net.org.organisation, normalise("t.me/invented_room3"))
    registry.set_successor(staff, room3, net.room2)
    later = _notice(net.org, net.other, "https://t.me/invented_room3/5")
    linkage.link_case(staff, None, net.other)
    assert campaign_lineage.lineage_of(campaign) == [net.room, net.room2, room3]
    assert later.pk in {n.pk for n in campaign_lineage.notices_of(campaign)}
    page = signed_in_client(staff).get("/en/staff/takedown/campaigns/").content.decode()
    assert "t.me/invented_room2" in page and "t.me/invented_room3" in page
    assert f"/staff/takedown/notices/{later.pk}/" in page


def test_a_campaign_on_a_new_address_puts_it_in_the_registry_and_analysts_see_no_notices() -> None:
    net = build("campaign-b")
    campaign = campaigns.open_campaign(
        net.org.staff, "telegram", "Invented", "t.me/invented_room2", {"en": "Synthetic template."}, [], keys=None
    )
    assert campaign_lineage.lineage_of(campaign) == [net.room, net.room2]
    fresh = campaigns.open_campaign(
        net.org.staff, "telegram", "New", "t.me/invented_new_room", {"en": "Synthetic template."}, [], keys=None
    )
    space = campaign_lineage.space_of(fresh)
    assert space is not None and campaign_lineage.lineage_of(fresh) == [space]
    analyst = keyring.create_staff(net.org.organisation, "analyst-c", PASSWORD, Role.ANALYST, net.org.org_keys)
    page = signed_in_client(analyst).get("/en/staff/takedown/campaigns/").content.decode()
    assert "t.me/invented_room2" in page and "Notices about this lineage" not in page


def test_the_public_page_asks_to_report_open_public_successors_only() -> None:
    from django.test import Client

    net = build("campaign-p")
    staff = net.org.staff
    campaign = campaigns.open_campaign(
        staff, "telegram", "Invented", "t.me/invented_room", {"en": "Synthetic template."}, [], keys=None
    )
    invite = registry.find_or_create(net.org.organisation, normalise("https://t.me/+InventedInvite42"))
    registry.set_successor(staff, invite, net.room2)
    page = Client().get(f"/en/campaigns/{campaign.token}/").content.decode()
    assert "https://t.me/invented_room2" in page and "InventedInvite42" not in page
    assert campaign_lineage.public_successors(campaign) == ["https://t.me/invented_room2"]
    registry.record_status(staff, net.room2, "closed", net.room2.first_seen.date())
    assert campaign_lineage.public_successors(campaign) == []
    assert "It came back under another address" not in Client().get(f"/en/campaigns/{campaign.token}/").content.decode()
