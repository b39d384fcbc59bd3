"""The issue's "done means", end to end through the pages: a caseworker in Podgorica selects three
items, sends a notice to Telegram (e-mail, real SMTP) and one to Instagram (web form), is reminded
two days later that Telegram has not answered, files an escalation, and the organisation's
platform page shows Telegram's median time to removal."""

import re
from typing import Any

import pytest

from glasna.takedown import sources, tracking
from glasna.takedown.models import Escalation, Notice, NoticeStatus
from tests.factories import signed_in_client
from tests.takedown.conftest import FrozenClock, Podgorica

pytestmark = pytest.mark.django_db


def test_podgorica_caseworker_from_evidence_to_figures(
    podgorica: Podgorica,
    smtp: Any,
    frozen: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(sources, "EVIDENCE_API", "glasna.evidence.not_installed_api")
    _controller, inbox = smtp
    client = signed_in_client(podgorica.bundle.staff)
    case_page = client.get(f"/cnr/staff/reports/{podgorica.case.report_id}/").content.decode()
    chosen = re.findall(r'name="items" value="([0-9a-f-]{36})"', case_page)
    assert len(chosen) == 3  # two Telegram posts and one Instagram post from the report

    response = client.post(
        f"/cnr/staff/takedown/cases/{podgorica.case.pk}/notices/", {"items": chosen, "language": "cnr"}
    )
    assert response.status_code == 302
    telegram = Notice.objects.get(platform__key="telegram")
    instagram = Notice.objects.get(platform__key="instagram")
    assert len(telegram.items) == 2 and len(instagram.items) == 1
    assert telegram.body_local and "Criminal Code of Montenegro, Article 175a" in telegram.body_en

    # Telegram: by e-mail through the SMTP server.
    notice_page = f"/cnr/staff/takedown/notices/{telegram.pk}/"
    # The survivor stays anonymous: the caseworker checks the redaction first (glasna/triage/notices.py).
    redaction = f"/cnr/staff/triage/notices/{telegram.pk}/redaction/"
    assert client.post(redaction, {"action": "confirm"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # the commit hands the job to huey (immediate)
        assert client.post(notice_page, {"action": "send", "recipient": "abuse@telegram.org"}).status_code == 302
    assert len(inbox.messages) == 1 and inbox.messages[0].rcpt_tos == ["abuse@telegram.org"]
    # Instagram: a web form; the caseworker pastes the text and confirms.
    page = client.get(f"/cnr/staff/takedown/notices/{instagram.pk}/").content.decode()
    assert "https://help.instagram.com/" in page
    assert (
        client.post(
            f"/cnr/staff/takedown/notices/{instagram.pk}/", {"action": "submitted", "reference": "IG-555"}
        ).status_code
        == 302
    )

    frozen.advance(hours=3)
    ig_reply = {"action": "reply", "status": "removed", "reply": "Uklonili smo sadržaj.", "reference": "IG-555"}
    assert client.post(f"/cnr/staff/takedown/notices/{instagram.pk}/", ig_reply).status_code == 302

    # Two days later: the clocks run; Telegram has not answered.
    frozen.advance(hours=45)
    assert tracking.run_sla_clocks() == {"reminders": 1, "escalations": 1}
    due = client.get("/en/staff/takedown/notices/due/").content.decode()
    assert f"Telegram #{telegram.pk}" in due and "Telegram has not removed it: escalation suggested." in due
    assert f"Instagram #{instagram.pk}" not in due
    assert Notice.objects.get(pk=telegram.pk).status == NoticeStatus.NO_RESPONSE

    # The caseworker drafts and files an escalation to the regulator where Telegram's representative is.
    assert client.post(notice_page, {"action": "escalate", "route": "dsc"}).status_code == 302
    escalation = Escalation.objects.get(notice=telegram)
    assert "BIPT" in escalation.body and escalation.route == "dsc"
    assert client.post(notice_page, {"action": "file", "escalation": escalation.pk}).status_code == 302
    assert Escalation.objects.get(pk=escalation.pk).filed_at == frozen.at

    # Telegram removes the posts 12 hours later.
    frozen.advance(hours=12)
    assert client.post(notice_page, {"action": "reply", "status": "removed", "reply": "Done."}).status_code == 302
    figures = client.get("/en/staff/takedown/platform-figures/").content.decode()
    row = re.search(r'<tr class="platform-telegram">(.*?)</tr>', figures, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    assert cells[1:4] == ["1", "1", "60.0"]  # sent, removed, median hours to removal
    data = client.get("/en/staff/takedown/platform-figures/?format=json").json()
    telegram_row = next(r for r in data["platforms"] if r["platform"] == "telegram")
    assert telegram_row["median_hours_to_removal"] == 60.0 and telegram_row["no_response_share"] == 0.0
