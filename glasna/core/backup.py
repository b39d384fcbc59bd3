"""Encrypted backups: the database and the blob store, sealed to a backup public key.

A backup is a folder:

    manifest.json   format, vendor, the recipient key's fingerprint, the sealed data key, and the
                    SHA-256 and size of each file below, authenticated with the data key
    database.glsb   the database dump (core/backup_database.py), a chunked AEAD stream
    blobs.glsb      a tar of every object in the blob store, a chunked AEAD stream

A fresh random data key encrypts both files (core/crypto/streams.py, each bound to its file name and
the backup's id); the data key is sealed to the backup public key (an X25519 sealed box). The backup
private key and the instance key (GLASNA_INSTANCE_KEY) are never written into a backup: both are kept
apart, on paper or another medium (docs/operations.md). Restoring needs both.

Restore checks everything before it changes anything: every checksum, the key, the manifest's
authenticity, and a full decryption of both files into a private temporary folder."""

import base64
import hashlib
import hmac
import json
import secrets
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils import timezone

from glasna.core import backup_database
from glasna.core.crypto.primitives import DecryptionError, new_key, new_keypair, public_key_of, seal, unseal
from glasna.core.crypto.streams import decrypt_stream_to, encrypt_stream

FORMAT = "glasna-backup-v1"
KEY_PREFIX = "glasna-backup-key-v1:"
MANIFEST = "manifest.json"
DATABASE = "database.glsb"
BLOBS = "blobs.glsb"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why. Nothing was changed."""


@dataclass
class Summary:
    directory: Path
    vendor: str
    blobs: int


def new_backup_key() -> tuple[str, str]:
    """A new backup key pair: (private key file text, public key in base64)."""
    private, public = new_keypair()
    text = (
        "# Glasna backup private key. Keep it apart from the backups (on paper, in a safe).\n"
        f"{KEY_PREFIX}{base64.b64encode(private).decode()}\n"
    )
    return text, base64.b64encode(public).decode()


def fingerprint(public_key: bytes) -> str:
    return hashlib.sha256(b"glasna-backup-key" + public_key).hexdigest()[:32]


def parse_public_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise BackupError("the backup public key is not valid base64") from exc
    if len(key) != 32:
        raise BackupError("the backup public key must be 32 bytes (as `glasna backup_key` prints it)")
    return key


def read_private_key(path: Path) -> bytes:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"cannot read the key file {path}: {exc}") from exc
    for line in lines:
        if line.strip().startswith(KEY_PREFIX):
            try:
                key = base64.b64decode(line.strip()[len(KEY_PREFIX) :], validate=True)
            except ValueError:
                break
            if len(key) == 32:
                return key
    raise BackupError(f"{path} is not a Glasna backup private key (a line starting {KEY_PREFIX})")


def _blob_store() -> Storage:
    return storages["blobs"]


def _blob_names(store: Storage, folder: str = "") -> list[str]:
    directories, files = store.listdir(folder)
    names = [f"{folder}{name}" for name in files]
    for directory in directories:
        names += _blob_names(store, f"{folder}{directory}/")
    return sorted(names)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _context(backup_id: str, name: str) -> bytes:
    return f"{FORMAT}:{backup_id}:{name}".encode()


def _mac(data_key: bytes, manifest: dict[str, Any]) -> str:
    body = {key: value for key, value in manifest.items() if key != "mac"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(data_key, b"glasna-backup-manifest" + canonical, hashlib.sha256).hexdigest()


def _encrypt_file(data_key: bytes, backup_id: str, plain: Path, target: Path) -> dict[str, Any]:
    with plain.open("rb") as source, target.open("xb") as sink:
        encrypt_stream(data_key, source, sink, _context(backup_id, target.name))
    return {"sha256": _sha256(target), "bytes": target.stat().st_size}


def _tar_blobs(store: Storage, path: Path) -> int:
    names = _blob_names(store)
    with tarfile.open(path, "w") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = store.size(name)
            with store.open(name, "rb") as handle:
                archive.addfile(info, handle)
    return len(names)


def _write_files(directory: Path, data_key: bytes, backup_id: str) -> tuple[dict[str, Any], int]:
    # The database dump is in clear for a moment: a private (0700) temporary folder, deleted at once.
    with tempfile.TemporaryDirectory(prefix="glasna-backup-") as scratch:
        dump, tar = Path(scratch) / "database", Path(scratch) / "blobs.tar"
        backup_database.dump(dump)
        files = {DATABASE: _encrypt_file(data_key, backup_id, dump, directory / DATABASE)}
        blob_count = _tar_blobs(_blob_store(), tar)
        files[BLOBS] = _encrypt_file(data_key, backup_id, tar, directory / BLOBS)
    return files, blob_count


def create(directory: Path, public_key: bytes) -> Summary:
    """Write an encrypted backup into `directory`, which must not exist or be empty."""
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: choose a new folder for each backup")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    data_key, backup_id = new_key(), secrets.token_hex(16)
    try:
        files, blob_count = _write_files(directory, data_key, backup_id)
    except BaseException:
        # A half-written backup must not be mistaken for one: take away what was written.
        for name in (DATABASE, BLOBS):
            (directory / name).unlink(missing_ok=True)
        raise
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "backup_id": backup_id,
        "created_at": timezone.now().isoformat(),
        "database_vendor": backup_database.vendor(),
        "blob_count": blob_count,
        "recipient": fingerprint(public_key),
        "sealed_key": base64.b64encode(seal(public_key, data_key)).decode(),
        "files": files,
    }
    manifest["mac"] = _mac(data_key, manifest)
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return Summary(directory, manifest["database_vendor"], blob_count)


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: this folder is not a Glasna backup")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{path} is damaged (not JSON)") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} manifest")
    return manifest


def check(directory: Path, private_key: bytes) -> tuple[dict[str, Any], bytes]:
    """Every checksum, then the key, then the manifest's authenticity; returns (manifest, data key)."""
    manifest = _read_manifest(directory)
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != {DATABASE, BLOBS}:
        raise BackupError("the manifest does not list database.glsb and blobs.glsb")
    for name, expected in files.items():
        path = directory / name
        if not isinstance(expected, dict):
            raise BackupError(f"the manifest's entry for {name} is damaged")
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup")
        if path.stat().st_size != expected.get("bytes") or _sha256(path) != expected.get("sha256"):
            raise BackupError(f"{name} does not match its SHA-256 in the manifest: the file was altered or damaged")
    if fingerprint(public_key_of(private_key)) != manifest.get("recipient"):
        raise BackupError(f"this key does not open this backup (it was made for key {manifest.get('recipient')})")
    try:
        data_key = unseal(private_key, base64.b64decode(str(manifest.get("sealed_key", ""))))
    except (DecryptionError, ValueError) as exc:
        raise BackupError("the backup's data key does not open with this key: wrong key or altered manifest") from exc
    if not hmac.compare_digest(_mac(data_key, manifest), str(manifest.get("mac", ""))):
        raise BackupError("the manifest was altered after the backup was made")
    return manifest, data_key


def _decrypt_file(directory: Path, manifest: dict[str, Any], data_key: bytes, name: str, target: Path) -> None:
    with (directory / name).open("rb") as source, target.open("xb") as sink:
        try:
            decrypt_stream_to(data_key, source, sink, _context(manifest["backup_id"], name))
        except DecryptionError as exc:
            raise BackupError(f"{name} failed to decrypt: {exc}") from exc


def _safe_name(name: str) -> bool:
    """A blob name as _blob_names gives it: relative, no `..`, no empty part."""
    parts = name.split("/")
    return not name.startswith("/") and all(part not in ("", ".", "..") for part in parts)


def _check_blob_archive(tar: Path, expected_count: object) -> None:
    """Checked before anything changes. The archive is authenticated, but a name must never climb
    out of the store all the same."""
    try:
        with tarfile.open(tar, "r") as archive:
            members = archive.getmembers()
        unsafe = [m.name for m in members if not (m.isfile() and _safe_name(m.name))]
    except tarfile.TarError as exc:
        raise BackupError("the blob archive is damaged") from exc
    if unsafe:
        raise BackupError(f"the blob archive holds entries that are not blobs: {unsafe[:3]}")
    if len(members) != expected_count:
        raise BackupError(f"the blob archive holds {len(members)} blobs, the manifest says {expected_count}")


def _restore_blobs(store: Storage, tar: Path, replace: bool) -> int:
    count = 0
    with tarfile.open(tar, "r") as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member)
            assert handle is not None  # a regular file always has content
            if replace and store.exists(member.name):
                store.delete(member.name)
            saved = store.save(member.name, File(handle))
            if saved != member.name:
                raise BackupError(f"the blob store renamed {member.name} to {saved}")
            count += 1
    return count


def restore(directory: Path, private_key: bytes, force: bool = False) -> Summary:
    """Restore a backup into this instance's database and blob store.

    Refuses a target that already holds data unless `force`; with `force`, the database's content
    is replaced and blobs of the same name are overwritten."""
    manifest, data_key = check(directory, private_key)
    if manifest.get("database_vendor") != backup_database.vendor():
        raise BackupError(
            f"this backup holds a {manifest.get('database_vendor')} database; "
            f"this instance uses {backup_database.vendor()}"
        )
    store = _blob_store()
    if not force:
        occupied = backup_database.occupied_tables()
        if occupied:
            raise BackupError(
                f"the database is not empty ({', '.join(occupied[:5])}...): restore into a new, migrated "
                "database, or pass --force to replace its content"
            )
        if _blob_names(store):
            raise BackupError("the blob store is not empty: restore into an empty one, or pass --force")
    with tempfile.TemporaryDirectory(prefix="glasna-restore-") as scratch:
        dump, tar = Path(scratch) / "database", Path(scratch) / "blobs.tar"
        _decrypt_file(directory, manifest, data_key, DATABASE, dump)
        _decrypt_file(directory, manifest, data_key, BLOBS, tar)
        _check_blob_archive(tar, manifest.get("blob_count"))
        backup_database.load(dump)
        count = _restore_blobs(store, tar, replace=force)
    return Summary(directory, backup_database.vendor(), count)
