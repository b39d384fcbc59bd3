"""The key hierarchy: wrong password, rotated staff, recovery."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.crypto.passphrase import WrongPassphrase
from glasna.core.crypto.primitives import new_key, seal, unseal
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db


def _sealed_to_newest(bundle: keyring.OrganisationKeys, organisation) -> tuple[int, bytes, bytes]:  # type: ignore[no-untyped-def]
    key = organisation.current_key
    data_key = new_key()
    return key.version, data_key, seal(bytes(key.public_key), data_key)


def test_staff_password_unlocks_organisation_key() -> None:
    bundle = make_organisation()
    staff_private = keyring.unlock_staff_private_key(bundle.staff, PASSWORD)
    keys = keyring.unlock_organisation_keys(bundle.staff, staff_private)
    assert keys.by_version == bundle.org_keys.by_version


def test_wrong_password_opens_nothing() -> None:
    bundle = make_organisation()
    with pytest.raises(WrongPassphrase):
        keyring.unlock_staff_private_key(bundle.staff, "not the password")


def test_analyst_gets_no_key() -> None:
    bundle = make_organisation()
    analyst = keyring.create_staff(bundle.organisation, "analyst-1", PASSWORD, Role.ANALYST, bundle.org_keys)
    with pytest.raises(keyring.KeyUnavailable):
        keyring.unlock_organisation_keys(analyst, keyring.unlock_staff_private_key(analyst, PASSWORD))


def test_removed_staff_cannot_read_after_rotation_but_others_read_old_and_new() -> None:
    bundle = make_organisation()
    leaver = keyring.create_staff(bundle.organisation, "leaver", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    leaver_private = keyring.unlock_staff_private_key(leaver, PASSWORD)
    old_version, old_data_key, old_sealed = _sealed_to_newest(bundle.org_keys, bundle.organisation)

    keys_after = keyring.remove_staff(leaver, bundle.org_keys)
    bundle.organisation.refresh_from_db()
    new_version, new_data_key, new_sealed = _sealed_to_newest(keys_after, bundle.organisation)
    assert new_version == old_version + 1

    # The leaver's stolen credentials reach only the old key version, never the new one.
    with pytest.raises(keyring.KeyUnavailable):
        keyring.unlock_organisation_keys(leaver, leaver_private)
    # A remaining colleague reads both, through the rotation chain.
    colleague = keyring.unlock_organisation_keys(bundle.staff, keyring.unlock_staff_private_key(bundle.staff, PASSWORD))
    assert unseal(colleague.for_version(new_version), new_sealed) == new_data_key
    assert unseal(colleague.for_version(old_version), old_sealed) == old_data_key
    assert not leaver.user.is_active


def test_password_change_keeps_access_and_old_password_stops_working() -> None:
    bundle = make_organisation()
    keyring.change_password(bundle.staff, PASSWORD, "a brand new passphrase 77")
    bundle.staff.refresh_from_db()
    with pytest.raises(WrongPassphrase):
        keyring.unlock_staff_private_key(bundle.staff, PASSWORD)
    private = keyring.unlock_staff_private_key(bundle.staff, "a brand new passphrase 77")
    assert keyring.unlock_organisation_keys(bundle.staff, private).by_version == bundle.org_keys.by_version


def test_recovery_code_restores_access_for_a_staff_member_who_lost_the_password() -> None:
    bundle = make_organisation()
    keys_after = keyring.rotate_organisation_key(bundle.organisation, bundle.org_keys)
    recovered = keyring.unlock_with_recovery_code(bundle.organisation, bundle.recovery_code.lower().replace("-", " "))
    assert recovered.by_version == keys_after.by_version  # every version, through the chain
    keyring.reset_staff_credentials(bundle.staff, "after recovery passphrase 9", recovered)
    bundle.staff.refresh_from_db()
    private = keyring.unlock_staff_private_key(bundle.staff, "after recovery passphrase 9")
    assert keyring.unlock_organisation_keys(bundle.staff, private).by_version == keys_after.by_version
    assert not bundle.staff.totp_confirmed  # a reset also requires enrolling the second factor again


def test_wrong_recovery_code_fails() -> None:
    bundle = make_organisation()
    with pytest.raises(WrongPassphrase):
        keyring.unlock_with_recovery_code(bundle.organisation, keyring.new_recovery_code())


def test_key_holding_role_needs_keys_to_be_created() -> None:
    bundle = make_organisation()
    with pytest.raises(keyring.KeyUnavailable):
        keyring.create_staff(bundle.organisation, "no-keys", PASSWORD, Role.CASEWORKER, None)


def test_key_operations_and_permission_changes_are_audited() -> None:
    from glasna.core.models import AuditEvent

    bundle = make_organisation()
    leaver = keyring.create_staff(
        bundle.organisation, "leaver2", PASSWORD, Role.CASEWORKER, bundle.org_keys, actor="boss"
    )
    keys = keyring.remove_staff(leaver, bundle.org_keys, actor="boss")
    keyring.unlock_with_recovery_code(bundle.organisation, bundle.recovery_code, actor="boss")
    keyring.reset_staff_credentials(bundle.staff, "a fresh passphrase 123", keys, actor="boss")
    actions = list(AuditEvent.objects.filter(organisation_id=bundle.organisation.pk).values_list("action", "actor"))
    for expected in [
        ("staff.created", "boss"),
        ("staff.removed", "boss"),
        ("keys.rotated", "boss"),
        ("keys.recovery_code_used", "boss"),
        ("staff.credentials_reset", "boss"),
        ("keys.organisation_created", "system"),
    ]:
        assert expected in actions
