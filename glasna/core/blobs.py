"""The store for encrypted blobs: a Django storage chosen by settings (local files or S3).

Callers hand in ciphertext only; names are random and say nothing about their content. A store
that does not take a blob raises StoreUnavailable, so a caller never records a blob that is not there."""

import logging
import secrets
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages

logger = logging.getLogger(__name__)


class StoreUnavailable(Exception):
    """The blob store did not take the blob (unreachable, refusing, full); nothing refers to it."""


def _store() -> Storage:
    return storages["blobs"]


def _save(name: str, content: File) -> str:
    try:
        return _store().save(name, content)
    except Exception as exc:  # any failure of the store (OSError, botocore's errors): the write did not happen
        logger.warning("blob store refused a write: %s", type(exc).__name__)
        raise StoreUnavailable from exc


def put(ciphertext: bytes) -> str:
    name = f"{secrets.token_hex(2)}/{secrets.token_hex(16)}"
    return _save(name, ContentFile(ciphertext))


def get(name: str) -> bytes:
    with _store().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def delete(name: str) -> None:
    _store().delete(name)


def put_file(handle: IO[bytes]) -> str:
    """Store ciphertext read from an open file, without holding it all in memory."""
    name = f"{secrets.token_hex(2)}/{secrets.token_hex(16)}"
    return _save(name, File(handle))


def open_blob(name: str) -> IO[bytes]:
    """A readable handle on a stored blob (for streams); the caller closes it."""
    handle: IO[bytes] = _store().open(name, "rb")
    return handle
