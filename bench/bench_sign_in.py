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


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


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
    known = median_seconds(lambda: attempt("bench-staff", "wrong password"), rounds)
    unknown = median_seconds(lambda: attempt("nobody-here", "wrong password"), rounds)
    right = median_seconds(lambda: attempt("bench-staff", password), rounds)
    print(f"known user, wrong password   {known * 1000:8.1f} ms")
    print(f"unknown user                 {unknown * 1000:8.1f} ms")
    print(f"known user, right password   {right * 1000:8.1f} ms")
    print(f"unknown / known-wrong        {unknown / known:5.3f}")


if __name__ == "__main__":
    main()
