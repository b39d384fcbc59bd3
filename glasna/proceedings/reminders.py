"""The reminder job: before a deadline (7 days and 1 day), when a silence passes the organisation's
threshold, before a granted protection order ends (14 days and 3 days), and a day after a breach of
an order is recorded with no decision on reporting it to the police, one reminder on the case
timeline and in the proceeding's reminders, each sent once.
The organisation's mail is written in the job outbox (core/outbox.py) with its first new reminder
of the run, so a broker that is down delays the mail, never loses it."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from glasna.cases.models import CaseStatus
from glasna.cases.services import record_activity
from glasna.core import outbox
from glasna.proceedings import clock, services
from glasna.proceedings.models import Proceeding, Reminder

MAIL = "glasna.proceedings.tasks.notify_reminder"


def run(today: dt.date | None = None) -> list[int]:
    """Send what is due; returns the organisations that got a new reminder (one mail each, whatever
    the count: its job goes with the organisation's first reminder). Safe to run as often as one likes."""
    today = today or clock.today()
    sent: set[int] = set()
    not_closed = Proceeding.objects.exclude(case__status=CaseStatus.CLOSED)
    for proceeding in services.watched(not_closed, today).order_by("pk"):
        state = services.status(proceeding, today)
        due = services.deadlines.order_reminder_due(state.order_ends, today)
        breaches = [
            (b.pk, b.on, timezone.localdate(b.recorded_at)) for b in proceeding.breaches.all() if b.awaits_her_decision
        ]
        due += services.deadlines.breach_reminders_due(breaches, today)
        if not state.final:
            due = services.deadlines.reminders_due(state.deadline, state.silence, today) + due
        for key, kind, about, days in due:
            if Reminder.objects.filter(proceeding=proceeding, key=key).exists():
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        proceeding=proceeding, key=key, kind=kind, about=about, days=days, sent_at=clock.now()
                    )
                    record_activity(
                        proceeding.case, "system", "proceeding_reminder", f"proceeding:{proceeding.pk} {kind} {days}"
                    )
                    if proceeding.case.organisation_id not in sent:
                        outbox.enqueue(MAIL, proceeding.case.organisation_id)
            except IntegrityError:  # another worker sent it first
                continue
            sent.add(proceeding.case.organisation_id)
    return sorted(sent)
