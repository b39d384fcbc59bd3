"""Where one platform lookup's time goes (issue 16, item 3): `raw_lookup` with a bearer token,
through Django's whole request handling (middleware, Ninja, the database connection each request
opens and closes, the audit record), on PostgreSQL. Prints the median wall time per lookup and,
from cProfile, the cumulative time per call of the parts that matter.

    scripts/with-postgres .venv/bin/python bench/profile_lookup.py            # 300 lookups
    GLASNA_DB_CONN_MAX_AGE=60 scripts/with-postgres .venv/bin/python bench/profile_lookup.py

The wall times compare a new database connection per lookup (GLASNA_DB_CONN_MAX_AGE=0, the
default) with one kept open, interleaved; the profile is of the mode the setting chooses."""

import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PARTS = {  # (file suffix, function): what the table calls it
    ("glasna/matching/tokens.py", "platform_for"): "token digest query",
    ("glasna/core/audit.py", "record"): "audit record (chain head lock, insert, commit)",
    ("glasna/matching/lookup.py", "lookup"): "lookup (scope query, index search)",
    ("glasna/matching/live_index.py", "current"): "  of which the index (load/refresh)",
    ("django/db/backends/base/base.py", "connect"): "database connect",
    ("django/db/backends/base/base.py", "close"): "database close",
    ("django/db/backends/utils.py", "_execute"): "SQL statements (all)",
    ("django/db/backends/base/base.py", "commit"): "commits outside atomic",
    ("django/db/transaction.py", "__exit__"): "atomic blocks' exit (commit)",
    ("ninja/operation.py", "run"): "Ninja operation (auth + handler + response)",
}


def main() -> None:
    rounds = int(os.environ.get("LOOKUPS", "300"))
    os.environ.setdefault("GLASNA_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("GLASNA_LOG_FORMAT", "json")  # as deployed; the request log is part of the cost
    from bench.harness import start_django

    start_django(os.environ["DATABASE_URL"])
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable")
    out = io.StringIO()
    call_command("matching_platform", "telegram", "--name", "Telegram", stdout=out)
    token = out.getvalue().split("token:", 1)[1].strip()

    from django.db import connection

    persistent = connection.settings_dict["CONN_MAX_AGE"]

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def one(reconnect: bool = persistent == 0) -> None:
        # The test client keeps its connection open; a served request under CONN_MAX_AGE=0 opens
        # one of its own (and closes it when done, which is counted here too).
        if reconnect:
            connection.close()
        response = client.get("/api/matching/m/raw_lookup", {"signal_type": "pdq", "signal": secrets.token_hex(32)})
        assert response.status_code == 200, response.content

    for _ in range(20):  # warm: imports, the index, translations
        one()
    # Wall time, a connection per lookup against one kept open, interleaved: the same machine load.
    times: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, float] = {True: 0.0, False: 0.0}  # this process's CPU: Django's side, not PostgreSQL's
    for index in range(2 * rounds):
        began, began_cpu = time.perf_counter(), time.process_time()
        one(reconnect=index % 2 == 0)
        times[index % 2 == 0].append(time.perf_counter() - began)
        cpu[index % 2 == 0] += time.process_time() - began_cpu
    for reconnect, values in times.items():
        what = "a new connection each" if reconnect else "a kept connection"
        print(
            f"{rounds} lookups, {what}: median {statistics.median(values) * 1000:.2f} ms, "
            f"p90 {statistics.quantiles(values, n=10)[-1] * 1000:.2f} ms, "
            f"CPU here {cpu[reconnect] / rounds * 1000:.2f} ms"
        )
    print(f"profiled with CONN_MAX_AGE={persistent}:")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(rounds):
        one()
    profile.disable()
    stats = pstats.Stats(profile)
    total = sum(t for (_c, _n, t, _ct, _callers) in stats.stats.values())  # type: ignore[attr-defined]
    print(f"profiled: {total / rounds * 1000:.2f} ms per lookup (with cProfile's own overhead)")
    for (path, _line, name), (_cc, calls, _tt, cumulative, _callers) in sorted(
        stats.stats.items(),  # type: ignore[attr-defined]
        key=lambda item: -item[1][3],
    ):
        label = next((text for (suffix, func), text in PARTS.items() if path.endswith(suffix) and name == func), None)
        if label:
            print(f"  {label:48} {cumulative / rounds * 1000:7.2f} ms  ({calls / rounds:.1f} calls)")
    if os.environ.get("PROFILE_TOP"):
        stats.sort_stats("cumulative").print_stats(int(os.environ["PROFILE_TOP"]))


if __name__ == "__main__":
    main()
