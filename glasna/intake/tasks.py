"""Background jobs of the intake room."""

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from glasna.accounts.models import Organisation


@db_task(retries=3, retry_delay=60)
def notify_new_report(organisation_id: int) -> None:
    """Tell the organisation that a report arrived. The mail says nothing about the report:
    mail servers are not ours to trust."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not organisation.notify_email:
        return
    with translation.override(organisation.language):
        send_mail(
            subject=_("Glasna: a new report has arrived"),
            message=_("A new report has arrived for %(organisation)s. Sign in to Glasna to read it.")
            % {"organisation": organisation.name},
            from_email=None,
            recipient_list=[organisation.notify_email],
        )
