"""The caseworker sees sightings: on the case page (with a new count), on the sightings page, and only
for cases she may see."""

import pytest
from django.test import Client

from glasna.core.models import AuditEvent
from glasna.matching import live_index
from glasna.matching.models import Sighting
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
