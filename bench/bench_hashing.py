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


def rate(action: object, corpus: list[bytes]) -> float:
    start = time.perf_counter()
    for data in corpus:
        action(data)  # type: ignore[operator]
    return len(corpus) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--size", default="1024x768")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    corpus = images(args.images, (width, height))
    rate(hashing.hash_image, corpus[:5])  # warm up
    ours = rate(hashing.hash_image, corpus)
    baseline = rate(direct, corpus)
    print(f"{args.images} JPEGs of {width}x{height}")
    print(f"pdqhash direct : {baseline:.1f} images/s")
    print(f"glasna path    : {ours:.1f} images/s")
    print(f"ratio glasna/direct: {ours / baseline:.2f}x")


if __name__ == "__main__":
    main()
