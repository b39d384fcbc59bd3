"""Notices by e-mail through a real SMTP server (aiosmtpd on loopback): sent once, retried after a
temporary failure without a duplicate, never lost when the server or the job broker is down,
bounces surfaced. The job goes through the outbox (core/outbox.py): the test's transaction never
commits, so each test runs the worker's relay (`outbox.relay()`) itself."""

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from glasna.core import outbox, tasks
from glasna.core.models import OutboxJob
from glasna.takedown import delivery, notice_builder, sources
from glasna.takedown.models import Delivery, DeliveryState, Notice, NoticeStatus
from tests.ports import free_port
from tests.takedown.conftest import FlakyInbox, Podgorica

pytestmark = pytest.mark.django_db


def _telegram_notice(podgorica: Podgorica, monkeypatch: pytest.MonkeyPatch) -> Notice:
    monkeypatch.setattr(sources, "EVIDENCE_API", "glasna.evidence.not_installed_api")
    staff, keys = podgorica.bundle.staff, podgorica.bundle.org_keys
    items = [i for i in sources.list_items(staff, keys, podgorica.case) if i.platform == "telegram"]
    [notice] = notice_builder.build_for_case(staff, keys, podgorica.case, [str(i.id) for i in items], "cnr")
    assert notice.channel == "email" and notice.recipient == "abuse@telegram.org"
    outbox.relay()  # the jobs of the setup (the report's mail): each test counts its own
    return notice


def _lease_ran_out(job: OutboxJob) -> None:
    """The job was handed over longer ago than the outbox's lease: the relay hands it over again."""
    OutboxJob.objects.filter(pk=job.pk).update(enqueued_at=job.enqueued_at - dt.timedelta(hours=1))


def test_a_notice_is_mailed_once_with_its_message_id(
    podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _controller, inbox = smtp
    notice = _telegram_notice(podgorica, monkeypatch)
    sent = delivery.queue(podgorica.bundle.staff, notice.pk)
    assert inbox.messages == []  # nothing before the commit
    assert outbox.relay() == 1  # huey runs it at once in tests
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["abuse@telegram.org"]
    raw = envelope.content.decode()
    assert f"Message-ID: {sent.message_id}" in raw and "Reply-To: takedown@me-cso.example" in raw
    assert "https://t.me/invented_group/17" in raw and "Synthetic test narrative" not in raw
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and notice.sent_at and notice.reminder_due_at
    # Running the job again (a duplicate enqueue, a late retry) sends nothing more.
    assert delivery.deliver(sent.pk) == DeliveryState.SENT
    job = OutboxJob.objects.get(task=delivery.DELIVER)
    assert outbox.run(job.pk) is False  # the outbox job handed over twice
    OutboxJob.objects.filter(pk=job.pk).update(done_at=None)
    assert outbox.run(job.pk) is True  # even a job not marked done: the delivery's claim holds
    assert len(inbox.messages) == 1
    with pytest.raises(delivery.CannotSend):
        delivery.queue(podgorica.bundle.staff, notice.pk)


def test_a_451_is_retried_and_delivered_once(podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _controller, inbox = smtp
    inbox.fail_first = 1
    notice = _telegram_notice(podgorica, monkeypatch)
    attempt = delivery.queue(podgorica.bundle.staff, notice.pk)
    assert outbox.relay() == 1  # the first try meets "451 try later"
    attempt.refresh_from_db()
    assert attempt.state == DeliveryState.TEMP_FAILED and "451" in attempt.last_error
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.QUEUED  # not lost, not failed
    job = OutboxJob.objects.get(task=delivery.DELIVER)
    assert job.done_at is None and job.attempts == 1  # the job stays pending in the outbox
    assert outbox.relay() == 0  # within the lease: not handed over again yet
    _lease_ran_out(job)
    assert outbox.relay() == 1  # the outbox's retry
    job.refresh_from_db()
    assert job.done_at is not None and job.attempts == 2
    assert delivery.deliver(attempt.pk) == DeliveryState.SENT  # a late duplicate finds it done
    assert inbox.attempts == 2 and len(inbox.messages) == 1
    attempt.refresh_from_db()
    assert attempt.tries == 2 and Delivery.objects.filter(notice=notice).count() == 1
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.SENT


def test_smtp_down_keeps_the_notice_queued_until_the_server_is_back(
    podgorica: Podgorica, settings: Any, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, inbox = smtp
    working = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    notice = _telegram_notice(podgorica, monkeypatch)
    attempt = delivery.queue(podgorica.bundle.staff, notice.pk)
    outbox.relay()
    attempt.refresh_from_db()
    assert attempt.state == DeliveryState.TEMP_FAILED and "Connection" in attempt.last_error
    with pytest.raises(delivery.TemporaryFailure):
        delivery.deliver(attempt.pk)
    settings.MAILERS = working
    _lease_ran_out(OutboxJob.objects.get(task=delivery.DELIVER))
    assert outbox.relay() == 1
    assert Delivery.objects.get(pk=attempt.pk).state == DeliveryState.SENT
    assert len(inbox.messages) == 1


def test_a_refused_mailbox_fails_visibly_and_can_be_sent_elsewhere(
    podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _controller, inbox = smtp
    inbox.permanent = True
    notice = _telegram_notice(podgorica, monkeypatch)
    first = delivery.queue(podgorica.bundle.staff, notice.pk)
    outbox.relay()
    first.refresh_from_db()
    assert first.state == DeliveryState.FAILED and "550" in first.last_error
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DELIVERY_FAILED
    inbox.permanent = False
    with pytest.raises(delivery.CannotSend):
        delivery.queue(podgorica.bundle.staff, notice.pk, recipient="not an address")
    second = delivery.queue(podgorica.bundle.staff, notice.pk, recipient="dmca@telegram.org")
    outbox.relay()
    assert second.message_id != first.message_id
    assert [m.rcpt_tos for m in inbox.messages] == [["dmca@telegram.org"]]


def test_a_later_bounce_reopens_sending(podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    notice = _telegram_notice(podgorica, monkeypatch)
    delivery.queue(podgorica.bundle.staff, notice.pk)
    outbox.relay()
    delivery.record_bounce(podgorica.bundle.staff, notice.pk, "550 user unknown (pasted from the bounce)")
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DELIVERY_FAILED
    assert Delivery.objects.get(notice=notice).state == DeliveryState.FAILED


def test_a_crash_mid_send_is_never_resent_by_itself(
    podgorica: Podgorica, frozen: Any, monkeypatch: pytest.MonkeyPatch, smtp: Any
) -> None:
    _controller, inbox = smtp
    notice = _telegram_notice(podgorica, monkeypatch)
    attempt = Delivery.objects.create(
        notice=notice, message_id="<crash@test>", state=DeliveryState.SENDING, claimed_at=frozen.at
    )
    frozen.advance(minutes=20)
    assert delivery.sweep_stale() == 1
    assert delivery.deliver(attempt.pk) == DeliveryState.UNCERTAIN
    assert inbox.messages == [] and isinstance(inbox, FlakyInbox)


def test_after_the_outboxs_attempts_a_temporary_failure_is_queued_again(
    podgorica: Podgorica, smtp: Any, frozen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _controller, inbox = smtp
    inbox.fail_first = 1
    notice = _telegram_notice(podgorica, monkeypatch)
    attempt = delivery.queue(podgorica.bundle.staff, notice.pk)
    outbox.relay()
    assert delivery.requeue_stalled() == 0  # too recent: the outbox's own retries come first
    job = OutboxJob.objects.get(task=delivery.DELIVER)
    OutboxJob.objects.filter(pk=job.pk).update(attempts=outbox.MAX_ATTEMPTS)  # the outbox gave up on it
    _lease_ran_out(job)
    assert outbox.relay() == 0
    frozen.advance(minutes=31)
    assert delivery.requeue_stalled() == 1  # a new job in the outbox
    assert outbox.relay() == 1  # runs the job (immediate in tests): delivered
    attempt.refresh_from_db()
    assert attempt.state == DeliveryState.SENT and len(inbox.messages) == 1
    frozen.advance(minutes=31)
    assert delivery.requeue_stalled() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_attempt_send_it_once(
    podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("row-level races are exercised on PostgreSQL (scripts/with-postgres)")
    _controller, inbox = smtp
    notice = _telegram_notice(podgorica, monkeypatch)
    attempt = Delivery.objects.create(notice=notice, message_id="<race@test>")
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.QUEUED)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        try:
            results.append(delivery.deliver(attempt.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(inbox.messages) == 1 and len(results) == 4
    assert Delivery.objects.get(pk=attempt.pk).state == DeliveryState.SENT


def test_the_job_is_written_with_the_attempt_and_rolled_back_with_it(
    podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _controller, inbox = smtp
    notice = _telegram_notice(podgorica, monkeypatch)
    with pytest.raises(RuntimeError), transaction.atomic():
        delivery.queue(podgorica.bundle.staff, notice.pk)
        assert OutboxJob.objects.filter(task=delivery.DELIVER).count() == 1
        raise RuntimeError("the request failed after the attempt was written")
    assert Delivery.objects.count() == 0 and not OutboxJob.objects.filter(task=delivery.DELIVER).exists()
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT
    assert outbox.relay() == 0 and inbox.messages == []


def test_broker_down_the_notice_is_queued_and_mailed_once_the_broker_answers(
    podgorica: Podgorica, smtp: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    _controller, inbox = smtp
    notice = _telegram_notice(podgorica, monkeypatch)

    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = delivery.queue(podgorica.bundle.staff, notice.pk)  # the relay's error is swallowed
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.QUEUED and inbox.messages == []
    with pytest.raises(ConnectionError):
        outbox.relay()  # the worker's periodic relay, while the broker is still down
    monkeypatch.undo()
    tasks.relay_outbox.call_local()  # the broker is back
    assert Delivery.objects.get(pk=attempt.pk).state == DeliveryState.SENT
    tasks.relay_outbox.call_local()
    assert len(inbox.messages) == 1
