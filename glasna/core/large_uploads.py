"""Checking large uploads (evidence: videos, PDFs, chat exports) without reading them into memory.

`uploads.py` checks the small files of the report wizard in memory; this module checks files up to
GLASNA_MAX_EVIDENCE_MB from an open, seekable handle (Django spools big uploads to disk). Each type
gets a structural check that catches truncation and corruption: images are decoded under the pixel
budget, PDFs must end with %%EOF, MP4/QuickTime boxes must tile the file exactly, ZIP archives are
read member by member (CRC checked, names refused that would escape a folder), text must be UTF-8."""

import codecs
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, UnidentifiedImageError

from glasna.core.uploads import IMAGE_TYPES, UploadRejected, _safe_name, open_image_strictly, sniff

READ_BYTES = 1 << 20
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_RATIO = 200  # uncompressed / compressed: more than this is a zip bomb, not a chat export
_EXIF_TEXT_LIMIT = 200
_TEXT_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}


@dataclass(frozen=True)
class CheckedStream:
    """An accepted file: its type from the content, its size, what could be read about it, the handle."""

    name: str
    content_type: str
    size: int
    handle: BinaryIO
    metadata: dict[str, Any] = field(default_factory=dict)


def _damaged() -> UploadRejected:
    return UploadRejected(_("This file is damaged or incomplete and cannot be opened. Please try another copy."))


def sniff_evidence(head: bytes) -> tuple[str, str] | None:
    found = sniff(head)
    if found is not None:
        return found
    if head.startswith(b"PK\x03\x04"):
        return "application/zip", "zip"
    if head and b"\x00" not in head:
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            return None
        if not any(ch in _TEXT_CONTROL for ch in text):
            return "text/plain", "txt"
    return None


def check_stream(handle: BinaryIO, name: str, size: int, claimed_type: str = "") -> CheckedStream:
    """Check an open file; raise UploadRejected with a translated reason, else describe it."""
    limit = settings.GLASNA_MAX_EVIDENCE_BYTES
    if size > limit:
        raise UploadRejected(
            _("This file is larger than %(limit)s. Please send a smaller file.") % {"limit": filesizeformat(limit)}
        )
    if size == 0:
        raise UploadRejected(_("This file is empty."))
    handle.seek(0)
    kind = sniff_evidence(handle.read(4096))
    if kind is None:
        raise UploadRejected(
            _(
                "This type of file is not accepted. Please send photos, screenshots, videos, PDF documents, "
                "or a chat export (a .zip or .txt file)."
            )
        )
    content_type, ext = kind
    claimed = (claimed_type or "").split(";")[0].strip().lower()
    if (
        content_type in IMAGE_TYPES
        and claimed
        and claimed != "application/octet-stream"
        and claimed.split("/")[0] not in ("image",)
    ):
        raise UploadRejected(
            _("This file's content does not match its type. Please check that you chose the right file.")
        )
    handle.seek(0)
    if content_type in IMAGE_TYPES:
        metadata = _image(handle)
    elif content_type == "application/pdf":
        metadata = _pdf(handle, size)
    elif content_type in ("video/mp4", "video/quicktime"):
        metadata = _mp4(handle, size)
    elif content_type == "video/webm":
        metadata = {"duration_seconds": None, "duration_note": "not read: WebM durations need a full parser"}
    elif content_type == "application/zip":
        metadata = _zip(handle, size)
    else:
        metadata = _text(handle)
    handle.seek(0)
    return CheckedStream(_safe_name(name, ext), content_type, size, handle, metadata)


# --- images -----------------------------------------------------------------------------------------


def _exif(image: Image.Image) -> dict[str, str]:
    found: dict[str, str] = {}
    exif = image.getexif()
    for tag, value in exif.items():
        label = ExifTags.TAGS.get(tag, f"tag-{tag}")
        if isinstance(value, bytes):
            continue  # maker notes and thumbnails: binary, not for a report
        found[label] = str(value)[:_EXIF_TEXT_LIMIT]
    if exif.get_ifd(ExifTags.IFD.GPSInfo):
        found["GPSInfo"] = "present"
    return found


def _image(handle: BinaryIO) -> dict[str, Any]:
    try:
        with open_image_strictly(handle) as image:
            width, height = image.size
            image_format = image.format or ""
            exif = _exif(image)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(
            _("This image is too large to open safely (too many pixels). Please send a smaller copy or a screenshot.")
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as exc:
        raise UploadRejected(_("This image is damaged and cannot be opened. Please try another copy.")) from exc
    return {"width": width, "height": height, "format": image_format, "exif": exif}


# --- PDF ----------------------------------------------------------------------------------------------


def _pdf(handle: BinaryIO, size: int) -> dict[str, Any]:
    handle.seek(max(0, size - 2048))
    tail = handle.read()
    if b"%%EOF" not in tail:
        raise _damaged()
    handle.seek(0)
    version = handle.read(16).split(b"\n")[0].split(b"\r")[0][5:].decode("ascii", "replace")
    return {"pdf_version": version}


# --- MP4 / QuickTime --------------------------------------------------------------------------------


def _boxes(handle: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, content start, box end) of each box in [start, end); the boxes must tile it exactly."""
    boxes = []
    pos = start
    while pos < end:
        handle.seek(pos)
        header = handle.read(8)
        if len(header) < 8:
            raise _damaged()
        box_size, box_type = struct.unpack(">I4s", header)
        header_size = 8
        if box_size == 1:
            large = handle.read(8)
            if len(large) < 8:
                raise _damaged()
            box_size, header_size = struct.unpack(">Q", large)[0], 16
        elif box_size == 0:
            box_size = end - pos
        if box_size < header_size or pos + box_size > end:
            raise _damaged()
        boxes.append((box_type, pos + header_size, pos + box_size))
        pos += box_size
    return boxes


def _mp4(handle: BinaryIO, size: int) -> dict[str, Any]:
    top = _boxes(handle, 0, size)
    if not top or top[0][0] != b"ftyp":
        raise _damaged()
    moov = next((box for box in top if box[0] == b"moov"), None)
    if moov is None:
        raise _damaged()  # a recording cut off before its index was written cannot be played
    duration = None
    for box_type, start, end in _boxes(handle, moov[1], moov[2]):
        if box_type == b"mvhd":
            handle.seek(start)
            body = handle.read(min(end - start, 32))
            if len(body) < 20:
                raise _damaged()
            if body[0] == 1:
                if len(body) < 32:
                    raise _damaged()
                timescale, length = struct.unpack(">IQ", body[20:32])
            else:
                timescale, length = struct.unpack(">II", body[12:20])
            if timescale:
                duration = round(length / timescale, 3)
    return {"duration_seconds": duration, "boxes": [box[0].decode("latin-1") for box in top][:20]}


# --- ZIP (chat exports) -------------------------------------------------------------------------------


def _unsafe_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    if any(part == ".." for part in parts):
        return True
    return stat.S_ISLNK(info.external_attr >> 16)


def _zip(handle: BinaryIO, size: int) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise UploadRejected(_("This archive holds too many files."))
            unsafe = [info.filename for info in members if _unsafe_member(info)]
            if unsafe:
                raise UploadRejected(
                    _(
                        "This archive contains a file name that points outside the archive (%(name)s). "
                        "It was refused for safety; please export the chat again."
                    )
                    % {"name": unsafe[0][:80]}
                )
            if any(info.flag_bits & 0x1 for info in members):
                raise UploadRejected(_("This archive is protected with a password. Please export it without one."))
            declared = sum(info.file_size for info in members)
            if declared > MAX_ARCHIVE_RATIO * size or declared > settings.GLASNA_MAX_EVIDENCE_BYTES * 4:
                raise UploadRejected(_("This archive unpacks to far more than its size and was refused for safety."))
            for info in members:
                if info.is_dir():
                    continue
                read = 0
                with archive.open(info) as member:  # reading to the end checks the CRC
                    while chunk := member.read(READ_BYTES):
                        read += len(chunk)
                        if read > info.file_size:
                            raise _damaged()
            names = [info.filename for info in members if not info.is_dir()]
    # zlib.error: a member whose deflate stream is corrupt (found by atheris, tests/fuzz/corpus/crashes/).
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        NotImplementedError,
        ValueError,
        zlib.error,
    ) as exc:
        raise _damaged() from exc
    return {"archive_files": len(names), "archive_names": names[:200], "archive_unpacked_bytes": declared}


# --- text ---------------------------------------------------------------------------------------------


def _text(handle: BinaryIO) -> dict[str, Any]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines = 0
    try:
        while chunk := handle.read(READ_BYTES):
            text = decoder.decode(chunk)
            if "\x00" in text:
                raise _damaged()
            lines += text.count("\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise UploadRejected(_("This text file is not in UTF-8. Please export the chat again as UTF-8 text.")) from exc
    return {"lines": lines + 1}
