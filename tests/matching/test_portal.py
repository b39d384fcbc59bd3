"""The survivor's fingerprint page: hashes only, consent scope, clear errors, withdrawal."""

import json

import pytest
from django.test import Client

from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.intake import services as intake_services
from glasna.matching import live_index
from glasna.matching.models import HashEntry
from tests.factories import make_organisation
from tests.matching.helpers import flip, item, platform, random_hash, send_hashes, survivor_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup() -> None:
    make_organisation("mk-cso", ["MK"])
    live_index.reset()


def test_page_has_the_hashing_form_and_a_no_script_explanation() -> None:
    client, _report = survivor_client()
    page = client.get("/en/my-report/fingerprints/").content.decode()
    assert "data-pdq-form" in page and "data-pdq-input" in page and 'name="hashes"' in page
    assert "<noscript>" in page and "nothing is sent" in page
    # The file input has no name and the form is not multipart: without the script no file can leave.
    assert 'enctype="multipart/form-data"' not in page
    file_input = page.split('type="file"')[1].split(">")[0]
    assert "name=" not in file_input
    assert "/static/matching/hash-photos.js" in page
    assert "Fingerprint photos or videos" in client.get("/en/my-report/").content.decode()


def test_needs_a_receipt_visit() -> None:
    assert Client().get("/en/my-report/fingerprints/")["Location"] == "/en/return/"


def test_hashes_are_saved_with_consent_and_linked_to_the_case() -> None:
    telegram, _token = platform("telegram", "Telegram")
    platform("viber", "Viber")
    client, report = survivor_client()
    values = [random_hash() for _ in range(3)]
    response = send_hashes(client, [item(v, i) for i, v in enumerate(values)], ["telegram"])
    assert response.status_code == 302
    entries = list(HashEntry.objects.order_by("media_index"))
    assert [e.hash_value for e in entries] == values
    case = Case.objects.get(report=report)
    assert {e.case_id for e in entries} == {case.pk} and {e.report_id for e in entries} == {report.pk}
    submission = entries[0].submission
    assert not submission.every_platform and list(submission.platforms.all()) == [telegram]
    assert AuditEvent.objects.filter(action="matching.hashes_added", actor="survivor").count() == 1
    page = client.get("/en/my-report/fingerprints/").content.decode()
    assert "3 photos or videos" in page and "Allowed: Telegram" in page


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "needs JavaScript"),
        ("not json", "could not be read"),
        ("[]", "No hashes arrived"),
        (json.dumps([item("abc")]), "64 hexadecimal digits"),
        (json.dumps([item("z" * 64)]), "only the digits"),
        (json.dumps([item(random_hash(), signal_type="tmk")]), "Unknown signal type"),
        (json.dumps([item(random_hash(), quality=30)]), "Photo 1 is too plain"),
        (json.dumps([item(random_hash(), quality=101)]), "quality between 0 and 100"),
        (
            json.dumps([item(random_hash(), quality=10, signal_type="vpdq_frame", media_type="video", frame_ts=0.0)]),
            "Video 1 has no frame",
        ),
    ],
)
def test_bad_hashes_are_refused_with_a_reason(payload: str, message: str) -> None:
    client, _report = survivor_client()
    response = client.post("/en/my-report/fingerprints/", {"hashes": payload, "platforms": ["*"]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert HashEntry.objects.count() == 0


def test_consent_must_be_chosen_from_known_platforms() -> None:
    client, _report = survivor_client()
    assert "Please choose at least one platform" in send_hashes(client, [item(random_hash())], []).content.decode()
    assert send_hashes(client, [item(random_hash())], ["nowhere"]).status_code == 400
    assert HashEntry.objects.count() == 0


def test_low_quality_video_frames_are_dropped_not_fatal() -> None:
    client, _report = survivor_client()
    frames = [
        item(random_hash(), 0, q, signal_type="vpdq_frame", media_type="video", frame_ts=float(t))
        for t, q in enumerate([10, 80, 90])
    ]
    assert send_hashes(client, frames).status_code == 302
    assert sorted(HashEntry.objects.values_list("frame_ts", flat=True)) == [1.0, 2.0]


def test_withdrawal_stops_matching_at_once_and_keeps_a_tombstone() -> None:
    _platform, token = platform()
    client, _report = survivor_client()
    value = random_hash()
    send_hashes(client, [item(value)])
    api = Client(headers={"authorization": f"Bearer {token}"})
    near = flip(value, 5)
    assert api.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": near}).json()["matches"]
    submission = HashEntry.objects.get().submission.public_id
    assert client.post("/en/my-report/fingerprints/withdraw/", {"submission": str(submission)}).status_code == 302
    assert api.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": near}).json() == {"matches": []}
    entry = HashEntry.objects.get()
    assert entry.withdrawn_at is not None and entry.report_id is None and entry.case_id is None
    assert entry.hash_value == value  # kept so the exchange can tell platforms to delete it


def test_deleting_the_report_withdraws_its_hashes() -> None:
    client, report = survivor_client()
    send_hashes(client, [item(random_hash())])
    intake_services.withdraw(intake_services.SurvivorAccess(report.pk, b""))
    assert HashEntry.objects.get().withdrawn_at is not None
