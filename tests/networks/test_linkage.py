"""Linkage inside an organisation: a report's links, evidence items, notices and sightings that name a
space are linked automatically; the case page and the space page show counts within permissions."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core.signals import sighting_recorded
from glasna.evidence import services as evidence
from glasna.evidence.capture import Capture
from glasna.networks import linkage
from glasna.networks.identifiers import normalise
from glasna.networks.models import Space, SpaceLink
from tests.factories import PASSWORD, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db


def _case() -> Case:
    case = Case.objects.order_by("-id").first()
    assert case is not None
    return case


def test_identifiers_in_free_text() -> None:
    found = linkage.identifiers_in("see t.me/invented_room/4, and https://t.me/+InventedInvite42 and words.")
    assert [(i.kind, i.value) for i in found] == [
        ("public_space", "invented_room"),
        ("private_invite", "InventedInvite42"),
    ]
    assert linkage.identifiers_in("https://www.instagram.com/p/InventedPost/") == []  # a post, not a space
    assert linkage.identifiers_in("https://www.pornhub.com/view_video.php?viewkey=invented") == []
    assert [i.value for i in linkage.identifiers_in("forum.invented.example/thread/9?utm_source=x")] == [
        "https://forum.invented.example/thread/9"
    ]


def test_report_links_and_evidence_are_linked_when_the_case_is_opened() -> None:
    home = make_organisation("link-home", ["MK"], role=Role.ORG_ADMIN)
    submit(links="https://t.me/invented_room/5 https://t.me/+InventedInvite42")
    first = _case()
    submit(links="telegram.me/Invented_Room")
    second = _case()
    evidence.add_record(
        home.staff, home.org_keys, second.pk, "url", "post", Capture(url="https://t.me/s/invented_room/9")
    )
    client = signed_in_client(home.staff)
    page = client.get(f"/en/staff/reports/{first.report_id}/").content.decode()
    assert "this space appears in 1 of your organisation's cases" in page
    page = client.get(f"/en/staff/reports/{second.report_id}/").content.decode()
    assert "this space appears in 2 of your organisation's cases" in page
    room = Space.objects.get(identifier="invented_room")
    assert {link.object_kind for link in room.links.all()} == {"report", "evidence"}
    assert SpaceLink.objects.filter(case=first).count() == 2
    # opening again adds nothing twice
    client.get(f"/en/staff/reports/{first.report_id}/")
    assert SpaceLink.objects.filter(case=first).count() == 2


def test_counts_respect_the_viewers_permissions() -> None:
    home = make_organisation("link-perm", ["MK"], role=Role.ORG_ADMIN)
    lawyer = keyring.create_staff(home.organisation, "link-lawyer", PASSWORD, Role.LAWYER, home.org_keys)
    for _n in range(3):
        submit(links="https://t.me/invented_room")
        linkage.link_text(_case(), "https://t.me/invented_room", "report", str(_case().pk))
    Case.objects.filter(pk=_case().pk).update(assigned_to=lawyer)
    space = Space.objects.get(identifier="invented_room")
    total, visible = linkage.cases_of_space(lawyer, space)
    assert total == 3 and [c.pk for c in visible] == [_case().pk]
    page = signed_in_client(lawyer).get(f"/en/staff/networks/spaces/{space.pk}/").content.decode()
    assert "this space appears in 3 of your organisation's cases" in page
    assert page.count("/en/staff/reports/") == 1  # only the case she may open is linked


def test_sightings_and_notices_link_too() -> None:
    home = make_organisation("link-sight", ["MK"], role=Role.ORG_ADMIN)
    submit(links="")
    case = _case()
    sighting_recorded.send(sender=None, case_id=case.pk, url="https://discord.gg/InventedCode", sighting_id=7)
    space = Space.objects.get(platform="discord")
    assert space.identifier.startswith("hmac:")
    assert SpaceLink.objects.get(space=space).object_kind == "sighting"
    linkage.link_text(case, "https://t.me/invented_room/3", "notice", "1")
    assert SpaceLink.objects.get(space__identifier="invented_room").object_kind == "notice"
    assert linkage.spaces_of_case(home.staff, case)[0].cases == 1
    assert normalise("t.me/invented_room").value == "invented_room"


def test_the_case_page_reads_and_audits_the_cases_links_once() -> None:
    from glasna.core.models import AuditEvent

    home = make_organisation("link-once", ["MK"], role=Role.ORG_ADMIN)
    submit(links="https://t.me/invented_room/5")
    case = _case()
    client = signed_in_client(home.staff)
    before = AuditEvent.objects.filter(action="takedown.links_read").count()
    assert client.get(f"/en/staff/reports/{case.report_id}/").status_code == 200
    assert AuditEvent.objects.filter(action="takedown.links_read").count() == before + 1
    assert SpaceLink.objects.filter(case=case).count() == 1


def test_an_evidence_items_account_is_linked_as_a_pseudonym() -> None:
    home = make_organisation("link-account", ["MK"], role=Role.ORG_ADMIN)
    submit(links="")
    case = _case()
    capture = Capture(url="https://www.instagram.com/p/InventedPost/", platform="instagram", account="@Invented.Person")
    item = evidence.add_record(home.staff, home.org_keys, case.pk, "url", "post", capture)
    linkage.link_case(home.staff, home.org_keys, case)
    link = SpaceLink.objects.get(case=case)
    assert (link.object_kind, link.object_id) == ("evidence", str(item.pk))
    assert link.space.platform == "instagram" and link.space.identifier.startswith("hmac:")
    assert link.space.kind == "account" and link.space.display_name == ""
    telegram = Capture(url="", platform="telegram", account="@invented_person")
    other = evidence.add_record(home.staff, home.org_keys, case.pk, "url", "profile", telegram)
    linkage.link_case(home.staff, home.org_keys, case)
    person = SpaceLink.objects.get(case=case, object_id=str(other.pk)).space
    assert person.identifier_kind == "account" and person.identifier.startswith("hmac:")
