"""Hashing throughput (images/s, decoding included): Glasna's path (sniff, pixel budget, EXIF
orientation, RGB conversion, PDQ, quality check) against calling pdqhash directly the way
threatexchange does (PIL open + numpy array + pdqhash.compute), on the same generated JPEGs.

    .venv/bin/python bench/bench_hashing.py [--images 200] [--size 1024x768]
"""

import argparse
import io
import os
import sys
import tempfile
import time

import numpy as np

os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

import pdqhash  # noqa: E402
from PIL import Image  # noqa: E402

from glasna.matching import hashing  # noqa: E402


def images(count: int, size: tuple[int, int]) -> list[bytes]:
    rng = np.random.default_rng(2)
    out = []
    for _ in range(count):
        small = rng.integers(0, 255, size=(24, 32, 3), dtype=np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(small).resize(size, Image.Resampling.BILINEAR).save(buffer, "JPEG", quality=90)
        out.append(buffer.getvalue())
    return out


def direct(data: bytes) -> tuple[object, int]:
    with Image.open(io.BytesIO(data)) as image:
        bits, quality = pdqhash.compute(np.asarray(image.convert("RGB")))
    return bits, quality


def rates(corpus: list[bytes]) -> tuple[float, float]:
    """Images/s of (Glasna, direct), timed image by image in alternation so that load on a shared
    machine falls on both alike."""
    ours = direct_s = 0.0
    for data in corpus:
        t0 = time.perf_counter()
        hashing.hash_image(data)
        t1 = time.perf_counter()
        direct(data)
        t2 = time.perf_counter()
        ours += t1 - t0
        direct_s += t2 - t1
    return len(corpus) / ours, len(corpus) / direct_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--size", default="1024x768")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    corpus = images(args.images, (width, height))
    rates(corpus[:5])  # warm up
    ours, baseline = rates(corpus)
    print(f"{args.images} JPEGs of {width}x{height}")
    print(f"pdqhash direct : {baseline:.1f} images/s")
    print(f"glasna path    : {ours:.1f} images/s")
    print(f"ratio glasna/direct: {ours / baseline:.2f}x")


if __name__ == "__main__":
    main()
