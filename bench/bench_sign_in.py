"""Staff sign-in: an unknown username must cost what a known one with a wrong password costs
(glasna/accounts/sign_in.py), and both about one password-hash verification plus one Argon2id
derivation. Production Argon2 parameters and Django's Argon2 password hasher. Each attempt uses
a fresh address and username so the throttle never answers instead.

    .venv/bin/python bench/bench_sign_in.py [rounds]
"""

import itertools
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402


def interleaved_medians(actions: dict[str, Callable[[], object]], rounds: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds per action, the actions taking turns so that a load spike falls
    on all of them alike. CPU time (this process's, all threads) is what the work costs and is
    much steadier than wall time on a shared machine; an attacker sees wall time, which follows
    it on an idle server."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            wall, cpu = time.perf_counter(), time.process_time()
            action()
            samples[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        for name, values in samples.items()
    }


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from glasna.accounts import keyring, sign_in
    from glasna.accounts.models import Organisation

    organisation = Organisation.objects.create(slug="bench", name="Bench", org_type="womens_rights", countries=["MK"])
    _code, private = keyring.set_up_organisation_keys(organisation)
    org_keys = keyring.OrganisationKeys(organisation.pk, {1: private})
    password = secrets.token_urlsafe(16)  # a throwaway staff member in a throwaway database
    keyring.create_staff(organisation, "bench-staff", password, "caseworker", org_keys)
    counter = itertools.count()

    def attempt(username: str, guess: str) -> None:
        cache.clear()  # every attempt is a first attempt: measure the work, not the throttle
        try:
            sign_in.check(username, guess, f"192.0.2.{next(counter) % 250}")
        except sign_in.SignInRefused:
            pass

    attempt("nobody", "warm-up")  # builds the per-process decoys once
    times = interleaved_medians(
        {
            "known user, wrong password": lambda: attempt("bench-staff", "wrong password"),
            "unknown user": lambda: attempt("nobody-here", "wrong password"),
            "known user, right password": lambda: attempt("bench-staff", password),
        },
        rounds,
    )
    print(f"{'':28} {'wall':>9} {'CPU':>9}")
    for name, (wall, cpu) in times.items():
        print(f"{name:28} {wall * 1000:6.1f} ms {cpu * 1000:6.1f} ms")
    unknown, known = times["unknown user"], times["known user, wrong password"]
    print(f"unknown / known-wrong        {unknown[0] / known[0]:9.3f} {unknown[1] / known[1]:9.3f}")


if __name__ == "__main__":
    main()
