"""Coming back with the receipt: status, the thread, replies, files, withdrawal, wrong receipts."""

import pytest
from django.test import Client

from glasna.core.models import AuditEvent
from glasna.intake import receipts, services, staff_access
from glasna.intake.models import Attachment, Message, Report
from tests.factories import make_organisation, pattern_png, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle():  # type: ignore[no-untyped-def]
    return make_organisation("mk-cso", ["MK"])


def _open(client: Client, receipt: str, language: str = "en") -> object:
    return client.post(f"/{language}/return/", {"receipt": receipt})


def test_survivor_reads_the_organisation_reply_and_answers(client: Client, bundle) -> None:  # type: ignore[no-untyped-def]
    submitted = submit()
    report = Report.objects.get()
    staff_access.reply(bundle.staff, bundle.org_keys, report.pk, "We have read your report.", None)
    response = _open(client, receipts.formatted(submitted.receipt))
    assert response.status_code == 302 and response["Location"] == "/en/my-report/"
    assert "glasna_visit" in response.cookies and response.cookies["glasna_visit"]["httponly"]
    page = client.get("/en/my-report/").content.decode()
    assert "We have read your report." in page
    assert "In progress" in page  # the reply moved the case to triaged
    reply = client.post(
        "/en/my-report/",
        {"text": "Thank you, here is one more screenshot.", "files": [upload("more.png", pattern_png(seed=5))]},
    )
    assert reply.status_code == 200 and "Your message was sent." in reply.content.decode()
    assert Message.objects.filter(author=Message.SURVIVOR).count() == 1
    assert Attachment.objects.filter(report=report).count() == 1
    view = staff_access.open_report(bundle.staff, bundle.org_keys, report.pk, None)
    assert [m.text for m in view["thread"]] == ["We have read your report.", "Thank you, here is one more screenshot."]


def test_wrong_receipt_gets_the_same_generic_answer(client: Client, bundle) -> None:  # type: ignore[no-untyped-def]
    submit()
    wrong = receipts.new_receipt()
    response = _open(client, wrong)
    assert response.status_code == 400
    assert "We could not open a report with this receipt" in response.content.decode()
    assert "glasna_visit" not in response.cookies
    # The same work as a right receipt: one audit entry either way.
    assert AuditEvent.objects.filter(action="report.receipt_failed").count() == 1


def test_typo_is_told_apart_from_unknown(client: Client, bundle) -> None:  # type: ignore[no-untyped-def]
    response = _open(client, "1234 5678")
    assert "16 digits" in response.content.decode()


def test_receipt_attempts_are_rate_limited(client: Client, bundle, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_RECEIPT_ATTEMPTS_PER_HOUR = 3
    submitted = submit()
    for _ in range(3):
        assert _open(client, receipts.new_receipt()).status_code == 400
    limited = _open(client, submitted.receipt)  # even the right one, once limited
    assert limited.status_code == 429
    assert "Too many attempts" in limited.content.decode()


def test_visit_cookie_cannot_be_forged(client: Client, bundle) -> None:  # type: ignore[no-untyped-def]
    client.cookies["glasna_visit"] = "forged-token"
    assert client.get("/en/my-report/")["Location"] == "/en/return/"


def test_withdrawal_deletes_report_messages_files_and_blobs(client: Client, bundle, settings) -> None:  # type: ignore[no-untyped-def]
    from glasna.core.uploads import check_upload

    submitted = submit(files=[check_upload(upload("a.png", pattern_png()))])
    blob = Attachment.objects.get().blob_name
    assert (settings.GLASNA_BLOB_DIR / blob).exists()
    _open(client, submitted.receipt)
    assert client.get("/en/my-report/withdraw/").status_code == 200
    response = client.post("/en/my-report/withdraw/", {"confirm": "yes"})
    assert response.status_code == 200
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0 and Message.objects.count() == 0
    assert not (settings.GLASNA_BLOB_DIR / blob).exists()
    with pytest.raises(services.ReceiptNotFound):
        services.open_with_receipt(submitted.receipt)
    from glasna.cases.models import Case

    assert Case.objects.get().outcome == "survivor_withdrew"


def test_leaving_clears_the_visit(client: Client, bundle) -> None:  # type: ignore[no-untyped-def]
    submitted = submit()
    _open(client, submitted.receipt)
    response = client.post("/en/my-report/leave/")
    assert response.cookies["glasna_visit"].value == ""
