"""Campaign pages: public, cookie-free, copy-ready; count anonymous clicks and store no identity."""

from typing import Any

import pytest
from django.test import Client

from glasna.core.models import AuditEvent
from glasna.takedown import campaigns
from glasna.takedown.addresses import BadURL
from glasna.takedown.models import Campaign
from tests.takedown.conftest import Podgorica

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(podgorica: Podgorica) -> Campaign:
    return campaigns.open_campaign(
        podgorica.bundle.staff, "telegram", "Zatvorimo grupu", "t.me/invented_group",
        {"en": "This group shares intimate images without consent.", "cnr": "Ova grupa dijeli intimne snimke bez pristanka."}, [],
        keys=podgorica.bundle.org_keys,
    )  # fmt: skip


def test_the_public_page_needs_no_login_and_sets_no_cookie(campaign: Campaign) -> None:
    client = Client()
    response = client.get(f"/cnr/campaigns/{campaign.token}/")
    page = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "Ova grupa dijeli intimne snimke" in page and "https://t.me/invented_group" in page
    assert "mailto:abuse@telegram.org,dmca@telegram.org?subject=" in page
    assert "<script" not in page.split("</header>")[-1]


def test_clicks_are_counted_without_identities(campaign: Campaign) -> None:
    audit_before = AuditEvent.objects.count()
    for n in range(7):
        response = Client(REMOTE_ADDR=f"198.51.100.{n % 2}").post(f"/en/campaigns/{campaign.token}/")
        assert response.status_code == 302 and not response.cookies
    campaign.refresh_from_db()
    assert campaign.reported_count == 7  # two addresses, under the per-address limit
    for _ in range(10):
        Client(REMOTE_ADDR="198.51.100.9").post(f"/en/campaigns/{campaign.token}/")
    campaign.refresh_from_db()
    assert campaign.reported_count == 7 + campaigns.CLICKS_PER_DAY  # one address cannot inflate it
    assert AuditEvent.objects.count() == audit_before  # nothing about supporters is recorded
    stored = repr(list(Campaign.objects.values()))
    assert "198.51.100" not in stored


def test_a_closed_campaign_counts_nothing_more(campaign: Campaign) -> None:
    campaigns.close(campaign.pk, "caseworker", "group is down")
    Client().post(f"/en/campaigns/{campaign.token}/")
    campaign.refresh_from_db()
    assert campaign.reported_count == 0
    assert "closed" in Client().get(f"/en/campaigns/{campaign.token}/").content.decode()


def test_bad_target_and_unknown_campaign(podgorica: Podgorica) -> None:
    with pytest.raises(BadURL):
        campaigns.open_campaign(podgorica.bundle.staff, "telegram", "x", "not a url", {"en": "x"}, [], keys=None)
    assert Client().get("/en/campaigns/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_caseworker_opens_and_closes_a_campaign_through_the_page(podgorica: Podgorica) -> None:
    from tests.factories import signed_in_client

    client: Any = signed_in_client(podgorica.bundle.staff)
    bad = client.post(
        "/en/staff/takedown/campaigns/",
        {"platform": "telegram", "title": "t", "target_url": "nope", "message_en": "m", "local_language": "cnr"},
    )
    assert bad.status_code == 400
    ok = client.post(
        "/en/staff/takedown/campaigns/",
        {"platform": "telegram", "title": "t", "target_url": "t.me/g", "message_en": "m", "local_language": "cnr"},
    )
    assert ok.status_code == 302
    campaign = Campaign.objects.get()
    client.post("/en/staff/takedown/campaigns/", {"action": "close", "campaign": campaign.pk})
    assert not Campaign.objects.get().is_open
