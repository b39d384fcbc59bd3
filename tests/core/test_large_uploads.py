"""Large evidence uploads: type from content, structural checks that catch truncation and corruption,
zip-slip names refused, and big files checked and encrypted without being held in memory."""

import io
import stat
import struct
import tempfile
import tracemalloc
import uuid
import zipfile

import pytest
from PIL import Image

from glasna.core.large_uploads import check_stream, sniff_evidence
from glasna.core.uploads import UploadRejected
from tests.factories import pattern_png


def _check(data: bytes, name: str = "file", claimed: str = "") -> object:
    return check_stream(io.BytesIO(data), name, len(data), claimed)


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4(seconds: int = 12, timescale: int = 1000, payload: bytes = b"\x00" * 64) -> bytes:
    mvhd = _box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, timescale, seconds * timescale) + bytes(80))
    return _box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2") + _box(b"moov", mvhd) + _box(b"mdat", payload)


def _zip(names: dict[str, bytes], symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def test_mp4_duration_is_read_from_the_movie_header() -> None:
    checked = _check(mp4(seconds=12), "clip.mp4", "video/mp4")
    assert checked.content_type == "video/mp4"  # type: ignore[attr-defined]
    assert checked.metadata["duration_seconds"] == 12.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("cut", [1, 10, 40])
def test_truncated_mp4_is_refused(cut: int) -> None:
    with pytest.raises(UploadRejected, match="damaged or incomplete"):
        _check(mp4()[:-cut], "clip.mp4")


def test_mp4_without_its_index_is_refused() -> None:
    data = _box(b"ftyp", b"isom\x00\x00\x02\x00") + _box(b"mdat", b"\x00" * 10)
    with pytest.raises(UploadRejected, match="damaged or incomplete"):
        _check(data, "clip.mp4")


def test_image_metadata_and_truncated_images() -> None:
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 30), (10, 200, 30))
    exif = image.getexif()
    exif[0x0110] = "Invented Phone 3"  # Model
    image.save(buffer, "JPEG", exif=exif)
    jpeg = buffer.getvalue()
    checked = _check(jpeg, "photo.jpg", "image/jpeg")
    assert checked.metadata["width"] == 40 and checked.metadata["exif"]["Model"] == "Invented Phone 3"  # type: ignore[attr-defined]
    with pytest.raises(UploadRejected, match="damaged"):
        _check(pattern_png()[:-30], "cut.png")
    with pytest.raises(UploadRejected, match="damaged"):
        _check(jpeg[: len(jpeg) // 2], "cut.jpg")


def test_pdf_must_be_complete() -> None:
    assert _check(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "doc.pdf").content_type == "application/pdf"  # type: ignore[attr-defined]
    with pytest.raises(UploadRejected, match="damaged or incomplete"):
        _check(b"%PDF-1.7\n1 0 obj\n<<>>\nendob", "doc.pdf")


def test_chat_export_zip_is_read_member_by_member() -> None:
    checked = _check(_zip({"_chat.txt": b"14.03.26 - A: hi\n", "IMG-1.jpg": b"x" * 10}), "chat.zip")
    assert checked.content_type == "application/zip"  # type: ignore[attr-defined]
    assert checked.metadata["archive_files"] == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/evil", "/etc/passwd", "chat/../../evil.txt", "C:\\evil.txt", "a\\..\\b"]
)
def test_zip_slip_names_are_refused(name: str) -> None:
    with pytest.raises(UploadRejected, match="points outside the archive"):
        _check(_zip({"_chat.txt": b"ok", name: b"evil"}), "chat.zip")


def test_symlink_members_are_refused() -> None:
    with pytest.raises(UploadRejected, match="points outside the archive"):
        _check(_zip({"_chat.txt": b"ok"}, symlink="link"), "chat.zip")


def test_corrupt_zip_member_is_refused() -> None:
    data = bytearray(_zip({"_chat.txt": b"A" * 200}))
    index = data.index(b"A" * 20)
    data[index] = ord("B")  # stored, so the CRC no longer matches
    with pytest.raises(UploadRejected, match="damaged or incomplete"):
        _check(bytes(data), "chat.zip")


def test_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(UploadRejected, match="far more than its size"):
        _check(buffer.getvalue(), "chat.zip")


def test_text_exports_must_be_utf8() -> None:
    assert _check("Поздрав\nPërshëndetje\n".encode(), "chat.txt").content_type == "text/plain"  # type: ignore[attr-defined]
    with pytest.raises(UploadRejected):
        _check(b"caf\xe9 " * 10 + b"\xff\xfe", "chat.txt")


def test_unknown_types_are_refused() -> None:
    assert sniff_evidence(b"\x7fELF\x02\x01\x01") is None
    with pytest.raises(UploadRejected, match="not accepted"):
        _check(b"\x7fELF\x02\x01\x01\x00" * 10, "tool")


def test_size_limit(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_EVIDENCE_BYTES = 100
    with pytest.raises(UploadRejected, match="larger than"):
        _check(b"a" * 101, "chat.txt")


def test_a_large_file_is_checked_and_encrypted_without_holding_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """64 MiB through the check and the encryption; Python's allocations stay a small fraction of it."""
    from glasna.evidence import vault
    from glasna.evidence.models import EvidenceItem

    size = 64 * 1024 * 1024
    line = b"14.03.26, 18:02 - Invented Person: synthetic line of a long chat export\n"
    with tempfile.TemporaryFile() as handle:
        written = 0
        while written < size:
            handle.write(line * 1000)
            written += len(line) * 1000
        tracemalloc.start()
        checked = check_stream(handle, "chat.txt", written, "text/plain")
        item = EvidenceItem(id=uuid.uuid4())
        name, sha256, stored = vault.store_file(item, bytes(32), checked.handle)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    item.blob_name = name
    assert stored == written and len(sha256) == 64
    assert peak < 12 * 1024 * 1024, f"peak Python allocation {peak} bytes for a {written}-byte file"
    chunks = vault.file_chunks(item, bytes(32))
    assert sum(len(chunk) for chunk in chunks) == written


def test_a_member_with_a_corrupt_deflate_stream_is_damaged_not_a_crash() -> None:
    """Found by atheris (tests/fuzz/corpus/crashes/vault-zlib-invalid-stored-block.zip): zlib.error
    escaped the ZIP check as a 500."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("chat.txt", b"synthetic message " * 50)
    data = bytearray(buffer.getvalue())
    body = data.index(b"chat.txt") + len(b"chat.txt")  # the member's compressed bytes follow its name
    data[body] = 0b110  # block type 3: reserved, "invalid block type"
    with pytest.raises(UploadRejected, match="damaged"):
        _check(bytes(data), "chat.zip")
