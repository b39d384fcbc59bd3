"""Signal receivers: a consenting report gets its statistical record when it is saved, and the
published counts (aggregates.py) follow every saved or deleted record.

Withdrawal needs no receiver of its own: the record's foreign key to the report cascades on
delete, and the cascade sends post_delete for the record, which takes it out of the counts."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from glasna.intake.models import Report
from glasna.observatory import aggregates, records
from glasna.observatory.models import StatisticalRecord


@receiver(post_save, sender=Report, dispatch_uid="observatory.report_saved")
def report_saved(sender: type[Report], instance: Report, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        records.sync_from_report(instance)


@receiver(pre_save, sender=StatisticalRecord, dispatch_uid="observatory.record_saving")
def record_saving(sender: type[StatisticalRecord], instance: StatisticalRecord, **kwargs: Any) -> None:
    # What the stored row counted in before this save (the instance in memory may be stale).
    instance._counted_before = aggregates.stored_keys(instance.pk)  # type: ignore[attr-defined]


@receiver(post_save, sender=StatisticalRecord, dispatch_uid="observatory.record_saved")
def record_saved(sender: type[StatisticalRecord], instance: StatisticalRecord, **kwargs: Any) -> None:
    # Read back what was stored: with update_fields, other fields in memory may be stale.
    before = getattr(instance, "_counted_before", [])
    aggregates.apply(aggregates.difference(before, aggregates.stored_keys(instance.pk)))


@receiver(post_delete, sender=StatisticalRecord, dispatch_uid="observatory.record_deleted")
def record_deleted(sender: type[StatisticalRecord], instance: StatisticalRecord, **kwargs: Any) -> None:
    aggregates.apply(aggregates.difference(aggregates.keys(aggregates.values_of(instance)), []))
