"""Organisation key rotation as a resumable background job.

Start: a new key version N+1 (keyring.rotate_organisation_key: granted to the remaining key
holders, the old private key sealed into the chain). Run: every record's key, sealed to some
older version, is unsealed through the chain and sealed to N+1, in batches, each batch and its
progress count committed together; a record names its version, so it is readable at every
moment, and a worker killed half-way loses nothing: the next run picks up what is still sealed
to an older version (nothing is wrapped twice). Finish: once no record is left on an older
version, every way to an older private key is destroyed (the chain, old grants, old recovery
copies), so a departed member's copy of an old key opens nothing. Bulk data is not re-encrypted:
the records' data keys stay the same (docs/security.md)."""

import logging
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glasna.accounts import keyring, member_mail, sealed_records
from glasna.accounts.membership import key_holders
from glasna.accounts.models import KeyGrant, Organisation, OrganisationKey, RotationJob, RotationState
from glasna.core import audit
from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt, new_key, public_key_of, seal, unseal

BATCH = 500
log = logging.getLogger(__name__)


class RotationRefused(Exception):
    """The rotation cannot be started or resumed now; the message says why."""


def _context(job: RotationJob) -> bytes:
    return f"rotation:{job.organisation_id}:{job.pk}".encode()


def running(organisation: Organisation) -> RotationJob | None:
    return RotationJob.objects.filter(organisation=organisation, state=RotationState.RUNNING).first()


def latest(organisation: Organisation) -> RotationJob | None:
    return RotationJob.objects.filter(organisation=organisation).order_by("-pk").first()


@transaction.atomic
def start(organisation: Organisation, org_keys: keyring.OrganisationKeys, actor: str) -> tuple[RotationJob, bytes]:
    """Create version N+1 and the job. Returns the job and the key its queue message carries."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if running(organisation) is not None:
        raise RotationRefused(_("A key rotation is already running. Follow its progress, or resume it if it stopped."))
    current = organisation.current_key
    if org_keys.newest[0] != current.version:
        raise RotationRefused(_("Your keys are not the newest organisation key. Sign out, sign in again and retry."))
    keys = keyring.rotate_organisation_key(organisation, org_keys, actor)
    to_version, new_private = keys.newest
    job = RotationJob.objects.create(
        organisation=organisation,
        from_version=current.version,
        to_version=to_version,
        started_by=actor,
        total=sealed_records.remaining(organisation.pk, to_version),
    )
    job_key = new_key()
    job.sealed_key = encrypt(job_key, new_private, _context(job))
    job.save(update_fields=["sealed_key"])
    Organisation.objects.filter(pk=organisation.pk).update(rotation_required_since=None)
    audit.record(
        "keys.rotation_started",
        actor=actor,
        target=f"version:{job.from_version}->{job.to_version} records:{job.total}",
        organisation_id=organisation.pk,
    )
    return job, job_key


@transaction.atomic
def resume(job: RotationJob, org_keys: keyring.OrganisationKeys, actor: str) -> bytes:
    """A new key for a new queue message, after a worker died: the old message may be lost."""
    job = RotationJob.objects.select_for_update().get(pk=job.pk)
    if job.state != RotationState.RUNNING:
        raise RotationRefused(_("This key rotation has already finished."))
    try:
        new_private = org_keys.for_version(job.to_version)
    except keyring.KeyUnavailable as exc:
        raise RotationRefused(_("Your keys do not open the new organisation key.")) from exc
    job_key = new_key()
    job.sealed_key = encrypt(job_key, new_private, _context(job))
    job.save(update_fields=["sealed_key", "updated_at"])
    audit.record(
        "keys.rotation_resumed", actor=actor, target=f"version:{job.to_version}", organisation_id=job.organisation_id
    )
    return job_key


def run(job_id: int, job_key: bytes, batch_size: int = BATCH, max_batches: int | None = None) -> bool:
    """Re-wrap until done (True) or `max_batches` batches were committed (False: call again)."""
    job = RotationJob.objects.get(pk=job_id)
    if job.state == RotationState.DONE:
        return True
    newest = OrganisationKey.objects.get(organisation_id=job.organisation_id, version=job.to_version)
    try:
        new_private = decrypt(job_key, bytes(job.sealed_key or b""), _context(job))
    except DecryptionError:
        # A message made stale by a resume (which sealed the key anew) or by a finished run.
        log.warning("rotation %s: this job message no longer opens the key; skipped", job_id)
        return False
    if public_key_of(new_private) != bytes(newest.public_key):
        raise RotationRefused("the job key does not match the new organisation key")
    keys = keyring.unlock_chain(job.organisation_id, newest, new_private)
    public, batches = bytes(newest.public_key), 0
    while True:
        # Each kind is walked once in primary-key order, so a batch never rescans the records
        # already done; a record skipped (locked by another worker, or sent as the rotation began)
        # is caught by _finish's count and the walk starts again.
        cursors: dict[int, Any] = {}
        while _rewrap_batch(job, keys, public, batch_size, cursors):
            batches += 1
            if max_batches is not None and batches >= max_batches:
                return False
        if _finish(job):
            return True


def _rewrap_batch(
    job: RotationJob, keys: keyring.OrganisationKeys, public: bytes, size: int, cursors: dict[int, Any]
) -> int:
    for index, kind in enumerate(sealed_records.installed()):
        with transaction.atomic():
            older = kind.older_than(job.organisation_id, job.to_version)
            if index in cursors:
                older = older.filter(pk__gt=cursors[index])
            # skip_locked: two workers (a resume while the first still runs) take disjoint batches.
            locked = older.select_for_update(skip_locked=True).order_by("pk")
            rows = list(locked.values_list("pk", kind.sealed, kind.version)[:size])
            if not rows:
                continue
            updates = [
                (seal(public, unseal(keys.for_version(version), bytes(sealed))), job.to_version, pk)
                for pk, sealed, version in rows
            ]
            _write(kind, updates)
            RotationJob.objects.filter(pk=job.pk).update(done=F("done") + len(rows), updated_at=timezone.now())
            cursors[index] = rows[-1][0]
            return len(rows)
    return 0


def _write(kind: sealed_records.SealedKind, updates: list[tuple[bytes, int, Any]]) -> None:
    """One prepared UPDATE run for every row: bulk_update's CASE expression costs several times
    the cryptography on a batch of 500 (bench/bench_rotation.py)."""
    model = kind.queryset().model
    meta, quote = model._meta, connection.ops.quote_name
    columns = {field.name: quote(str(field.column)) for field in meta.concrete_fields}
    sealed, version = columns[kind.sealed], columns[kind.version]
    table, pk_column = quote(meta.db_table), quote(str(meta.pk.column if meta.pk else "id"))
    # Identifiers only from the model's own metadata, quoted; every value is a parameter.
    sql = f"UPDATE {table} SET {sealed} = %s, {version} = %s WHERE {pk_column} = %s"  # noqa: S608
    pk_field = meta.pk
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(key, to, pk_field.get_db_prep_value(pk, connection)) for key, to, pk in updates])


def _finish(job: RotationJob) -> bool:
    """Destroy every way to the older private keys, once nothing needs them. False when records
    sealed to an older version arrived meanwhile (a report sent as the rotation began)."""
    with transaction.atomic():
        job = RotationJob.objects.select_for_update().get(pk=job.pk)
        if job.state == RotationState.DONE:
            return True
        if sealed_records.remaining(job.organisation_id, job.to_version):
            return False
        keys = OrganisationKey.objects.filter(organisation_id=job.organisation_id)
        keys.filter(version__lte=job.to_version).update(previous_private_sealed=None)
        keys.filter(version__lt=job.to_version).update(recovery_sealed=None)
        keys.filter(version__lt=job.to_version, retired_at__isnull=True).update(retired_at=timezone.now())
        KeyGrant.objects.filter(
            org_key__organisation_id=job.organisation_id, org_key__version__lt=job.to_version
        ).delete()
        job.state, job.finished_at, job.sealed_key = RotationState.DONE, timezone.now(), None
        job.total = max(job.total, job.done)
        job.save()
        audit.record(
            "keys.rotation_finished",
            actor=job.started_by,
            target=f"version:{job.to_version} records:{job.done}",
            organisation_id=job.organisation_id,
        )
        # With the finish, so a second run (it finds the job done above) mails nobody again.
        for holder in key_holders(job.organisation):
            member_mail.tell_formatted(
                holder,
                job.started_by,
                gettext_lazy("Glasna: the organisation key was rotated"),
                gettext_lazy(
                    "The organisation key of %(organisation)s was rotated: every record is now sealed to "
                    "key version %(version)s and older keys open nothing. You need to do nothing."
                ),
                version=job.to_version,
            )
    return True
