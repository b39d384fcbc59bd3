"""The cross-organisation pages: the space page, the case panel, the overview of spaces reported
elsewhere and the form that records a space on a case. Nothing of the other organisation's case
reaches them; who may not open a case naming the space sees counts only."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.networks.models import Appearance, Space, SpaceLink
from tests.factories import PASSWORD, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db
OTHER_STORY = "Invented narrative of the Tirana case"
OTHER_CONTACT = "invented.tirana@example.org"


def _two_organisations():  # type: ignore[no-untyped-def]
    tirana, skopje = make_organisation("x-al", ["AL"]), make_organisation("x-mk", ["MK"])
    submit(country="AL", narrative=OTHER_STORY, contact_method="email", contact_value=OTHER_CONTACT)
    submit(country="MK")
    al_case = Case.objects.get(organisation=tirana.organisation)
    mk_case = Case.objects.get(organisation=skopje.organisation)
    al = signed_in_client(tirana.staff)
    response = al.post(f"/en/staff/networks/cases/{al_case.pk}/spaces/", {"space-link": "https://t.me/publicroom_demo"})
    assert response.status_code == 302
    mk = signed_in_client(skopje.staff)
    posted = {"space-link": "@PublicRoom_demo", "space-platform": "telegram"}
    assert mk.post(f"/en/staff/networks/cases/{mk_case.pk}/spaces/", posted).status_code == 302
    return tirana, skopje, al_case, mk_case, al, mk


def _leaks(text: str, tirana, al_case: Case, names: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    secrets = [OTHER_STORY, OTHER_CONTACT]
    # The case page names every organisation anyway, in its referral directory: not from linkage.
    secrets += [tirana.organisation.name, tirana.organisation.slug] if names else []
    secrets += [f"/staff/reports/{al_case.report_id}/", f"/cases/{al_case.pk}/", tirana.staff.user.username]
    return [s for s in secrets if s in text]


def test_both_see_the_other_country_and_nothing_of_the_other_case() -> None:
    tirana, skopje, al_case, mk_case, al, mk = _two_organisations()
    mk_space = Space.objects.get(organisation=skopje.organisation)
    al_space = Space.objects.get(organisation=tirana.organisation)
    mk_page = mk.get(f"/en/staff/networks/spaces/{mk_space.pk}/").content.decode()
    month = al_space.first_seen.strftime("%B %Y")
    assert f"Also reported at 1 other organisation, in AL, since {month}." in mk_page
    al_page = al.get(f"/en/staff/networks/spaces/{al_space.pk}/").content.decode()
    assert "Also reported at 1 other organisation, in MK, since" in al_page
    case_page = mk.get(f"/en/staff/reports/{mk_case.report_id}/").content.decode()
    assert "Also reported at 1 other organisation, in AL" in case_page
    overview = mk.get("/en/staff/networks/elsewhere/").content.decode()
    assert "t.me/publicroom_demo" in overview and "in AL" in overview
    for text in (mk_page, overview):
        assert _leaks(text, tirana, al_case) == []
    assert _leaks(case_page, tirana, al_case, names=False) == []
    assert AuditEvent.objects.filter(action="networks.recorded", target__startswith=f"case:{mk_case.pk} ").exists()


def test_who_may_not_open_a_case_naming_the_space_sees_counts_only() -> None:
    tirana, skopje, al_case, _mk_case, _al, _mk = _two_organisations()
    mk_space = Space.objects.get(organisation=skopje.organisation)
    lawyer = keyring.create_staff(skopje.organisation, "x-lawyer", PASSWORD, Role.LAWYER, skopje.org_keys)
    page = signed_in_client(lawyer).get(f"/en/staff/networks/spaces/{mk_space.pk}/").content.decode()
    assert "Also reported at 1 other organisation." in page and "in AL" not in page
    analyst = keyring.create_staff(skopje.organisation, "x-analyst", PASSWORD, Role.ANALYST, None)
    client = signed_in_client(analyst)
    overview = client.get("/en/staff/networks/elsewhere/").content.decode()
    assert "Also reported at 1 other organisation." in overview
    assert "in AL" not in overview and "publicroom_demo" not in overview
    assert 'href="/en/staff/networks/elsewhere/"' in client.get("/en/staff/").content.decode()  # in the menu
    assert client.get(f"/en/staff/networks/spaces/{mk_space.pk}/").status_code == 404
    assert _leaks(page + overview, tirana, al_case) == []


def test_recording_a_space_refuses_bad_input_and_other_organisations_cases() -> None:
    tirana, skopje, al_case, mk_case, _al, mk = _two_organisations()
    url = f"/en/staff/networks/cases/{mk_case.pk}/spaces/"
    response = mk.post(url, {"space-link": "@PublicRoom_demo"})  # a bare name without its platform
    assert response.status_code == 400 and "Say which platform this name or number is on." in response.content.decode()
    assert mk.post(url, {"space-link": ""}).status_code == 400
    assert mk.get(url).status_code == 200
    assert (
        mk.post(f"/en/staff/networks/cases/{al_case.pk}/spaces/", {"space-link": "t.me/x_invented"}).status_code == 404
    )
    assert SpaceLink.objects.filter(case=mk_case).count() == 1


def test_sharing_in_clear_from_the_space_page() -> None:
    _tirana, skopje, _al_case, mk_case, _al, mk = _two_organisations()
    space = Space.objects.get(organisation=skopje.organisation)
    url = f"/en/staff/networks/spaces/{space.pk}/"
    assert mk.post(url, {"action": "share", "share-share": "on"}).status_code == 302
    assert Appearance.objects.get(space=space).public_id == "publicroom_demo"
    assert "Shared in clear by staff-x-mk" in mk.get(url).content.decode()
    assert mk.post(url, {"action": "share"}).status_code == 302
    assert Appearance.objects.get(space=space).public_id == ""
    posted = {"space-link": "https://t.me/+InventedInvite42"}
    assert mk.post(f"/en/staff/networks/cases/{mk_case.pk}/spaces/", posted).status_code == 302
    private = Space.objects.get(organisation=skopje.organisation, identifier_kind="private_invite")
    private_url = f"/en/staff/networks/spaces/{private.pk}/"
    assert "share-share" not in mk.get(private_url).content.decode()
    assert mk.post(private_url, {"action": "share", "share-share": "on"}).status_code == 400
    assert Appearance.objects.get(space=private).public_id == ""
