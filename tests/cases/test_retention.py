import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from glasna.cases import referrals, services
from glasna.cases.models import Case, CaseEvent, CaseNote, ReferralFile
from glasna.core.models import AuditEvent
from glasna.core.uploads import check_upload
from glasna.intake.models import Attachment, Message, Report
from tests.factories import make_organisation, pattern_png, submit, upload

pytestmark = pytest.mark.django_db


def test_case_past_retention_is_gone_with_files_notes_and_keys(settings) -> None:  # type: ignore[no-untyped-def]
    bundle = make_organisation("mk-cso", ["MK"], retention_days=30)
    submit(files=[check_upload(upload("p.png", pattern_png()))])
    submit()  # a second case that stays open
    case = Case.objects.order_by("id").first()
    assert case is not None
    services.add_note(bundle.staff, bundle.org_keys, case.pk, "Synthetic note")
    from glasna.intake import staff_access

    staff_access.reply(bundle.staff, bundle.org_keys, case.report_id, "Synthetic reply", None)
    case.refresh_from_db()
    other = make_organisation("xk-legal", ["XK"])
    referral = referrals.create(
        bundle.staff, bundle.org_keys, case.pk, other.organisation.pk, "legal", ["files"], "", "recorded"
    )
    shared_blob = settings.GLASNA_BLOB_DIR / ReferralFile.objects.get(referral=referral).blob_name
    case.refresh_from_db()
    services.change_status(bundle.staff, case.pk, case.version, "closed", "content_removed")
    blob = settings.GLASNA_BLOB_DIR / Attachment.objects.get().blob_name
    assert blob.exists() and shared_blob.exists()

    closed_on = Case.objects.get(pk=case.pk).closed_on
    from glasna.cases.retention import purge_expired

    assert purge_expired(closed_on + datetime.timedelta(days=29)) == 0
    assert purge_expired(closed_on + datetime.timedelta(days=30)) == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Report.objects.count() == 1 and Attachment.objects.count() == 0 and Message.objects.count() == 0
    assert CaseNote.objects.count() == 0 and not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not blob.exists() and not shared_blob.exists() and ReferralFile.objects.count() == 0
    assert AuditEvent.objects.filter(action="case.purged", target=f"case:{case.pk}").exists()


def test_command_purges_nothing_that_is_open(capsys) -> None:  # type: ignore[no-untyped-def]
    make_organisation("mk-cso", ["MK"], retention_days=0)
    submit()
    call_command("purge_expired")
    assert "purged 0" in capsys.readouterr().out
    assert Case.objects.count() == 1 and timezone.localdate()
