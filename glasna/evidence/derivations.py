"""How a derived item (a blurred copy) was made, as data in its record and as people read it.

The record keeps a code and the radius (`derivation_method`, `blur_radius_px`), so that pages and the
report describe it in their own language; `derivation` keeps the English sentence that records made
before the code was kept hold, and is read back from them."""

import re
from typing import Any

from django.utils.translation import gettext as _

BLUR = "gaussian_blur"
_LEGACY_SENTENCE = re.compile(r"^Gaussian blur, radius (\d+) px")
_LEGACY_SUFFIX = " (blurred)"  # what older records appended to the title


def blur_fields(radius: int) -> dict[str, Any]:
    return {
        "derivation_method": BLUR,
        "blur_radius_px": radius,
        "derivation": f"Gaussian blur, radius {radius} px (Pillow), saved as PNG without metadata",
    }


def blur_radius(record: dict[str, Any]) -> int | None:
    if record.get("derivation_method") == BLUR and isinstance(record.get("blur_radius_px"), int):
        return int(record["blur_radius_px"])
    legacy = _LEGACY_SENTENCE.match(str(record.get("derivation", "")))
    return int(legacy.group(1)) if legacy else None


def description(record: dict[str, Any]) -> str:
    """'Gaussian blur, radius 24 px (Pillow), saved as PNG without metadata', in the active language."""
    radius = blur_radius(record)
    if radius is None:
        return str(record.get("derivation", ""))
    return _("Gaussian blur, radius %(radius)s px (Pillow), saved as PNG without metadata") % {"radius": radius}


def base_title(record: dict[str, Any]) -> str:
    """The title as entered, without the suffix older blurred copies stored in English."""
    title = str(record.get("title") or record.get("file_name") or "")
    if blur_radius(record) is not None and title.endswith(_LEGACY_SUFFIX):
        title = title[: -len(_LEGACY_SUFFIX)]
    return title


def display_title(record: dict[str, Any]) -> str:
    title = base_title(record)
    if blur_radius(record) is None:
        return title
    return _("%(title)s (blurred copy)") % {"title": title}
