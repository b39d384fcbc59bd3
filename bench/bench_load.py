"""The whole stack under load, over HTTP (issue 16, item 3). Starts the production-shaped stack of
tests/stack/launcher.py (PostgreSQL, Redis, moto S3, gunicorn with two workers, huey), seeds N
cases into one organisation for the staff case list, then drives it with real HTTP clients
(threads with `requests`) walking the no-JavaScript wizard:

  baseline   one client alone, closed loop (the ratios in the table are against it)
  saturation closed loop with --saturation-clients clients walking the wizard only (pages +
             submit, no return visit): reports/s
  open loop  Poisson arrivals of reports at --rate (2/s: the issue's target) and at 1/2 and 1/4
             of saturation, with lookups and case-list views arriving beside them; p50/p99 per
             request kind
  closed     10, 50 and 200 clients; of every ten, eight survivors loop (report, then return
             with the receipt), one platform loops lookups, one caseworker loops the case list

Request kinds: `page` (the wizard's GET and its step POSTs but the last, and the return form's
GET), `submit` (the last step: proof of work checked, report sealed, receipt made with Argon2id),
`receipt` (the return visit's POST: the receipt checked with Argon2id), `lookup` (the platform API,
`raw_lookup` with a bearer token), `caselist` (`/en/staff/?queue=all`, signed in).

The clients run on the same cores as the stack: on a 2-core machine their own CPU (the proof of
work above all) is part of what is measured. Reports carry no attachment.

    .venv/bin/python bench/bench_load.py                     # modest: 20,000 cases, 15 s a run
    .venv/bin/python bench/bench_load.py --cases 100000 --seconds 60   # the full figures
"""

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ("page", "submit", "receipt", "lookup", "caselist")
NARRATIVE = "Synthetic narrative for the load benchmark: an invented account shared invented pictures."


def options() -> argparse.Namespace:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--cases", type=int, default=20_000, help="cases in the listed organisation (issue: 100000)")
    args.add_argument("--seconds", type=float, default=15, help="length of each measured run")
    args.add_argument("--saturation-clients", type=int, default=8)
    args.add_argument("--clients", default="10,50,200", help="closed-loop client counts")
    args.add_argument("--rate", default="2", help="open loop: fixed report arrival rates, /s (the issue's target: 2)")
    args.add_argument("--lookups-per-s", type=float, default=5, help="open loop: platform lookups arriving")
    args.add_argument("--caselists-per-s", type=float, default=0.5, help="open loop: case-list views arriving")
    args.add_argument("--api-pool", action="store_true", help="a second gunicorn for /api/ alone; the lookups go to it")
    args.add_argument("--seed-into", default="", help=argparse.SUPPRESS)  # the seeding subprocess
    return args.parse_args()


# --- seeding, in a subprocess with the stack's environment (Django ORM on its PostgreSQL) ----------


def seed(slug: str, count: int, username: str, password: str) -> None:
    """`count` more cases for organisation `slug`, copies of its newest report (see
    bench/seed_cases.py)."""
    import django

    django.setup()
    from django.db import connection

    from bench.seed_cases import clone_cases
    from glasna.accounts import keyring
    from glasna.accounts.models import StaffMember
    from glasna.cases.models import Case

    staff = StaffMember.objects.get(user__username=username)
    org_keys = keyring.unlock_organisation_keys(staff, keyring.unlock_staff_private_key(staff, password))
    case = Case.objects.filter(organisation_id=staff.organisation_id).order_by("-id").first()
    assert case is not None, "no case to copy"
    clone_cases(count, case, org_keys)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- the clients --------------------------------------------------------------------------------


@dataclass
class Record:
    """Latencies per request kind, and finished reports, of one run."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reports: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


@dataclass
class Target:
    base: str
    bearer: dict[str, str]
    staff_cookies: Any
    api_base: str = ""  # the platform API pool's, if any
    record: Record = field(default_factory=Record)
    stop_at: float = float("inf")  # a closed loop's clients send nothing once their run is over

    def timed(self, kind: str, call: Callable[[], Any]) -> Any:
        if time.monotonic() > self.stop_at:
            return None
        began = time.perf_counter()
        try:
            response = call()
        except Exception:  # noqa: BLE001 - a timeout or reset is an error of that kind, the run goes on
            self.record.add(kind, time.perf_counter() - began, False)
            return None
        self.record.add(kind, time.perf_counter() - began, response.status_code == 200)
        return response

    def report(self) -> str | None:
        """Walk the wizard as a fresh browser and send; the receipt, or None."""
        import requests

        from tests.intake.wizard_client import STEP_ANSWERS
        from tests.stack.web import TIMEOUT, field, receipt_on, solve

        session = requests.Session()
        url = f"{self.base}/en/report/"
        response = self.timed("page", lambda: session.get(url, timeout=TIMEOUT))
        last = len(STEP_ANSWERS) - 1
        for index, answers in enumerate(STEP_ANSWERS):
            if response is None or response.status_code != 200:
                return None
            page = response.text
            data: dict[str, Any] = dict(answers, state=field(page, "state"), step=str(index), next="1")
            data["csrfmiddlewaretoken"] = field(page, "csrfmiddlewaretoken")
            if index == 0:
                data["narrative"] = NARRATIVE
            if index == last:
                token, bits = field(page, "challenge"), int(field(page, "challenge_bits"))
                data.update(challenge=token, challenge_bits=str(bits), challenge_nonce=solve(token, bits))
            kind = "submit" if index == last else "page"
            response = self.timed(kind, lambda data=data: session.post(url, data=data, timeout=TIMEOUT))
        receipt = receipt_on(response.text) if response is not None and response.status_code == 200 else None
        if receipt and time.monotonic() <= self.stop_at:  # a closed loop counts what its run finished
            with self.record.lock:
                self.record.reports += 1
        return receipt

    def return_visit(self, receipt: str) -> None:
        import requests

        from tests.stack.web import TIMEOUT, field

        session = requests.Session()
        url = f"{self.base}/en/return/"
        form = self.timed("page", lambda: session.get(url, timeout=TIMEOUT))
        if form is None or form.status_code != 200:
            return
        data = {"receipt": receipt, "csrfmiddlewaretoken": field(form.text, "csrfmiddlewaretoken")}
        self.timed("receipt", lambda: session.post(url, data=data, timeout=TIMEOUT))

    def lookup(self) -> None:
        import requests

        signal = secrets.token_hex(32)
        self.timed(
            "lookup",
            lambda: requests.get(
                f"{self.api_base or self.base}/api/matching/m/raw_lookup",
                params={"signal_type": "pdq", "signal": signal},
                headers=self.bearer,
                timeout=60,
            ),
        )

    def case_list(self) -> None:
        import requests

        session = requests.Session()
        session.cookies.update(self.staff_cookies)
        self.timed("caselist", lambda: session.get(f"{self.base}/en/staff/?queue=all", timeout=120))

    def round(self, client: int) -> None:
        """One closed-loop client's round. Of every ten clients one is a platform (lookups), one a
        caseworker (the case list) and eight are survivors (a report, then the return visit)."""
        if client < 0:  # the baseline's lone client sends every kind in turn
            receipt = self.report()
            if receipt:
                self.return_visit(receipt)
            self.lookup()
            self.case_list()
        elif client % 10 == 1:
            self.lookup()
        elif client % 10 == 2:
            self.case_list()
        else:
            receipt = self.report()
            if receipt:
                self.return_visit(receipt)


def closed_loop(target: Target, clients: int, seconds: float, reports_only: bool = False) -> tuple[Record, float]:
    """Each client sends its next request as soon as its last is answered, for `seconds`; the
    reports/s counts those with a receipt within the run."""
    target.record = Record()
    stop = target.stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        while time.monotonic() < stop:
            if reports_only:
                target.report()
            else:
                target.round(-1 if clients == 1 else index)

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    target.stop_at = float("inf")
    return target.record, min(time.monotonic() - began, seconds)


def open_loop(target: Target, reports_per_s: float, seconds: float, lookups: float, caselists: float) -> Record:
    """Poisson arrivals: each report arrival walks the wizard and returns with its receipt."""
    target.record = Record()
    rng = random.Random(5)

    def report_and_return() -> None:
        receipt = target.report()
        if receipt:
            target.return_visit(receipt)

    arrivals: list[tuple[float, Callable[[], None]]] = []
    for rate, action in ((reports_per_s, report_and_return), (lookups, target.lookup), (caselists, target.case_list)):
        at = rng.expovariate(rate) if rate > 0 else seconds
        while at < seconds:
            arrivals.append((at, action))
            at += rng.expovariate(rate)
    arrivals.sort(key=lambda item: item[0])
    with ThreadPoolExecutor(max_workers=400) as pool:
        began = time.monotonic()
        for at, action in arrivals:
            delay = began + at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(action)
    return target.record


# --- the table ----------------------------------------------------------------------------------


def quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def row(name: str, record: Record, baseline: Record, extra: str = "") -> None:
    print(f"\n{name}{extra}")
    print(f"  {'kind':9} {'n':>6} {'err':>4} {'p50 ms':>9} {'p99 ms':>9} {'p50 ÷ base':>11} {'p99 ÷ base':>11}")
    for kind in KINDS:
        values = record.times.get(kind, [])
        if not values:
            continue
        p50, p99 = quantile(values, 0.5), quantile(values, 0.99)
        base = baseline.times.get(kind) or [float("nan")]
        b50, b99 = quantile(base, 0.5), quantile(base, 0.99)
        print(
            f"  {kind:9} {len(values):6} {record.errors.get(kind, 0):4} {p50 * 1000:9.1f} {p99 * 1000:9.1f}"
            f" {p50 / b50:10.1f}× {p99 / b99:10.1f}×"
        )


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def main() -> None:
    opts = options()
    if opts.seed_into:
        username, password = os.environ["BENCH_SEED_LOGIN"].split(" ", 1)
        seed(opts.seed_into, opts.cases, username, password)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
    from bench.harness import start_django

    start_django()  # the clients import test helpers that read settings; the stack has its own

    from tests.ports import free_port
    from tests.stack import launcher
    from tests.stack.web import demo_logins, sign_in

    print(f"cores: {os.cpu_count()}, load before: {loadavg()}")
    began = time.monotonic()
    stack = launcher.start(
        free_port(), api_pool=opts.api_pool
    )  # no SMTP server listens: mails wait in huey, as in an outage
    try:
        pool = f", API pool {launcher.API_WORKERS} × {launcher.API_THREADS} threads" if stack.api_url else ""
        print(
            f"stack started in {time.monotonic() - began:.0f} s ({launcher.WEB_WORKERS} gunicorn workers × "
            f"{launcher.WEB_THREADS} threads{pool}; GLASNA_ARGON2_NICE={os.environ.get('GLASNA_ARGON2_NICE', '10')})"
        )
        logins = demo_logins((Path(stack.env["GLASNA_DATA_DIR"]) / "demo-credentials.txt").read_text())
        target = Target(stack.web_url, {"Authorization": f"Bearer {stack.platform_token}"}, None, stack.api_url)
        assert target.report(), "the first report got no receipt"
        slug = stack.sql(
            "SELECT o.slug FROM cases_case c JOIN accounts_organisation o ON o.id = c.organisation_id "
            "ORDER BY c.id DESC LIMIT 1"
        )[0][0]
        login = next(item for item in logins if item.organisation == slug and item.role != "org_admin")
        began = time.monotonic()
        subprocess.run(  # noqa: S603 - this same script, with the stack's environment
            [sys.executable, __file__, "--seed-into", slug, "--cases", str(opts.cases - 1)],
            env={**os.environ, **stack.env, "BENCH_SEED_LOGIN": f"{login.username} {login.password}"},
            cwd=ROOT,
            check=True,
        )
        count = stack.sql(
            "SELECT count(*) FROM cases_case WHERE organisation_id = "
            "(SELECT id FROM accounts_organisation WHERE slug = %s)",
            slug,
        )[0][0]
        print(f"seeded {count:,} cases into {slug} in {time.monotonic() - began:.0f} s")
        target.staff_cookies = sign_in(stack.web_url, login).cookies

        baseline, took = closed_loop(target, 1, opts.seconds)
        row("baseline: one client alone", baseline, baseline, f" ({baseline.reports / took:.2f} reports/s)")
        saturated, took = closed_loop(target, opts.saturation_clients, opts.seconds, reports_only=True)
        saturation = saturated.reports / took
        row(
            f"saturation: {opts.saturation_clients} clients, closed loop",
            saturated,
            baseline,
            f": {saturation:.2f} reports/s",
        )
        rates = [(f"{float(text):.2f} reports/s", float(text)) for text in opts.rate.split(",") if text]
        rates += [
            (f"1/{share} of saturation: {saturation / share:.2f} reports/s", saturation / share) for share in (2, 4)
        ]
        for name, rate in rates:
            record = open_loop(target, rate, opts.seconds, opts.lookups_per_s, opts.caselists_per_s)
            row(f"open loop at {name} arriving", record, baseline, f" ({record.reports} reports done)")
        for clients in (int(text) for text in opts.clients.split(",")):
            record, took = closed_loop(target, clients, opts.seconds)
            row(f"closed loop, {clients} clients", record, baseline, f": {record.reports / took:.2f} reports/s")
        print(f"\nload after: {loadavg()}")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
