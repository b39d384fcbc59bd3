"""Observatory at scale: the dashboard's case tables, the open-data API and its CSV export over
N coded statistical records (default 1,000,000), disclosure control applied, best of 3.

Baselines in the same run: a plain COUNT(*) over the records, and the reference that counts every
record in Python (tables.case_bundle over tables.published_records, what the dashboard did before
the maintained counts; timed once, it takes seconds).

    .venv/bin/python bench/bench_observatory.py [--records N]                     # SQLite, temp file
    scripts/with-postgres sh -c '.venv/bin/python bench/bench_observatory.py --database-url "$DATABASE_URL"'
"""

import argparse
import datetime as dt
import os
import random
import sys
import time

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--records", type=int, default=1_000_000)
ARGS.add_argument("--database-url", default="", help="postgres://… (default: SQLite in a temp file)")
ARGS.add_argument("--rounds", type=int, default=3)
OPTIONS = ARGS.parse_args()

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.harness import best, start_django  # noqa: E402

start_django(OPTIONS.database_url)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

BATCH = 5000


def fill(count: int) -> None:
    """Reports (placeholder ciphertext, no consent so no receiver makes records) and one coded
    record each, spread over five years, the Western Balkan countries and every code."""
    from django.db.models.signals import post_save

    from glasna.accounts.models import Organisation
    from glasna.intake.models import Report
    from glasna.observatory import codebook, receivers
    from glasna.observatory.models import StatisticalRecord

    book = codebook.load()
    pick = {d: list(book.codes(d)) for d in ("age_band", "survivor_gender", "relationship", "perpetrator_gender")}
    pick |= {d: list(book.codes(d)) for d in ("motive", "offence", "stage", "sanction", "civil_outcome")}
    countries = ["AL", "BA", "HR", "ME", "MK", "RS", "XK", "MK", "RS", "BA", "unknown"]  # skewed
    forms, platforms = list(book.codes("form")), list(book.codes("platform"))
    this_month = timezone.localdate().replace(day=1)
    months = [(this_month - dt.timedelta(days=31 * i)).replace(day=1) for i in range(60)]
    organisation = Organisation.objects.create(slug="bench", name="Bench", org_type="womens_rights", countries=["MK"])
    rng = random.Random(17)
    post_save.disconnect(receivers.report_saved, sender=Report, dispatch_uid="observatory.report_saved")
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        reports = Report.objects.bulk_create(
            Report(
                organisation=organisation,
                received_on=this_month,
                receipt_lookup=rng.randbytes(16),
                org_key_version=1,
                data_key_for_org=b"-",
                data_key_for_receipt=b"-",
                payload=b"-",
            )
            for _ in range(size)
        )
        rows = []
        for report in reports:
            month = rng.choice(months)
            stage = rng.choice(pick["stage"])
            rows.append(
                StatisticalRecord(
                    report=report,
                    month=month,
                    stage_month=None
                    if stage == "reported"
                    else month + dt.timedelta(days=rng.choice((3, 40, 100, 400))),
                    country=rng.choice(countries),
                    forms=sorted(rng.sample(forms, rng.choice((1, 1, 2, 3)))),
                    platforms=sorted(rng.sample(platforms, rng.choice((1, 1, 2)))),
                    stage=stage,
                    **{d: rng.choice(pick[d]) for d in pick if d != "stage"},
                )
            )
        StatisticalRecord.objects.bulk_create(rows)  # bypasses the signals: rebuilt below
        done += size
    post_save.connect(receivers.report_saved, sender=Report, dispatch_uid="observatory.report_saved")


def main() -> None:
    from glasna.observatory import aggregates, payloads, tables
    from glasna.observatory.models import StatisticalRecord

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    start = time.perf_counter()
    fill(OPTIONS.records)
    filled = time.perf_counter() - start
    start = time.perf_counter()
    count_rows = aggregates.rebuild()
    rebuilt = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{connection.vendor}, {OPTIONS.records:,} records: filled in {filled:.0f} s; ", end="")
    print(f"observatory_rebuild {rebuilt:.1f} s ({count_rows:,} count rows)")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()

    def get(path: str) -> None:
        response = client.get(path, follow=True)
        assert response.status_code == 200, (path, response.status_code)
        b"".join(response) if response.streaming else response.content  # noqa: B018

    api = "/api/observatory/v1"
    rounds = OPTIONS.rounds
    baseline = best(lambda: StatisticalRecord.objects.count(), rounds)
    start = time.perf_counter()
    reference = tables.case_bundle(tables.published_records())
    counted = time.perf_counter() - start
    assert tables.published_bundle() == reference, "the maintained counts disagree with counting every record"
    timings: list[tuple[str, float]] = [
        ("every table, disclosure-controlled", best(tables.published_bundle, rounds)),
        ("payloads.case_tables (with labels)", best(payloads.case_tables, rounds)),
        ("API GET /tables (JSON)", best(lambda: get(f"{api}/tables"), rounds)),
    ]
    for name in tables.CASE_TABLES:
        path = f"{api}/tables/{name}?format=csv"
        timings.append((f"API GET /tables/{name}?format=csv", best(lambda path=path: get(path), rounds)))
    timings.append(("dashboard page GET /observatory/", best(lambda: get("/observatory/"), rounds)))
    print(f"{'baseline: SELECT COUNT(*) over the records':48} {baseline * 1000:9.1f} ms")
    print(f"{'reference: count every record in Python (1 run)':48} {counted * 1000:9.1f} ms")
    print(f"{'':48} {'best of ' + str(rounds):>12} {'÷ COUNT(*)':>11} {'÷ reference':>12}")
    for label, seconds in timings:
        print(f"{label:48} {seconds * 1000:9.1f} ms {seconds / baseline:10.2f}× {seconds / counted:11.4f}×")
    worst = max(seconds for _label, seconds in timings)
    print(f"slowest: {worst * 1000:.1f} ms ({'under' if worst < 0.5 else 'OVER'} the 500 ms target)")


if __name__ == "__main__":
    main()
