"""The platform API: tokens, scopes, Open Media Match shapes, bad input, audit, OpenAPI docs."""

import io

import pytest
from django.test import Client
from PIL import Image

from glasna.core.models import AuditEvent
from glasna.matching import live_index, tokens
from glasna.matching.models import HashBank, Sighting
from tests.factories import make_organisation
from tests.matching.helpers import flip, item, platform, random_hash, send_hashes, survivor_client
from tests.matching.test_hashing import _encode, _pattern, make_video

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup() -> None:
    make_organisation("mk-cso", ["MK"])
    live_index.reset()


def _api(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def test_lookup_by_hash_in_open_media_match_shapes() -> None:
    _telegram, token = platform()
    client, _report = survivor_client()
    value = random_hash()
    send_hashes(client, [item(value)])
    api = _api(token)
    found = api.get("/api/matching/m/lookup", {"signal_type": "pdq", "signal": flip(value, 12)})
    assert found.status_code == 200
    ((bank, matches),) = found.json().items()
    assert bank == "survivor-submissions" and matches[0]["distance"] == 12
    raw = api.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": value, "include_distance": "true"})
    assert raw.json()["matches"][0]["distance"] == 0
    assert api.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": flip(value, 40)}).json() == {
        "matches": []
    }
    wider = {"signal_type": "pdq", "signal": flip(value, 40), "threshold": 45}
    assert api.get("/api/matching/m/raw_lookup", wider).json()["matches"]


def test_per_bank_threshold() -> None:
    _telegram, token = platform()
    client, _report = survivor_client()
    value = random_hash()
    send_hashes(client, [item(value)])
    HashBank.objects.update(threshold=10)
    api = _api(token)
    assert api.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": flip(value, 12)}).json() == {
        "matches": []
    }
    assert api.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": flip(value, 9)}).json()["matches"]


def test_a_match_becomes_a_sighting_on_the_case_with_a_signal(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from glasna.core.signals import sighting_recorded

    _telegram, token = platform()
    client, report = survivor_client()
    value = random_hash()
    send_hashes(client, [item(value), item(flip(value, 2), 1)])
    received: list[dict[str, object]] = []

    def listener(**kwargs: object) -> None:
        received.append(kwargs)

    sighting_recorded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _api(token).get("/api/matching/m/lookup", {"signal_type": "pdq", "signal": flip(value, 3)})
    finally:
        sighting_recorded.disconnect(listener)
    sighting = Sighting.objects.get()  # one per case per lookup, at the nearest distance
    assert sighting.case.report_id == report.pk and sighting.distance == 1 and sighting.kind == "match"
    assert received[0]["case_id"] == sighting.case_id and received[0]["platform"] == "telegram"
    assert received[0]["distance"] == 1 and received[0]["kind"] == "match"
    assert sighting.case.events.filter(kind="sighting").exists()


def test_consent_scope_and_banks_limit_what_a_platform_sees() -> None:
    _telegram, telegram_token = platform("telegram", "Telegram")
    _viber, viber_token = platform("viber", "Viber")
    _other, other_token = tokens.issue("tiktok", "TikTok", [HashBank.objects.create(name="elsewhere")])
    client, _report = survivor_client()
    value = random_hash()
    send_hashes(client, [item(value)], ["telegram"])
    query = {"signal_type": "pdq", "signal": value}
    assert _api(telegram_token).get("/api/matching/m/raw_lookup", query).json()["matches"]
    assert _api(viber_token).get("/api/matching/m/raw_lookup", query).json() == {"matches": []}
    assert _api(other_token).get("/api/matching/m/raw_lookup", query).json() == {"matches": []}


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"signal_type": "pdq", "signal": "12ab"}, 400, "64 hexadecimal digits"),
        ({"signal_type": "pdq", "signal": "g" * 64}, 400, "only the digits"),
        ({"signal_type": "tmk", "signal": "a" * 64}, 400, "Unknown signal type"),
        ({"signal_type": "video_md5", "signal": "a" * 64}, 400, "32 hexadecimal digits"),
        ({"signal_type": "pdq", "signal": "a" * 64, "threshold": 300}, 400, "threshold"),
        ({"signal_type": "pdq", "signal": "a" * 64, "threshold": "many"}, 422, "threshold"),
        ({"signal_type": "pdq"}, 422, "signal"),
    ],
)
def test_bad_queries_get_a_reason_never_a_500(query: dict[str, object], status: int, message: str) -> None:
    _telegram, token = platform()
    response = _api(token).get("/api/matching/m/lookup", query)
    assert response.status_code == status and message in response.json()["detail"]


def test_tokens_are_required_and_stored_hashed() -> None:
    telegram, token = platform()
    assert token not in telegram.token_digest and len(telegram.token_digest) == 64
    query = {"signal_type": "pdq", "signal": "a" * 64}
    assert Client().get("/api/matching/m/lookup", query).status_code == 401
    assert _api("glasna_pt_wrong").get("/api/matching/m/lookup", query).status_code == 401
    assert AuditEvent.objects.filter(action="matching.api_refused").count() == 1  # the wrong token
    telegram.active = False
    telegram.save()
    assert _api(token).get("/api/matching/m/lookup", query).status_code == 401


def test_every_call_is_audited() -> None:
    _telegram, token = platform()
    _api(token).get("/api/matching/m/lookup", {"signal_type": "pdq", "signal": "a" * 64})
    event = AuditEvent.objects.get(action="matching.api.lookup")
    assert event.actor == "platform:telegram"


def test_hash_an_uploaded_image_and_video() -> None:
    _telegram, token = platform()
    api = _api(token)
    png = _encode(_pattern(), "PNG")
    from glasna.matching.hashing import hash_image

    response = api.post("/api/matching/h/hash", {"file": io.BytesIO(png)})
    assert response.status_code == 200 and response.json()["pdq"] == hash_image(png).hash_value
    clip = api.post("/api/matching/h/hash", {"file": io.BytesIO(make_video(seconds=2))})
    body = clip.json()
    assert len(body["video_md5"]) == 32 and len(body["video_sha256"]) == 64
    assert [f["frame_ts"] for f in body["vpdq"]] == [0.0, 1.0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text", "Send an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged"),
        (b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100, "video"),
    ],
)
def test_bad_media_gets_a_reason(data: bytes, message: str) -> None:
    _telegram, token = platform()
    response = _api(token).post("/api/matching/h/hash", {"file": io.BytesIO(data)})
    assert response.status_code == 422 and message in response.json()["detail"]


def test_huge_and_flat_images_are_refused(settings) -> None:  # type: ignore[no-untyped-def]
    _telegram, token = platform()
    flat = _encode(Image.new("RGB", (64, 64), (10, 10, 10)), "PNG")
    assert "quality" in _api(token).post("/api/matching/h/hash", {"file": io.BytesIO(flat)}).json()["detail"]
    settings.GLASNA_MAX_IMAGE_PIXELS = 1000
    big = _api(token).post("/api/matching/h/hash", {"file": io.BytesIO(_encode(_pattern((100, 100)), "PNG"))})
    assert big.status_code == 422 and "too many pixels" in big.json()["detail"]
    assert _api(token).post("/api/matching/h/hash", {}).status_code == 422


def test_openapi_and_docs_are_local() -> None:
    spec = Client().get("/api/matching/openapi.json").json()
    assert {"/api/matching/m/lookup", "/api/matching/stopncii/v1/FetchHashes", "/api/matching/h/hash"} <= set(
        spec["paths"]
    )
    docs = Client().get("/api/matching/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "http" not in docs.replace("http-equiv", "")
