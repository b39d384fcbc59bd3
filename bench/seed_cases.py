"""Many cases for the case-list and load benchmarks, fast: each a copy of one real report, with its
sealed data key and its answers re-encrypted for the copy's own id (the ciphertext is bound to the
report's id), and seeded random status, urgency, assignee and "survivor waiting". Import after
Django is set up."""

import datetime as dt
import random
from typing import Any

BATCH = 5000


def clone_cases(count: int, case: Any, org_keys: Any, spread_days: int = 0) -> None:
    """`count` more cases in `case`'s organisation, copies of its report; with `spread_days`,
    opened_on spread over that many days back (it is auto_now_add, so set afterwards)."""
    from glasna.accounts.models import StaffMember
    from glasna.cases.models import Case, CaseStatus
    from glasna.intake import sealing, staff_access
    from glasna.intake.models import Report

    organisation_id = case.organisation_id
    model = case.report
    members = list(StaffMember.objects.filter(organisation_id=organisation_id))
    rng = random.Random(17)
    statuses = list(CaseStatus.values)
    copied = {name: getattr(model, name) for name in ("org_key_version", "data_key_for_org", "data_key_for_receipt")}
    data_key = staff_access._data_key(model, org_keys)
    answers = sealing.decrypt_answers(model, data_key)

    def copy() -> Report:
        report = Report(organisation_id=organisation_id, received_on=model.received_on, **copied)
        report.receipt_lookup = rng.randbytes(16)
        sealing.encrypt_answers(report, data_key, answers)
        return report

    done = 0
    while done < count:
        size = min(BATCH, count - done)
        reports = Report.objects.bulk_create(copy() for _ in range(size))
        Case.objects.bulk_create(
            Case(
                organisation_id=organisation_id,
                report=report,
                status=rng.choice(statuses),
                assigned_to=rng.choice([None, None, *members]),
                urgency=rng.choice((0, 0, 0, 10, 30, 60, 90)),
                survivor_waiting=rng.random() < 0.1,
                notes_key_for_org=case.notes_key_for_org,
                notes_key_version=case.notes_key_version,
            )
            for report in reports
        )
        done += size
    if spread_days:
        today = dt.date.today()
        pks = list(Case.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))
        step = max(1, len(pks) // 700)  # one UPDATE per slice, about 700 in all
        for offset in range(0, len(pks), step):
            Case.objects.filter(pk__in=pks[offset : offset + step]).update(
                opened_on=today - dt.timedelta(days=rng.randrange(spread_days))
            )
