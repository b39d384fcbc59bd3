"""Video hashing, one frame a second: Glasna's path (PyAV decode, PDQ per frame, runs of equal
frames dropped) against Meta's `vpdq` (threatexchange's C++ vPDQ through its Cython binding) on the
same generated videos. It prints time per video, the ratio, and how far apart the two hashes of
each second are (Hamming distance; PDQ's match threshold is 31).

`vpdq` is published as source only and builds against FFmpeg's development libraries, so it is not
in the dev extra. To run this benchmark once:

    apt-get install -y cmake pkg-config libavcodec-dev libavformat-dev libavdevice-dev \
        libavfilter-dev libavutil-dev libswresample-dev libswscale-dev
    .venv/bin/pip install -c requirements/constraints.txt 'vpdq==0.2.5'
    .venv/bin/python bench/bench_video_hash.py [--videos 6] [--seconds 20] [--size 640x360]

Without `vpdq` it times Glasna's path alone and says so.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import av
import numpy as np

os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from glasna.matching import video  # noqa: E402

try:
    import vpdq  # type: ignore[import-not-found]
except ImportError:  # the comparison is optional; see the docstring
    vpdq = None


def make_video(path: Path, seed: int, seconds: int, fps: int, size: tuple[int, int]) -> None:
    """Generated noise, scaled up so PDQ sees structure, with a block that moves every frame and a
    new backdrop every few seconds (scene cuts), encoded as H.264 like a phone would."""
    rng = np.random.default_rng(seed)
    width, height = size
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        backdrop = None
        for i in range(seconds * fps):
            if i % (fps * 4) == 0:
                small = rng.integers(0, 255, size=(9, 16, 3), dtype=np.uint8)
                backdrop = np.kron(small, np.ones((height // 9 + 1, width // 16 + 1, 1), dtype=np.uint8))
                backdrop = np.ascontiguousarray(backdrop[:height, :width])
            assert backdrop is not None
            frame = backdrop.copy()
            x = (i * 7) % max(1, width - width // 5)
            frame[height // 3 : 2 * height // 3, x : x + width // 5] = (
                255 - frame[height // 3 : 2 * height // 3, x : x + width // 5]
            )
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def ours(path: Path) -> dict[int, str]:
    with path.open("rb") as stream:
        result = video.hash_video(stream)
    return {int(frame.frame_ts): frame.hash_value for frame in result.frames}


def theirs(path: Path) -> dict[int, str]:
    features = vpdq.computeHash(str(path), seconds_per_hash=1, thread_count=1)
    return {int(round(feature.timestamp)): feature.hex for feature in features}


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--videos", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--size", default="640x360")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    folder = Path(tempfile.mkdtemp(prefix="glasna-bench-video-"))
    paths = []
    for seed in range(args.videos):
        path = folder / f"video{seed}.mp4"
        make_video(path, seed, args.seconds, args.fps, size)  # type: ignore[arg-type]
        paths.append(path)
    print(f"{args.videos} H.264 videos, {args.seconds} s at {args.fps} fps, {args.size}, one hash a second")
    ours(paths[0])  # warm up
    if vpdq is None:
        start = time.perf_counter()
        for path in paths:
            ours(path)
        print(f"glasna: {(time.perf_counter() - start) / len(paths) * 1000:.0f} ms a video")
        print("vpdq is not installed: no comparison (see this file's docstring)")
        return
    theirs(paths[0])
    ours_s = theirs_s = ours_cpu = theirs_cpu = 0.0
    distances: list[int] = []
    only_one = 0
    for path in paths:  # alternated, so load on a shared machine falls on both alike
        t0, c0 = time.perf_counter(), time.process_time()
        a = ours(path)
        t1, c1 = time.perf_counter(), time.process_time()
        b = theirs(path)
        t2, c2 = time.perf_counter(), time.process_time()
        ours_s, ours_cpu = ours_s + t1 - t0, ours_cpu + c1 - c0
        theirs_s, theirs_cpu = theirs_s + t2 - t1, theirs_cpu + c2 - c1
        # vPDQ keeps every second; Glasna drops a second equal to the one before: compare the
        # seconds both kept, and count those only one of them kept.
        distances += [distance(a[s], b[s]) for s in sorted(a.keys() & b.keys())]
        only_one += len(a.keys() ^ b.keys())
    count = len(paths)
    # Wall time and CPU time (all threads: FFmpeg decodes with threads of its own in both).
    print(f"{'':24} {'wall a video':>13} {'CPU a video':>12}")
    print(f"{'vpdq (C++)':24} {theirs_s / count * 1000:10.0f} ms {theirs_cpu / count * 1000:9.0f} ms")
    print(f"{'glasna (PyAV + pdqhash)':24} {ours_s / count * 1000:10.0f} ms {ours_cpu / count * 1000:9.0f} ms")
    print(f"ratio glasna/vpdq: wall {ours_s / theirs_s:.2f}x, CPU {ours_cpu / theirs_cpu:.2f}x")
    within = sum(d <= 31 for d in distances)
    print(
        f"same second, both hashes: {len(distances)}; distance median {median(distances)}, "
        f"max {max(distances)}; within 31: {within} ({within / len(distances):.0%}); "
        f"seconds only one side kept: {only_one}"
    )


if __name__ == "__main__":
    main()
