"""The same file hashed in Chromium (its own decoders, EXIF orientation applied by createImageBitmap)
and on the server (Pillow, ImageOps.exif_transpose, pdqhash): at quality 80 or more the hashes
differ by at most 10 bits, Meta's correctness bar for PDQ.

Decoders differ (JPEG IDCT and chroma upsampling, WebP), so equality is not expected for lossy
formats; lossless ones (PNG, GIF) decode to the same pixels and must hash identically.

    .venv/bin/pytest -p no:cacheprovider -q -s tests/matching/test_pdq_js_file_parity.py
prints the distribution of distances (docs/performance.md, "Browser PDQ parity")."""

import statistics
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page

from tests.matching.pdq_browser import HASH_FILES, PDQ_JS, pdq_page, serving
from tests.matching.pdq_corpus import encoded, hamming, picture, server_hash

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _no_pixel_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's decompression-bomb limit is process-wide and other tests lower it; this corpus is ours.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)


__all__ = ["pdq_page"]

FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
SIZES = [
    (640, 480),
    (480, 640),
    (800, 600),
    (300, 300),
    (256, 144),
    (97, 131),
    (64, 64),
    (333, 500),
    (150, 90),
    (512, 384),
    (90, 150),
    (1024, 768),
    (400, 225),
    (225, 400),
    (200, 800),
    (720, 405),
]
# A few large ones (every 40th file), the first above pdq.js's MAX_PIXELS so that it is scaled down first.
LARGE = [(5000, 3500), (1920, 1080), (1200, 1600), (2000, 1500), (3000, 2000), (2560, 1440), (1080, 1920)]
CORPUS_SIZE = 256
MAX_PIXELS = 4096 * 4096  # pdq.js scales larger pictures down before hashing


def _corpus(tmp_path: Path) -> list[tuple[Path, str, int, tuple[int, int]]]:
    files = []
    for i in range(CORPUS_SIZE):
        fmt = FORMATS[i % 4]
        orientation = 1 if fmt == "GIF" else (i // 4) % 8 + 1
        width, height = LARGE[i // 40] if i % 40 == 39 else SIZES[(i * 7) % len(SIZES)]
        path = tmp_path / f"picture-{i:03d}.{fmt.lower()}"
        path.write_bytes(encoded(picture(width, height, seed=1000 + i), fmt, orientation, seed=i))
        files.append((path, fmt, orientation, (width, height)))
    return files


def test_browser_and_server_hash_the_same_file_alike(pdq_page: Page, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    # The corpus really exercises orientation: Pillow shows each stored file at its intended size.
    for path, _, orientation, size in corpus[:32]:
        with Image.open(path) as image:
            upright = image.size if orientation < 5 else image.size[::-1]
            assert upright == size
    server = [server_hash(path) for path, *_ in corpus]
    (tmp_path / "index.html").write_text("<!doctype html><title>corpus</title>")
    with serving(tmp_path) as base:
        pdq_page.goto(base + "index.html")
        pdq_page.add_script_tag(path=str(PDQ_JS))
        browser = [tuple(r) for r in pdq_page.evaluate(HASH_FILES, [path.name for path, *_ in corpus])]

    errors = [(path.name, result) for (path, *_), result in zip(corpus, browser, strict=True) if result[0] == "error"]
    assert errors == []
    rows = []
    for (path, fmt, orientation, _), (s_hash, s_quality), (b_hash, b_quality) in zip(
        corpus, server, browser, strict=True
    ):
        assert isinstance(b_quality, int)
        rows.append((path.name, fmt, orientation, hamming(s_hash, str(b_hash)), s_quality, b_quality))

    judged = [r for r in rows if r[4] >= 80]
    assert len(judged) >= 200, f"only {len(judged)} files reached quality 80"
    too_far = [r for r in judged if r[3] > 10]
    assert too_far == []
    # Lossless formats decode to the same pixels: identical hashes, unless pdq.js scaled a huge one down.
    lossless = [
        r
        for r, (*_, size) in zip(rows, corpus, strict=True)
        if r[1] in ("PNG", "GIF") and size[0] * size[1] <= MAX_PIXELS
    ]
    assert [r for r in lossless if r[3] != 0 or r[4] != r[5]] == []

    distances = [r[3] for r in judged]
    by_format = {fmt: [r[3] for r in judged if r[1] == fmt] for fmt in FORMATS}
    print(f"\nBrowser PDQ parity on {len(rows)} files, {len(judged)} at quality >= 80:")
    print(
        f"  all: max {max(distances)}, mean {statistics.fmean(distances):.2f}, histogram {sorted(Counter(distances).items())}"
    )
    for fmt, values in by_format.items():
        print(f"  {fmt}: n {len(values)}, max {max(values)}, mean {statistics.fmean(values):.2f}")
    everything = [r[3] for r in rows]
    print(f"  every file (any quality): max {max(everything)}, mean {statistics.fmean(everything):.2f}")
    quality_gap = [abs(r[4] - r[5]) for r in rows]
    print(f"  quality difference: max {max(quality_gap)}, mean {np.mean(quality_gap):.2f}")
