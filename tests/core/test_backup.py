"""The backup and restore drill (core/backup.py, `glasna backup`, `glasna restore`): synthetic data,
an encrypted backup, everything wiped, a restore, and the data read back and proved intact."""

import base64
import io
import json
import secrets
import shutil
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from glasna.cases.models import Case
from glasna.core import audit, backup
from glasna.core.models import AuditEvent
from glasna.core.uploads import check_upload
from glasna.evidence import custody_log, merkle, services, verify_bundle
from glasna.evidence.log_key import public_key as log_public_key
from glasna.intake import sealing
from glasna.intake import services as intake
from glasna.intake.models import Attachment
from tests.evidence.helpers import CAPTURE, CaseSetup, export_to, stream_of
from tests.factories import make_organisation, pattern_png, submit, upload

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Instance:
    blob_dir: Path
    backup_dir: Path
    key_file: Path
    public_key: str
    marker: str
    receipt: str
    pdf: bytes
    bundle: Path


@pytest.fixture
def instance(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A populated instance with its own blob folder, and a backup key pair made by `glasna backup_key`."""
    blob_dir = tmp_path / "blobs"
    blobs = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blob_dir)}}
    with override_settings(STORAGES={**settings.STORAGES, "blobs": blobs}):
        key_file = tmp_path / "backup.key"
        out = io.StringIO()
        call_command("backup_key", "--out", str(key_file), stdout=out)
        public_key = out.getvalue().strip().splitlines()[-1]
        marker = f"CANARY{secrets.token_hex(8)}"
        org = make_organisation(countries=["MK"])
        pdf = b"%PDF-1.4\n% synthetic document " + marker.encode() + b"\n%%EOF\n"
        files = [
            check_upload(upload("pattern.png", pattern_png())),
            check_upload(upload("doc.pdf", pdf, "application/pdf")),
        ]
        submitted = submit(files, narrative=f"Synthetic story {marker}.")
        case = Case.objects.filter(organisation=org.organisation).latest("pk")
        setup = CaseSetup(org, case, submitted.receipt)
        image = services.add_file(org.staff, org.org_keys, case.pk, stream_of(pattern_png(seed=5)), "Post", CAPTURE)
        services.add_record(org.staff, org.org_keys, case.pk, "text", "Threat", CAPTURE, excerpt=f"Excerpt {marker}")
        services.open_item(org.staff, org.org_keys, image.pk)
        bundle = export_to(setup, tmp_path / "bundle.zip")
        yield Instance(blob_dir, tmp_path / "backup", key_file, public_key, marker, submitted.receipt, pdf, bundle)


def _backup(inst: Instance) -> None:
    call_command("backup", "--to", str(inst.backup_dir), "--public-key", inst.public_key, stdout=io.StringIO())


def _wipe(inst: Instance) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(inst.blob_dir)
    inst.blob_dir.mkdir()


def _restore(inst: Instance, *extra: str) -> str:
    out = io.StringIO()
    call_command("restore", "--from", str(inst.backup_dir), "--key-file", str(inst.key_file), *extra, stdout=out)
    return out.getvalue()


def test_backup_wipe_restore_and_everything_reads_back(instance: Instance) -> None:
    events_before = AuditEvent.objects.count()
    head_before = custody_log.size()
    _backup(instance)
    _wipe(instance)
    assert AuditEvent.objects.count() == 0 and not list(instance.blob_dir.iterdir())

    assert "Restored" in _restore(instance)

    # The survivor's receipt opens her report, with its files read from the restored blob store.
    access = intake.open_with_receipt(instance.receipt)
    view = intake.survivor_view(access)
    assert instance.marker in view["answers"]["narrative"]
    contents = {sealing.attachment_content(a, access.data_key) for a in Attachment.objects.all()}
    assert instance.pdf in contents and len(contents) == 2
    # The audit chain is intact and holds every earlier event (plus the receipt opening just now).
    assert audit.verify() == []
    assert AuditEvent.objects.count() > events_before
    # The bundle exported before the backup still verifies, and its signed head is a prefix of the restored log.
    result = verify_bundle.verify(instance.bundle, log_public_key().hex())
    assert result.exit_code == verify_bundle.EXIT_VERIFIED, result.text()
    with zipfile.ZipFile(instance.bundle) as archive:
        head = json.loads(archive.read("custody.json"))["tree_head"]
    assert custody_log.size() == head_before >= head["tree_size"]
    leaves = custody_log.leaf_hashes(custody_log.size())
    assert merkle.tree_hash(leaves[: head["tree_size"]]).hex() == head["root_hash"]
    new_head = custody_log.sign_head()  # the restored log goes on from where it was
    proof = merkle.consistency_proof(custody_log.leaf_hashes(new_head.tree_size), head["tree_size"])
    assert merkle.verify_consistency(
        head["tree_size"], new_head.tree_size, bytes.fromhex(head["root_hash"]), bytes(new_head.root_hash), proof
    )


def test_backup_holds_no_cleartext_marker(instance: Instance) -> None:
    _backup(instance)
    marker = instance.marker.encode()
    forms = [marker, marker.hex().encode(), marker.hex().upper().encode()]
    for shift in range(3):  # base64 of the marker at every alignment inside a longer value
        encoded = base64.b64encode(b"\x00" * shift + marker)
        forms.append(encoded[4 : len(encoded) - 4])
    files = sorted(path.name for path in instance.backup_dir.iterdir())
    assert files == ["blobs.glsb", "database.glsb", "manifest.json"]
    for path in instance.backup_dir.iterdir():
        data = path.read_bytes()
        assert not any(form in data for form in forms), path.name
    # The instance key is never in a backup.
    instance_key = base64.b64decode(settings.GLASNA_INSTANCE_KEY)
    assert not any(instance_key in path.read_bytes() for path in instance.backup_dir.iterdir())


def _refused(inst: Instance, *extra: str) -> str:
    with pytest.raises(CommandError) as refused:
        _restore(inst, *extra)
    return str(refused.value)


def test_a_tampered_backup_is_refused_and_nothing_changes(instance: Instance) -> None:
    _backup(instance)
    _wipe(instance)
    database = instance.backup_dir / "database.glsb"
    original = database.read_bytes()
    database.write_bytes(original[:100] + bytes([original[100] ^ 1]) + original[101:])
    assert "database.glsb does not match its SHA-256" in _refused(instance)
    assert AuditEvent.objects.count() == 0 and not list(instance.blob_dir.iterdir())

    # Altered and re-hashed in the manifest: the decryption still refuses it.
    manifest_path = instance.backup_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["database.glsb"]["sha256"] = backup._sha256(database)
    manifest_path.write_text(json.dumps(manifest))
    assert "the manifest was altered" in _refused(instance)

    database.unlink()
    assert "database.glsb is missing" in _refused(instance)
    assert AuditEvent.objects.count() == 0 and not list(instance.blob_dir.iterdir())


def test_a_wrong_key_is_refused(instance: Instance, tmp_path: Path) -> None:
    _backup(instance)
    _wipe(instance)
    other = tmp_path / "other.key"
    call_command("backup_key", "--out", str(other), stdout=io.StringIO())
    instance.key_file = other
    assert "this key does not open this backup" in _refused(instance)
    instance.key_file.write_text("not a key\n")
    assert "is not a Glasna backup private key" in _refused(instance)
    assert AuditEvent.objects.count() == 0


def test_a_non_empty_target_is_refused_unless_forced(instance: Instance) -> None:
    _backup(instance)
    before = AuditEvent.objects.count()
    assert "the database is not empty" in _refused(instance)
    assert AuditEvent.objects.count() == before
    assert "Restored" in _restore(instance, "--force")
    assert audit.verify() == []
    assert AuditEvent.objects.count() == before


def test_check_only_changes_nothing(instance: Instance) -> None:
    _backup(instance)
    _wipe(instance)
    assert "Backup intact" in _restore(instance, "--check")
    assert AuditEvent.objects.count() == 0


def test_backup_refuses_a_used_folder_and_a_missing_key(instance: Instance) -> None:
    instance.backup_dir.mkdir()
    (instance.backup_dir / "old").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        _backup(instance)
    with override_settings(GLASNA_BACKUP_PUBLIC_KEY=""), pytest.raises(CommandError, match="no backup public key"):
        call_command("backup", "--to", str(instance.backup_dir / "new"))


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "backup.key"
    call_command("backup_key", "--out", str(key_file), stdout=io.StringIO())
    with pytest.raises(CommandError, match="manifest.json is missing"):
        call_command("restore", "--from", str(tmp_path), "--key-file", str(key_file))
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", "--from", str(tmp_path), "--key-file", str(key_file))


@pytest.mark.parametrize("name", ["../outside", "/etc/passwd", "ab/../../outside", "ab//cd"])
def test_blob_names_that_leave_the_store_are_refused(tmp_path: Path, name: str) -> None:
    tar = tmp_path / "blobs.tar"
    with tarfile.open(tar, "w") as archive:
        info = tarfile.TarInfo(name)
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(backup.BackupError, match="not blobs"):
        backup._check_blob_archive(tar, 1)


def test_a_blob_count_that_differs_from_the_manifest_is_refused(tmp_path: Path) -> None:
    tar = tmp_path / "blobs.tar"
    with tarfile.open(tar, "w") as archive:
        info = tarfile.TarInfo("ab/cdef")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    backup._check_blob_archive(tar, 1)
    with pytest.raises(backup.BackupError, match="holds 1 blobs, the manifest says 2"):
        backup._check_blob_archive(tar, 2)


def test_a_backup_that_fails_midway_leaves_no_data_file(instance: Instance, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_tar_blobs", full_disk)
    with pytest.raises(OSError, match="No space left"):
        backup.create(instance.backup_dir, backup.parse_public_key(instance.public_key))
    assert list(instance.backup_dir.iterdir()) == []
