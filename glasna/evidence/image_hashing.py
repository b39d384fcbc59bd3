"""PDQ for evidence images, behind one function so the matching room's shared hashing module can
replace it (ARCHITECTURE.md: PDQ 256-bit, quality below 50 not usable for matching)."""

from typing import BinaryIO

import numpy
import pdqhash
from PIL import Image, ImageOps


def pdq(handle: BinaryIO) -> tuple[str, int]:
    """(PDQ hash as 64 hex digits, quality 0..100) of the image in `handle`, upright as displayed.

    Bit i of the hex number is pdqhash's vector[i] read most significant first, the order
    Facebook's reference tools print."""
    handle.seek(0)
    with Image.open(handle) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
    vector, quality = pdqhash.compute(numpy.asarray(upright))
    bits = "".join("1" if bit else "0" for bit in vector)
    return f"{int(bits, 2):064x}", int(quality)
