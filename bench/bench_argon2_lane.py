"""The Argon2id lane's priority (docs/decisions/0013), without the stack: while lane threads hash
non-stop at the receipt's production cost (3 passes, 64 MiB), how long does a cheap CPU-bound
request (pure Python, about 5 ms alone) take, with the lane's threads niced (GLASNA_ARGON2_NICE)
and not? The two lanes take turns in short slices in one run, so both see the same machine load.

    .venv/bin/python bench/bench_argon2_lane.py [--width 2] [--nice 10] [--slices 6] [--slice-seconds 4]
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from glasna.core.crypto.argon2_lane import Lane  # noqa: E402
from glasna.core.crypto.passphrase import Argon2Cost, _hash  # noqa: E402

COST = Argon2Cost(3, 64 * 1024, 1)


def cheap_request() -> None:
    total = 0
    for number in range(60_000):  # about 5 ms of one core, holding the GIL as a view's Python does
        total += number * number % 7
    del total


def slice_of(lane: Lane | None, width: int, seconds: float) -> tuple[list[float], int]:
    """Cheap requests every 20 ms for `seconds` while `width` threads keep the lane busy (none:
    no hashing); their latencies and the hashes done."""
    stop, hashes = threading.Event(), [0]

    def hasher() -> None:
        while not stop.is_set() and lane is not None:
            lane.run(_hash, "synthetic receipt", bytes(16), COST)
            hashes[0] += 1

    threads = [threading.Thread(target=hasher) for _ in range(width)]
    for thread in threads:
        thread.start()
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.perf_counter()
        cheap_request()
        times.append(time.perf_counter() - began)
        time.sleep(0.02)
    stop.set()
    for thread in threads:
        thread.join()
    return times, hashes[0]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--width", type=int, default=2, help="hashes at once (processes x GLASNA_ARGON2_CONCURRENCY)")
    args.add_argument("--nice", type=int, default=10)
    args.add_argument("--slices", type=int, default=6, help="turns per lane")
    args.add_argument("--slice-seconds", type=float, default=4)
    opts = args.parse_args()
    lanes: dict[str, Lane | None] = {
        "no hashing": None,
        f"lane at nice {opts.nice}": Lane(opts.width, opts.nice),
        "lane at nice 0": Lane(opts.width, 0),
    }
    times: dict[str, list[float]] = {name: [] for name in lanes}
    hashes: dict[str, int] = dict.fromkeys(lanes, 0)
    print(f"load before: {Path('/proc/loadavg').read_text().strip()}")
    for _ in range(opts.slices):
        for name, lane in lanes.items():
            got, done = slice_of(lane, opts.width, opts.slice_seconds)
            times[name] += got
            hashes[name] += done
    print(f"load after: {Path('/proc/loadavg').read_text().strip()}")
    seconds = opts.slices * opts.slice_seconds
    print(f"{'':22} {'n':>5} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'hashes/s':>9}")
    for name, values in times.items():
        q = statistics.quantiles(values, n=100, method="inclusive")
        print(
            f"{name:22} {len(values):5} {q[49] * 1000:8.1f} {q[89] * 1000:8.1f} {q[98] * 1000:8.1f} "
            f"{hashes[name] / seconds:9.2f}"
        )


if __name__ == "__main__":
    main()
