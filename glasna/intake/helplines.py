"""Helplines from reviewed data (data/helplines.yaml), in the reader's language where we have it."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

_DATA = Path(__file__).parent / "data" / "helplines.yaml"


@cache
def _load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return data


def helpline(country: str, kind: str) -> dict[str, Any] | None:
    """The `kind` helpline ("child_helpline", "gbv_helpline") for a country, or None."""
    entry = _load()["countries"].get(country, {}).get(kind)
    if not entry:
        return None
    names = entry["name"]
    language = get_language() or "en"
    return {
        "name": names.get(language) or names.get("en") or next(iter(names.values())),
        "phone": entry.get("phone"),
        "url": entry.get("url"),
        "reviewed": entry["reviewed"],
        "confidence": entry["confidence"],
    }
