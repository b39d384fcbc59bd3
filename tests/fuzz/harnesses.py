"""The fuzzing entry points for uploaded media: the report wizard's check (core/uploads.py), the
evidence vault's structural checks (core/large_uploads.py: images, PDF, MP4/QuickTime, ZIP chat
exports, text), and the hashers (PDQ of an image, vPDQ/MD5/SHA-256 of a video).

Each harness takes arbitrary bytes and may only return or raise the clean refusal the web layer turns
into a translated 4xx (UploadRejected and its subclass HashingRejected); any other exception is a
crash. Driven two ways: by atheris for a bounded time (`make fuzz`, tests/fuzz/run_atheris.py), and
inside the suite by replaying tests/fuzz/corpus/ and by a short Hypothesis byte fuzz seeded from it
(tests/fuzz/test_media_harnesses.py)."""

import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from glasna.core.large_uploads import check_stream
from glasna.core.uploads import UploadRejected, check_upload
from glasna.matching import hashing, video

CLEAN_REFUSALS = (UploadRejected,)  # HashingRejected is one


def _report_upload(data: bytes) -> None:
    check_upload(SimpleUploadedFile("fuzz.bin", data, "application/octet-stream"))


def _vault(data: bytes) -> None:
    checked = check_stream(io.BytesIO(data), "fuzz.bin", len(data), "application/octet-stream")
    assert checked.size == len(data) and checked.handle.tell() == 0  # handed back rewound, as the vault needs


def _image_hash(data: bytes) -> None:
    result = hashing.hash_image(data)
    assert len(result.hash_value) == 64 and 0 <= result.quality <= 100


def _video_hash(data: bytes) -> None:
    result = video.hash_video(io.BytesIO(data))
    assert result.frames and len(result.sha256) == 64


HARNESSES: dict[str, Callable[[bytes], None]] = {
    "report_upload": _report_upload,
    "vault": _vault,
    "image_hash": _image_hash,
    "video_hash": _video_hash,
}


def run(name: str, data: bytes) -> None:
    """One input through one harness; returns on acceptance or a clean refusal, raises on a crash."""
    try:
        HARNESSES[name](data)
    except CLEAN_REFUSALS as exc:
        assert str(exc), "a refusal must say why"
