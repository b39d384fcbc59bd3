import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glasna.accounts import keyring
from glasna.accounts.models import Organisation, StaffMember

pytestmark = pytest.mark.django_db


def test_creates_keys_admin_and_prints_a_working_recovery_code(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    password_file = tmp_path / "pw"
    password_file.write_text("an administrator passphrase\n")
    call_command(
        "create_organisation",
        "nova",
        "--name",
        "Nova (test)",
        "--country",
        "MK",
        "--country",
        "XK",
        "--admin",
        "nova-admin",
        "--password-file",
        str(password_file),
    )
    code = capsys.readouterr().out.strip().splitlines()[-1]
    organisation = Organisation.objects.get(slug="nova")
    assert organisation.countries == ["MK", "XK"]
    admin = StaffMember.objects.get(user__username="nova-admin")
    private = keyring.unlock_staff_private_key(admin, "an administrator passphrase")
    assert (
        keyring.unlock_organisation_keys(admin, private).by_version
        == keyring.unlock_with_recovery_code(organisation, code).by_version
    )


def test_refuses_duplicates_and_short_passwords(tmp_path) -> None:  # type: ignore[no-untyped-def]
    short = tmp_path / "short"
    short.write_text("short")
    with pytest.raises(CommandError, match="12 characters"):
        call_command(
            "create_organisation", "x", "--name", "X", "--country", "AL", "--admin", "x", "--password-file", str(short)
        )
    good = tmp_path / "good"
    good.write_text("long enough passphrase")
    call_command(
        "create_organisation", "x", "--name", "X", "--country", "AL", "--admin", "x", "--password-file", str(good)
    )
    with pytest.raises(CommandError, match="exists"):
        call_command(
            "create_organisation", "x", "--name", "X", "--country", "AL", "--admin", "y", "--password-file", str(good)
        )
