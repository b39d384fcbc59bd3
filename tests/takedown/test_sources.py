"""The seam to the evidence room: its API when installed, the report's links otherwise."""

import pytest

from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.evidence import services as evidence
from glasna.evidence.capture import Capture
from glasna.evidence.models import CustodyEntry
from glasna.takedown import delivery, notice_builder, sources, tracking
from tests.takedown.conftest import Podgorica

pytestmark = pytest.mark.django_db


def test_without_the_evidence_room_the_reports_links_become_items(
    podgorica: Podgorica, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "EVIDENCE_API", "glasna.evidence.not_installed_api")
    items = sources.list_items(podgorica.bundle.staff, podgorica.bundle.org_keys, podgorica.case)
    assert [(i.url, i.platform) for i in items] == [
        ("https://t.me/invented_group/17", "telegram"),
        ("https://t.me/invented_group/18", "telegram"),
        ("https://www.instagram.com/p/SYNTHETIC1/", "instagram"),
    ]  # "not-a-url" is left out
    assert items == sources.list_items(podgorica.bundle.staff, podgorica.bundle.org_keys, podgorica.case)  # stable ids
    assert AuditEvent.objects.filter(action="takedown.links_read").exists()


def test_evidence_items_come_first_and_uncaptured_report_links_follow(podgorica: Podgorica) -> None:
    staff, keys, case = podgorica.bundle.staff, podgorica.bundle.org_keys, podgorica.case
    captured = Capture(url="https://t.me/invented_group/17", platform="telegram", account="@invented")
    item = evidence.add_record(staff, keys, case.pk, "url", "post 17", captured)
    extra = evidence.add_record(
        staff, keys, case.pk, "url", "profile", Capture(url="https://www.instagram.com/invented.profile/")
    )
    items = sources.list_items(staff, keys, case)
    assert [(i.id, i.url) for i in items] == [
        (item.pk, "https://t.me/invented_group/17"),
        (extra.pk, "https://www.instagram.com/invented.profile/"),
        (items[2].id, "https://t.me/invented_group/18"),  # report links not captured yet
        (items[3].id, "https://www.instagram.com/p/SYNTHETIC1/"),
    ]
    assert sources.is_report_link(items[2].id) and not sources.is_report_link(item.pk)


def test_sending_a_notice_writes_custody_use_on_the_real_evidence_items(podgorica: Podgorica) -> None:
    staff, keys, case = podgorica.bundle.staff, podgorica.bundle.org_keys, podgorica.case
    item = evidence.add_record(
        staff, keys, case.pk, "url", "post", Capture(url="https://www.instagram.com/p/EVIDENCE/", account="@invented")
    )
    link = next(i for i in sources.list_items(staff, keys, case) if i.url.endswith("SYNTHETIC1/"))
    [notice] = notice_builder.build_for_case(staff, keys, case, [str(item.pk), str(link.id)], "en")
    assert "@invented" in notice.body_en and "SYNTHETIC1" in notice.body_en
    tracking.record_submitted(staff, notice.pk, "IG-123")
    used = CustodyEntry.objects.filter(action="used")
    assert [e.item_id for e in used] == [item.pk]  # the report link is no evidence item
    assert AuditEvent.objects.filter(action="evidence.used.takedown_notice", target=f"evidence:{item.pk}").exists()
    tg = evidence.add_record(staff, keys, case.pk, "url", "post", Capture(url="https://t.me/invented/5"))
    [mailed] = notice_builder.build_for_case(staff, keys, case, [str(tg.pk)], "en")
    delivery.queue(staff, mailed.pk)  # the test settings' locmem mailer
    outbox.relay()  # the worker's relay (the test's transaction never commits)
    assert CustodyEntry.objects.filter(action="used", item_id=tg.pk).exists()
