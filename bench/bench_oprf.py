"""OPRF evaluations per second: RFC 9497's ristretto255-SHA512 (glasna/core/crypto/oprf_ristretto255.py,
what the escrow runs) and the first edwards25519 OPRF (oprf.py, run again only while old entries
are live), against a plain HMAC-SHA256 of the same inputs in the same run as the baseline: the cost
of one escrow look-up's cryptography.

    .venv/bin/python bench/bench_oprf.py [count]     (default: 2000)

For each OPRF: the server's share alone (one validation and one scalar multiplication), and the
whole round trip as it runs today in one process (blind, evaluate, finalize); for ristretto255 also
the VOPRF server's evaluation with its proof. Median of ROUNDS runs; no database."""

import hashlib
import hmac
import json
import statistics
import sys
import time
from collections.abc import Callable

sys.path.insert(0, __file__.rsplit("/bench/", 1)[0])

from glasna.core.crypto import oprf, oprf_ristretto255  # noqa: E402

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

    r = oprf_ristretto255
    secret, public = r.derive_key_pair(b"\x01" * 32, b"bench")
    r_blinded = [r.blind(data).element for data in inputs]

    def r_round_trip(i: int) -> bytes:
        b = r.blind(inputs[i])
        return r.finalize(inputs[i], b.blind, r.blind_evaluate(secret, b.element))

    figures = {
        "count": count,
        "libsodium": r.group.version(),
        "ristretto255_blind_evaluate_per_s": round(_rate(count, lambda i: r.blind_evaluate(secret, r_blinded[i]))),
        "ristretto255_round_trip_per_s": round(_rate(count, r_round_trip)),
        "ristretto255_voprf_evaluate_with_proof_per_s": round(
            _rate(count, lambda i: r.blind_evaluate_verifiable(secret, public, [r_blinded[i]]))
        ),
        "oprf_evaluate_per_s": round(_rate(count, lambda i: oprf.evaluate(key, blinded[i]))),
        "oprf_round_trip_per_s": round(_rate(count, round_trip)),
        "hmac_sha256_per_s": round(_rate(count, lambda i: hmac.new(mac_key, inputs[i], hashlib.sha256).digest())),
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
