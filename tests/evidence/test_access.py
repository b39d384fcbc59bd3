"""Who may see, download and export evidence: other organisations and roles without the case get
404s, and every view of survivor data is audited (and, for items, written to the custody log)."""

import io
import zipfile

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.evidence import api, services
from glasna.evidence.models import CustodyEntry, EvidenceItem
from tests.evidence.helpers import CAPTURE, add_three, make_case, stream_of
from tests.factories import PASSWORD, fresh_step_up, make_organisation, pattern_png, signed_in_client, upload

pytestmark = pytest.mark.django_db


def test_caseworker_adds_views_downloads_and_exports_through_the_pages() -> None:
    setup = make_case()
    client = signed_in_client(setup.org.staff)
    case_page = client.get(f"/en/staff/reports/{setup.case.report_id}/").content.decode()
    assert f"/en/staff/evidence/cases/{setup.case.pk}/" in case_page  # the case panel
    added = client.post(
        f"/en/staff/evidence/cases/{setup.case.pk}/",
        {"kind": "file", "file": upload("post.png", pattern_png(seed=4)), "title": "Post", "platform": "telegram"},
    )
    assert added.status_code == 302
    item = EvidenceItem.objects.get()
    detail = client.get(f"/en/staff/evidence/items/{item.pk}/")
    assert detail.status_code == 200 and "Custody history" in detail.content.decode()
    original = client.get(f"/en/staff/evidence/items/{item.pk}/original/")
    assert b"".join(original.streaming_content) == pattern_png(seed=4)  # type: ignore[attr-defined]
    assert original["Content-Security-Policy"] == "default-src 'none'; sandbox"
    refused = client.post(f"/en/staff/evidence/cases/{setup.case.pk}/export/", {"language": "sq"})
    assert refused.status_code == 302 and "/staff/confirm/" in refused.url  # a fresh code first
    exported = fresh_step_up(client).post(f"/en/staff/evidence/cases/{setup.case.pk}/export/", {"language": "sq"})
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exported.streaming_content)))  # type: ignore[attr-defined]
    assert "manifest.json" in archive.namelist()
    actions = list(CustodyEntry.objects.filter(item_id=item.pk).values_list("action", flat=True))
    assert actions == ["added", "viewed", "viewed", "exported"]
    audited = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "evidence.added",
        "evidence.viewed",
        "evidence.downloaded",
        "evidence.exported",
        "evidence.listed",
    } <= audited


def test_bad_input_on_the_staff_page_is_a_400_with_the_reason() -> None:
    setup = make_case()
    client = signed_in_client(setup.org.staff)
    response = client.post(
        f"/en/staff/evidence/cases/{setup.case.pk}/",
        {"kind": "file", "file": upload("x.exe", b"MZ\x90\x00" * 20, "application/octet-stream")},
    )
    assert response.status_code == 400 and "not accepted" in response.content.decode()
    bad_date = client.post(
        f"/en/staff/evidence/cases/{setup.case.pk}/",
        {"kind": "url", "url": "https://x.example/1", "captured_at": "soon"},
    )
    assert bad_date.status_code == 400


def test_another_organisation_cannot_see_download_or_export() -> None:
    setup = make_case()
    item = services.add_file(setup.org.staff, setup.org.org_keys, setup.case.pk, stream_of(pattern_png()), "P", CAPTURE)
    other = make_organisation("elsewhere", ["RS"], role=Role.ORG_ADMIN)
    client = signed_in_client(other.staff)
    for url in (
        f"/en/staff/evidence/cases/{setup.case.pk}/",
        f"/en/staff/evidence/items/{item.pk}/",
        f"/en/staff/evidence/items/{item.pk}/original/",
    ):
        assert client.get(url).status_code == 404, url
    export = f"/en/staff/evidence/cases/{setup.case.pk}/export/"
    assert fresh_step_up(client).post(export, {"language": "en"}).status_code == 404
    assert client.post(f"/en/staff/evidence/items/{item.pk}/", {"action": "blur"}).status_code == 404
    with pytest.raises(services.EvidenceNotFound):
        api.record_use(other.staff, [item.pk], "notice_sent", "notice:1")
    with pytest.raises(services.EvidenceNotFound):
        services.open_item(other.staff, other.org_keys, item.pk)
    assert list(CustodyEntry.objects.filter(item_id=item.pk).values_list("action", flat=True)) == ["added"]


@pytest.mark.parametrize(
    ("role", "allowed"), [(Role.ANALYST, False), (Role.LAWYER, False), (Role.INTAKE_OFFICER, True)]
)
def test_roles_within_the_organisation(role: str, allowed: bool) -> None:
    setup = make_case()
    item = services.add_record(setup.org.staff, setup.org.org_keys, setup.case.pk, "url", "Link", CAPTURE)
    person = keyring.create_staff(setup.org.organisation, f"p-{role}", PASSWORD, role, setup.org.org_keys)
    client = signed_in_client(person)
    status = client.get(f"/en/staff/evidence/items/{item.pk}/").status_code
    assert status == (200 if allowed else 404)


def test_survivor_listing_is_audited() -> None:
    setup = make_case()
    add_three(setup)
    report = setup.case.report
    assert report is not None
    data_key = services._report_key(setup.case, setup.org.org_keys)
    views = services.survivor_items(report.pk, data_key)
    assert len(views) == 4
    assert AuditEvent.objects.filter(action="evidence.listed_by_survivor").count() == 1


def test_notes_on_evidence_are_for_staff_only() -> None:
    """The survivor's receipt reaches the item key; notes are under the case's staff-notes key."""
    from glasna.core.crypto.primitives import DecryptionError
    from glasna.evidence import vault
    from glasna.evidence.models import EvidenceNote

    setup = make_case()
    item = services.add_record(setup.org.staff, setup.org.org_keys, setup.case.pk, "url", "Link", CAPTURE)
    services.annotate(setup.org.staff, setup.org.org_keys, item.pk, "Synthetic staff note")
    view = services.open_item(setup.org.staff, setup.org.org_keys, item.pk)
    assert [n["text"] for n in view.notes] == ["Synthetic staff note"]
    note = EvidenceNote.objects.get()
    survivor_reachable = vault.item_key(item, services._report_key(setup.case, setup.org.org_keys))
    with pytest.raises(DecryptionError):
        vault.open_note(note.pk, survivor_reachable, bytes(note.body))
    entry = CustodyEntry.objects.get(item_id=item.pk, action="annotated")
    assert b"Synthetic staff note" not in bytes(entry.entry)
