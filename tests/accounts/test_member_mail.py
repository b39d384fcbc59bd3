"""The mail to the member an action concerns (accounts/member_mail.py) goes through the job outbox:
written with the action, rolled back with it, kept while the broker or the mail server is down,
and sent and audited once however often its job is handed over. Mail through a real SMTP server
(aiosmtpd on loopback) that can say "451 try later" or "550 no such mailbox"."""

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from glasna.accounts import keyring, member_mail, roles
from glasna.accounts.models import Role, StaffMember
from glasna.core import outbox, tasks
from glasna.core.models import AuditEvent, OutboxJob
from tests.factories import PASSWORD, make_organisation
from tests.takedown.conftest import FlakyInbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> StaffMember:
    home = make_organisation("home", ["MK"], role=Role.ORG_ADMIN, language="en")
    return keyring.create_staff(
        home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys, email="worker@invented.example"
    )


def _mailed() -> int:
    return AuditEvent.objects.filter(action="staff.mailed", target="staff:worker").count()


def _job() -> OutboxJob:
    return OutboxJob.objects.get(task=member_mail.SEND)


def test_the_mail_job_is_written_with_the_action_and_rolled_back_with_it(
    worker: StaffMember, flaky_inbox: FlakyInbox
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        roles.change_role(worker, Role.LAWYER, "staff-home")
        assert _job().args[:2] == ["worker@invented.example", "Glasna: your role has changed"]
        raise RuntimeError("the request failed after the change")
    assert StaffMember.objects.get(pk=worker.pk).role == Role.CASEWORKER
    assert not OutboxJob.objects.filter(task=member_mail.SEND).exists()
    outbox.relay()
    assert flaky_inbox.messages == [] and _mailed() == 0


def test_broker_down_the_change_stands_and_she_is_mailed_once_the_broker_answers(
    worker: StaffMember,
    flaky_inbox: FlakyInbox,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        roles.change_role(worker, Role.LAWYER, "staff-home")
    assert StaffMember.objects.get(pk=worker.pk).role == Role.LAWYER and flaky_inbox.messages == []
    monkeypatch.undo()
    tasks.relay_outbox.call_local()  # the broker is back
    assert [m.rcpt_tos for m in flaky_inbox.messages] == [["worker@invented.example"]] and _mailed() == 1
    tasks.relay_outbox.call_local()
    assert len(flaky_inbox.messages) == 1


def test_a_job_handed_over_twice_mails_and_audits_once(worker: StaffMember, flaky_inbox: FlakyInbox) -> None:
    roles.change_role(worker, Role.LAWYER, "staff-home")
    job = _job()
    assert outbox.run(job.pk) is True
    assert outbox.run(job.pk) is False
    assert len(flaky_inbox.messages) == 1 and _mailed() == 1


def test_a_mail_server_saying_later_is_tried_again_after_the_lease(
    worker: StaffMember, flaky_inbox: FlakyInbox
) -> None:
    flaky_inbox.fail_first = 1
    roles.change_role(worker, Role.LAWYER, "staff-home")
    outbox.relay()
    job = _job()
    assert job.done_at is None and job.attempts == 1 and flaky_inbox.messages == [] and _mailed() == 0
    assert outbox.relay() == 0  # within the lease
    OutboxJob.objects.filter(pk=job.pk).update(enqueued_at=job.enqueued_at - dt.timedelta(hours=1))
    assert outbox.relay() == 1
    assert flaky_inbox.attempts == 2 and len(flaky_inbox.messages) == 1 and _mailed() == 1
    assert _job().done_at is not None


def test_a_refused_mailbox_is_not_tried_again(worker: StaffMember, flaky_inbox: FlakyInbox) -> None:
    flaky_inbox.permanent = True
    roles.change_role(worker, Role.LAWYER, "staff-home")
    outbox.relay()
    assert _job().done_at is not None and flaky_inbox.attempts == 1 and _mailed() == 0


def test_no_address_no_job(worker: StaffMember) -> None:
    worker.user.email = ""
    worker.user.save()
    roles.change_role(worker, Role.LAWYER, "staff-home")
    assert not OutboxJob.objects.filter(task=member_mail.SEND).exists()
