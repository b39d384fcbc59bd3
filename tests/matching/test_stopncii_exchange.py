"""threatexchange's own StopNCII client, unchanged, against a live Glasna: fetch all, fetch since a
checkpoint, withdrawal delivered as such, feedback becoming a sighting, bad checkpoints refused."""

import pytest
import requests
from django.test import Client
from threatexchange.exchanges.clients.stopncii.api import (
    StopNCIIAPI,
    StopNCIICaseStatus,
    StopNCIICSPFeedbackValue,
    StopNCIIEndpoint,
    StopNCIISignalType,
)

from glasna.matching import live_index
from glasna.matching.models import HashEntry, Sighting
from tests.factories import make_organisation
from tests.matching.helpers import flip, item, platform, random_hash, send_hashes, survivor_client

pytestmark = pytest.mark.django_db(transaction=True)


def _client(live_server, token: str) -> StopNCIIAPI:  # type: ignore[no-untyped-def]
    return StopNCIIAPI(
        subscription_key=token,
        fetch_function_key="not-needed-by-glasna",
        additional_function_keys={StopNCIIEndpoint.SubmitFeedback: "not-needed-by-glasna"},
        base_url_override=f"{live_server.url}/api/matching/stopncii/v1",
    )


def _everything(api: StopNCIIAPI, start: int = StopNCIIAPI.DEFAULT_START_TIME) -> tuple[dict[str, object], int]:
    records: dict[str, object] = {}
    checkpoint = start
    for page in api.fetch_hashes_iter(start_timestamp=start):
        for record in page.hashRecords:
            records[record.hashValue] = record
        checkpoint = page.nextSetTimestamp
    return records, checkpoint


def test_round_trip_with_the_threatexchange_client(live_server) -> None:  # type: ignore[no-untyped-def]
    make_organisation("rs-cso", ["RS"])
    live_index.reset()
    _telegram, token = platform("telegram", "Telegram")
    _viber, viber_token = platform("viber", "Viber")
    survivor, report = survivor_client()
    photos = [random_hash() for _ in range(3)]
    assert send_hashes(survivor, [item(v, i) for i, v in enumerate(photos)], ["telegram"]).status_code == 302
    api = _client(live_server, token)

    # Fetch all: the three photos, active, as ImagePDQ.
    records, checkpoint = _everything(api)
    assert set(records) == set(photos)
    for record in records.values():
        assert record.signalType == StopNCIISignalType.ImagePDQ  # type: ignore[attr-defined]
        assert record.hashStatus == StopNCIICaseStatus.Active  # type: ignore[attr-defined]
    # The survivor did not allow Viber: it receives nothing.
    assert _everything(_client(live_server, viber_token))[0] == {}

    # Paging: small pages, each resumable by its token, add up to the same set.
    seen, token_ = [], ""
    while True:
        page = api.fetch_hashes(page_size=2, next_page=token_)
        seen += [r.hashValue for r in page.hashRecords]
        if not page.hasMoreRecords:
            break
        token_ = page.nextPageToken or ""
    assert sorted(seen) == sorted(photos)

    # Since the checkpoint: only what changed afterwards.
    assert _everything(api, checkpoint)[0] == {}
    later = random_hash()
    send_hashes(survivor, [item(later)], ["*"])
    records, checkpoint = _everything(api, checkpoint)
    assert list(records) == [later]

    # Withdrawal: delivered as Withdrawn, and it no longer matches.
    submission = HashEntry.objects.get(hash_value=later).submission.public_id
    survivor.post("/en/my-report/fingerprints/withdraw/", {"submission": str(submission)})
    records, checkpoint = _everything(api, checkpoint)
    assert records[later].hashStatus == StopNCIICaseStatus.Withdrawn  # type: ignore[attr-defined]
    assert set(records[later].caseNumbers.values()) == {StopNCIICaseStatus.Withdrawn}  # type: ignore[attr-defined]
    lookup = Client(headers={"authorization": f"Bearer {token}"})
    assert lookup.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": flip(later, 3)}).json() == {
        "matches": []
    }

    # Feedback: a sighting on the survivor's case.
    api.submit_feedback(StopNCIISignalType.ImagePDQ, photos[0], StopNCIICSPFeedbackValue.Blocked, {"resized"})
    sighting = Sighting.objects.get()
    assert sighting.kind == "feedback" and sighting.feedback == "Blocked" and sighting.platform.key == "telegram"
    assert sighting.case is not None and sighting.case.report_id == report.pk


def test_bad_checkpoints_and_tokens_are_refused(live_server) -> None:  # type: ignore[no-untyped-def]
    make_organisation("rs-cso", ["RS"])
    _telegram, token = platform("telegram", "Telegram")
    _viber, viber_token = platform("viber", "Viber")
    survivor, _report = survivor_client()
    send_hashes(survivor, [item(random_hash(), i) for i in range(3)], ["*"])
    api = _client(live_server, token)
    page = api.fetch_hashes(page_size=1)
    assert page.hasMoreRecords and page.nextPageToken
    url = f"{live_server.url}/api/matching/stopncii/v1/FetchHashes"
    headers = {"Ocp-Apim-Subscription-Key": token}

    def status(params: dict[str, object], key: dict[str, str] = headers) -> tuple[int, str]:
        response = requests.get(url, params=params, headers=key, timeout=10)
        return response.status_code, response.json().get("detail", "")

    code, reason = status({"startTimestamp": 10, "nextPageToken": page.nextPageToken + "x"})
    assert code == 400 and "not valid" in reason
    # Replayed with another start, or by another platform: refused.
    code, reason = status({"startTimestamp": 11, "nextPageToken": page.nextPageToken})
    assert code == 400 and "another fetch" in reason
    code, reason = status(
        {"startTimestamp": 10, "nextPageToken": page.nextPageToken}, {"Ocp-Apim-Subscription-Key": viber_token}
    )
    assert code == 400 and "another fetch" in reason
    code, reason = status({"startTimestamp": 99_999_999_999})
    assert code == 400 and "future" in reason
    assert status({"startTimestamp": 10, "pageSize": 0})[0] == 400
    assert status({"startTimestamp": "yesterday"})[0] == 422
    assert requests.get(url, params={"startTimestamp": 10}, timeout=10).status_code == 401
    feedback = f"{live_server.url}/api/matching/stopncii/v1/SubmitFeedback"
    bad = [
        {"count": 1, "hashFeedbacks": [{"hashValue": "xyz", "feedbackValue": "Blocked", "tags": []}]},
        {"count": 1, "hashFeedbacks": [{"hashValue": "a" * 64, "feedbackValue": "Loved", "tags": []}]},
        {"count": 0, "hashFeedbacks": []},
        [1, 2, 3],
    ]
    for body in bad:
        assert requests.post(feedback, json=body, headers=headers, timeout=10).status_code == 400
    unknown = {"count": 1, "hashFeedbacks": [{"hashValue": "a" * 64, "feedbackValue": "Blocked", "tags": []}]}
    assert requests.post(feedback, json=unknown, headers=headers, timeout=10).json()["unknownHashes"] == ["a" * 64]


def test_open_media_match_exchange_adapter_pulls_glasna_hashes(live_server) -> None:  # type: ignore[no-untyped-def]
    """What a platform's Open Media Match runs: threatexchange's StopNCII exchange on Glasna's URL.
    A resized copy's PDQ then matches what it pulled, within the default threshold."""
    import io

    from threatexchange.exchanges.collab_config import CollaborationConfigBase
    from threatexchange.exchanges.impl.stop_ncii_api import StopNCIISignalExchangeAPI
    from threatexchange.signal_type.pdq.signal import PdqSignal

    from glasna.matching import hashing
    from tests.matching.test_hashing import _encode, _pattern

    make_organisation("rs-cso", ["RS"])
    _telegram, token = platform("telegram", "Telegram")
    survivor, _report = survivor_client()
    photos = [_pattern((640, 480), seed=s) for s in (11, 12, 13)]
    values = [hashing.hash_image(_encode(p, "PNG")).hash_value for p in photos]
    send_hashes(survivor, [item(v, i) for i, v in enumerate(values)], ["telegram"])
    collab = CollaborationConfigBase(name="glasna", api=StopNCIISignalExchangeAPI.get_name(), enabled=True)
    exchange = StopNCIISignalExchangeAPI(collab, _client(live_server, token))
    pulled: dict[tuple[str, str], object] = {}
    for delta in exchange.fetch_iter([PdqSignal], None):
        pulled.update(delta.updates)
    assert set(pulled) == {("pdq", v) for v in values}
    resized = _encode(photos[1].resize((320, 240)), "JPEG", quality=80)
    match = PdqSignal.compare_hash(values[1], hashing.hash_image(io.BytesIO(resized).getvalue()).hash_value)
    assert match.match
