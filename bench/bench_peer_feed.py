"""A peer's appearance feed at installation scale: N records (default 50,000) signed, read back and
stored, on SQLite in a temporary data directory, with baselines measured in the same run, and the
feed's size per record (what GLASNA_FEDERATION_MAX_BYTES allows).

    .venv/bin/python bench/bench_peer_feed.py [--records 50000] [--rounds 3]

Stages, each against its baseline:
- publish: feed.document (canonical JSON and an Ed25519 signature) and json.dumps of the result,
  against json.dumps of the unsigned records alone.
- read: json.loads and feed.check (signature, installation, audience, sequence, date), against
  json.loads alone.
- store: federation.store for a new peer, then again with 1% of the records changed, then again
  unchanged (only what changed is written), each against the same number of rows into a bare
  SQLite table with one indexed text column."""

import argparse
import base64
import json
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.harness import best, start_django  # noqa: E402

start_django()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from nacl.signing import SigningKey  # noqa: E402

COUNTRIES = ["AL", "BA", "ME", "MK", "RS", "XK", "HR"]


def timed(label: str, seconds: float, count: int, baseline: float) -> None:
    rate, base_rate = count / seconds, count / baseline
    print(f"{label:40s} {rate:12,.0f}/s   baseline {base_rate:12,.0f}/s   cost ×{base_rate / rate:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from glasna.networks import federation, feed

    key, reader = SigningKey.generate(), SigningKey.generate()
    peer_key = base64.b64encode(bytes(key.verify_key)).decode()
    audience = base64.b64encode(bytes(reader.verify_key)).decode()
    records = [
        {
            "platform": "telegram",
            "kind": "public_space" if n % 5 else "private_invite",
            "pseudonym": f"{n:064x}",
            "reporter": f"{n % 20:064x}",
            "countries": [COUNTRIES[n % 7]],
            "first_seen": "2026-03-04",
        }
        for n in range(args.records)
    ]
    n = args.records
    state = {"sequence": 0}

    def publish() -> bytes:
        state["sequence"] += 1
        document = feed.document(records, "bench.example", state["sequence"], timezone.now(), audience, key)
        return json.dumps(document, ensure_ascii=False).encode()

    body = publish()
    timed("publish (sign, serialise)", best(publish, args.rounds), n, best(lambda: json.dumps(records), args.rounds))

    def read() -> object:
        return feed.check(json.loads(body), peer_key, "bench.example", audience, 0, timezone.now())

    timed("read (parse, verify, check)", best(read, args.rounds), n, best(lambda: json.loads(body), args.rounds))

    def bare() -> None:
        with tempfile.TemporaryDirectory() as folder:
            db = sqlite3.connect(os.path.join(folder, "bare.sqlite3"))
            db.execute("CREATE TABLE t (pseudonym TEXT)")
            db.execute("CREATE INDEX t_p ON t (pseudonym)")
            db.executemany("INSERT INTO t VALUES (?)", [(r["pseudonym"],) for r in records])
            db.commit()
            db.close()

    baseline = best(bare, args.rounds)
    timed("store (a new peer's records)", best(lambda: federation.store("bench.example", records), 1), n, baseline)
    changed = [{**r, "countries": ["AL"]} if i % 100 == 0 else r for i, r in enumerate(records)]
    timed("store again (1% changed)", best(lambda: federation.store("bench.example", changed), 1), n, baseline)
    unchanged = best(lambda: federation.store("bench.example", changed), args.rounds)
    timed("store again (unchanged)", unchanged, n, baseline)
    print(f"feed size: {len(body):,} bytes, {len(body) / n:.0f} bytes a record; "
          f"64 MiB holds about {64 * 1024 * 1024 * n // len(body):,} records")  # fmt: skip


if __name__ == "__main__":
    main()
