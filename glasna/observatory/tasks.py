"""Scheduled jobs of the observatory."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from glasna.observatory import foi


@db_periodic_task(crontab(hour="7", minute="5"))
def remind_overdue_foi_requests() -> None:
    foi.send_reminders()
