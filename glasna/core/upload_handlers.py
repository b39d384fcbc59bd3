"""Uploads too big for memory, kept on disk only as ciphertext while the request runs.

Django's own TemporaryFileUploadHandler writes such a file in clear to FILE_UPLOAD_TEMP_DIR. This
handler (after MemoryFileUploadHandler in FILE_UPLOAD_HANDLERS, which keeps requests up to
FILE_UPLOAD_MAX_MEMORY_SIZE in memory) seals each piece as it arrives into a glasna stream under a
key made for this one upload and held only by the returned file object. The validators read that
object like any upload: it decrypts on the fly (core/crypto/stream_access.py). Closing it, which
Django does for every uploaded file when the request ends (errors included), deletes the temp file;
an interrupted upload deletes it at once. If the process dies, what is left is ciphertext whose key
died with it."""

import tempfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from nacl.utils import random as random_bytes

from glasna.core.crypto.stream_access import StreamReader, StreamWriter

SPOOL_PREFIX = "glasna-upload-"
_CONTEXT = b"upload-spool"


class SealedUploadedFile(UploadedFile):
    """An upload read through its decrypting reader; close() removes the ciphertext on disk."""

    def __init__(self, reader: StreamReader, spool: Any, **kwargs: Any) -> None:
        super().__init__(reader, **kwargs)  # type: ignore[arg-type]  # a RawIOBase, not typeshed's IO
        self._reader, self._spool = reader, spool

    def close(self) -> None:
        try:
            self._reader.close()
        finally:
            self._spool.close()  # a NamedTemporaryFile: closing deletes it


class EncryptedTemporaryFileUploadHandler(FileUploadHandler):
    _spool: Any = None
    _writer: StreamWriter | None = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._spool, self._writer = None, None

    def _open(self) -> StreamWriter:
        # Opened on the first piece, not in new_file: a file that the memory handler keeps never
        # reaches this handler, and should not leave an empty spool behind.
        if self._writer is None:
            self._key = random_bytes(32)
            self._spool = tempfile.NamedTemporaryFile(  # noqa: SIM115  # closed with the upload or on interruption
                prefix=SPOOL_PREFIX, suffix=".sealed", dir=settings.FILE_UPLOAD_TEMP_DIR
            )
            self._writer = StreamWriter(self._key, self._spool, _CONTEXT)
        return self._writer

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._open().write(raw_data)

    def file_complete(self, file_size: int) -> SealedUploadedFile:
        size = self._open().close()
        reader = StreamReader(self._key, self._spool, size, _CONTEXT)
        del self._key  # the reader holds the only copy now
        return SealedUploadedFile(
            reader,
            self._spool,
            name=self.file_name,
            content_type=self.content_type,
            size=size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        if self._spool is not None:
            self._spool.close()
