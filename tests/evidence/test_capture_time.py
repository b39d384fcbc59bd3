"""Capture times carry their zone: a time typed without one is read in the zone chosen beside it
(shown, defaulting to the organisation's country), stored as UTC with the zone, and shown with
zone and offset on the item page and in the bundle's report. Never silently in the server's zone."""

import io
import json
import re
import zipfile

import pytest
from pypdf import PdfReader

from glasna.evidence import capture_time, services
from glasna.evidence.forms import EvidenceForm
from glasna.evidence.models import EvidenceItem
from tests.evidence.helpers import make_case
from tests.factories import fresh_step_up, signed_in_client

pytestmark = pytest.mark.django_db


def _capture(**posted: str):  # type: ignore[no-untyped-def]
    form = EvidenceForm({"kind": "url", "url": "https://t.me/invented_group_42/1", **posted})
    assert form.is_valid(), form.errors
    return form.capture()


@pytest.mark.parametrize(
    ("zone", "stored"),
    [
        ("Europe/Skopje", "2026-03-14T17:30+00:00"),  # CET, UTC+1
        ("Europe/Tirane", "2026-03-14T17:30+00:00"),
        ("America/New_York", "2026-03-14T22:30+00:00"),  # already on summer time (UTC-4) that day
        ("UTC", "2026-03-14T18:30+00:00"),
    ],
)
def test_a_typed_time_is_read_in_the_chosen_zone_and_stored_as_utc(zone: str, stored: str) -> None:
    capture = _capture(captured_at="2026-03-14T18:30", captured_tz=zone)
    assert capture.captured_at == stored and capture.captured_tz == zone


def test_summer_time_gives_another_offset() -> None:
    assert (
        _capture(captured_at="2026-07-14T18:30", captured_tz="Europe/Belgrade").captured_at == "2026-07-14T16:30+00:00"
    )


def test_a_time_without_a_zone_is_refused_not_guessed() -> None:
    form = EvidenceForm({"kind": "url", "url": "https://t.me/x/1", "captured_at": "2026-03-14T18:30"})
    assert not form.is_valid() and "captured_tz" in form.errors


def test_a_time_typed_with_its_own_offset_keeps_it() -> None:
    capture = _capture(captured_at="2026-03-14T18:30+03:00", captured_tz="Europe/Skopje")
    assert capture.captured_at == "2026-03-14T15:30+00:00"


def test_an_unknown_zone_is_refused() -> None:
    form = EvidenceForm(
        {"kind": "url", "url": "https://t.me/x/1", "captured_at": "2026-03-14T18:30", "captured_tz": "Mars/Olympus"}
    )
    assert not form.is_valid() and "captured_tz" in form.errors


def test_no_time_needs_no_zone() -> None:
    capture = _capture()
    assert capture.captured_at == "" and capture.captured_tz == ""


def test_display_names_zone_and_offset() -> None:
    assert (
        capture_time.display("2026-03-14T17:30+00:00", "Europe/Skopje") == "2026-03-14 18:30 (Europe/Skopje, UTC+01:00)"
    )
    assert (
        capture_time.display("2026-07-14T16:30+00:00", "Europe/Belgrade")
        == "2026-07-14 18:30 (Europe/Belgrade, UTC+02:00)"
    )
    assert capture_time.display("2026-03-14T18:30+01:00", "") == "2026-03-14 18:30 (UTC+01:00)"
    assert capture_time.display("2026-03-14T18:30", "") == "2026-03-14 18:30 (time zone not recorded)"


def test_the_page_shows_the_default_zone_and_the_item_and_report_show_the_zone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    setup = make_case()  # an organisation serving North Macedonia
    client = signed_in_client(setup.org.staff)
    url = f"/en/staff/evidence/cases/{setup.case.pk}/"
    page = client.get(url).content.decode()
    assert re.search(r'<option value="Europe/Skopje" selected>[^<]*North Macedonia', page), page
    assert "The time above is read in this zone" in page
    added = client.post(
        url,
        {"kind": "url", "url": "https://t.me/x/1", "captured_at": "2026-03-14T18:30", "captured_tz": "Europe/Skopje"},
    )
    assert added.status_code == 302
    item = EvidenceItem.objects.get()
    shown = "2026-03-14 18:30 (Europe/Skopje, UTC+01:00)"
    assert shown in client.get(f"/en/staff/evidence/items/{item.pk}/").content.decode()
    exported = fresh_step_up(client).post(f"/en/staff/evidence/cases/{setup.case.pk}/export/", {"language": "en"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exported.streaming_content)))  # type: ignore[attr-defined]
    (record,) = [i["record"] for i in json.loads(archive.read("manifest.json"))["items"]]
    assert record["capture"]["captured_at"] == "2026-03-14T17:30+00:00"
    assert record["capture"]["captured_tz"] == "Europe/Skopje"
    pdf = PdfReader(io.BytesIO(archive.read("report.pdf")))
    text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))
    assert re.sub(r"\s+", "", shown) in text


def test_the_survivor_portal_defaults_to_her_organisations_zone(client) -> None:  # type: ignore[no-untyped-def]
    from glasna.intake import receipts

    setup = make_case()  # the report went to an organisation serving North Macedonia
    assert client.post("/sq/return/", {"receipt": receipts.formatted(setup.receipt)}).status_code == 302
    page = client.get("/sq/my-report/evidence/add/").content.decode()
    assert re.search(r'<option value="Europe/Skopje" selected>', page), page
    posted = client.post(
        "/sq/my-report/evidence/add/",
        {"kind": "url", "url": "https://t.me/x/2", "captured_at": "2026-03-14T18:30", "captured_tz": "Europe/Skopje"},
    )
    assert posted.status_code == 200
    view = services.open_item(setup.org.staff, setup.org.org_keys, EvidenceItem.objects.get().pk)
    assert (view.capture.captured_at, view.capture.captured_tz) == ("2026-03-14T17:30+00:00", "Europe/Skopje")
