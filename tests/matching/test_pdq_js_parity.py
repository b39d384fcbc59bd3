"""pdq.js against pdqhash on the very same pixels: the hash and the quality must be identical, bit for bit.

The pixels go to Chromium as raw RGB bytes (no image decoder involved), so any difference is the
port's arithmetic, not decoding."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page

from tests.matching.pdq_browser import HASH_PIXELS, b64, pdq_page
from tests.matching.pdq_corpus import Pixels, picture, reference_hash

pytestmark = pytest.mark.e2e
__all__ = ["pdq_page"]  # the fixture, imported for the tests below

# (width, height): square, wide, tall, exactly 64x64 (the C++ skips the blur there), at and under the
# 5-pixel minimum, odd sizes where the Jarosz windows and decimation indices round, and a few large ones.
SIZES = [
    (64, 64),
    (5, 5),
    (4, 4),
    (5, 4),
    (3, 200),
    (6, 7),
    (63, 65),
    (65, 63),
    (127, 129),
    (128, 128),
    (129, 127),
    (100, 37),
    (37, 100),
    (200, 200),
    (256, 192),
    (300, 17),
    (17, 300),
    (320, 240),
    (480, 640),
    (640, 480),
    (511, 513),
    (640, 360),
    (720, 1280),
    (799, 601),
    (1000, 333),
    (333, 1000),
    (1024, 768),
    (1200, 900),
    (1280, 720),
    (1600, 1200),
    (2048, 64),
    (64, 2048),
    (1, 1),
    (9, 9),
    (31, 33),
    (256, 256),
    (1023, 1),
    (250, 250),
    (400, 300),
    (96, 96),
]


def _hash_in_browser(page: Page, pictures: list[Pixels]) -> list[tuple[str, int]]:
    items = [[b64(p.tobytes()), int(p.shape[1]), int(p.shape[0])] for p in pictures]
    return [(h, q) for h, q in page.evaluate(HASH_PIXELS, items)]


def test_js_hash_equals_pdqhash_bit_for_bit(pdq_page: Page) -> None:
    pictures = [picture(w, h, seed) for seed, (w, h) in enumerate(SIZES * 2)]
    pictures += [np.zeros((80, 80, 3), np.uint8), np.full((80, 60, 3), 255, np.uint8)]  # flat: quality 0
    expected = [reference_hash(p) for p in pictures]
    got: list[tuple[str, int]] = []
    for start in range(0, len(pictures), 10):  # keep each message to Chromium a few MB
        got += _hash_in_browser(pdq_page, pictures[start : start + 10])
    assert len(pictures) >= 50
    mismatches = [(p.shape, want, have) for p, want, have in zip(pictures, expected, got, strict=True) if want != have]
    assert mismatches == []
    assert {q for _, q in expected} >= {0, 100}, "the corpus spans the quality range"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    width=st.integers(1, 300),
    height=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
    levels=st.sampled_from([2, 4, 256]),
)
def test_js_hash_equals_pdqhash_on_any_pixels(pdq_page: Page, width: int, height: int, seed: int, levels: int) -> None:
    # Few grey levels make many DCT coefficients tie with the median: the threshold must tie the same way.
    rng = np.random.default_rng(seed)
    pixels = (rng.integers(0, levels, (height, width, 3)) * (255 // (levels - 1))).astype(np.uint8)
    assert _hash_in_browser(pdq_page, [pixels]) == [reference_hash(pixels)]


def test_dct_matrix_matches_the_cpp_float_matrix(pdq_page: Page) -> None:
    # pdqhashing.cpp: float(sqrt(2/64)) * cos(pi/2/64 * (i+1) * (2j+1)) in double, stored as float.
    scale = float(np.float32(math.sqrt(2.0 / 64)))
    want = [
        float(np.float32(scale * math.cos((math.pi / 2.0 / 64) * (i + 1) * (2 * j + 1))))
        for i in range(16)
        for j in range(64)
    ]
    assert pdq_page.evaluate("() => Array.from(GlasnaPDQ.dctMatrix())") == want


def test_hamming_distance_and_window_sizes(pdq_page: Page) -> None:
    a = "f" * 64
    b = "0" * 63 + "7"
    assert pdq_page.evaluate("([a, b]) => GlasnaPDQ.hammingDistance(a, b)", [a, b]) == 253
    # computeJaroszFilterWindowSize: (old + 2*new - 1) / (2*new) in integer division.
    sizes = [1, 64, 127, 128, 129, 1000, 4032]
    got = pdq_page.evaluate("(sizes) => sizes.map((n) => GlasnaPDQ.jaroszWindowSize(n, 64))", sizes)
    assert got == [(n + 127) // 128 for n in sizes]
