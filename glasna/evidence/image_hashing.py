"""PDQ for evidence images: the matching room's hashing (glasna.matching.hashing), so a hash in an
evidence bundle and a hash in a bank are computed the same way (ARCHITECTURE.md: PDQ 256-bit)."""

from typing import BinaryIO

from glasna.matching.hashing import decode_image, pdq_of_pixels


def pdq(handle: BinaryIO) -> tuple[str, int]:
    """(PDQ hash as 64 hex digits, quality 0..100) of the image in `handle`, upright as displayed,
    first bit most significant (the order Facebook's reference tools and threatexchange print)."""
    result = pdq_of_pixels(decode_image(handle))
    return result.hash_value, result.quality
