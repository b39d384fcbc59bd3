"""OPRF evaluations per second (glasna/core/crypto/oprf.py), against a plain HMAC-SHA256 of the
same inputs in the same run as the baseline: the cost of one escrow look-up's cryptography.

    .venv/bin/python bench/bench_oprf.py [count]     (default: 2000)

Three figures: the server's share alone (`evaluate`: one validation and one scalar
multiplication), the whole round trip as it runs today in one process (blind, evaluate,
finalize), and HMAC. Median of ROUNDS runs; no database."""

import hashlib
import hmac
import json
import statistics
import sys
import time
from collections.abc import Callable

sys.path.insert(0, __file__.rsplit("/bench/", 1)[0])

from glasna.core.crypto import oprf  # noqa: E402

ROUNDS = 5


def _rate(count: int, work: Callable[[int], object]) -> float:
    rates = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for i in range(count):
            work(i)
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    key = oprf.derive_key(b"bench")
    mac_key = hashlib.sha256(b"bench").digest()
    inputs = [f"phone:+389700{i:05d}".encode() for i in range(count)]
    blinded = [oprf.blind(data).element for data in inputs]

    def round_trip(i: int) -> bytes:
        b = oprf.blind(inputs[i])
        return oprf.finalize(inputs[i], b.blind, oprf.evaluate(key, b.element))

    figures = {
        "count": count,
        "oprf_evaluate_per_s": round(_rate(count, lambda i: oprf.evaluate(key, blinded[i]))),
        "oprf_round_trip_per_s": round(_rate(count, round_trip)),
        "hmac_sha256_per_s": round(_rate(count, lambda i: hmac.new(mac_key, inputs[i], hashlib.sha256).digest())),
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
