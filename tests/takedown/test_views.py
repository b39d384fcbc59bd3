"""The staff pages: who sees what, bad input answered with a clear 4xx, nothing saved lost."""

from typing import Any

import pytest

from glasna.accounts.models import Role
from glasna.takedown import notice_builder
from glasna.takedown.models import Notice, Platform, StatementOfReasons
from tests.factories import make_organisation, signed_in_client
from tests.takedown.conftest import Podgorica
from tests.takedown.test_notice_builder import FACTS, _item

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(podgorica: Podgorica) -> Notice:
    [made] = notice_builder.build(
        podgorica.bundle.staff, podgorica.case, [_item("instagram", 1)], FACTS, "cnr", platform_key="instagram"
    )
    return made


def test_the_notice_page_shows_both_texts_the_checklist_and_the_steps(podgorica: Podgorica, notice: Notice) -> None:
    client: Any = signed_in_client(podgorica.bundle.staff)
    page = client.get(f"/en/staff/takedown/notices/{notice.pk}/").content.decode()
    assert page.count("✓") == 4 and "✗" not in page
    assert "https://instagram.example/post/1" in page and "I submitted it" in page
    assert "Notices due" in page  # the staff navigation link registered by the room


def test_another_organisation_cannot_see_or_act(podgorica: Podgorica, notice: Notice) -> None:
    other = make_organisation("al-cso", ["AL"])
    client: Any = signed_in_client(other.staff)
    assert client.get(f"/en/staff/takedown/notices/{notice.pk}/").status_code == 404
    assert client.post(f"/en/staff/takedown/notices/{notice.pk}/", {"action": "submitted"}).status_code == 404
    assert client.post(f"/en/staff/takedown/cases/{podgorica.case.pk}/notices/", {"items": []}).status_code == 404
    assert Notice.objects.get(pk=notice.pk).status == "draft"


def test_bad_input_is_explained(podgorica: Podgorica, notice: Notice) -> None:
    client: Any = signed_in_client(podgorica.bundle.staff)
    url = f"/en/staff/takedown/notices/{notice.pk}/"
    assert client.post(url, {"action": "reply", "status": "removed", "reply": "x"}).status_code == 400  # not sent yet
    assert client.post(url, {"action": "send"}).status_code == 400  # a web-form notice is not e-mailed
    assert client.post(url, {"action": "submitted"}).status_code == 302
    response = client.post(url, {"action": "reply", "status": "teleported"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "statement",
            "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
            "category": "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        },
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not StatementOfReasons.objects.exists()
    good = {
        "action": "statement", "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT", "illegal_content_legal_ground": "CC ME 175a",
        "illegal_content_explanation": "NCII", "category": "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
        "content_type": ["CONTENT_TYPE_IMAGE"], "decision_facts": "Removed.", "source_type": "SOURCE_ARTICLE_16",
        "automated_detection": "No", "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "content_date": "2026-11-20", "application_date": "2026-11-22",
    }  # fmt: skip
    assert client.post(url, good).status_code == 302
    assert StatementOfReasons.objects.get().decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert client.post(url, {"action": "fly"}).status_code == 404
    assert client.post(f"/en/staff/takedown/cases/{podgorica.case.pk}/notices/", {"items": []}).status_code == 302


def test_the_directory_is_edited_only_by_platform_administrators(podgorica: Podgorica) -> None:
    caseworker: Any = signed_in_client(podgorica.bundle.staff)
    assert "Telegram" in caseworker.get("/en/staff/takedown/platforms/").content.decode()
    assert caseworker.get("/en/staff/takedown/platforms/viber/").status_code == 404
    operator = make_organisation("glasna-ops", [], role=Role.PLATFORM_ADMIN)
    admin: Any = signed_in_client(operator.staff)
    platform = Platform.objects.get(key="viber")
    form = admin.get("/en/staff/takedown/platforms/viber/")
    assert form.status_code == 200
    data = {
        f: getattr(platform, f)
        for f in [
            "name",
            "provider",
            "establishment",
            "dsa_status",
            "dsa_note",
            "eu_legal_representative",
            "digital_services_coordinator",
            "stopncii_partner",
            "policy_name",
            "policy_url",
            "reminder_hours",
            "escalation_hours",
            "confidence",
        ]
    }
    import json

    data |= {
        "languages": json.dumps(platform.languages),
        "channels": json.dumps(platform.channels),
        "sources": json.dumps(platform.sources),
        "last_verified": "2026-11-24",
        "known_behaviour": "Answers within a week (checked).",
    }
    assert admin.post("/en/staff/takedown/platforms/viber/", data).status_code == 302
    platform.refresh_from_db()
    assert platform.edited_by == operator.staff.user.username and platform.known_behaviour.endswith("(checked).")


def test_due_page_and_case_panel(podgorica: Podgorica, notice: Notice) -> None:
    client: Any = signed_in_client(podgorica.bundle.staff)
    assert "Nothing due." in client.get("/en/staff/takedown/notices/due/").content.decode()
    case_page = client.get(f"/en/staff/reports/{podgorica.case.report_id}/").content.decode()
    assert f"Instagram #{notice.pk}" in case_page and "Draft notices" in case_page
