"""PDQ hashing on the server: for evidence, and for platforms that send media to /h/hash.

Images: JPEG, PNG, WebP, HEIC/HEIF (pillow-heif), GIF (first frame), with EXIF orientation
applied and the same pixel budget as uploads. Videos: see `video.py`."""

import io
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
import pdqhash
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from glasna.core.uploads import (  # sniff registers the HEIF opener too
    IMAGE_TYPES,
    UploadRejected,
    open_image_strictly,
    sniff,
)

MIN_QUALITY = 50
_ORIENTATION = 0x0112


class HashingRejected(UploadRejected):
    """Media we cannot hash; the message is translated and says why."""


@dataclass(frozen=True)
class PdqHash:
    hash_value: str  # 64 lowercase hex digits
    quality: int


def pdq_of_pixels(rgb: npt.NDArray[np.uint8]) -> PdqHash:
    """PDQ of an (h, w, 3) uint8 RGB array, hex as threatexchange writes it (first bit most significant)."""
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb))
    packed = np.packbits(np.asarray(bits, dtype=np.uint8))
    return PdqHash(packed.tobytes().hex(), int(quality))


def require_quality(result: PdqHash) -> PdqHash:
    if result.quality < MIN_QUALITY:
        raise HashingRejected(
            _(
                "This picture is too plain or too blurred to be recognised reliably (quality %(quality)d of 100; "
                "at least %(minimum)d is needed). Please use a clearer copy."
            )
            % {"quality": result.quality, "minimum": MIN_QUALITY}
        )
    return result


def decode_image(data: bytes | BinaryIO) -> npt.NDArray[np.uint8]:
    """Decoded, upright RGB pixels of image bytes or an open file (read from its start, not copied
    into memory); HashingRejected for what is not a supported, sane image."""
    handle = io.BytesIO(data) if isinstance(data, bytes) else data
    handle.seek(0)
    kind = sniff(handle.read(32))
    handle.seek(0)
    if kind is None or kind[0] not in IMAGE_TYPES:
        raise HashingRejected(_("This is not a picture we can read. Send a JPEG, PNG, WebP, HEIC or GIF image."))
    try:
        with open_image_strictly(handle) as image:
            width, height = image.size
            if width == 0 or height == 0:
                raise HashingRejected(_("This picture has no pixels."))
            image.seek(0)  # GIF and other animations: the first frame
            # exif_transpose copies the whole image even when nothing turns: only call it when needed.
            turned = ImageOps.exif_transpose(image) if image.getexif().get(_ORIENTATION, 1) != 1 else image
            return np.asarray(turned if turned.mode == "RGB" else turned.convert("RGB"), dtype=np.uint8)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise HashingRejected(_("This image is too large to open safely (too many pixels).")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise HashingRejected(_("This image is damaged and cannot be opened. Please try another copy.")) from exc


def hash_image(data: bytes) -> PdqHash:
    """PDQ and quality of an image file; low quality is refused with a clear message."""
    return require_quality(pdq_of_pixels(decode_image(data)))
