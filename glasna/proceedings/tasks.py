"""Jobs of the proceedings room: the deadline and silence reminders, and their content-free mail."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.accounts.models import Organisation
from glasna.proceedings import reminders


@db_periodic_task(crontab(minute="17", hour="*/6"))
def proceeding_reminders() -> None:
    reminders.run()  # each organisation's mail goes through the job outbox with its reminders


@db_task(retries=3, retry_delay=60)
def notify_reminder(organisation_id: int) -> None:
    """Like the new-report notice: the mail says nothing about the case, the institution or the date.
    Queued through the job outbox by reminders.run."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not organisation.notify_email:
        return
    with translation.override(organisation.language):
        send_mail(
            subject=_("Glasna: a proceeding needs attention"),
            message=_(
                "A proceeding needs attention at %(organisation)s: a deadline, a silence, a protection order "
                "ending or a breach of one. Sign in to Glasna."
            )
            % {"organisation": organisation.name},
            from_email=None,
            recipient_list=[organisation.notify_email],
        )
