"""Jobs of the proceedings room: the daily deadline and silence reminders."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from glasna.proceedings import reminders


@db_periodic_task(crontab(minute="17", hour="*/6"))
def proceeding_reminders() -> None:
    reminders.run()
