"""Checking hashes that arrive from outside: the survivor's browser and platforms' queries.

Every failure is a `BadHashInput` with a translated message that says what to fix."""

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MIN_QUALITY = 50
MAX_ITEMS = 5000  # ten videos of a few minutes at one frame per second
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
SIGNAL_TYPES = ("pdq", "vpdq_frame", "video_md5")


class BadHashInput(ValueError):
    """Input we refuse; str(exc) is a translated explanation."""


@dataclass(frozen=True)
class SubmittedHash:
    signal_type: str
    hash_value: str
    quality: int | None
    media_index: int
    frame_ts: float | None
    media_type: str


def check_signal(signal_type: str, value: str) -> str:
    """The normalised hash, or BadHashInput explaining what is wrong with it."""
    if signal_type not in SIGNAL_TYPES:
        raise BadHashInput(
            _("Unknown signal type “%(type)s”. Use one of: %(known)s.")
            % {"type": signal_type[:40], "known": ", ".join(SIGNAL_TYPES)}
        )
    cleaned = value.strip().lower()
    pattern, digits = (_HEX32, 32) if signal_type == "video_md5" else (_HEX64, 64)
    if len(cleaned) != digits:
        raise BadHashInput(
            _("A %(type)s hash has %(digits)d hexadecimal digits; this one has %(length)d.")
            % {"type": signal_type, "digits": digits, "length": len(cleaned)}
        )
    if not pattern.fullmatch(cleaned):
        raise BadHashInput(_("A hash may contain only the digits 0–9 and the letters a–f."))
    return cleaned


def parse_browser_hashes(raw: str) -> list[SubmittedHash]:
    """The JSON list hash-photos.js posts. Low-quality video frames are dropped (black or blank
    frames are common); a low-quality photo, or a video with no usable frame, is refused."""
    try:
        items = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BadHashInput(_("The hashes could not be read. Please choose the photos again.")) from exc
    if not isinstance(items, list) or not items:
        raise BadHashInput(_("No hashes arrived. Please choose at least one photo or video."))
    if len(items) > MAX_ITEMS:
        raise BadHashInput(_("Too many hashes at once. Please send fewer videos at a time."))
    kept: list[SubmittedHash] = []
    videos_seen: set[int] = set()
    for item in items:
        parsed = _parse_item(item)
        if parsed.media_type == "video":
            videos_seen.add(parsed.media_index)
        if parsed.quality is not None and parsed.quality < MIN_QUALITY:
            if parsed.signal_type == "pdq":
                raise BadHashInput(
                    _(
                        "Photo %(number)d is too plain or too blurred to be recognised reliably "
                        "(quality %(quality)d of 100; at least 50 is needed). Please leave it out or choose a clearer copy."
                    )
                    % {"number": parsed.media_index + 1, "quality": parsed.quality}
                )
            continue
        kept.append(parsed)
    for media_index in sorted(videos_seen):
        if not any(h.media_index == media_index for h in kept):
            raise BadHashInput(
                _("Video %(number)d has no frame clear enough to be recognised. Please leave it out.")
                % {"number": media_index + 1}
            )
    return kept


def _parse_item(item: Any) -> SubmittedHash:
    if not isinstance(item, dict):
        raise BadHashInput(_("The hashes could not be read. Please choose the photos again."))
    signal_type = item.get("signal_type")
    value = item.get("hash")
    if not isinstance(signal_type, str) or not isinstance(value, str):
        raise BadHashInput(_("The hashes could not be read. Please choose the photos again."))
    if signal_type == "video_md5":
        raise BadHashInput(
            _("Unknown signal type “%(type)s”. Use one of: %(known)s.")
            % {"type": signal_type, "known": "pdq, vpdq_frame"}
        )
    value = check_signal(signal_type, value)
    quality = item.get("quality")
    media_index = item.get("media_index", 0)
    frame_ts = item.get("frame_ts")
    media_type = item.get("media_type", "image")
    if not isinstance(quality, int) or isinstance(quality, bool) or not 0 <= quality <= 100:
        raise BadHashInput(_("Each hash needs a quality between 0 and 100."))
    if not isinstance(media_index, int) or isinstance(media_index, bool) or not 0 <= media_index < MAX_ITEMS:
        raise BadHashInput(_("The hashes could not be read. Please choose the photos again."))
    if media_type not in ("image", "video") or (media_type == "image") != (signal_type == "pdq"):
        raise BadHashInput(_("The hashes could not be read. Please choose the photos again."))
    if frame_ts is not None and (
        isinstance(frame_ts, bool)
        or not isinstance(frame_ts, int | float)
        or not math.isfinite(frame_ts)
        or frame_ts < 0
    ):
        raise BadHashInput(_("The hashes could not be read. Please choose the photos again."))
    return SubmittedHash(
        signal_type, value, quality, media_index, None if frame_ts is None else float(frame_ts), media_type
    )
