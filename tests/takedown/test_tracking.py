"""Status changes, the SLA clocks with a frozen clock (fire on time, once), sightings from matching."""

import datetime as dt

import pytest
from django.utils import timezone

from glasna.cases.models import CaseEvent
from glasna.core import outbox
from glasna.core.signals import sighting_recorded
from glasna.takedown import delivery, notice_builder, tracking
from glasna.takedown.models import Notice, NoticeStatus
from tests.takedown.conftest import FrozenClock, Podgorica
from tests.takedown.test_notice_builder import FACTS, _item

pytestmark = pytest.mark.django_db


def _sent(podgorica: Podgorica, key: str = "instagram") -> Notice:
    [notice] = notice_builder.build(
        podgorica.bundle.staff, podgorica.case, [_item(key, 1)], FACTS, "en", platform_key=key
    )
    if notice.channel == "email":  # the test settings' locmem mailer
        delivery.queue(podgorica.bundle.staff, notice.pk)
        outbox.relay()  # the worker's relay (the test's transaction never commits)
        return Notice.objects.get(pk=notice.pk)
    return tracking.record_submitted(podgorica.bundle.staff, notice.pk, "REF-1")


def test_reminder_at_24h_and_escalation_at_48h_fire_once(podgorica: Podgorica, frozen: FrozenClock) -> None:
    notice = _sent(podgorica)
    assert notice.reminder_due_at == frozen.at + dt.timedelta(hours=24)
    frozen.advance(hours=23, minutes=59)
    assert tracking.run_sla_clocks() == {"reminders": 0, "escalations": 0}
    frozen.advance(minutes=1)
    assert tracking.run_sla_clocks() == {"reminders": 1, "escalations": 0}
    assert tracking.run_sla_clocks() == {"reminders": 0, "escalations": 0}  # once
    frozen.advance(hours=24)
    assert tracking.run_sla_clocks() == {"reminders": 0, "escalations": 1}
    frozen.advance(hours=24)
    assert tracking.run_sla_clocks() == {"reminders": 0, "escalations": 0}
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.NO_RESPONSE  # not even acknowledged in 48 h
    assert notice.reminder_fired_at == frozen.at - dt.timedelta(hours=48)
    kinds = list(CaseEvent.objects.filter(case=podgorica.case).values_list("kind", flat=True))
    assert kinds.count("takedown_reminder") == 1 and kinds.count("takedown_escalation") == 1


def test_a_removal_stops_the_clocks(podgorica: Podgorica, frozen: FrozenClock) -> None:
    notice = _sent(podgorica)
    frozen.advance(hours=5)
    tracking.record_reply(podgorica.bundle.staff, notice.pk, NoticeStatus.REMOVED, "Мы удалили контент. Hvala.", "R-9")
    frozen.advance(hours=100)
    assert tracking.run_sla_clocks() == {"reminders": 0, "escalations": 0}
    notice.refresh_from_db()
    assert notice.removed_at == notice.sent_at + dt.timedelta(hours=5)
    assert "Мы удалили контент. Hvala." in [event.detail for event in notice.events.all()]  # verbatim, any language


def test_an_acknowledged_notice_is_reminded_but_not_marked_silent(podgorica: Podgorica, frozen: FrozenClock) -> None:
    notice = _sent(podgorica)
    tracking.record_reply(podgorica.bundle.staff, notice.pk, NoticeStatus.ACKNOWLEDGED, "We received your report.")
    frozen.advance(hours=49)
    assert tracking.run_sla_clocks() == {"reminders": 1, "escalations": 1}
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.ACKNOWLEDGED


def test_impossible_changes_are_refused_and_nothing_changes(podgorica: Podgorica) -> None:
    [notice] = notice_builder.build(podgorica.bundle.staff, podgorica.case, [_item("instagram", 1)], FACTS, "en")
    with pytest.raises(tracking.NotAllowed):
        tracking.record_reply(podgorica.bundle.staff, notice.pk, NoticeStatus.REMOVED, "")
    with pytest.raises(tracking.NotAllowed):
        tracking.record_reply(podgorica.bundle.staff, notice.pk, "draft", "")
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.DRAFT


def test_a_sighting_from_matching_reopens_a_removed_notice(podgorica: Podgorica, frozen: FrozenClock) -> None:
    notice = _sent(podgorica, "telegram")
    tracking.record_reply(podgorica.bundle.staff, notice.pk, NoticeStatus.REMOVED, "")
    other = _sent(podgorica, "instagram")
    tracking.record_reply(podgorica.bundle.staff, other.pk, NoticeStatus.REMOVED, "")
    sighting_recorded.send(
        sender=None,
        case_id=podgorica.case.pk,
        platform="telegram",
        seen_at=timezone.now(),
        distance=4,
        url="https://t.me/new/1",
        kind="match",
        sighting_id=7,
    )
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.REAPPEARED
    assert Notice.objects.get(pk=other.pk).status == NoticeStatus.REMOVED
    assert CaseEvent.objects.filter(case=podgorica.case, kind="takedown_reappeared").count() == 1
    # a sighting for a case without notices, or without a case, changes nothing
    sighting_recorded.send(
        sender=None,
        case_id=None,
        platform="telegram",
        seen_at=timezone.now(),
        distance=None,
        url="",
        kind="feedback",
        sighting_id=8,
    )


def test_the_periodic_job_runs_the_clocks(podgorica: Podgorica, frozen: FrozenClock) -> None:
    from huey.contrib.djhuey import HUEY

    from glasna.takedown import tasks

    notice = _sent(podgorica)
    frozen.advance(hours=25)
    tasks.sla_clocks.call_local()
    assert Notice.objects.get(pk=notice.pk).reminder_fired_at == frozen.at
    assert any(t.name.endswith("sla_clocks") for t in HUEY.read_periodic(frozen.at.replace(minute=0, tzinfo=None)))
