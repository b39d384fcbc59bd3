"""Bad input from the infrastructure: the blob store or the database down while she sends. She is
told plainly that nothing was saved (HTTP 503) and never gets a receipt for a report that was not
stored; a broker that is down does not stop the report, and its job goes out once the broker is back."""

from typing import Any

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client

from glasna.core import blobs, tasks
from glasna.core.models import OutboxJob
from glasna.intake import services
from glasna.intake.models import Attachment, Report
from tests.factories import make_organisation, pattern_png, upload
from tests.intake.wizard_client import challenge_fields, hidden, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def organisation() -> None:
    bundle = make_organisation("mk-cso", ["MK"])
    bundle.organisation.notify_email = "inbox@mk-cso.example"
    bundle.organisation.save()


class RefusingStore:
    def save(self, name: str, content: Any) -> str:
        raise OSError("the object store does not answer")


def test_storage_down_says_not_saved_and_gives_no_receipt(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blobs, "_store", RefusingStore)
    response = walk(client, "en", files=[upload("screen.png", pattern_png())])
    page = response.content.decode()
    assert response.status_code == 503
    assert "Your report was not saved" in page and 'id="receipt-code"' not in page
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0 and OutboxJob.objects.count() == 0
    # Her answers are kept with a fresh challenge: once the store answers, the same page sends.
    monkeypatch.undo()
    again = client.post(
        "/en/report/",
        {
            "state": hidden(page, "state"),
            "step": "6",
            "next": "1",
            **challenge_fields(page),
            "files": [upload("screen.png", pattern_png())],
        },
    )
    assert again.status_code == 200 and 'id="receipt-code"' in again.content.decode()
    assert Report.objects.count() == 1 and Attachment.objects.count() == 1


def test_the_not_saved_message_is_translated(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blobs, "_store", RefusingStore)
    response = walk(client, "sq", files=[upload("screen.png", pattern_png())])
    assert response.status_code == 503 and "Your report was not saved" not in response.content.decode()


def test_database_down_says_not_saved(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(*args: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "submit_report", down)
    response = walk(client, "en")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Your report was not saved" in page and 'id="receipt-code"' not in page


def test_broker_down_keeps_the_report_and_sends_its_job_later(
    client: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = walk(client, "en")
    assert response.status_code == 200 and 'id="receipt-code"' in response.content.decode()  # stored: a receipt
    assert Report.objects.count() == 1 and mail.outbox == []
    assert OutboxJob.objects.get().done_at is None
    monkeypatch.undo()
    tasks.relay_outbox.call_local()
    assert OutboxJob.objects.get().done_at is not None
    assert [m.to for m in mail.outbox] == [["inbox@mk-cso.example"]]


def test_database_down_on_any_step_says_not_saved(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from glasna.intake import flood

    def down(*args: Any) -> None:
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(flood, "issue", down)  # the last step's challenge is counted in the database cache
    response = walk(client, "en")
    assert response.status_code == 503 and "Your report was not saved" in response.content.decode()
