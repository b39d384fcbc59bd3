"""Accountability figures: counts, median and 90th percentile to removal, silence, overturned refusals."""

import datetime as dt
from typing import Any

import pytest

from glasna.takedown import escalation, notice_builder, stats, tracking
from glasna.takedown.models import Notice, NoticeStatus
from tests.factories import make_organisation
from tests.takedown.conftest import FrozenClock, Podgorica
from tests.takedown.test_notice_builder import _item

pytestmark = pytest.mark.django_db


def _notice(podgorica: Podgorica, key: str, consent: bool = True) -> Notice:
    facts = notice_builder.Facts("ME", ["ibsa_shared"], "woman", stats_consent=consent)
    [notice] = notice_builder.build(
        podgorica.bundle.staff, podgorica.case, [_item(key, 1)], facts, "en", platform_key=key
    )
    Notice.objects.filter(pk=notice.pk).update(channel="web_form")
    return tracking.record_submitted(podgorica.bundle.staff, notice.pk)


def test_percentiles() -> None:
    assert stats._percentile([], 0.9) is None
    assert stats._percentile(list(range(1, 11)), 0.9) == 9
    assert stats._percentile([5.0], 0.9) == 5.0


def test_figures_per_platform_and_country(podgorica: Podgorica, frozen: FrozenClock) -> None:
    staff = podgorica.bundle.staff
    hours = [2, 4, 6, 8, 40]
    notices = [_notice(podgorica, "tiktok") for _ in hours]
    start = frozen.at
    for notice, h in zip(notices, hours, strict=True):
        frozen.at = start + dt.timedelta(hours=h)
        tracking.record_reply(staff, notice.pk, NoticeStatus.REMOVED, "")
    silent = _notice(podgorica, "tiktok", consent=False)
    frozen.advance(hours=49)
    tracking.run_sla_clocks()
    refused = _notice(podgorica, "x")
    tracking.record_reply(staff, refused.pk, NoticeStatus.REFUSED, "Does not violate our rules.")
    complaint = escalation.draft(staff, refused.pk, "internal_complaint")
    escalation.file(staff, complaint.pk)
    escalation.record_outcome(staff, complaint.pk, "overturned")
    _notice_draft_only = notice_builder.build(
        staff, podgorica.case, [_item("tiktok", 9)], notice_builder.Facts("ME", [], ""), "en"
    )

    figures = stats.platform_figures(podgorica.bundle.organisation)
    tiktok = next(r for r in figures["platforms"] if r["platform"] == "tiktok")
    assert tiktok == {
        "platform": "tiktok", "platform_name": "TikTok", "country": "", "sent": 6, "removed": 5,
        "median_hours_to_removal": 6.0, "p90_hours_to_removal": 40.0, "no_response_share": round(1 / 6, 3),
        "refused": 0, "refusals_overturned": 0,
    }  # fmt: skip
    x = next(r for r in figures["platforms"] if r["platform"] == "x")
    assert (x["refused"], x["refusals_overturned"], x["removed"]) == (1, 1, 1)
    pairs = {(r["platform"], r["country"]): r["sent"] for r in figures["platform_country"]}
    assert pairs[("tiktok", "ME")] == 5 and pairs[("tiktok", "")] == 1  # no consent: not counted by country
    assert Notice.objects.get(pk=silent.pk).status == NoticeStatus.NO_RESPONSE
    other = make_organisation("rs-cso", ["RS"])
    assert stats.platform_figures(other.organisation) == {"platforms": [], "platform_country": []}
    assert stats.platform_figures()["platforms"]


def test_exports(podgorica: Podgorica, frozen: FrozenClock) -> None:
    from tests.factories import signed_in_client

    notice = _notice(podgorica, "reddit")
    frozen.advance(hours=10)
    tracking.record_reply(podgorica.bundle.staff, notice.pk, NoticeStatus.REMOVED, "")
    client: Any = signed_in_client(podgorica.bundle.staff)
    csv_text = client.get("/en/staff/takedown/platform-figures/?format=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("platform,platform_name,country,sent,removed,median_hours_to_removal")
    assert "reddit,Reddit,,1,1,10.0,10.0,0.0,0,0" in csv_text
    assert (
        client.get("/en/staff/takedown/platform-figures/?scope=all&format=json").json()["platforms"][0]["platform"]
        == "reddit"
    )
