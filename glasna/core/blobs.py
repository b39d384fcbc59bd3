"""The store for encrypted blobs: a Django storage chosen by settings (local files or S3).

Callers hand in ciphertext only; names are random and say nothing about their content."""

import secrets
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages


def _store() -> Storage:
    return storages["blobs"]


def put(ciphertext: bytes) -> str:
    name = f"{secrets.token_hex(2)}/{secrets.token_hex(16)}"
    return _store().save(name, ContentFile(ciphertext))


def get(name: str) -> bytes:
    with _store().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def delete(name: str) -> None:
    _store().delete(name)


def put_file(handle: IO[bytes]) -> str:
    """Store ciphertext read from an open file, without holding it all in memory."""
    name = f"{secrets.token_hex(2)}/{secrets.token_hex(16)}"
    return _store().save(name, File(handle))


def open_blob(name: str) -> IO[bytes]:
    """A readable handle on a stored blob (for streams); the caller closes it."""
    handle: IO[bytes] = _store().open(name, "rb")
    return handle
