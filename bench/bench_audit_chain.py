"""Audit-chain verification on a page view (from the checkpoint) against the full walk, measured
in the same run, at growing history sizes. SQLite in a temporary data directory.

    .venv/bin/python bench/bench_audit_chain.py [sizes...]     (default: 10000 100000)

At each size the log is grown to that many entries with valid hashes, the full walk is timed
(it also moves the checkpoint), then NEW entries are appended and the page-view check is timed
(median of ROUNDS, each round on NEW fresh entries)."""

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta

os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

NEW = 20
ROUNDS = 7
BATCH = 5000


def grow_to(total: int) -> None:
    """Append synthetic entries with valid hashes in bulk (the same digest as audit.record)."""
    from glasna.core import audit
    from glasna.core.models import AuditEvent, AuditHead

    head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": audit.GENESIS})
    prev = head.last_hash
    count = AuditEvent.objects.count()
    start = timezone.now()
    while count < total:
        batch = []
        for i in range(count, min(total, count + BATCH)):
            event = AuditEvent(
                at=start + timedelta(microseconds=i),
                actor=f"staff{i % 40}",
                organisation_id=1 + i % 7,
                action="report.viewed",
                target=f"report:{i}",
                source="198.51.100.7",
                prev_hash=prev,
            )
            event.entry_hash = audit._digest(prev, event)
            prev = event.entry_hash
            batch.append(event)
        AuditEvent.objects.bulk_create(batch)
        count += len(batch)
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]
    call_command("migrate", verbosity=0)
    from glasna.core import audit_checkpoint

    rows = []
    for size in sizes:
        grow_to(size)
        full = timed(audit_checkpoint.verify_full)
        samples = [_page_view_time(size, round_) for round_ in range(ROUNDS)]
        page = statistics.median(samples)
        rows.append({"events": size, "full_s": full, "page_view_s": page})
        print(
            f"{size:>9,} events  full walk {full * 1000:10.1f} ms   page view ({NEW} new) {page * 1000:7.2f} ms"
            f"   page/full {page / full:8.5f}"
        )
    first = rows[0]
    for row in rows[1:]:
        print(
            f"{row['events']:,} vs {first['events']:,}: full walk x{row['full_s'] / first['full_s']:.1f},"
            f" page view x{row['page_view_s'] / first['page_view_s']:.2f}"
        )
    print(json.dumps(rows))


def _page_view_time(size: int, round_: int) -> float:
    """Append NEW entries, then time the page-view check that verifies them."""
    from glasna.core import audit, audit_checkpoint

    for i in range(NEW):
        audit.record("report.viewed", actor="bench", target=f"timed:{size}:{round_}:{i}", organisation_id=1)
    start = time.perf_counter()
    result = audit_checkpoint.verify_recent()
    elapsed = time.perf_counter() - start
    assert result.problems == [] and result.checked == NEW, (result.problems, result.checked)
    return elapsed


if __name__ == "__main__":
    main()
