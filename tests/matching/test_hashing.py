"""Server hashing: formats, orientation, first GIF frame, quality, pixel bombs, videos."""

import io

import av
import numpy as np
import pillow_heif
import pytest
from PIL import Image
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes

from glasna.matching import hashing, video
from glasna.matching.index import distances, hex_to_words


def _pattern(size: tuple[int, int] = (240, 160), seed: int = 1) -> Image.Image:
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, size=(12, 18, 3), dtype=np.uint8)
    return Image.fromarray(small).resize(size, Image.Resampling.BILINEAR)


def _encode(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def _bits(a: str, b: str) -> int:
    return int(distances(hex_to_words([a]), hex_to_words([b])[0])[0])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_formats_hash_like_pdqhash_reference(fmt: str) -> None:
    data = _encode(_pattern(), fmt)
    ours = hashing.hash_image(data)
    reference, quality = pdq_from_bytes(_encode(Image.open(io.BytesIO(data)).convert("RGB"), "PNG"))
    assert ours.hash_value == reference and ours.quality == quality >= 50


def test_heic_is_decoded() -> None:
    image = _pattern()
    heif = pillow_heif.from_pillow(image)
    buffer = io.BytesIO()
    heif.save(buffer, quality=90)
    png = hashing.hash_image(_encode(image, "PNG"))
    assert _bits(hashing.hash_image(buffer.getvalue()).hash_value, png.hash_value) <= 16


def test_exif_orientation_is_applied() -> None:
    upright = _pattern((200, 120))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display", as a phone held upright writes it
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    data = _encode(stored, "JPEG", exif=exif.tobytes(), quality=95)
    expected = hashing.hash_image(_encode(stored.transpose(Image.Transpose.ROTATE_270), "PNG"))
    got = hashing.hash_image(data)
    assert _bits(got.hash_value, expected.hash_value) <= 8
    assert _bits(got.hash_value, hashing.hash_image(_encode(stored, "PNG")).hash_value) > 40


def test_gif_first_frame() -> None:
    first, second = _pattern(seed=1), _pattern(seed=2)
    buffer = io.BytesIO()
    first.save(buffer, "GIF", save_all=True, append_images=[second], duration=100)
    expected = hashing.hash_image(_encode(first, "GIF"))
    assert hashing.hash_image(buffer.getvalue()).hash_value == expected.hash_value


def test_flat_image_is_refused_for_low_quality() -> None:
    with pytest.raises(hashing.HashingRejected, match="quality 0 of 100"):
        hashing.hash_image(_encode(Image.new("RGB", (100, 100), (120, 120, 120)), "PNG"))


def test_pixel_bomb_and_garbage_are_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(hashing.HashingRejected, match="too many pixels"):
        hashing.hash_image(_encode(Image.new("L", (200, 200)), "PNG"))
    with pytest.raises(hashing.HashingRejected, match="damaged"):
        hashing.hash_image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    with pytest.raises(hashing.HashingRejected, match="not a picture"):
        hashing.hash_image(b"hello world, not an image at all")


def make_video(seconds: int = 4, fps: int = 10, size: tuple[int, int] = (128, 96), codec: str = "mpeg4") -> bytes:
    """A synthetic video: a bar that moves once a second over generated noise."""
    buffer = io.BytesIO()
    rng = np.random.default_rng(5)
    backdrop = np.asarray(_pattern(size, seed=9))
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(seconds * fps):
            frame = backdrop.copy()
            x = (i // fps) * (size[0] // seconds)
            frame[:, x : x + size[0] // seconds] = 255 - frame[:, x : x + size[0] // seconds]
            frame[0, 0] = rng.integers(0, 255, 3)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def test_video_one_frame_per_second_with_digests() -> None:
    data = make_video(seconds=4)
    result = video.hash_video(io.BytesIO(data))
    import hashlib

    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.md5 == hashlib.md5(data, usedforsecurity=False).hexdigest()
    assert [f.frame_ts for f in result.frames] == [0.0, 1.0, 2.0, 3.0]
    assert all(f.quality >= 50 for f in result.frames)
    assert len({f.hash_value for f in result.frames}) == 4


def test_identical_consecutive_frames_are_deduplicated() -> None:
    buffer = io.BytesIO()
    still = np.asarray(_pattern((128, 96), seed=4))
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 128, 96, "yuv420p"
        for _ in range(20):
            for packet in stream.encode(av.VideoFrame.from_ndarray(still, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    frames = video.hash_video(io.BytesIO(buffer.getvalue())).frames
    assert len(frames) < 4 and frames[0].frame_ts == 0.0


def test_broken_and_frameless_videos_are_refused() -> None:
    with pytest.raises(hashing.HashingRejected):
        video.hash_video(io.BytesIO(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 200))
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:  # an audio-only file
        stream = container.add_stream("aac", rate=8000)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), dtype=np.float32), format="fltp", layout="mono")
        frame.sample_rate = 8000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    with pytest.raises(hashing.HashingRejected, match="no picture track"):
        video.hash_video(io.BytesIO(buffer.getvalue()))


def test_truncated_image_is_refused_even_when_a_library_allowed_truncation(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing WeasyPrint does
    whole = _encode(_pattern(), "JPEG")
    with pytest.raises(hashing.HashingRejected):
        hashing.decode_image(whole[: len(whole) // 2])


def test_a_video_stream_without_a_decoder_is_refused_not_a_crash() -> None:
    """Found by atheris (tests/fuzz/corpus/crashes/video_hash-stream-without-codec.mp4): a video track
    FFmpeg has no codec context for raised AttributeError on its width, a 500."""
    from pathlib import Path

    data = (Path(__file__).parents[1] / "fuzz/corpus/crashes/video_hash-stream-without-codec.mp4").read_bytes()
    with pytest.raises(hashing.HashingRejected, match="damaged"):
        video.hash_video(io.BytesIO(data))
