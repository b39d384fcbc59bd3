"""The caseworker sees sightings: on the case page (with a new count), on the sightings page, and only
for cases she may see."""

from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from glasna.core import outbox
from glasna.core import tasks as core_tasks
from glasna.core.models import AuditEvent, OutboxJob
from glasna.core.signals import sighting_recorded
from glasna.matching import live_index, sightings
from glasna.matching.models import HashEntry, Sighting
from tests.factories import make_organisation, signed_in_client
from tests.matching.helpers import flip, item, platform, random_hash, send_hashes, survivor_client

pytestmark = pytest.mark.django_db


def test_a_match_shows_on_the_case_and_the_sightings_page() -> None:
    live_index.reset()
    bundle = make_organisation("rs-cso", ["MK"])
    _telegram, token = platform()
    survivor, report = survivor_client()
    value = random_hash()
    send_hashes(survivor, [item(value)])
    api = Client(headers={"authorization": f"Bearer {token}"})
    api.get("/api/matching/m/lookup", {"signal_type": "pdq", "signal": flip(value, 6)})
    staff = signed_in_client(bundle.staff)
    listing = staff.get("/en/staff/sightings/").content.decode()
    assert "Telegram" in listing and "Matched an upload" in listing and "new" in listing
    assert AuditEvent.objects.filter(action="matching.sightings_viewed", actor=bundle.staff.user.username).exists()
    case_page = staff.get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert "Sightings" in case_page and "1 new" in case_page and "1 active fingerprint" in case_page
    assert Sighting.objects.get().seen_by_staff
    assert "1 new" not in staff.get(f"/en/staff/reports/{report.pk}/").content.decode()


def test_other_organisations_do_not_see_the_sighting() -> None:
    live_index.reset()
    make_organisation("mk-cso", ["MK"])
    other = make_organisation("al-cso", ["AL"])
    _telegram, token = platform()
    survivor, _report = survivor_client()
    value = random_hash()
    send_hashes(survivor, [item(value)])
    Client(headers={"authorization": f"Bearer {token}"}).get(
        "/api/matching/m/lookup", {"signal_type": "pdq", "signal": value}
    )
    assert Sighting.objects.count() == 1
    assert "No sightings yet." in signed_in_client(other.staff).get("/en/staff/sightings/").content.decode()


@pytest.fixture
def announced() -> Any:
    """Every sighting_recorded the other rooms would receive, as (sighting_id, kind, distance)."""
    heard: list[tuple[int, str, int | None]] = []

    def receiver(sender: object, **kwargs: Any) -> None:
        heard.append((kwargs["sighting_id"], kwargs["kind"], kwargs["distance"]))

    sighting_recorded.connect(receiver, dispatch_uid="test-announced")
    yield heard
    sighting_recorded.disconnect(dispatch_uid="test-announced")


def _entry() -> HashEntry:
    make_organisation("rs-cso", ["MK"])  # the report needs an organisation to route to
    survivor, _report = survivor_client()
    send_hashes(survivor, [item(random_hash())])
    return HashEntry.objects.get()


def test_a_sighting_is_announced_through_the_outbox_once_after_its_commit(
    announced: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    telegram, _token = platform()
    entry = _entry()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sighting = sightings.record(telegram, entry, Sighting.MATCH, distance=5)
        assert announced == []  # nothing before the commit
    assert announced == [(sighting.pk, "match", 5)]
    job = OutboxJob.objects.get(task="glasna.matching.tasks.announce_sighting")
    assert job.args == [sighting.pk] and job.done_at is not None
    assert outbox.run(job.pk) is False and len(announced) == 1  # handed over again: not repeated


def test_a_rolled_back_sighting_announces_nothing(
    announced: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    telegram, _token = platform()
    entry = _entry()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            sightings.record(telegram, entry, Sighting.FEEDBACK)
            raise RuntimeError("the lookup failed after the sighting")
    assert announced == [] and not OutboxJob.objects.filter(task__endswith="announce_sighting").exists()


def test_with_the_broker_down_the_sighting_is_kept_and_announced_when_it_returns(
    announced: list[Any], monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    telegram, _token = platform()
    entry = _entry()

    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(core_tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sighting = sightings.record(telegram, entry, Sighting.MATCH, distance=3)
    assert Sighting.objects.filter(pk=sighting.pk).exists() and announced == []
    monkeypatch.undo()
    core_tasks.relay_outbox.call_local()
    assert announced == [(sighting.pk, "match", 3)]
