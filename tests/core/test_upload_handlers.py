"""Uploads over the in-memory limit wait on disk only as ciphertext, read back in clear through the
upload object, and leave nothing behind when the request ends or the upload is cut off."""

import io
import secrets
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from glasna.core.upload_handlers import SPOOL_PREFIX, EncryptedTemporaryFileUploadHandler, SealedUploadedFile
from glasna.core.uploads import check_upload
from tests.factories import pattern_png


@pytest.fixture
def spool_dir(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def _big(marker: bytes) -> bytes:
    return b"%PDF-1.4\n" + (b"% " + marker + b" filler line\n") * 120_000 + b"%%EOF\n"


def test_a_big_upload_is_ciphertext_on_disk_and_clear_to_the_reader(spool_dir: Path) -> None:
    marker = f"CANARY{secrets.token_hex(6)}".encode()
    data = _big(marker)
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.pdf", data, "application/pdf")})
    upload = request.FILES["file"]
    assert isinstance(upload, SealedUploadedFile) and upload.size == len(data)
    [spooled] = list(spool_dir.iterdir())
    assert spooled.name.startswith(SPOOL_PREFIX)
    on_disk = spooled.read_bytes()
    assert len(on_disk) > len(data) and marker not in on_disk
    assert b"".join(upload.chunks()) == data
    upload.seek(len(data) - 6)
    assert upload.read() == b"%%EOF\n"
    request.close()  # what Django does when the response is finished, error pages included
    assert list(spool_dir.iterdir()) == []


def test_a_small_request_never_reaches_the_disk(spool_dir: Path) -> None:
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("p.png", pattern_png(), "image/png")})
    assert not isinstance(request.FILES["file"], SealedUploadedFile)
    assert list(spool_dir.iterdir()) == []


def test_the_upload_checks_read_the_sealed_file(spool_dir: Path, settings) -> None:  # type: ignore[no-untyped-def]
    data = _big(b"x")
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.pdf", data, "application/pdf")})
    checked = check_upload(request.FILES["file"])
    assert checked.content_type == "application/pdf" and checked.data == data
    request.close()


def test_an_interrupted_upload_leaves_nothing(spool_dir: Path) -> None:
    handler = EncryptedTemporaryFileUploadHandler()
    handler.new_file("file", "a.bin", "application/octet-stream", 10)
    handler.receive_data_chunk(b"secret piece", 0)
    assert len(list(spool_dir.iterdir())) == 1
    handler.upload_interrupted()
    assert list(spool_dir.iterdir()) == []


def test_an_empty_file_still_arrives(spool_dir: Path) -> None:
    handler = EncryptedTemporaryFileUploadHandler()
    handler.new_file("file", "empty.txt", "text/plain", 0)
    upload = handler.file_complete(0)
    assert upload.size == 0 and upload.read() == b""
    upload.close()
    assert list(spool_dir.iterdir()) == []


def _sealed(data: bytes, name: str, content_type: str) -> SealedUploadedFile:
    handler = EncryptedTemporaryFileUploadHandler()
    handler.new_file("file", name, content_type, len(data))
    for start in range(0, len(data), 65536):  # the request parser's pieces
        handler.receive_data_chunk(data[start : start + 65536], start)
    return handler.file_complete(len(data))


def test_every_reader_of_uploads_reads_the_sealed_file(spool_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vault's checks (image, ZIP chat export, MP4 boxes) and the video hasher seek about in the
    file: each works on the decrypting reader as on a plain file, across many small chunks."""
    from glasna.core.crypto import streams

    monkeypatch.setattr(streams, "CHUNK_BYTES", 4096)
    from glasna.core.large_uploads import check_stream
    from glasna.matching import hashing, video
    from tests.evidence.helpers import chat_zip
    from tests.matching.test_hashing import make_video

    png = pattern_png()
    assert check_stream(_sealed(png, "a.png", "image/png"), "a.png", len(png), "image/png").metadata["width"]
    archive = chat_zip()
    zipped = check_stream(_sealed(archive, "c.zip", "application/zip"), "c.zip", len(archive), "application/zip")
    assert zipped.metadata["archive_files"] >= 1
    clip = make_video()
    upload = _sealed(clip, "v.mp4", "video/mp4")
    assert check_stream(upload, "v.mp4", len(clip), "video/mp4").content_type.startswith("video/")
    assert video.hash_video(upload).sha256 == video.hash_video(io.BytesIO(clip)).sha256
    assert hashing.hash_image(_sealed(png, "a.png", "image/png").read()).hash_value
    upload.close()


@pytest.mark.django_db
def test_the_matching_api_hashes_an_image_too_big_for_memory(spool_dir: Path) -> None:
    import numpy as np
    from django.test import Client
    from PIL import Image

    from glasna.matching import hashing
    from tests.factories import make_organisation
    from tests.matching.helpers import platform

    make_organisation("mk-cso", ["MK"])
    noise = np.random.default_rng(7).integers(0, 255, size=(1100, 1100, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise).save(buffer, "PNG", compress_level=0)
    data = buffer.getvalue()
    assert len(data) > 2 * 1024 * 1024  # past the in-memory limit: the sealed spool is used
    client = Client(headers={"authorization": f"Bearer {platform()[1]}"})
    response = client.post("/api/matching/h/hash", {"file": SimpleUploadedFile("n.png", data, "image/png")})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["pdq"] == hashing.pdq_of_pixels(noise).hash_value
    assert list(spool_dir.iterdir()) == []  # removed when the response was finished
