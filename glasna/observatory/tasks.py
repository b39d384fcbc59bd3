"""Scheduled jobs of the observatory."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.observatory import foi


@db_periodic_task(crontab(hour="7", minute="5"))
def remind_overdue_foi_requests() -> None:
    foi.send_reminders()


@db_task()
def mail_foi_reminder(request_id: int) -> None:
    """Queued through the job outbox by foi.send_reminders; retried by the outbox, not by huey."""
    foi.mail_reminder(request_id)
