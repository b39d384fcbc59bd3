"""Signal receivers: a consenting report gets its statistical record when it is saved.

Withdrawal needs no receiver: the record's foreign key to the report cascades on delete."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from glasna.intake.models import Report
from glasna.observatory import records


@receiver(post_save, sender=Report, dispatch_uid="observatory.report_saved")
def report_saved(sender: type[Report], instance: Report, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        records.sync_from_report(instance)
