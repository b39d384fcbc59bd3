"""Organisation key rotation (glasna/accounts/rotation.py) on N sealed records: records re-wrapped
per second by the job (batches, each a transaction: select, unseal, seal, bulk update, progress),
against the baseline measured in the same run: the raw unseal + seal of one record's key in
memory, with no database. The ratio is what the database and the batching cost on top of the
cryptography; the rate says how long an organisation waits.

    .venv/bin/python bench/bench_rotation.py [records] [batch]      (default: 100000 500)

Uses a throwaway SQLite database unless DATABASE_URL is set (then that database: use an empty one).
"""

import os
import secrets
import sys
import tempfile
import time

os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from glasna.accounts import keyring, rotation
    from glasna.accounts.models import Organisation, Role
    from glasna.core.crypto.primitives import new_key, new_keypair, seal, unseal
    from glasna.intake.models import Report

    organisation = Organisation.objects.create(slug="bench", name="Bench", org_type="womens_rights", countries=["MK"])
    _code, private = keyring.set_up_organisation_keys(organisation)
    org_keys = keyring.OrganisationKeys(organisation.pk, {1: private})
    keyring.create_staff(organisation, "bench-admin", "bench passphrase 12345", Role.ORG_ADMIN, org_keys)
    public = bytes(organisation.current_key.public_key)
    today = timezone.now().date()
    start = time.perf_counter()
    for offset in range(0, count, 5_000):
        Report.objects.bulk_create(
            Report(
                organisation=organisation,
                received_on=today,
                receipt_lookup=secrets.token_bytes(32),
                org_key_version=1,
                data_key_for_org=seal(public, new_key()),
                data_key_for_receipt=b"synthetic",
                payload=b"synthetic",
            )
            for _ in range(min(5_000, count - offset))
        )
    print(f"{count} sealed records created in {time.perf_counter() - start:.1f} s")

    # Baseline: the cryptography alone, on a sample of the same records' keys.
    sample = [bytes(sealed) for sealed in Report.objects.values_list("data_key_for_org", flat=True)[:10_000]]
    _new_private, new_public = new_keypair()
    start = time.perf_counter()
    for sealed in sample:
        seal(new_public, unseal(private, sealed))
    baseline = len(sample) / (time.perf_counter() - start)

    start = time.perf_counter()
    job, job_key = rotation.start(organisation, org_keys, "bench")
    assert rotation.run(job.pk, job_key, batch_size=batch)
    elapsed = time.perf_counter() - start
    job.refresh_from_db()
    assert job.done == count and not Report.objects.filter(org_key_version=1).exists()
    rate = count / elapsed
    print(f"baseline: unseal + seal in memory   {baseline:10.0f} records/s")
    print(f"rotation job, batch {batch:<5}          {rate:10.0f} records/s   ({elapsed:.1f} s for {count})")
    print(f"rotation / baseline                 {rate / baseline:10.2f}")


if __name__ == "__main__":
    main()
