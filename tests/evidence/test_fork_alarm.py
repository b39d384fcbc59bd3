"""The fork alarm's mail (evidence/fork_alarm.py) goes through the job outbox: written with the
alarm, rolled back with it, kept while the broker is down, and mailed once."""

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from glasna.accounts.models import Role
from glasna.core import outbox, tasks
from glasna.core.models import OutboxJob
from glasna.evidence import fork_alarm
from glasna.evidence.models import ForkAlarm
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

MAIL = "glasna.evidence.tasks.mail_fork_alarm"


@pytest.fixture(autouse=True)
def administrator() -> None:
    admin = make_organisation("fork-mail", role=Role.ORG_ADMIN).staff
    admin.user.email = "admin@fork-mail.example"
    admin.user.save()


def _raise() -> ForkAlarm:
    return fork_alarm.raise_alarm("ab" * 32, 5, b"\x01" * 32, b"\x02" * 32, "https://peer.example/heads")


def test_the_mail_job_is_written_with_the_alarm_and_rolled_back_with_it() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        alarm = _raise()
        assert OutboxJob.objects.filter(task=MAIL, args=[alarm.pk]).exists()
        raise RuntimeError("the witnessing run failed after the alarm")
    assert not ForkAlarm.objects.exists() and not OutboxJob.objects.filter(task=MAIL).exists()


def test_broker_down_the_alarm_is_kept_and_mailed_once_the_broker_answers(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        _raise()
    assert ForkAlarm.objects.count() == 1 and mail.outbox == []
    monkeypatch.undo()
    tasks.relay_outbox.call_local()  # the broker is back
    assert [m.to for m in mail.outbox] == [["admin@fork-mail.example"]]
    tasks.relay_outbox.call_local()
    _raise()  # the same fork seen again: no second alarm, no second job
    outbox.relay()
    assert len(mail.outbox) == 1 and OutboxJob.objects.filter(task=MAIL).count() == 1


def test_the_job_handed_over_twice_mails_once() -> None:
    _raise()
    job = OutboxJob.objects.get(task=MAIL)
    assert outbox.run(job.pk) is True
    assert outbox.run(job.pk) is False
    assert len(mail.outbox) == 1
