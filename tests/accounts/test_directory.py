"""The organisation directory: search filters, referral targets, the staff page, demo coverage."""

import pytest
from django.test import Client

from glasna.accounts import directory, keyring
from glasna.accounts.demo import DEMO_ORGANISATIONS, create_demo_organisations
from glasna.accounts.models import COUNTRIES, Organisation, OrganisationType, Role
from glasna.intake.taxonomy import HELP
from tests.factories import PASSWORD, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

COUNTRY_CODES = [code for code, _label in COUNTRIES]


def _slugs(organisations) -> set[str]:  # type: ignore[no-untyped-def]
    return {organisation.slug for organisation in organisations}


@pytest.fixture
def three() -> None:
    make_organisation(
        "legal-mk",
        ["MK"],
        org_type=OrganisationType.LEGAL_AID,
        services=["legal"],
        languages=["mk", "sq"],
        municipalities=["Tetovo", "Skopje"],
        description="Free legal aid.",
    )
    make_organisation(
        "cso-rs-ba",
        ["RS", "BA"],
        services=["removal", "psychological"],
        languages=["sr", "bs"],
        municipalities=["Banja Luka"],
        accepts_referrals=False,
        description="Савјетовалиште за жене",
    )
    make_organisation(
        "police-al",
        ["AL"],
        org_type=OrganisationType.POLICE,
        services=["record", "removal"],
        languages=["sq", "en"],
        municipalities=["Shkodër"],
    )


@pytest.mark.usefixtures("three")
def test_each_filter_alone() -> None:
    assert _slugs(directory.search()) == {"legal-mk", "cso-rs-ba", "police-al"}
    assert _slugs(directory.search(country="BA")) == {"cso-rs-ba"}
    assert _slugs(directory.search(org_type=OrganisationType.POLICE)) == {"police-al"}
    assert _slugs(directory.search(service="removal")) == {"cso-rs-ba", "police-al"}
    assert _slugs(directory.search(language="sq")) == {"legal-mk", "police-al"}
    assert _slugs(directory.search(accepts_referrals=False)) == {"cso-rs-ba"}
    assert _slugs(directory.search(accepts_referrals=True)) == {"legal-mk", "police-al"}


@pytest.mark.usefixtures("three")
def test_text_matches_name_description_and_municipality_ignoring_case() -> None:
    assert _slugs(directory.search(text="LEGAL-mk")) == {"legal-mk"}  # in the name
    assert _slugs(directory.search(text="савјетовалиште")) == {"cso-rs-ba"}  # Cyrillic, other case
    assert _slugs(directory.search(text="shkodër")) == {"police-al"}  # a municipality
    assert _slugs(directory.search(text="  ")) == {"legal-mk", "cso-rs-ba", "police-al"}
    assert not directory.search(text="nowhere at all").exists()


@pytest.mark.usefixtures("three")
def test_filters_combine() -> None:
    assert _slugs(directory.search(service="removal", language="sq")) == {"police-al"}
    assert _slugs(directory.search(service="removal", accepts_referrals=True, country="RS")) == set()
    assert _slugs(directory.search(country="MK", org_type=OrganisationType.LEGAL_AID, text="tetovo")) == {"legal-mk"}
    assert not directory.search(country="MK", language="sr").exists()


@pytest.mark.usefixtures("three")
def test_referral_targets_exclude_self_and_those_not_accepting() -> None:
    legal = Organisation.objects.get(slug="legal-mk")
    assert _slugs(directory.referral_targets(legal)) == {"police-al"}
    police = Organisation.objects.get(slug="police-al")
    assert _slugs(directory.referral_targets(police)) == {"legal-mk"}


@pytest.mark.usefixtures("three")
def test_page_lists_and_filters_for_any_staff_member() -> None:
    home = Organisation.objects.get(slug="legal-mk")
    bundle_keys = keyring.OrganisationKeys(home.pk, {})
    # An analyst holds no organisation key and sees no case, but may look up the directory.
    analyst = keyring.create_staff(home, "analyst-dir", PASSWORD, Role.ANALYST, bundle_keys)
    client = signed_in_client(analyst)
    page = client.get("/en/staff/directory/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Test organisation cso-rs-ba" in text and "Test organisation police-al" in text
    assert "Banja Luka" in text and "Police cyber-crime unit" in text
    assert 'href="/en/staff/directory/"' in text  # the nav link
    filtered = client.get("/en/staff/directory/", {"country": "AL", "accepts_referrals": "yes"}).content.decode()
    assert "Test organisation police-al" in filtered and "Test organisation cso-rs-ba" not in filtered
    assert client.get("/en/staff/directory/", {"country": "FR"}).status_code == 400


def test_page_redirects_when_signed_out() -> None:
    response = Client().get("/en/staff/directory/")
    assert response.status_code == 302 and response["Location"] == "/en/staff/login/"


def test_demo_has_a_womens_rights_cso_and_legal_aid_in_every_country() -> None:
    create_demo_organisations()
    for country in COUNTRY_CODES:
        for kind in (OrganisationType.WOMENS_RIGHTS, OrganisationType.LEGAL_AID):
            assert directory.search(country=country, org_type=kind).exclude(is_regional_default=True).exists(), (
                country,
                kind,
            )
    for kind in (
        OrganisationType.POLICE,
        OrganisationType.PSYCHOSOCIAL,
        OrganisationType.SHELTER,
        OrganisationType.PROSECUTOR,
        OrganisationType.OMBUDSPERSON,
    ):
        assert Organisation.objects.filter(org_type=kind).exists(), kind
    assert not Organisation.objects.get(org_type=OrganisationType.PROSECUTOR).accepts_referrals
    assert Organisation.objects.get(org_type=OrganisationType.POLICE).accepts_referrals
    assert Organisation.objects.filter(slug__in=["iskra-mk", "pravo-mk", "desk"]).count() == 3


def test_demo_organisations_are_clearly_invented_and_well_formed() -> None:
    help_codes = {code for code, _label in HELP}
    slugs = [demo.slug for demo in DEMO_ORGANISATIONS]
    assert len(slugs) == len(set(slugs))
    for demo in DEMO_ORGANISATIONS:
        assert demo.name.endswith(("(demo)", "(демо)")), demo.name
        assert "000" in demo.phone, demo.phone
        fields = demo.directory_fields()
        assert fields["public_email"].endswith(".demo.invalid") and fields["website"].endswith(".demo.invalid")
        assert demo.type in OrganisationType.values
        assert set(demo.countries) <= set(COUNTRY_CODES)
        assert set(demo.services) <= help_codes
        assert set(demo.languages) <= set(directory.LANGUAGE_CODES), demo.slug


def test_seeding_again_refreshes_demo_directory_entries() -> None:
    create_demo_organisations()
    Organisation.objects.filter(slug="iskra-mk").update(municipalities=[], phone="")
    create_demo_organisations()
    iskra = Organisation.objects.get(slug="iskra-mk")
    assert "Skopje" in iskra.municipalities and iskra.phone
