"""Survivors add evidence through the portal with their receipt, and read the guidance."""

import io
import zipfile

import pytest
from django.test import Client

from glasna.core.models import AuditEvent
from glasna.evidence import services
from glasna.evidence.models import CustodyEntry, EvidenceItem
from glasna.intake import receipts
from tests.evidence.helpers import make_case
from tests.factories import pattern_png, upload

pytestmark = pytest.mark.django_db


def _visit(client: Client, receipt: str) -> None:
    response = client.post("/en/return/", {"receipt": receipts.formatted(receipt)})
    assert response.status_code == 302


def test_survivor_uploads_a_screenshot_with_capture_details(client: Client) -> None:
    setup = make_case()
    _visit(client, setup.receipt)
    page = client.get("/en/my-report/").content.decode()
    assert "Add evidence" in page and "/en/evidence/guidance/" in page
    response = client.post(
        "/en/my-report/evidence/add/",
        {
            "kind": "file",
            "file": upload("group.png", pattern_png(seed=9)),
            "title": "Post in the group",
            "platform": "telegram",
            "account": "Invented Channel",
            "visible_date": "yesterday 21:40",
            "method": "screenshot",
        },
    )
    assert response.status_code == 200, response.content.decode()
    assert "Your evidence is kept safe" in response.content.decode()
    item = EvidenceItem.objects.get()
    assert item.added_by == EvidenceItem.SURVIVOR and item.case_id == setup.case.pk
    assert b"Invented Channel" not in bytes(item.details)  # encrypted at rest
    assert CustodyEntry.objects.get(item_id=item.pk).action == "added"
    assert AuditEvent.objects.filter(action="evidence.added_by_survivor", actor="survivor").exists()
    # The caseworker sees it, byte for byte.
    view, chunks = services.original(setup.org.staff, setup.org.org_keys, item.pk)
    assert b"".join(chunks) == pattern_png(seed=9)
    assert view.capture.account == "Invented Channel" and view.capture.captured_by == "me (the survivor)"
    # And the survivor sees it listed on her report page.
    assert "Post in the group" in client.get("/en/my-report/").content.decode()


def test_survivor_adds_a_link_and_an_excerpt(client: Client) -> None:
    setup = make_case()
    _visit(client, setup.receipt)
    assert (
        client.post("/en/my-report/evidence/add/", {"kind": "url", "url": "https://t.me/invented_42"}).status_code
        == 200
    )
    missing = client.post("/en/my-report/evidence/add/", {"kind": "text", "excerpt": ""})
    assert missing.status_code == 400 and "Please paste or type the text." in missing.content.decode()
    assert EvidenceItem.objects.count() == 1


def test_zip_slip_archive_is_refused_with_a_clear_error(client: Client) -> None:
    setup = make_case()
    _visit(client, setup.receipt)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_chat.txt", "hello")
        archive.writestr("../../evil.sh", "rm -rf /")
    response = client.post(
        "/en/my-report/evidence/add/",
        {"kind": "file", "file": upload("chat.zip", buffer.getvalue(), "application/zip")},
    )
    assert response.status_code == 400
    assert "points outside the archive" in response.content.decode()
    assert EvidenceItem.objects.count() == 0


def test_damaged_file_is_refused_and_nothing_is_lost(client: Client) -> None:
    setup = make_case()
    _visit(client, setup.receipt)
    client.post("/en/my-report/evidence/add/", {"kind": "url", "url": "https://t.me/kept"})
    response = client.post(
        "/en/my-report/evidence/add/", {"kind": "file", "file": upload("cut.png", pattern_png()[:-40])}
    )
    assert response.status_code == 400 and "damaged" in response.content.decode(), response.content.decode()[-3000:]
    assert EvidenceItem.objects.count() == 1


def test_without_a_visit_the_upload_page_asks_for_the_receipt(client: Client) -> None:
    make_case()
    assert client.get("/en/my-report/evidence/add/")["Location"] == "/en/return/"


@pytest.mark.parametrize("language", ["en", "sq", "mk", "sr-latn"])
def test_guidance_page_is_public_and_linked_from_safety(client: Client, language: str) -> None:
    page = client.get(f"/{language}/evidence/guidance/")
    assert page.status_code == 200
    assert "glasna_visit" not in page.cookies
    assert f"/{language}/evidence/guidance/" in client.get(f"/{language}/safety/").content.decode()
