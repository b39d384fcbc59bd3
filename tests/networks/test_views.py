"""The space page: what it shows, the forms that record on it, bad input answered with 400, without JS."""

import datetime as dt

import pytest
from django.utils import timezone

from glasna.cases.models import Case
from glasna.core.crypto.server_keys import keyed_pseudonym
from glasna.networks import linkage, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Space, SpaceLink
from glasna.takedown import directory
from glasna.takedown.models import Notice, Platform
from tests.factories import make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db


def test_keyed_pseudonyms_are_stable_and_purpose_bound() -> None:
    assert keyed_pseudonym("networks/identifier", "x") == keyed_pseudonym("networks/identifier", "x")
    assert keyed_pseudonym("networks/identifier", "x") != keyed_pseudonym("another/purpose", "x")
    assert len(keyed_pseudonym("networks/identifier", "x")) == 64


def test_recording_on_the_space_page_and_its_lineage() -> None:
    bundle = make_organisation("view-a", ["MK"])
    older = timezone.now() - dt.timedelta(days=5)
    room = registry.find_or_create(bundle.organisation, normalise("t.me/invented_room"), older)
    room2 = registry.find_or_create(bundle.organisation, normalise("t.me/invented_room2"))
    client = signed_in_client(bundle.staff)
    url = f"/en/staff/networks/spaces/{room2.pk}/"
    day = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    assert client.post(url, {"action": "status", "status-status": "active", "status-on": day}).status_code == 302
    posted = {"action": "count", "count-count": "41000", "count-on": day, "count-source": "seen in the app"}
    assert client.post(url, posted).status_code == 302
    assert client.post(url, {"action": "alias", "alias-name": "Invented Room 2"}).status_code == 302
    assert client.post(url, {"action": "successor", "successor-predecessor": str(room.pk)}).status_code == 302
    page = client.get(url).content.decode()
    assert (
        "41000" in page
        and "seen in the app" in page
        and "Invented Room 2" in page
        and bundle.staff.user.username in page
    )
    assert page.index('dir="auto">t.me/invented_room</a>') < page.index(
        '<strong dir="auto">t.me/invented_room2</strong>'
    )
    assert [s.pk for s in registry.lineage(room)] == [room.pk, room2.pk]
    assert client.get("/en/staff/networks/").status_code == 200


def test_bad_input_is_answered_with_400_and_no_change() -> None:
    bundle = make_organisation("view-b", ["MK"])
    space = registry.find_or_create(bundle.organisation, normalise("t.me/invented_room"))
    client = signed_in_client(bundle.staff)
    url = f"/en/staff/networks/spaces/{space.pk}/"
    assert (
        client.post(url, {"action": "count", "count-count": "-3", "count-on": "x", "count-source": ""}).status_code
        == 400
    )
    assert client.post(url, {"action": "nothing"}).status_code == 400
    assert client.post(url, {"action": "successor", "successor-predecessor": str(space.pk)}).status_code == 400
    other = registry.find_or_create(make_organisation("view-c").organisation, normalise("t.me/invented_room"))
    assert client.post(url, {"action": "successor", "successor-predecessor": str(other.pk)}).status_code == 400
    assert space.member_counts.count() == 0 and Space.objects.get(pk=space.pk).successor_of is None


def test_private_identifiers_never_reach_the_page() -> None:
    bundle = make_organisation("view-d", ["MK"])
    space = registry.find_or_create(bundle.organisation, normalise("https://t.me/+InventedInvite42"))
    page = signed_in_client(bundle.staff).get(f"/en/staff/networks/spaces/{space.pk}/").content.decode()
    assert "InventedInvite42" not in page and "Kept only as a keyed pseudonym." in page


def test_a_notices_urls_are_linked_when_the_case_is_opened() -> None:
    bundle = make_organisation("view-e", ["MK"])
    submit(links="")
    case = Case.objects.order_by("-id").first()
    assert case is not None
    directory.ensure_loaded()
    notice = Notice.objects.create(
        organisation=bundle.organisation,
        case=case,
        platform=Platform.objects.get(key="telegram"),
        channel="email",
        items=[{"url": "https://t.me/invented_room/12"}],
        subject="synthetic",
        body_en="synthetic",
        category="synthetic",
    )
    linkage.link_case(bundle.staff, None, case)
    link = SpaceLink.objects.get(case=case)
    assert (link.object_kind, link.object_id, link.space.identifier) == ("notice", str(notice.pk), "invented_room")
