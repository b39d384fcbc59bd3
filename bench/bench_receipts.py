"""Receipt lookups: a wrong receipt must cost what a right one costs, and both what one Argon2id
derivation costs (the baseline, measured in the same run). Production Argon2 parameters.

    .venv/bin/python bench/bench_receipts.py [rounds]
"""

import os
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
    from glasna.accounts import keyring
    from glasna.accounts.models import Organisation
    from glasna.core.crypto.receipt_keys import receipt_secrets
    from glasna.intake import receipts, services

    organisation = Organisation.objects.create(slug="bench", name="Bench", org_type="womens_rights", countries=["MK"])
    keyring.set_up_organisation_keys(organisation)
    answers = {"country": "MK", "narrative": "synthetic", "consent_stats": "no"}
    right = services.submit_report(answers, [], "bench-nonce").receipt
    wrong = receipts.new_receipt()

    def open_wrong() -> None:
        try:
            services.open_with_receipt(wrong)
        except services.ReceiptNotFound:
            pass

    baseline = median_seconds(lambda: receipt_secrets(right), rounds)
    right_time = median_seconds(lambda: services.open_with_receipt(right), rounds)
    wrong_time = median_seconds(open_wrong, rounds)
    print(f"argon2id baseline   {baseline * 1000:8.1f} ms")
    print(f"right receipt       {right_time * 1000:8.1f} ms   ratio to baseline {right_time / baseline:5.2f}")
    print(f"wrong receipt       {wrong_time * 1000:8.1f} ms   ratio to baseline {wrong_time / baseline:5.2f}")
    print(f"wrong / right       {wrong_time / right_time:5.3f}")


if __name__ == "__main__":
    main()
