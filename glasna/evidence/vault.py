"""Keeping evidence: the item's own key, its encrypted record, and its original as a chunked stream.

Keys and contexts follow intake/sealing.py: the item key is encrypted under the report's data key,
the record and the file under the item key, each bound to the item id so nothing can be swapped
between rows. Files are hashed while they are encrypted, in one pass, never whole in memory."""

import hashlib
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any, BinaryIO, cast

from glasna.core import blobs
from glasna.core.crypto import streams
from glasna.core.crypto.primitives import decrypt, encrypt, new_key
from glasna.evidence.models import EvidenceItem


def _ctx(kind: str, item_id: object) -> bytes:
    return f"{kind}:{item_id}".encode()


class _Hashing:
    """Reads through to a file while hashing and counting what passes."""

    def __init__(self, source: BinaryIO) -> None:
        self.source, self.sha256, self.size = source, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def new_item_key(item: EvidenceItem, data_key: bytes) -> bytes:
    key = new_key()
    item.item_key = encrypt(data_key, key, _ctx("evidence-key", item.pk))
    return key


def item_key(item: EvidenceItem, data_key: bytes) -> bytes:
    return decrypt(data_key, bytes(item.item_key), _ctx("evidence-key", item.pk))


def store_file(item: EvidenceItem, key: bytes, source: BinaryIO) -> tuple[str, str, int]:
    """Encrypt `source` into a new blob; returns (blob name, SHA-256 hex of the plaintext, size)."""
    source.seek(0)
    hashing = _Hashing(source)
    with tempfile.TemporaryFile(prefix="glasna-evidence-") as sink:
        streams.encrypt_stream(key, hashing, sink, _ctx("evidence-file", item.pk))  # type: ignore[arg-type]
        sink.seek(0)
        name = blobs.put_file(sink)
    return name, hashing.sha256.hexdigest(), hashing.size


def file_chunks(item: EvidenceItem, key: bytes) -> Iterator[bytes]:
    """The original's bytes, chunk by chunk, each authenticated before it is given out."""
    handle = blobs.open_blob(item.blob_name)
    try:
        yield from streams.decrypt_stream(key, cast(BinaryIO, handle), _ctx("evidence-file", item.pk))
    finally:
        handle.close()


def original_to_tempfile(item: EvidenceItem, key: bytes) -> IO[bytes]:
    handle = tempfile.TemporaryFile(prefix="glasna-evidence-")
    for chunk in file_chunks(item, key):
        handle.write(chunk)
    handle.seek(0)
    return handle


def seal_details(item: EvidenceItem, key: bytes, details: dict[str, Any]) -> None:
    body = json.dumps(details, ensure_ascii=False, separators=(",", ":")).encode()
    item.details = encrypt(key, body, _ctx("evidence-details", item.pk))


def open_details(item: EvidenceItem, key: bytes) -> dict[str, Any]:
    details: dict[str, Any] = json.loads(decrypt(key, bytes(item.details), _ctx("evidence-details", item.pk)))
    return details


_NOTE_V2 = b"glasna-note-v2\n"  # then the 16-byte commitment salt, then the UTF-8 text
NOTE_SALT_BYTES = 16


def seal_note(note_id: object, key: bytes, text: str, salt: bytes) -> bytes:
    """The note and the salt of its custody commitment (custody_log.note_commitment), sealed together:
    a bundle discloses both so that a verifier can check the note against the log."""
    if len(salt) != NOTE_SALT_BYTES:
        raise ValueError(f"a note's commitment salt is {NOTE_SALT_BYTES} bytes")
    return encrypt(key, _NOTE_V2 + salt + text.encode(), _ctx("evidence-note", note_id))


def open_note(note_id: object, key: bytes, body: bytes) -> tuple[str, bytes | None]:
    """(text, commitment salt); the salt is None for notes written before notes were committed to."""
    plain = decrypt(key, body, _ctx("evidence-note", note_id))
    if plain.startswith(_NOTE_V2):
        rest = plain[len(_NOTE_V2) :]
        return rest[NOTE_SALT_BYTES:].decode(), rest[:NOTE_SALT_BYTES]
    return plain.decode(), None
