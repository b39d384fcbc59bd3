"""The job outbox (core/outbox.py): a job is stored with its change, reaches the broker when the
broker answers, runs to completion once, and is handed over again when it was lost on the way."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from glasna.accounts.models import Organisation
from glasna.core import outbox, tasks
from glasna.core.models import OutboxJob
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

NOTIFY = "glasna.intake.tasks.notify_new_report"
CLAIMING = "tests.core.test_outbox.claiming_job"


@db_task()
@outbox.claims_itself
def claiming_job(organisation_id: int, fail: bool) -> None:
    """Like a takedown delivery: its claim (here, an address) is written before the outside effect."""
    Organisation.objects.filter(pk=organisation_id).update(notify_email="claimed@mk-cso.example")
    if fail:
        raise ConnectionError("the mail server went away after the claim")


@pytest.fixture
def organisation_id() -> int:
    bundle = make_organisation("mk-cso", ["MK"])
    bundle.organisation.notify_email = "inbox@mk-cso.example"
    bundle.organisation.save()
    return int(bundle.organisation.pk)


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Any:
    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks, "run_outbox_job", refuse)
    return monkeypatch


def test_a_job_runs_after_the_commit(organisation_id: int, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue(NOTIFY, organisation_id)
        assert mail.outbox == []  # nothing before the commit
    job = OutboxJob.objects.get()
    assert job.done_at is not None and job.enqueued_at is not None and job.attempts == 1
    assert [m.to for m in mail.outbox] == [["inbox@mk-cso.example"]]


def test_a_rolled_back_change_leaves_no_job(organisation_id: int, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.enqueue(NOTIFY, organisation_id)
            raise RuntimeError("the change failed")
    assert callbacks == [] and OutboxJob.objects.count() == 0 and mail.outbox == []


def test_broker_down_keeps_the_job_until_it_answers(
    organisation_id: int, broker_down: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue(NOTIFY, organisation_id)  # the commit succeeds; the relay's error is swallowed
    job = OutboxJob.objects.get()
    assert job.enqueued_at is None and job.done_at is None and mail.outbox == []
    with pytest.raises(ConnectionError):
        outbox.relay()  # the worker's periodic relay, while the broker is still down
    broker_down.undo()
    tasks.relay_outbox.call_local()  # the broker is back: the next periodic relay hands it over
    job.refresh_from_db()
    assert job.done_at is not None and len(mail.outbox) == 1
    tasks.relay_outbox.call_local()
    assert len(mail.outbox) == 1  # done jobs are not relayed again


def test_a_job_is_done_once_however_often_it_is_delivered(organisation_id: int) -> None:
    job = OutboxJob.objects.create(task=NOTIFY, args=[organisation_id])
    assert outbox.run(job.pk) is True
    assert outbox.run(job.pk) is False  # a second delivery of the same job (a lease ran out meanwhile)
    assert len(mail.outbox) == 1


def test_a_job_lost_on_the_way_is_handed_over_again_after_the_lease(organisation_id: int, settings: Any) -> None:
    settings.GLASNA_OUTBOX_LEASE_SECONDS = 60
    handed = timezone.now() - dt.timedelta(seconds=30)
    job = OutboxJob.objects.create(task=NOTIFY, args=[organisation_id], enqueued_at=handed)
    assert list(outbox.pending()) == []  # within the lease: the worker may still be at it
    OutboxJob.objects.filter(pk=job.pk).update(enqueued_at=handed - dt.timedelta(seconds=60))
    assert list(outbox.pending()) == [job]
    assert outbox.relay() == 1
    job.refresh_from_db()
    assert job.done_at is not None and len(mail.outbox) == 1


def test_a_failing_job_stays_pending_and_gives_up_after_its_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    job = OutboxJob.objects.create(task="glasna.core.tasks.verify_audit_chain")

    def broken() -> None:
        raise ValueError("the job failed")

    monkeypatch.setattr("glasna.core.tasks.verify_audit_chain.call_local", broken)
    with pytest.raises(ValueError):
        outbox.run(job.pk)
    job.refresh_from_db()
    assert job.done_at is None and job.attempts == 1
    OutboxJob.objects.filter(pk=job.pk).update(attempts=outbox.MAX_ATTEMPTS)
    assert list(outbox.pending()) == []


def test_a_job_that_claims_itself_keeps_its_claim_when_it_fails(organisation_id: int) -> None:
    job = OutboxJob.objects.create(task=CLAIMING, args=[organisation_id, True])
    with pytest.raises(ConnectionError):
        outbox.run(job.pk)
    # Outside the outbox's transaction: the claim stands although the job failed (inside, it would
    # be rolled back with the failure, and the next delivery would send again).
    assert Organisation.objects.get(pk=organisation_id).notify_email == "claimed@mk-cso.example"
    job.refresh_from_db()
    assert job.done_at is None and job.attempts == 1
    OutboxJob.objects.filter(pk=job.pk).update(args=[organisation_id, False])
    assert outbox.run(job.pk) is True
    assert outbox.run(job.pk) is False  # done: a second delivery does nothing
    job.refresh_from_db()
    assert job.done_at is not None and job.attempts == 2


def test_done_jobs_are_pruned_after_the_keep_window_and_undone_ones_stay(settings: Any) -> None:
    settings.GLASNA_OUTBOX_KEEP_DAYS = 7
    now = timezone.now()
    old_done = OutboxJob.objects.create(task=NOTIFY, args=[1], done_at=now - dt.timedelta(days=8))
    recent_done = OutboxJob.objects.create(task=NOTIFY, args=[2], done_at=now - dt.timedelta(days=6))
    abandoned = OutboxJob.objects.create(task=NOTIFY, args=[3], attempts=outbox.MAX_ATTEMPTS)
    OutboxJob.objects.filter(pk=abandoned.pk).update(created_at=now - dt.timedelta(days=30))

    assert outbox.prune() == 1
    assert set(OutboxJob.objects.values_list("pk", flat=True)) == {recent_done.pk, abandoned.pk}
    assert not OutboxJob.objects.filter(pk=old_done.pk).exists()
    tasks.prune_outbox.call_local()
    assert OutboxJob.objects.count() == 2
