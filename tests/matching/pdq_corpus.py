"""Synthetic pictures for the PDQ parity tests (patterns, gradients, shapes, noise; never photographs),
and the server-side reference: pdqhash on Pillow's decoding."""

import io
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pdqhash
from PIL import Image, ImageDraw, ImageFilter, ImageOps

Pixels = npt.NDArray[np.uint8]


def reference_hash(rgb: Pixels) -> tuple[str, int]:
    """pdqhash's hash as 64 lowercase hex digits (its bit vector read most significant bit first)."""
    vector, quality = pdqhash.compute(np.ascontiguousarray(rgb, dtype=np.uint8))
    bits = "".join(str(int(bit)) for bit in vector)
    return f"{int(bits, 2):064x}", int(quality)


def server_hash(path: Path) -> tuple[str, int]:
    """What the server does with a file: Pillow decodes it, EXIF orientation applies, pdqhash hashes."""
    with Image.open(path) as image:
        image.seek(0)
        upright = ImageOps.exif_transpose(image)
        return reference_hash(np.asarray(upright.convert("RGB")))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def picture(width: int, height: int, seed: int) -> Pixels:
    """One of several kinds of generated picture, chosen by the seed."""
    rng = np.random.default_rng(seed)
    kind = seed % 6
    y, x = np.ogrid[0:height, 0:width]
    if kind == 0:  # smooth colour gradients
        r = 255 * x / max(width - 1, 1)
        g = 255 * y / max(height - 1, 1)
        b = 127 + 127 * np.sin((x + y) / (7 + seed % 13))
        array = np.stack(np.broadcast_arrays(r, g, b), axis=-1)
    elif kind == 1:  # uniform noise
        return rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    elif kind == 2:  # stripes and checks
        period = 3 + seed % 17
        stripes = ((x // period + y // (period + 2)) % 2) * 200 + 30
        array = np.stack([stripes, np.roll(stripes, period, axis=1), 255 - stripes], axis=-1).astype(np.float64)
    elif kind == 3:  # concentric rings over low-frequency noise
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        rings = 127 + 127 * np.cos(np.hypot(x - cx, y - cy) / (2 + seed % 9))
        low = rng.integers(0, 256, (max(height // 16, 1), max(width // 16, 1), 3)).astype(np.uint8)
        blur = np.asarray(Image.fromarray(low).resize((width, height), Image.Resampling.BILINEAR), dtype=np.float64)
        array = 0.6 * blur + 0.4 * rings[..., None]
    else:  # shapes drawn with Pillow, optionally blurred
        image = Image.new("RGB", (width, height), tuple(int(c) for c in rng.integers(0, 256, 3)))
        draw = ImageDraw.Draw(image)
        for _ in range(int(rng.integers(3, 25))):
            x0, x1 = sorted(int(v) for v in rng.integers(0, width, 2))
            y0, y1 = sorted(int(v) for v in rng.integers(0, height, 2))
            fill = tuple(int(c) for c in rng.integers(0, 256, 3))
            if rng.random() < 0.5:
                draw.ellipse([x0, y0, x1, y1], fill=fill)
            else:
                draw.rectangle([x0, y0, x1, y1], fill=fill)
        if kind == 5:
            image = image.filter(ImageFilter.GaussianBlur(radius=1 + seed % 4))
        return np.asarray(image, dtype=np.uint8)
    return np.clip(np.rint(array), 0, 255).astype(np.uint8)


def encoded(pixels: Pixels, fmt: str, orientation: int = 1, seed: int = 0) -> bytes:
    """The picture saved as `fmt`, stored so that a viewer applying EXIF `orientation` shows `pixels`."""
    image = Image.fromarray(pixels)
    # Store the inverse transform so the upright picture is what both decoders should produce.
    transpose = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }
    stored = image.transpose(transpose[orientation]) if orientation != 1 else image
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    if fmt == "JPEG":
        stored.save(buffer, "JPEG", quality=75 + seed % 21, exif=exif)
    elif fmt == "PNG":
        stored.save(buffer, "PNG", exif=exif, compress_level=1)
    elif fmt == "WEBP":
        stored.save(buffer, "WEBP", quality=80 + seed % 16, exif=exif)
    elif fmt == "GIF":
        # GIF carries no EXIF (always upright); a fast palette keeps the corpus quick to build.
        stored.quantize(256, Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, "GIF")
    else:
        raise ValueError(fmt)
    return buffer.getvalue()
