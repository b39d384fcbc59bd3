"""The reminder job with a frozen clock moved past deadlines and silence thresholds: each reminder
goes once, on the case timeline and on the proceeding."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from glasna.accounts.models import Organisation
from glasna.cases.models import CaseEvent
from glasna.core import outbox
from glasna.core import tasks as core_tasks
from glasna.core.models import OutboxJob
from glasna.proceedings import clock, reminders, services, tasks
from glasna.proceedings.models import Proceeding, Reminder, SilenceSettings
from tests.proceedings.conftest import Skopje
from tests.takedown.conftest import FrozenClock


def _run() -> int:
    before = Reminder.objects.count()
    tasks.proceeding_reminders.call_local()
    outbox.relay()  # the worker's relay: the test's transaction never commits
    return Reminder.objects.count() - before


def _add(skopje: Skopje, kind: str, institution: str, **kwargs: object) -> Proceeding:
    b = skopje.bundle
    return services.add(b.staff, b.org_keys, skopje.case.pk, kind, institution, "Invented office", "MK", **kwargs)  # type: ignore[arg-type]


def _file(skopje: Skopje, p: Proceeding, on: dt.date) -> None:
    p.refresh_from_db()
    services.add_step(skopje.bundle.staff, p.pk, p.version, "filed", on)


def test_prosecutor_silent_for_sixty_days_is_reminded_once(skopje: Skopje, frozen: FrozenClock) -> None:
    outbox.relay()  # the setup's jobs (the report's mail, to no address yet): only reminders are counted
    Organisation.objects.filter(pk=skopje.bundle.organisation.pk).update(notify_email="desk@mk-cso.example")
    p = _add(skopje, "criminal_complaint", "prosecutor")
    _file(skopje, p, clock.today())
    frozen.advance(days=59)
    assert _run() == 0
    frozen.advance(days=1)
    assert _run() == 1
    assert _run() == 0
    frozen.advance(days=30)
    assert _run() == 0  # the same silence, still one reminder
    assert len(mail.outbox) == 1  # the content-free notice, once
    assert "Invented" not in mail.outbox[0].body and "Glasna" in mail.outbox[0].subject
    reminder = Reminder.objects.get(proceeding=p)
    assert (reminder.kind, reminder.days, reminder.sent_at) == ("silence", 60, frozen() - dt.timedelta(days=30))
    events = CaseEvent.objects.filter(case=skopje.case, kind="proceeding_reminder")
    assert list(events.values_list("detail", flat=True)) == [f"proceeding:{p.pk} silence 60"]


def test_an_answer_starts_a_new_silence(skopje: Skopje, frozen: FrozenClock) -> None:
    p = _add(skopje, "criminal_complaint", "police")
    _file(skopje, p, clock.today())
    frozen.advance(days=30)
    assert _run() == 1  # police: 30 days
    p.refresh_from_db()
    services.add_step(skopje.bundle.staff, p.pk, p.version, "acknowledged", clock.today())
    frozen.advance(days=29)
    assert _run() == 0
    frozen.advance(days=1)
    assert _run() == 1
    p.refresh_from_db()
    services.add_step(skopje.bundle.staff, p.pk, p.version, "final", clock.today())
    frozen.advance(days=400)
    assert _run() == 0  # a closed proceeding awaits nothing


def test_the_organisation_sets_its_own_threshold(skopje: Skopje, frozen: FrozenClock) -> None:
    SilenceSettings.objects.create(organisation=skopje.bundle.organisation, prosecutor_days=45)
    p = _add(skopje, "criminal_complaint", "prosecutor")
    _file(skopje, p, clock.today())
    frozen.advance(days=45)
    assert _run() == 1
    assert Reminder.objects.get(proceeding=p).days == 45


def test_a_private_lawsuit_deadline_is_reminded_seven_days_and_one_day_before(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    p = _add(skopje, "private_lawsuit", "court", learnt_on=clock.today())
    due = services.status(p, clock.today()).deadline
    assert due is not None and due.due == dt.date(2027, 6, 3)
    frozen.advance(days=(due.due - clock.today()).days - 8)
    assert _run() == 0
    frozen.advance(days=1)
    assert _run() == 1
    assert _run() == 0
    frozen.advance(days=5)
    assert _run() == 0
    frozen.advance(days=1)
    assert _run() == 1
    assert sorted(Reminder.objects.filter(proceeding=p).values_list("days", flat=True)) == [1, 7]
    frozen.advance(days=2)
    assert _run() == 0  # past the deadline: no more deadline reminders


def test_a_filed_lawsuit_has_no_deadline_reminder(skopje: Skopje, frozen: FrozenClock) -> None:
    p = _add(skopje, "private_lawsuit", "court", learnt_on=clock.today())
    _file(skopje, p, clock.today())
    frozen.advance(days=88)
    assert _run() == 0  # a court has no silence threshold by default, and the deadline was met


def _silent_prosecutor(skopje: Skopje, frozen: FrozenClock) -> Proceeding:
    outbox.relay()  # the setup's jobs (the report's mail, to no address yet)
    Organisation.objects.filter(pk=skopje.bundle.organisation.pk).update(notify_email="desk@mk-cso.example")
    p = _add(skopje, "criminal_complaint", "prosecutor")
    _file(skopje, p, clock.today())
    frozen.advance(days=60)
    return p


def test_the_mail_job_is_written_with_the_reminder_and_rolled_back_with_it(skopje: Skopje, frozen: FrozenClock) -> None:
    _silent_prosecutor(skopje, frozen)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert reminders.run() == [skopje.bundle.organisation.pk]
        assert OutboxJob.objects.filter(task=reminders.MAIL, done_at=None).count() == 1
        raise RuntimeError("the run failed after the reminder")
    assert not Reminder.objects.exists() and not OutboxJob.objects.filter(task=reminders.MAIL).exists()


def test_two_reminders_of_one_organisation_make_one_mail_job(skopje: Skopje, frozen: FrozenClock) -> None:
    _silent_prosecutor(skopje, frozen)
    p = _add(skopje, "criminal_complaint", "prosecutor")
    _file(skopje, p, clock.today() - dt.timedelta(days=60))
    assert reminders.run() == [skopje.bundle.organisation.pk]
    assert Reminder.objects.count() == 2 and OutboxJob.objects.filter(task=reminders.MAIL).count() == 1


def test_broker_down_the_reminder_is_kept_and_mailed_once_the_broker_answers(
    skopje: Skopje, frozen: FrozenClock, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    _silent_prosecutor(skopje, frozen)

    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(core_tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.proceeding_reminders.call_local()
    assert Reminder.objects.count() == 1 and mail.outbox == []
    monkeypatch.undo()
    core_tasks.relay_outbox.call_local()  # the broker is back
    assert [m.to for m in mail.outbox] == [["desk@mk-cso.example"]]
    job = OutboxJob.objects.get(task=reminders.MAIL)
    assert outbox.run(job.pk) is False  # handed over twice: mailed once
    core_tasks.relay_outbox.call_local()
    assert len(mail.outbox) == 1


def _granted_order(skopje: Skopje, until: dt.date, final: bool = True) -> Proceeding:
    b = skopje.bundle
    p = _add(skopje, "protection_order", "court")
    _file(skopje, p, clock.today())
    p.refresh_from_db()
    p = services.update(
        b.staff, b.org_keys, p.pk, p.version, offence_provision="", offence_text="", outcome="order_granted",
        sanction="", order_terms="Keep 200 m away (invented terms).", order_from=clock.today(), order_until=until,
    )  # fmt: skip
    if final:  # the order runs on after the final decision: its end is reminded all the same
        services.add_step(b.staff, p.pk, p.version, "final", clock.today())
    return p


def test_a_protection_order_ending_is_reminded_fourteen_and_three_days_before(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    outbox.relay()
    Organisation.objects.filter(pk=skopje.bundle.organisation.pk).update(notify_email="desk@mk-cso.example")
    p = _granted_order(skopje, clock.today() + dt.timedelta(days=90))
    frozen.advance(days=75)
    assert _run() == 0
    frozen.advance(days=1)  # 14 days left
    assert _run() == 1
    assert _run() == 0
    frozen.advance(days=10)
    assert _run() == 0
    frozen.advance(days=1)  # 3 days left
    assert _run() == 1
    frozen.advance(days=4)
    assert _run() == 0  # ended: nothing more
    rows = Reminder.objects.filter(proceeding=p).order_by("days")
    assert [(r.kind, r.days, r.about) for r in rows] == [
        ("order_end", 3, p.order_until),
        ("order_end", 14, p.order_until),
    ]
    assert len(mail.outbox) == 2 and "Keep 200" not in mail.outbox[0].body
    events = CaseEvent.objects.filter(case=skopje.case, kind="proceeding_reminder")
    assert f"proceeding:{p.pk} order_end 14" in list(events.values_list("detail", flat=True))


def test_a_job_first_run_late_sends_only_the_most_pressing_order_reminder(skopje: Skopje, frozen: FrozenClock) -> None:
    p = _granted_order(skopje, clock.today() + dt.timedelta(days=2), final=False)
    assert _run() == 1
    assert list(Reminder.objects.filter(proceeding=p).values_list("kind", "days")) == [("order_end", 3)]


def test_orders_refused_or_without_an_end_or_in_closed_cases_are_not_reminded(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    b = skopje.bundle
    p = _add(skopje, "protection_order", "court")
    p = services.update(
        b.staff, b.org_keys, p.pk, p.version, offence_provision="", offence_text="", outcome="order_refused",
        sanction="", order_until=clock.today() + dt.timedelta(days=10),
    )  # fmt: skip
    q = _add(skopje, "protection_order", "court")
    services.update(
        b.staff, b.org_keys, q.pk, q.version, offence_provision="", offence_text="", outcome="order_granted",
        sanction="", order_until=None,
    )  # fmt: skip
    assert _run() == 0
    _granted_order(skopje, clock.today() + dt.timedelta(days=10))
    skopje.case.__class__.objects.filter(pk=skopje.case.pk).update(status="closed")
    assert _run() == 0


def _breach(skopje: Skopje, p: Proceeding, reported_on: dt.date | None = None) -> Any:
    p.refresh_from_db()
    b = skopje.bundle
    return services.record_breach(
        b.staff, b.org_keys, p.pk, p.version, clock.today(), "He came to her street (invented).", [], None, reported_on
    )


def test_a_breach_without_her_decision_is_reminded_once_a_day_after_it_is_recorded(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    b = skopje.bundle
    p = _granted_order(skopje, clock.today() + dt.timedelta(days=200))
    breach = _breach(skopje, p)
    assert _run() == 0  # she who recorded it is looking at it now
    frozen.advance(days=1)
    assert _run() == 1
    frozen.advance(days=5)
    assert _run() == 0  # once
    reminder = Reminder.objects.get(proceeding=p, kind="breach")
    assert (reminder.key, reminder.about) == (f"breach:{breach.pk}", breach.on)
    assert [s.pk for s, _ in services.needing_attention(b.staff, clock.today())] == [p.pk]
    p.refresh_from_db()
    services.breach_decided(b.staff, p.pk, p.version, breach.pk, None)  # she chose not to report it
    assert services.needing_attention(b.staff, clock.today()) == []
    assert CaseEvent.objects.filter(case=skopje.case, kind="order_breach_decided").exists()


def test_a_breach_recorded_as_reported_is_never_reminded(skopje: Skopje, frozen: FrozenClock) -> None:
    p = _granted_order(skopje, clock.today() + dt.timedelta(days=200))
    _breach(skopje, p, reported_on=clock.today())
    frozen.advance(days=3)
    assert _run() == 0


def test_a_report_cannot_come_before_the_breach(skopje: Skopje, frozen: FrozenClock) -> None:
    p = _granted_order(skopje, clock.today() + dt.timedelta(days=200))
    with pytest.raises(services.NotAllowed):
        _breach(skopje, p, reported_on=clock.today() - dt.timedelta(days=1))
    breach = _breach(skopje, p)
    p.refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.breach_decided(skopje.bundle.staff, p.pk, p.version, breach.pk, clock.today() - dt.timedelta(days=1))
