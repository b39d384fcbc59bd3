"""The seam to the evidence room: its API when installed, the report's links otherwise."""

import sys
import types
import uuid
from typing import Any

import pytest

from glasna.core.models import AuditEvent
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


def test_with_the_evidence_room_its_items_are_used_and_custody_use_is_recorded(
    podgorica: Podgorica, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stand-in for glasna.evidence.api until that room is merged (the lead switches this test then).
    calls: list[tuple[Any, ...]] = []
    item = sources.EvidenceSummary(
        uuid.uuid4(),
        "url",
        "post",
        "https://www.instagram.com/p/EVIDENCE/",
        "instagram",
        "@invented",
        None,
        "ef" * 32,
        None,
        "image/jpeg",
    )
    fake = types.ModuleType("glasna_fake_evidence_api")
    fake.list_items = lambda staff, keys, case: [item]  # type: ignore[attr-defined]
    fake.record_use = lambda staff, ids, purpose, detail, request=None: calls.append((ids, purpose, detail))  # type: ignore[attr-defined]
    fake.make_blurred_derivative = lambda staff, keys, item_id, request=None: item  # type: ignore[attr-defined]
    fake.__spec__ = types.SimpleNamespace(name="glasna_fake_evidence_api")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "glasna_fake_evidence_api", fake)
    monkeypatch.setattr(sources, "EVIDENCE_API", "glasna_fake_evidence_api")
    staff, keys = podgorica.bundle.staff, podgorica.bundle.org_keys
    [notice] = notice_builder.build_for_case(staff, keys, podgorica.case, [str(item.id)], "en")
    assert notice.items[0]["sha256"] == "ef" * 32 and "@invented" in notice.body_en
    tracking.record_submitted(staff, notice.pk, "IG-123")
    assert calls == [([item.id], "takedown_notice", f"notice {notice.pk} submitted to instagram")]
    # a notice sent by e-mail records the use too, in the name of the caseworker who drafted it
    tg = sources.EvidenceSummary(
        uuid.uuid4(), "url", "post", "https://t.me/invented/5", "telegram", "", None, "", None, ""
    )
    fake.list_items = lambda staff, keys, case: [tg]  # type: ignore[attr-defined]
    [mailed] = notice_builder.build_for_case(staff, keys, podgorica.case, [str(tg.id)], "en")
    delivery.queue(staff, mailed.pk)  # the test settings' locmem mailer
    assert calls[-1] == ([tg.id], "takedown_notice", f"notice {mailed.pk} to telegram by e-mail")
