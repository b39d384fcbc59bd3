"""Private pages (networks/private_pages.py): a page on a website the platform list does not know,
linked from a case, is kept like the case's data (address sealed to the organisation key, a keyed
pseudonym per organisation), counted across the organisation's cases, never shown to other
organisations, other installations or platforms, and made public only by an explicit, confirmed,
audited promotion by someone who may open a case naming it."""

import pytest
from django.db import connection
from django.test import Client

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.core.signals import sighting_recorded
from glasna.networks import federation, figures, flagged, linkage, private_pages, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Appearance, Space, SpaceLink, StatusEntry
from tests.factories import PASSWORD, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

MARKER = "PAGECANARY4d2e"
URL = f"https://invented-forum.example/u/{MARKER}"


def _case() -> Case:
    case = Case.objects.order_by("-id").first()
    assert case is not None
    return case


def _page() -> Space:
    return Space.objects.get(identifier_kind="private_page")


def _rows_in_clear() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, display_name, sealed_url FROM networks_space")
        return repr(cursor.fetchall())


def test_a_page_named_in_reports_is_sealed_and_counted_across_the_cases() -> None:
    home = make_organisation("page-home", ["MK"], role=Role.ORG_ADMIN)
    submit(links=f"{URL} https://t.me/invented_room")
    first = _case()
    submit(links=f"https://www.invented-forum.example/u/{MARKER}/?utm_source=x")  # the same page
    second = _case()
    client = signed_in_client(home.staff)
    client.get(f"/en/staff/reports/{first.report_id}/")
    page = client.get(f"/en/staff/reports/{second.report_id}/").content.decode()

    space = _page()
    assert space.identifier.startswith("hmac:") and space.display_name == "" and space.kind == "website"
    assert space.url_key_version == home.organisation.current_key.version
    assert MARKER not in _rows_in_clear() and MARKER.encode().hex() not in _rows_in_clear()
    assert private_pages.open_url(space, home.org_keys) == URL
    assert private_pages.open_url(space, None) == ""
    assert {link.case_id for link in space.links.all()} == {first.pk, second.pk}
    assert "this space appears in 2 of your organisation's cases" in page
    assert URL in page  # the case page shows its own case's address to who may open it
    # A Telegram channel named alongside stays a public space, as before.
    assert Space.objects.get(identifier="invented_room").identifier_kind == "public_space"


def test_notices_and_sightings_link_a_private_page_without_a_key() -> None:
    make_organisation("page-sight", ["MK"])
    submit(links="")
    case = _case()
    sighting_recorded.send(sender=None, case_id=case.pk, url=URL, sighting_id=3)
    space = _page()
    assert SpaceLink.objects.get(space=space).object_kind == "sighting"
    assert MARKER not in _rows_in_clear()


def test_a_private_page_never_leaves_its_organisation() -> None:
    home = make_organisation("page-a", ["MK"])
    other = make_organisation("page-b", ["RS"])
    submit(links="")
    linkage.link_text(_case(), URL, "report", "1")
    mine = _page()
    theirs = private_pages.find_or_create(other.organisation, normalise(URL))
    # One pseudonym per organisation: a dump does not tell that both name the same page.
    assert mine.identifier != theirs.identifier
    assert not Appearance.objects.exists()
    assert federation.elsewhere([mine])[mine.pk].organisations == 0
    assert federation.export()["records"] == []
    assert flagged.page("other", 1) == (0, [])
    with pytest.raises(federation.FederationError):
        federation.share_in_clear(home.staff, mine, True)
    assert not [row for row in figures.space_rows() if row["space_platform_status"].startswith("other")]


def test_an_address_copied_from_another_row_does_not_open() -> None:
    home = make_organisation("page-copy", ["MK"])
    first = private_pages.find_or_create(home.organisation, normalise(URL))
    second = private_pages.find_or_create(home.organisation, normalise("https://invented-forum.example/u/other"))
    Space.objects.filter(pk=second.pk).update(sealed_url=first.sealed_url)
    second.refresh_from_db()
    assert private_pages.open_url(second, home.org_keys) == ""
    assert private_pages.open_url(first, home.org_keys) == URL


def _setup_promotion() -> tuple[object, object, Space]:
    home = make_organisation("page-promote", ["MK"], role=Role.ORG_ADMIN)
    lawyer = keyring.create_staff(home.organisation, "page-lawyer", PASSWORD, Role.LAWYER, home.org_keys)
    submit(links="")
    linkage.link_text(_case(), URL, "report", str(_case().pk))
    return home, lawyer, _page()


def test_the_address_is_shown_and_audited_only_for_who_may_open_a_case() -> None:
    home, lawyer, space = _setup_promotion()
    url = f"/en/staff/networks/spaces/{space.pk}/"
    page = signed_in_client(lawyer).get(url).content.decode()  # the case is not assigned to her
    assert URL not in page and 'value="promote"' not in page
    assert not AuditEvent.objects.filter(action="networks.page_read").exists()
    client = signed_in_client(home.staff)
    page = client.get(url).content.decode()
    assert URL in page and 'value="promote"' in page
    assert AuditEvent.objects.filter(action="networks.page_read", target=f"space:{space.pk}").count() == 1
    listing = client.get("/en/staff/networks/").content.decode()
    assert f"#{space.pk}" in listing and MARKER not in listing


def test_promotion_needs_the_confirmation_and_a_case_one_may_open() -> None:
    home, lawyer, space = _setup_promotion()
    url = f"/en/staff/networks/spaces/{space.pk}/"
    response = signed_in_client(home.staff).post(url, {"action": "promote"})
    assert response.status_code == 400 and "promote-confirm" in response.content.decode()
    response = signed_in_client(lawyer).post(url, {"action": "promote", "promote-confirm": "on"})
    assert response.status_code == 400
    analyst = keyring.create_staff(home.organisation, "page-analyst", PASSWORD, Role.ANALYST, home.org_keys)
    assert signed_in_client(analyst).post(url, {"action": "promote", "promote-confirm": "on"}).status_code == 404
    stranger = make_organisation("page-stranger", ["MK"], role=Role.ORG_ADMIN)
    assert signed_in_client(stranger.staff).post(url, {"action": "promote", "promote-confirm": "on"}).status_code == 404
    with pytest.raises(registry.RegistryError):
        private_pages.promote(lawyer, space, home.org_keys, True)
    with pytest.raises(registry.RegistryError):
        private_pages.promote(home.staff, space, None, True)  # no key opens the address
    space.refresh_from_db()
    assert space.identifier_kind == "private_page" and not AuditEvent.objects.filter(action="networks.page_promoted")


def test_promotion_is_refused_without_the_csrf_token() -> None:
    home, _lawyer, space = _setup_promotion()
    client = signed_in_client(home.staff)
    guarded = Client(enforce_csrf_checks=True)
    guarded.cookies = client.cookies
    response = guarded.post(f"/en/staff/networks/spaces/{space.pk}/", {"action": "promote", "promote-confirm": "on"})
    assert response.status_code == 403
    space.refresh_from_db()
    assert space.identifier_kind == "private_page"


def test_a_confirmed_promotion_makes_the_page_a_public_space() -> None:
    home, _lawyer, space = _setup_promotion()
    url = f"/en/staff/networks/spaces/{space.pk}/"
    client = signed_in_client(home.staff)
    response = client.post(url, {"action": "promote", "promote-confirm": "on"})
    assert response.status_code == 302 and response["Location"] == url
    space.refresh_from_db()
    assert (space.identifier_kind, space.identifier) == ("public_space", URL)
    assert space.sealed_url is None and space.url_key_version is None
    assert space.promoted_by == home.staff and space.promoted_at is not None
    assert space.display_name == f"invented-forum.example/u/{MARKER}"
    assert Appearance.objects.filter(space=space).exists()  # other organisations may now count it
    event = AuditEvent.objects.get(action="networks.page_promoted")
    assert event.target == f"space:{space.pk}" and event.actor == home.staff.user.get_username()
    # Later mentions of the page link to the public space.
    submit(links=URL)
    linkage.link_text(_case(), URL, "report", str(_case().pk))
    assert not Space.objects.filter(identifier_kind="private_page").exists()
    assert space.links.count() == 2
    assert "Made public by" in client.get(url).content.decode()


def test_promotion_joins_a_public_space_the_organisation_already_holds() -> None:
    home, _lawyer, space = _setup_promotion()
    public = registry.find_or_create(home.organisation, normalise(URL))
    StatusEntry.objects.create(space=space, status="active", on=space.first_seen.date())
    private_id = space.pk
    found = private_pages.promote(home.staff, space, home.org_keys, True)
    assert found == public and not Space.objects.filter(pk=private_id).exists()
    assert public.links.count() == 1 and public.status_history.count() == 1
    assert AuditEvent.objects.get(action="networks.page_promoted").target == f"space:{private_id}->space:{public.pk}"


def test_a_campaign_on_the_address_takes_the_private_page_in() -> None:
    from glasna.takedown import campaigns

    home, _lawyer, space = _setup_promotion()
    case_id, private_id = space.links.get().case_id, space.pk
    campaign = campaigns.open_campaign(
        home.staff, "other", "Invented", URL, {"en": "Synthetic template."}, [], keys=home.org_keys
    )
    public = Space.objects.get(identifier=URL, identifier_kind="public_space")
    assert not Space.objects.filter(pk=private_id).exists()
    assert public.links.get().case_id == case_id
    event = AuditEvent.objects.get(action="networks.page_promoted")
    assert event.target == f"space:{private_id}->space:{public.pk} campaign:{campaign.pk}"


def test_a_withdrawn_report_and_a_deleted_case_take_the_pages_only_they_named() -> None:
    from glasna.intake.models import Report

    home = make_organisation("page-gone", ["MK"], role=Role.ORG_ADMIN)
    other_url = "https://invented-forum.example/shared"
    submit(links=f"{URL} {other_url}")
    first = _case()
    submit(links="")
    second = _case()
    linkage.link_case(home.staff, home.org_keys, first)
    linkage.link_text(second, other_url, "notice", "9")
    linkage.link_text(second, "https://invented-forum.example/second-only", "notice", "9")
    assert Space.objects.filter(identifier_kind="private_page").count() == 3

    Report.objects.get(pk=first.report_id).delete()  # as a withdrawal does; the case stays, closed
    assert private_pages.find(home.organisation.pk, URL) is None
    shared = private_pages.find(home.organisation.pk, other_url)
    assert shared is not None and [link.case_id for link in shared.links.all()] == [second.pk]

    second.delete()  # the end of its retention
    assert not Space.objects.filter(identifier_kind="private_page").exists()
