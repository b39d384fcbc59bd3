"""Erasing closed cases once their organisation's retention period has passed.

Erasure is crypto-shredding plus deletion: the report's data key and the case's notes key exist
only in the rows deleted here, so any copy of a blob or a backup row left behind is unreadable
once backups holding those rows expire. The audit log keeps that the case existed and was purged."""

import datetime

from django.db import transaction
from django.utils import timezone

from glasna.cases.models import Case, CaseStatus, ReferralFile
from glasna.core import audit, blobs


def expired_cases(today: datetime.date | None = None) -> list[Case]:
    today = today or timezone.localdate()
    closed = Case.objects.filter(status=CaseStatus.CLOSED, closed_on__isnull=False).select_related("organisation")
    return [
        case
        for case in closed
        if case.closed_on is not None
        and case.closed_on + datetime.timedelta(days=case.organisation.retention_days) <= today
    ]


def purge_expired(today: datetime.date | None = None) -> int:
    purged = 0
    for case in expired_cases(today):
        # Files shared through referrals are copies under their own keys: they go too.
        blob_names = list(ReferralFile.objects.filter(referral__case=case).values_list("blob_name", flat=True))
        with transaction.atomic():
            report = case.report
            if report is not None:
                blob_names += list(report.attachments.values_list("blob_name", flat=True))
                report.delete()  # messages and attachments cascade; the data key goes with the row
            case_id, organisation_id = case.pk, case.organisation_id
            case.delete()  # notes, events and the notes key go with it
            audit.record("case.purged", actor="system", target=f"case:{case_id}", organisation_id=organisation_id)
        for name in blob_names:
            blobs.delete(name)
        purged += 1
    return purged
