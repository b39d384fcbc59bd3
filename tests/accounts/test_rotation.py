"""Key rotation (accounts/rotation.py): every report, case and referral re-wrapped to the new key,
none readable with the old one afterwards; a worker dying half-way loses nothing and a resume
finishes without wrapping anything twice; a second rotation is refused while one runs."""

import uuid
from dataclasses import dataclass

import pytest
from django.core import mail

from glasna.accounts import keyring, rotation, sealed_records
from glasna.accounts.models import KeyGrant, OrganisationKey, Role, RotationJob, RotationState, StaffMember
from glasna.cases import referrals
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.crypto.primitives import DecryptionError, seal, unseal
from glasna.core.models import AuditEvent
from glasna.intake import staff_access
from glasna.networks import linkage, private_pages
from glasna.networks.models import DossierCheck, Space
from glasna.triage.models import CaseNames, ImageScore
from tests.factories import PASSWORD, OrgBundle, make_organisation, submit

pytestmark = pytest.mark.django_db


@dataclass
class World:
    home: OrgBundle
    legal: OrgBundle
    colleague: StaffMember


@pytest.fixture
def world() -> World:
    home = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    home.staff.user.email = "admin@invented.example"
    home.staff.user.save()
    colleague = keyring.create_staff(
        home.organisation, "colleague", PASSWORD, Role.CASEWORKER, home.org_keys, email="colleague@invented.example"
    )
    legal = make_organisation("legal", ["XK"], role=Role.ORG_ADMIN)
    for number in range(4):
        submit(country="MK", narrative=f"Synthetic narrative {number}.")
    submit(country="XK", narrative="Synthetic narrative abroad.")
    # One referral each way: home seals the sender side of one and the recipient side of the other.
    outgoing = Case.objects.filter(organisation=home.organisation).first()
    incoming = Case.objects.get(organisation=legal.organisation)
    for bundle, case, target in ((home, outgoing, legal), (legal, incoming, home)):
        referrals.create(
            bundle.staff, bundle.org_keys, case.pk, target.organisation.pk, "legal", ["incident"], "Note.", "recorded"
        )
    # Triage's small values sealed straight to the organisation key: an image score and the case's names.
    public = bytes(OrganisationKey.objects.get(organisation=home.organisation, version=1).public_key)
    ImageScore.objects.create(
        case=outgoing, attachment_id=uuid.uuid4(), sealed_score=seal(public, b"0.42"), key_version=1
    )
    CaseNames.objects.create(case=outgoing, sealed=seal(public, b"Invented Name"), key_version=1)
    # A dossier's personal-data check: what the caseworker kept and added, sealed the same way.
    DossierCheck.objects.create(
        organisation=home.organisation, subject="space:1", kind="platform", sealed=seal(public, b"{}"), key_version=1
    )
    # A page on a website the platform list does not know, linked from the case: its address sealed.
    linkage.link_text(outgoing, "https://invented-forum.example/u/rotation", "report", str(outgoing.pk))
    return World(home, legal, colleague)


def _sealed(organisation_id: int) -> list[tuple[sealed_records.SealedKind, object]]:
    """Every record of this organisation holding a key sealed to one of its key versions."""
    found = []
    for kind in sealed_records.KINDS:
        for row in kind.queryset().filter(**{f"{kind.owner}_id": organisation_id, f"{kind.sealed}__isnull": False}):
            found.append((kind, row))
    return found


def _data_keys(organisation_id: int, keys: keyring.OrganisationKeys) -> dict[str, bytes]:
    return {
        f"{kind.model}:{kind.owner}:{row.pk}": unseal(  # type: ignore[attr-defined]
            keys.for_version(getattr(row, kind.version)), bytes(getattr(row, kind.sealed))
        )
        for kind, row in _sealed(organisation_id)
    }


def _keys_of(staff: StaffMember) -> keyring.OrganisationKeys:
    staff.refresh_from_db()
    return keyring.unlock_organisation_keys(staff, keyring.unlock_staff_private_key(staff, PASSWORD))


def test_after_rotation_every_record_opens_with_the_new_key_and_none_with_the_old(world: World) -> None:
    home = world.home
    organisation_id = home.organisation.pk
    kinds = {(kind.model, kind.owner) for kind, _ in _sealed(organisation_id)}
    # Reports, case notes, both sides of a referral, triage's score and names, dossier checks, a private
    # page's address.
    assert len(kinds) == 8
    before = _data_keys(organisation_id, home.org_keys)
    old_private = home.org_keys.for_version(1)
    legal_before = _data_keys(world.legal.organisation.pk, world.legal.org_keys)

    job, job_key = rotation.start(home.organisation, home.org_keys, "staff-home")
    assert job.total == len(before)
    assert rotation.run(job.pk, job_key, batch_size=2)

    job.refresh_from_db()
    assert job.state == RotationState.DONE and job.done == job.total and job.sealed_key is None
    # The remaining key holders reach version 2 and nothing older: the chain is gone.
    for staff in (home.staff, world.colleague):
        keys = _keys_of(staff)
        assert set(keys.by_version) == {2}
        assert _data_keys(organisation_id, keys) == before  # same data keys: wrapped once, not twice
    # The old private key opens no record of the organisation any more.
    for kind, row in _sealed(organisation_id):
        assert getattr(row, kind.version) == 2
        with pytest.raises(DecryptionError):
            unseal(old_private, bytes(getattr(row, kind.sealed)))
    # Nothing leads to version 1's private key: no grant, no chain link, no recovery copy.
    old = OrganisationKey.objects.get(organisation_id=organisation_id, version=1)
    assert old.previous_private_sealed is None and old.recovery_sealed is None and old.retired_at is not None
    assert not KeyGrant.objects.filter(org_key=old).exists()
    assert OrganisationKey.objects.get(organisation_id=organisation_id, version=2).previous_private_sealed is None
    assert set(keyring.unlock_with_recovery_code(home.organisation, home.recovery_code).by_version) == {2}
    # Reading through the rooms' own code works with the new keys.
    case = Case.objects.filter(organisation=home.organisation).first()
    assert case is not None
    view = staff_access.open_report(home.staff, _keys_of(home.staff), case.report_id, None)
    assert view["answers"]["narrative"].startswith("Synthetic narrative")
    page = Space.objects.get(organisation=home.organisation, identifier_kind="private_page")
    assert private_pages.open_url(page, _keys_of(home.staff)) == "https://invented-forum.example/u/rotation"
    # The other organisation's records are untouched.
    assert _data_keys(world.legal.organisation.pk, world.legal.org_keys) == legal_before
    actions = set(AuditEvent.objects.filter(organisation_id=organisation_id).values_list("action", flat=True))
    assert {"keys.rotated", "keys.rotation_started", "keys.rotation_finished"} <= actions
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert sorted(message.to[0] for message in mail.outbox) == ["admin@invented.example", "colleague@invented.example"]
    assert "version 2" in mail.outbox[0].body


def test_a_worker_dying_half_way_loses_nothing_and_a_resume_finishes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = world.home
    organisation_id = home.organisation.pk
    before = _data_keys(organisation_id, home.org_keys)
    job, job_key = rotation.start(home.organisation, home.org_keys, "staff-home")

    # A worker stopped after two committed batches of one record each.
    assert not rotation.run(job.pk, job_key, batch_size=1, max_batches=2)
    job.refresh_from_db()
    assert job.state == RotationState.RUNNING and job.done == 2
    assert sealed_records.remaining(organisation_id, 2) == len(before) - 2
    # Mid-way every record is readable: it names its version and the chain still leads there.
    assert _data_keys(organisation_id, _keys_of(world.colleague)) == before

    # A worker dying inside a batch: that batch's transaction leaves nothing half done.
    calls = {"n": 0}
    real_seal = rotation.seal

    def dying_seal(public: bytes, plaintext: bytes) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real_seal(public, plaintext)

    monkeypatch.setattr(rotation, "seal", dying_seal)
    with pytest.raises(RuntimeError):
        rotation.run(job.pk, job_key, batch_size=3)
    monkeypatch.setattr(rotation, "seal", real_seal)
    job.refresh_from_db()
    assert job.done == 2 and sealed_records.remaining(organisation_id, 2) == len(before) - 2

    # The administrator resumes: a fresh job key; the lost message's key opens nothing now.
    new_key = rotation.resume(job, _keys_of(home.staff), "staff-home")
    assert not rotation.run(job.pk, job_key)
    assert rotation.run(job.pk, new_key, batch_size=3)
    job.refresh_from_db()
    assert job.state == RotationState.DONE and job.done == job.total == len(before)
    keys = _keys_of(home.staff)
    assert set(keys.by_version) == {2}
    assert _data_keys(organisation_id, keys) == before  # none wrapped twice
    # Running it again changes nothing.
    assert rotation.run(job.pk, new_key)
    assert AuditEvent.objects.filter(action="keys.rotation_resumed").exists()


def test_a_second_rotation_is_refused_while_one_runs(world: World) -> None:
    home = world.home
    job, job_key = rotation.start(home.organisation, home.org_keys, "staff-home")
    keys = _keys_of(home.staff)
    with pytest.raises(rotation.RotationRefused, match="already running"):
        rotation.start(home.organisation, keys, "colleague")
    assert OrganisationKey.objects.filter(organisation=home.organisation).count() == 2
    assert RotationJob.objects.filter(organisation=home.organisation).count() == 1
    # A report sent while it runs is sealed to the new key straight away.
    submit(country="MK", narrative="Synthetic narrative during rotation.")
    assert rotation.run(job.pk, job_key)
    with pytest.raises(rotation.RotationRefused, match="already finished"):
        rotation.resume(job, keys, "staff-home")
    # Keys unlocked before the rotation are no longer the newest: refused with a reason.
    with pytest.raises(rotation.RotationRefused, match="not the newest"):
        rotation.start(home.organisation, home.org_keys, "staff-home")
    second, second_key = rotation.start(home.organisation, _keys_of(home.staff), "staff-home")
    assert (second.from_version, second.to_version) == (2, 3)
    assert rotation.run(second.pk, second_key)
    assert set(_keys_of(world.colleague).by_version) == {3}
