import pyotp
import pytest
from django.core.management import call_command

from glasna.accounts import totp
from glasna.accounts.demo import demo_totp_code
from glasna.accounts.models import Organisation, StaffMember
from glasna.intake.demo import DEMO_REPORTS
from glasna.intake.models import Report
from glasna.intake.services import open_with_receipt
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_covers_every_country_and_is_idempotent(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("seed_demo")
    first = capsys.readouterr().out
    for country in ["AL", "XK", "ME", "MK", "RS", "BA"]:
        assert any(country in org.countries and not org.is_regional_default for org in Organisation.objects.all()), (
            country
        )
    assert "caseworker.iskra-mk" in first and "password:" in first
    count, reports = Organisation.objects.count(), Report.objects.count()
    assert reports == len(DEMO_REPORTS) and first.count("receipt ") == reports
    receipt = first.split("receipt ")[1].split()[0]
    assert open_with_receipt(receipt) is not None  # a survivor can open a demo report
    assert {r.organisation.countries[0] for r in Report.objects.all()} >= {"ME", "MK"}
    call_command("seed_demo")
    assert Organisation.objects.count() == count and Report.objects.count() == reports
    staff = StaffMember.objects.get(user__username="caseworker.iskra-mk")
    assert demo_totp_code("caseworker.iskra-mk") == pyotp.TOTP(totp.secret_of(staff)).now()


def test_demo_codes_refused_for_real_organisations() -> None:
    bundle = make_organisation()
    totp.new_secret(bundle.staff)
    with pytest.raises(PermissionError):
        demo_totp_code(bundle.staff.user.username)


def test_seed_demo_adds_two_synthetic_spaces_in_a_lineage() -> None:
    from glasna.networks import registry
    from glasna.networks.models import Space, SpaceLink

    call_command("seed_demo")
    rooms = Space.objects.filter(display_name="Invented Room")
    assert rooms.exists()
    for room in rooms:
        chain = registry.lineage(room)
        assert [s.display_name for s in chain] == ["Invented Room", "Invented Room 2"]
        assert registry.current_status(room) == "closed" and registry.current_status(chain[1]) == "reemerged"
        assert SpaceLink.objects.filter(space=room).exists()
    spaces, links = Space.objects.count(), SpaceLink.objects.count()
    call_command("seed_demo")
    assert (Space.objects.count(), SpaceLink.objects.count()) == (spaces, links)
