"""Scheduled jobs of the cases room."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from glasna.cases.retention import purge_expired


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_expired_cases() -> None:
    purge_expired()
