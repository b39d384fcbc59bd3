"""Checking uploaded files before they are encrypted and stored.

The type comes from the content, never from the name or the browser's claim; images are fully
decoded under a pixel budget, so decompression bombs and broken files are refused."""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

# (magic bytes at offset, offset, content type, extension)
_SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", "png"),
    (b"GIF87a", 0, "image/gif", "gif"),
    (b"GIF89a", 0, "image/gif", "gif"),
    (b"%PDF-", 0, "application/pdf", "pdf"),
    (b"\x1aE\xdf\xa3", 0, "video/webm", "webm"),
]
_FTYP_BRANDS = {
    b"heic": ("image/heic", "heic"),
    b"heix": ("image/heic", "heic"),
    b"mif1": ("image/heic", "heic"),
    b"qt  ": ("video/quicktime", "mov"),
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic"}


class UploadRejected(Exception):
    """A file we will not keep; the message is translated and tells the person what to do."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, offset, content_type, ext in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return content_type, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _FTYP_BRANDS:
            return _FTYP_BRANDS[brand]
        return "video/mp4", "mp4"  # isom, mp42, avc1, 3gp4 ...: the MP4 family
    return None


@contextmanager
def open_image_strictly(source: BinaryIO) -> Iterator[Image.Image]:
    """Pillow, opened within the pixel budget (GLASNA_MAX_IMAGE_PIXELS), refusing truncated images,
    with decompression-bomb warnings raised as errors while the caller reads the image. Pillow's
    settings are process-wide and a library may change them (importing WeasyPrint turns truncated
    loading on), so they are set again on every open."""
    limit = settings.GLASNA_MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(source) as image:
            width, height = image.size
            if width * height > limit:
                raise Image.DecompressionBombError("too many pixels")
            yield image


def _check_image(data: bytes) -> None:
    try:
        with open_image_strictly(io.BytesIO(data)) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected(
            _("This image is too large to open safely (too many pixels). Please send a smaller copy or a screenshot.")
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRejected(_("This image is damaged and cannot be opened. Please try another copy.")) from exc


def check_upload(upload: UploadedFile) -> CheckedFile:
    limit = settings.GLASNA_MAX_UPLOAD_BYTES
    if upload.size is None or upload.size > limit:
        raise UploadRejected(
            _("This file is larger than %(limit)s. Please send a smaller file.") % {"limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise UploadRejected(_("This file is empty."))
    data = upload.read()
    kind = sniff(data[:32])
    if kind is None:
        raise UploadRejected(
            _("This type of file is not accepted. Please send photos, screenshots, PDF documents or videos.")
        )
    content_type, ext = kind
    if content_type in IMAGE_TYPES:
        _check_image(data)
    claimed = (upload.content_type or "").split(";")[0].strip().lower()
    if claimed and claimed != "application/octet-stream" and claimed.split("/")[0] != content_type.split("/")[0]:
        raise UploadRejected(
            _("This file's content does not match its type. Please check that you chose the right file.")
        )
    return CheckedFile(name=_safe_name(upload.name or "", ext), content_type=content_type, data=data)


def _safe_name(name: str, ext: str) -> str:
    from glasna.core.text import strip_invisible

    base = strip_invisible(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:120]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem or 'file'}.{ext}"
