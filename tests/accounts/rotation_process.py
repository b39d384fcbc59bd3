"""A separate process for tests/accounts/test_rotation_kill.py, on its own SQLite database:

    python tests/accounts/rotation_process.py start DIR     sets up, starts a rotation, dies by SIGKILL mid-batch
    python tests/accounts/rotation_process.py resume DIR    checks what survived, resumes, finishes, checks again

Invented data only."""

import json
import os
import signal
import sys
from pathlib import Path

DIRECTORY = Path(sys.argv[2])
os.environ["GLASNA_DATA_DIR"] = str(DIRECTORY)
os.environ.pop("DATABASE_URL", None)  # always the throwaway SQLite file in DIRECTORY
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from glasna.accounts import keyring, rotation, sealed_records  # noqa: E402
from glasna.accounts.models import Organisation, RotationJob, RotationState, StaffMember  # noqa: E402
from glasna.core.crypto.primitives import DecryptionError, unseal  # noqa: E402
from tests.factories import PASSWORD, make_organisation, submit  # noqa: E402

BATCH = 2
STATE = DIRECTORY / "state.json"


def data_keys(organisation_id: int, keys: keyring.OrganisationKeys) -> dict[str, str]:
    found = {}
    for kind in sealed_records.KINDS:
        for row in kind.queryset().filter(**{f"{kind.owner}_id": organisation_id, f"{kind.sealed}__isnull": False}):
            sealed = bytes(getattr(row, kind.sealed))
            found[f"{kind.model}:{kind.owner}:{row.pk}"] = unseal(
                keys.for_version(getattr(row, kind.version)), sealed
            ).hex()
    return found


def admin_keys() -> keyring.OrganisationKeys:
    staff = StaffMember.objects.get(user__username="staff-home")
    return keyring.unlock_organisation_keys(staff, keyring.unlock_staff_private_key(staff, PASSWORD))


def start() -> None:
    call_command("migrate", verbosity=0)
    home = make_organisation("home", ["MK"])
    for number in range(4):
        submit(country="MK", narrative=f"Synthetic narrative {number}.")
    before = data_keys(home.organisation.pk, home.org_keys)
    job, job_key = rotation.start(home.organisation, home.org_keys, "staff-home")
    STATE.write_text(json.dumps({"job": job.pk, "before": before, "old": home.org_keys.for_version(1).hex()}))
    real_write, calls = rotation._write, [0]

    def write_then_die(kind: sealed_records.SealedKind, updates: list) -> None:  # type: ignore[type-arg]
        real_write(kind, updates)
        calls[0] += 1
        if calls[0] == 3:  # the third batch is written but not committed
            os.kill(os.getpid(), signal.SIGKILL)

    rotation._write = write_then_die  # type: ignore[assignment]
    rotation.run(job.pk, job_key, batch_size=BATCH)
    print("not killed")


def resume() -> None:
    state = json.loads(STATE.read_text())
    job = RotationJob.objects.get(pk=state["job"])
    organisation = Organisation.objects.get(pk=job.organisation_id)
    # The two committed batches survived with their count; the third left nothing.
    assert job.state == RotationState.RUNNING and job.done == 2 * BATCH, job.done
    assert sealed_records.remaining(organisation.pk, job.to_version) == len(state["before"]) - 2 * BATCH
    assert data_keys(organisation.pk, admin_keys()) == state["before"]
    job_key = rotation.resume(job, admin_keys(), "staff-home")
    assert rotation.run(job.pk, job_key, batch_size=BATCH)
    job.refresh_from_db()
    assert job.state == RotationState.DONE and job.done == job.total == len(state["before"])
    keys = admin_keys()
    assert set(keys.by_version) == {job.to_version}
    assert data_keys(organisation.pk, keys) == state["before"]  # none wrapped twice
    old = bytes.fromhex(state["old"])
    for kind in sealed_records.KINDS:
        for row in kind.queryset().filter(**{f"{kind.owner}_id": organisation.pk, f"{kind.sealed}__isnull": False}):
            try:
                unseal(old, bytes(getattr(row, kind.sealed)))
            except DecryptionError:
                continue
            raise AssertionError(f"the old key still opens {kind.model} {row.pk}")
    print("resumed and finished")


{"start": start, "resume": resume}[sys.argv[1]]()
