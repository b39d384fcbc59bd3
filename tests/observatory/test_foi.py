"""The FOI tracker: drafts from country templates, statutory deadlines, reminders, answers,
refusals, silence, and figures from answers in official statistics with the request as source."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from glasna.core import outbox
from glasna.core import tasks as core_tasks
from glasna.core.models import OutboxJob
from glasna.observatory import foi
from glasna.observatory.models import FOIRequest, OfficialFigure
from tests.factories import make_organisation, signed_in_client

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DRAFT = {
    "country": "AL",
    "institution_type": "prosecution",
    "institution": "Prosecution Office of Tirana (invented)",
    "period_start": "2024-01",
    "period_end": "2024-12",
}


def drafted(staff, **overrides) -> FOIRequest:  # noqa: ANN001
    return foi.draft(staff, **{**DRAFT, **overrides})


def test_staff_draft_a_request_from_the_country_template() -> None:
    bundle = make_organisation("al", ["AL"])
    client = signed_in_client(bundle.staff)
    assert client.get("/en/staff/observatory/foi/").status_code == 200
    response = client.post("/en/staff/observatory/foi/", DRAFT)
    assert response.status_code == 302
    request = FOIRequest.objects.get()
    assert request.status == "draft" and "Law on the right to information of Albania" in request.body
    assert "Unjust interference in private life" in request.body  # offences from the law knowledge base
    page = client.get(response["Location"]).content.decode()
    assert "Record that it was sent" in page


def test_bad_draft_input_is_a_400_with_nothing_saved() -> None:
    bundle = make_organisation("al", ["AL"])
    response = signed_in_client(bundle.staff).post("/en/staff/observatory/foi/", {**DRAFT, "period_start": "2025-13"})
    assert response.status_code == 400 and not FOIRequest.objects.exists()


def test_deadline_defaults_to_the_configured_days(settings) -> None:  # noqa: ANN001
    settings.GLASNA_FOI_DEFAULT_DAYS = 20
    bundle = make_organisation("al", ["AL"])
    request = foi.mark_sent(bundle.staff, drafted(bundle.staff), TODAY - dt.timedelta(days=3))
    assert request.due_on == TODAY + dt.timedelta(days=17)
    assert request.deadline_basis == "GLASNA_FOI_DEFAULT_DAYS=20"


def test_deadline_from_the_law_knowledge_base_when_present(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "AL").mkdir()
    (tmp_path / "AL" / "jurisdiction.yaml").write_text(
        "code: AL\nfoi: {answer_days: 10, basis: 'invented test law, Art. 1'}\n"
    )
    monkeypatch.setattr(foi, "LAW_DATA", tmp_path)
    assert foi.deadline_rule("AL") == foi.Deadline(10, "invented test law, Art. 1")
    assert foi.deadline_rule("MK").basis.startswith("GLASNA_FOI_DEFAULT_DAYS")


def test_overdue_requests_are_reminded_once() -> None:
    bundle = make_organisation("al", ["AL"])
    bundle.staff.user.email = "analyst@example.org"
    bundle.staff.user.save()
    request = foi.mark_sent(bundle.staff, drafted(bundle.staff), TODAY - dt.timedelta(days=40))
    assert foi.send_reminders() == 1
    assert foi.send_reminders() == 0
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert len(mail.outbox) == 1 and f"#{request.pk}" in mail.outbox[0].subject
    request.refresh_from_db()
    assert request.reminded_on == TODAY and request.events.filter(kind="reminder_due").exists()
    job = OutboxJob.objects.get(task=foi.REMINDER_MAIL)
    assert outbox.run(job.pk) is False and len(mail.outbox) == 1  # handed over twice: mailed once


def test_a_reminder_rolled_back_leaves_no_mail_job() -> None:
    bundle = make_organisation("al", ["AL"])
    bundle.staff.user.email = "analyst@example.org"
    bundle.staff.user.save()
    request = foi.mark_sent(bundle.staff, drafted(bundle.staff), TODAY - dt.timedelta(days=40))
    with pytest.raises(RuntimeError), transaction.atomic():
        assert foi.send_reminders() == 1
        assert OutboxJob.objects.filter(task=foi.REMINDER_MAIL, args=[request.pk]).exists()
        raise RuntimeError("the run failed after the mark")
    request.refresh_from_db()
    assert request.reminded_on is None and not OutboxJob.objects.filter(task=foi.REMINDER_MAIL).exists()


def test_broker_down_the_reminder_is_marked_and_mailed_once_the_broker_answers(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    bundle = make_organisation("al", ["AL"])
    bundle.staff.user.email = "analyst@example.org"
    bundle.staff.user.save()
    foi.mark_sent(bundle.staff, drafted(bundle.staff), TODAY - dt.timedelta(days=40))

    def refuse(job_id: int) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(core_tasks, "run_outbox_job", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert foi.send_reminders() == 1
    assert mail.outbox == []
    monkeypatch.undo()
    core_tasks.relay_outbox.call_local()  # the broker is back
    assert [m.to for m in mail.outbox] == [["analyst@example.org"]]


def test_institutional_silence_per_country_and_institution_type() -> None:
    bundle = make_organisation("al", ["AL"])
    staff = bundle.staff
    long_ago = TODAY - dt.timedelta(days=60)
    on_time = foi.mark_sent(staff, drafted(staff), long_ago)
    foi.record_answer(staff, on_time, long_ago + dt.timedelta(days=5), "answered", "Figures attached.")
    refused = foi.mark_sent(staff, drafted(staff), long_ago)
    foi.record_answer(staff, refused, long_ago + dt.timedelta(days=2), "refused", "Refused.")
    late = foi.mark_sent(staff, drafted(staff), long_ago)
    foi.record_answer(staff, late, long_ago + dt.timedelta(days=30), "answered", "")
    foi.mark_sent(staff, drafted(staff), long_ago)  # never answered
    foi.mark_sent(staff, drafted(staff), TODAY)  # not yet due: not counted
    foi.mark_sent(staff, drafted(staff, country="MK", institution_type="court_first_instance"), long_ago)
    rows = {(r["country"], r["institution_type"]): r for r in foi.silence()}
    assert rows[("AL", "prosecution")] == {
        "country": "AL",
        "institution_type": "prosecution",
        "requests_due": 4,
        "not_answered_on_time": 2,
        "silence_percent": 50.0,
    }
    assert rows[("MK", "court_first_instance")]["silence_percent"] == 100.0
    api = Client().get("/api/observatory/v1/foi/silence").json()
    assert {(r["country"], r["silence_percent"]) for r in api} == {("AL", 50.0), ("MK", 100.0)}


def test_figures_from_an_answer_become_official_statistics_citing_the_request() -> None:
    bundle = make_organisation("al", ["AL"])
    client = signed_in_client(bundle.staff)
    request = drafted(bundle.staff)
    base = f"/en/staff/observatory/foi/{request.pk}"
    assert client.post(f"{base}/sent/", {"sent-on": (TODAY - dt.timedelta(days=10)).isoformat()}).status_code == 302
    assert (
        client.post(
            f"{base}/answer/",
            {"answer-on": TODAY.isoformat(), "answer-outcome": "answered", "answer-summary": "Table attached."},
        ).status_code
        == 302
    )
    figure = {
        "figure-offence_local": "Përndjekje (invented)",
        "figure-offence": "stalking",
        "figure-mapping": "close",
        "figure-stage": "registered",
        "figure-unit": "proceedings",
        "figure-count": "41",
        "figure-period_start": "2024-01",
        "figure-period_end": "2024-12",
        "figure-locator": "page 2, table 1",
    }
    assert client.post(f"{base}/figure/", figure).status_code == 302
    saved = OfficialFigure.objects.get()
    assert (saved.foi_request_id, saved.dataset, saved.count) == (request.pk, f"foi-{request.pk}", 41)
    official = Client().get("/api/observatory/v1/official").json()
    assert any(r["foi_request_id"] == request.pk and "FOI request" in r["source"] for r in official)
    # A negative count is refused with a message, and nothing is added.
    response = client.post(f"{base}/figure/", {**figure, "figure-count": "-1"})
    assert response.status_code == 400 and OfficialFigure.objects.count() == 1


def test_steps_out_of_order_are_refused() -> None:
    bundle = make_organisation("al", ["AL"])
    client = signed_in_client(bundle.staff)
    request = drafted(bundle.staff)
    response = client.post(
        f"/en/staff/observatory/foi/{request.pk}/answer/",
        {"answer-on": TODAY.isoformat(), "answer-outcome": "answered"},
    )
    assert response.status_code == 400
    assert FOIRequest.objects.get().status == "draft"
    with pytest.raises(foi.FOIError):
        foi.mark_sent(bundle.staff, request, TODAY + dt.timedelta(days=1))


def test_other_organisations_requests_are_invisible() -> None:
    mine = make_organisation("al", ["AL"])
    other = make_organisation("mk", ["MK"])
    request = drafted(mine.staff)
    assert signed_in_client(other.staff).get(f"/en/staff/observatory/foi/{request.pk}/").status_code == 404


def test_the_daily_job_sends_the_reminders() -> None:
    from glasna.observatory.tasks import remind_overdue_foi_requests

    bundle = make_organisation("al", ["AL"])
    request = foi.mark_sent(bundle.staff, drafted(bundle.staff), TODAY - dt.timedelta(days=40))
    remind_overdue_foi_requests()  # tests run huey in immediate mode: the job runs now
    request.refresh_from_db()
    assert request.reminded_on == TODAY
