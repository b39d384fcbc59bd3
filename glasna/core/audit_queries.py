"""Reading the audit log: one organisation's events, for its administrators."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from glasna.core.models import AuditEvent


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def events_for_organisation(
    organisation_id: int,
    actor: str | None = None,
    action: str | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first. A date for `since`/`until` covers that whole day
    (in the current time zone); a datetime is an exact bound. Both bounds are inclusive."""
    events = AuditEvent.objects.filter(organisation_id=organisation_id)
    if actor:
        events = events.filter(actor=actor)
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__gte=since if isinstance(since, datetime) else _start_of(since))
    if until is not None:
        if isinstance(until, datetime):
            events = events.filter(at__lte=until)
        else:
            events = events.filter(at__lt=_start_of(until + timedelta(days=1)))
    return events.order_by("-id")  # chain order: the order they were recorded in


def actors_and_actions(organisation_id: int) -> tuple[list[str], list[str]]:
    """The distinct actors and actions in the organisation's events, for filter choices."""
    events = AuditEvent.objects.filter(organisation_id=organisation_id).order_by()
    actors = sorted(events.values_list("actor", flat=True).distinct())
    actions = sorted(events.values_list("action", flat=True).distinct())
    return actors, actions
