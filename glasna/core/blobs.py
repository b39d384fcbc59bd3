"""The store for encrypted blobs: a Django storage chosen by settings (local files or S3).

Callers hand in ciphertext only; names are random and say nothing about their content. A store
that does not take a blob raises StoreUnavailable, so a caller never records a blob that is not there.
A record keeps a blob's name in a field called `blob_name` (or ending in `_blob_name`): that is how
the orphan sweep (core/blob_sweep.py) knows a blob is in use, so no other name may hold one."""

import logging
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages

logger = logging.getLogger(__name__)


# What put() and put_file() name a blob: 2 random bytes of folder, 16 of name, and the suffix that
# Django storages add when a name is taken (FileSystemStorage, and S3Storage without file_overwrite).
NAME = re.compile(r"[0-9a-f]{4}/[0-9a-f]{32}(?:_[0-9A-Za-z]{7})?")


@dataclass(frozen=True)
class Stored:
    name: str
    modified: datetime | None  # None when the store cannot say


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


def listing() -> Iterator[Stored]:
    """Every object in the store, with the time it was last written."""
    store = _store()
    if hasattr(getattr(store, "bucket", None), "objects"):  # a boto3 Bucket: S3Storage
        yield from _bucket_listing(store)
    else:
        yield from _folder_listing(store, "")


def _bucket_listing(store: Storage) -> Iterator[Stored]:
    """django-storages' S3Storage: one paginated listing of the bucket, which carries each object's
    time (walking its 65,536 folders with listdir would be one request each, and one more per object)."""
    location = str(getattr(store, "location", "")).strip("/")
    prefix = f"{location}/" if location else ""
    for item in store.bucket.objects.filter(Prefix=prefix):  # type: ignore[attr-defined]
        yield Stored(item.key[len(prefix) :], item.last_modified)


def _folder_listing(store: Storage, folder: str) -> Iterator[Stored]:
    try:
        directories, files = store.listdir(folder)
    except FileNotFoundError:  # a local store nothing was written to yet
        return
    for name in files:
        try:
            modified: datetime | None = store.get_modified_time(f"{folder}{name}")
        except (NotImplementedError, FileNotFoundError):  # gone since the listing, or a store without times
            modified = None
        yield Stored(f"{folder}{name}", modified)
    for directory in directories:
        yield from _folder_listing(store, f"{folder}{directory}/")
