"""The re-upload watch against a real local HTTP server."""

import uuid
from typing import Any

import pytest

from glasna.takedown import campaigns, notice_builder, reupload, tracking
from glasna.takedown.models import Campaign, Notice, NoticeStatus
from glasna.takedown.sources import EvidenceSummary
from tests.takedown.conftest import FrozenClock, Podgorica
from tests.takedown.test_notice_builder import FACTS


def test_status_of_pages(web: Any) -> None:
    base, pages = web
    pages.live = {"/item/1"}
    assert reupload.check_url(f"{base}/item/1") == reupload.PRESENT
    assert reupload.check_url(f"{base}/item/2") == reupload.GONE
    assert reupload.check_url(f"{base}/redirect-here") == reupload.PRESENT  # same host: followed
    assert reupload.check_url(f"{base}/redirect-away") == reupload.UNKNOWN  # other host: not followed
    assert reupload.check_url("http://127.0.0.1:9/closed", timeout=1) == reupload.UNKNOWN
    assert all(h["User-Agent"].startswith("Glasna-reupload-watch") and "Cookie" not in h for h in pages.seen_headers)


def test_a_link_into_the_servers_own_network_is_never_fetched(web: Any, settings: Any) -> None:
    """Survivors' links go out through core.outbound: without the operator's allow-list, the
    stand-in platform on 127.0.0.1 is the server's own network and is not asked."""
    base, pages = web
    pages.live = {"/item/1"}
    settings.GLASNA_OUTBOUND_ALLOW = []
    for url in (f"{base}/item/1", f"{base}/redirect-here", "http://169.254.169.254/latest/meta-data/"):
        assert reupload.check_url(url) == reupload.UNKNOWN
    assert pages.seen_headers == []


@pytest.mark.django_db
def test_removed_content_back_online_reopens_the_notice_once(
    podgorica: Podgorica, web: Any, frozen: FrozenClock, settings: Any
) -> None:
    base, pages = web
    item = EvidenceSummary(
        uuid.uuid5(uuid.NAMESPACE_URL, base), "url", "x", f"{base}/item/1", "other", "", None, "", None, ""
    )
    [notice] = notice_builder.build(podgorica.bundle.staff, podgorica.case, [item], FACTS, "en")
    Notice.objects.filter(pk=notice.pk).update(channel="web_form")
    tracking.record_submitted(podgorica.bundle.staff, notice.pk)
    tracking.record_reply(podgorica.bundle.staff, notice.pk, NoticeStatus.REMOVED, "gone")
    assert reupload.run() == {"checked": 0, "reappeared": 0, "campaigns_closed": 0}  # off by default
    settings.GLASNA_REUPLOAD_WATCH = True
    assert reupload.run()["checked"] == 1  # still 404
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.REMOVED
    pages.live = {"/item/1"}
    assert reupload.run()["checked"] == 0  # checked within the interval: not again
    frozen.advance(hours=25)
    assert reupload.run() == {"checked": 1, "reappeared": 1, "campaigns_closed": 0}
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.REAPPEARED


@pytest.mark.django_db
def test_a_campaign_closes_when_the_group_is_gone(
    podgorica: Podgorica, web: Any, frozen: FrozenClock, settings: Any
) -> None:
    base, pages = web
    pages.live = {"/group"}
    campaign = campaigns.open_campaign(
        podgorica.bundle.staff,
        "telegram",
        "Close the group",
        f"{base}/group",
        {"en": "Please close it."},
        [],
        keys=podgorica.bundle.org_keys,
    )
    settings.GLASNA_REUPLOAD_WATCH = True
    reupload.run()
    assert Campaign.objects.get(pk=campaign.pk).is_open
    pages.live = set()
    frozen.advance(hours=25)
    assert reupload.run()["campaigns_closed"] == 1
    assert not Campaign.objects.get(pk=campaign.pk).is_open
