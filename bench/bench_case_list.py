"""The staff case list at scale: N cases (default 100,000) in one organisation, each queue's
first page, a filtered page and a deep page through the real view (signed-in test client), best
of 3. Every case is a copy of one sealed report (the list decrypts each shown line), made with
bulk_create: minimal valid rows, fast. Baseline in the same run: COUNT(*) of the organisation's
cases, and one page of the case list when the organisation has a single case.

    .venv/bin/python bench/bench_case_list.py [--cases N]                       # SQLite, temp file
    scripts/with-postgres sh -c '.venv/bin/python bench/bench_case_list.py --database-url "$DATABASE_URL"'
"""

import argparse
import os
import sys
import time
from collections.abc import Callable

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--cases", type=int, default=100_000)
ARGS.add_argument("--database-url", default="", help="postgres://… (default: SQLite in a temp file)")
ARGS.add_argument("--rounds", type=int, default=3)
ARGS.add_argument("--explain", action="store_true", help="print each queue's query plan too")
OPTIONS = ARGS.parse_args()

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.harness import best, start_django  # noqa: E402
from bench.seed_cases import clone_cases  # noqa: E402

start_django(OPTIONS.database_url)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def explain(staff: object) -> None:
    """Each queue's query plan, to see which index the database chose."""
    from glasna.cases import services

    for name in ("triage_queue", "my_cases", "urgent_cases", "waiting_on_us", "all_cases"):
        queryset = getattr(services, name)(staff)[:50]
        print(f"-- {name}\n{queryset.explain()}")


def main() -> None:
    from glasna.accounts.models import Role
    from glasna.cases.models import Case
    from tests.factories import make_organisation, signed_in_client, submit

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    bundle = make_organisation("bench", ["MK"], role=Role.ORG_ADMIN)
    submit(country="MK")
    client = signed_in_client(bundle.staff)
    rounds = OPTIONS.rounds

    def page(query: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get(f"/en/staff/?{query}")
            assert response.status_code == 200, (query, response.status_code)

        return get

    one_case = best(page("queue=all"), rounds)
    start = time.perf_counter()
    clone_cases(OPTIONS.cases - 1, Case.objects.get(), bundle.org_keys, spread_days=730)
    filled = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    organisation_id = bundle.organisation.pk
    count = best(lambda: Case.objects.filter(organisation_id=organisation_id).count(), rounds)
    print(f"{connection.vendor}, {Case.objects.count():,} cases in one organisation: filled in {filled:.0f} s")
    print(f"{'baseline: SELECT COUNT(*) of the cases':44} {count * 1000:9.1f} ms")
    print(f"{'baseline: the list with a single case':44} {one_case * 1000:9.1f} ms")
    print(f"{'':44} {'best of ' + str(rounds):>12} {'÷ COUNT(*)':>11} {'÷ 1 case':>9}")
    worst = 0.0
    queries = ["queue=triage", "queue=mine", "queue=urgent", "queue=waiting", "queue=others", "queue=all"]
    queries += ["queue=all&status=active", "queue=all&urgent=1", "queue=all&q=bench", "queue=all&page=1000"]
    for query in queries:
        seconds = best(page(query), rounds)
        worst = max(worst, seconds)
        print(
            f"{'GET /en/staff/?' + query:44} {seconds * 1000:9.1f} ms {seconds / count:10.1f}× {seconds / one_case:8.2f}×"
        )
    if OPTIONS.explain:
        explain(bundle.staff)
    print(f"slowest: {worst * 1000:.1f} ms ({'under' if worst < 0.2 else 'OVER'} the 200 ms target)")


if __name__ == "__main__":
    main()
