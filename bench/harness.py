"""What the benchmarks that need Django share: a throwaway data folder, SQLite unless a
PostgreSQL URL is given, and best-of-N timing (the slow runs on a shared machine measure the
neighbours)."""

import os
import tempfile
import time
from collections.abc import Callable


def start_django(database_url: str = "") -> None:
    os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
    import django

    django.setup()


def best(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)
