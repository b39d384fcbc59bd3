"""vPDQ-style video hashing: the PDQ of one frame per second, consecutive duplicates dropped,
each with its timestamp; plus SHA-256 and MD5 of the file, read in chunks.

Decoding uses PyAV (FFmpeg's libraries inside the wheel; docs/decisions/0004-video-decoding.md).
Frames are decoded one at a time from the file, so a long video never sits in memory whole."""

import hashlib
from dataclasses import dataclass, field
from typing import BinaryIO

import av
import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from glasna.matching.hashing import MIN_QUALITY, HashingRejected, pdq_of_pixels

_CHUNK = 1 << 20


@dataclass(frozen=True)
class FrameHash:
    hash_value: str
    quality: int
    frame_ts: float  # seconds from the start


@dataclass
class VideoHashes:
    sha256: str
    md5: str
    frames: list[FrameHash] = field(default_factory=list)


def file_digests(stream: BinaryIO) -> tuple[str, str]:
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    stream.seek(0)
    while chunk := stream.read(_CHUNK):
        sha.update(chunk)
        md5.update(chunk)
    stream.seek(0)
    return sha.hexdigest(), md5.hexdigest()


def hash_video(stream: BinaryIO, seconds_per_frame: float = 1.0) -> VideoHashes:
    """Frames of quality < 50 (black, blank) are skipped; a video with no usable frame is refused."""
    sha256, md5 = file_digests(stream)
    result = VideoHashes(sha256, md5)
    max_pixels = settings.GLASNA_MAX_IMAGE_PIXELS
    max_seconds = settings.GLASNA_MAX_VIDEO_SECONDS
    decoded_any = False
    try:
        with av.open(stream, mode="r") as container:
            if not container.streams.video:
                raise HashingRejected(_("This video has no picture track."))
            video = container.streams.video[0]
            if video.codec_context is None:  # a stream FFmpeg has no decoder for (found by atheris)
                raise HashingRejected(_("This video is damaged or in a format we cannot read."))
            if video.width * video.height > max_pixels:
                raise HashingRejected(_("This video's frames are too large to open safely."))
            next_ts = 0.0
            for frame in container.decode(video):
                decoded_any = True
                if frame.time is None or frame.time < next_ts:
                    continue
                if frame.time > max_seconds:
                    break
                next_ts = float(int(frame.time / seconds_per_frame) + 1) * seconds_per_frame
                pdq = pdq_of_pixels(np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8))
                if pdq.quality < MIN_QUALITY:
                    continue
                if result.frames and result.frames[-1].hash_value == pdq.hash_value:
                    continue  # vPDQ keeps one of a run of identical frames
                result.frames.append(FrameHash(pdq.hash_value, pdq.quality, round(float(frame.time), 3)))
    except HashingRejected:
        raise
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise HashingRejected(_("This video is damaged or in a format we cannot read.")) from exc
    if not decoded_any:
        raise HashingRejected(_("No frame of this video could be decoded."))
    if not result.frames:
        raise HashingRejected(_("No frame of this video is clear enough to be recognised."))
    return result
