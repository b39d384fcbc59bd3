"""The case plan: encrypted tasks with owners and due dates, services provided, my tasks due."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases import plan, services
from glasna.cases.models import Case, CaseEvent, CaseService, CaseStatus, CaseTask
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def bundle():  # type: ignore[no-untyped-def]
    return make_organisation("mk-cso", ["MK"])


def _case(**answers: object) -> Case:
    submit(**answers)  # type: ignore[arg-type]
    return Case.objects.order_by("-id").first()  # type: ignore[return-value]


def _kinds(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_task_titles_are_encrypted_at_rest(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    plan.add_task(bundle.staff, bundle.org_keys, case.pk, "Synthetic: call the shelter", bundle.staff.pk, None)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {CaseTask._meta.db_table}")  # noqa: S608 - a constant table name
        [(stored,)] = cursor.fetchall()
    assert b"Synthetic" not in bytes(stored) and b"shelter" not in bytes(stored)
    [(task, title)] = plan.tasks(bundle.staff, bundle.org_keys, case)
    assert title == "Synthetic: call the shelter" and task.owner == bundle.staff
    # The timeline and the audit log name the task, never its title.
    assert not CaseEvent.objects.filter(detail__contains="shelter").exists()
    assert AuditEvent.objects.filter(action="case.task_added", target=f"case:{case.pk}").count() == 1


def test_add_complete_and_reopen(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    task = plan.add_task(bundle.staff, bundle.org_keys, case.pk, "Synthetic task", None, _days(3))
    assert task.owner is None and task.due_on == _days(3) and task.created_by == bundle.staff
    assert plan.complete_task(bundle.staff, case.pk, task.pk).done_on == TODAY
    plan.complete_task(bundle.staff, case.pk, task.pk)  # a second click changes nothing
    assert plan.reopen_task(bundle.staff, case.pk, task.pk).done_on is None
    assert _kinds(case) == ["opened", "task_added", "task_done", "task_reopened"]
    assert AuditEvent.objects.filter(action__startswith="case.task_").count() == 3
    # Tasks do not make the case's other forms stale.
    assert Case.objects.get(pk=case.pk).version == case.version


def test_open_tasks_come_first_by_due_date(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    later = plan.add_task(bundle.staff, bundle.org_keys, case.pk, "later", None, _days(5))
    undated = plan.add_task(bundle.staff, bundle.org_keys, case.pk, "undated", None, None)
    done = plan.add_task(bundle.staff, bundle.org_keys, case.pk, "done", None, _days(1))
    sooner = plan.add_task(bundle.staff, bundle.org_keys, case.pk, "sooner", None, _days(2))
    plan.complete_task(bundle.staff, case.pk, done.pk)
    assert [t.pk for t, _ in plan.tasks(bundle.staff, bundle.org_keys, case)] == [
        sooner.pk,
        later.pk,
        undated.pk,
        done.pk,
    ]


def test_owner_must_be_active_staff_of_the_organisation_who_sees_the_case(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    other = make_organisation("rs-cso", ["RS"])
    with pytest.raises(services.NotAllowed):
        plan.add_task(bundle.staff, bundle.org_keys, case.pk, "x", other.staff.pk, None)
    gone = keyring.create_staff(bundle.organisation, "gone", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    gone.user.is_active = False
    gone.user.save()
    with pytest.raises(services.NotAllowed):
        plan.add_task(bundle.staff, bundle.org_keys, case.pk, "x", gone.pk, None)
    # A lawyer sees only the cases assigned to her: a task there would sit in nobody's queue.
    lawyer = keyring.create_staff(bundle.organisation, "lawyer", PASSWORD, Role.LAWYER, bundle.org_keys)
    with pytest.raises(services.NotAllowed):
        plan.add_task(bundle.staff, bundle.org_keys, case.pk, "x", lawyer.pk, None)
    assert not CaseTask.objects.exists()


def test_cases_and_tasks_out_of_sight_are_not_found(bundle) -> None:  # type: ignore[no-untyped-def]
    mine = _case()
    other = make_organisation("rs-cso", ["RS"])
    foreign = _case(country="RS")
    assert foreign.organisation == other.organisation
    foreign_task = plan.add_task(other.staff, other.org_keys, foreign.pk, "theirs", None, None)
    with pytest.raises(services.CaseNotFound):
        plan.add_task(bundle.staff, bundle.org_keys, foreign.pk, "x", None, None)
    with pytest.raises(services.CaseNotFound):
        plan.record_service(bundle.staff, foreign.pk, "shelter", TODAY)
    # A task id of another case, even through a case one may see.
    with pytest.raises(services.CaseNotFound):
        plan.complete_task(bundle.staff, mine.pk, foreign_task.pk)
    with pytest.raises(services.CaseNotFound):
        plan.tasks(bundle.staff, bundle.org_keys, foreign)


def test_my_tasks_due_is_the_overdue_and_the_coming_week_in_order(bundle) -> None:  # type: ignore[no-untyped-def]
    case, closed = _case(), _case()
    colleague = keyring.create_staff(bundle.organisation, "colleague", PASSWORD, Role.CASEWORKER, bundle.org_keys)

    def add(due: datetime.date | None, owner: int | None = bundle.staff.pk, on: Case = case) -> CaseTask:
        return plan.add_task(bundle.staff, bundle.org_keys, on.pk, "Synthetic", owner, due)

    in_a_week, overdue, tomorrow, today = add(_days(7)), add(_days(-3)), add(_days(1)), add(TODAY)
    add(_days(8))  # beyond the window
    add(None)  # no due date
    add(_days(1), owner=colleague.pk)  # someone else's
    plan.complete_task(bundle.staff, case.pk, add(_days(-1)).pk)  # done
    add(_days(2), on=closed)
    services.change_status(bundle.staff, closed.pk, closed.version, CaseStatus.CLOSED, "lost_contact")
    assert list(plan.my_tasks_due(bundle.staff, TODAY)) == [overdue, today, tomorrow, in_a_week]
    assert [t.pk for t in plan.my_tasks_due(colleague, TODAY)] == [CaseTask.objects.get(owner=colleague).pk]
    # Once the case is someone else's, the caseworker no longer sees it, nor its tasks.
    services.assign(bundle.staff, case.pk, Case.objects.get(pk=case.pk).version, bundle.staff.pk)
    assert list(plan.my_tasks_due(colleague, TODAY)) == []


def test_services_are_recorded_on_the_timeline(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    plan.record_service(bundle.staff, case.pk, "legal_advice", _days(-2))
    plan.record_service(bundle.staff, case.pk, "safety_planning", TODAY)
    with pytest.raises(services.NotAllowed):
        plan.record_service(bundle.staff, case.pk, "shelter", _days(1))
    with pytest.raises(ValueError):
        plan.record_service(bundle.staff, case.pk, "astrology", TODAY)
    assert [(s.kind, s.provided_by) for s in plan.services_provided(bundle.staff, case)] == [
        ("legal_advice", bundle.staff),
        ("safety_planning", bundle.staff),
    ]
    assert _kinds(case) == ["opened", "service_recorded", "service_recorded"]
    assert CaseEvent.objects.filter(kind="service_recorded").last().detail == f"safety_planning {TODAY.isoformat()}"  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="case.service_recorded").count() == 2


# --- through HTTP --------------------------------------------------------------------------------


@pytest.fixture
def page(bundle):  # type: ignore[no-untyped-def]
    case = _case()
    return signed_in_client(bundle.staff), case, f"/en/staff/reports/{case.report_id}/"


def test_the_case_page_adds_and_shows_the_plan(bundle, page) -> None:  # type: ignore[no-untyped-def]
    client, case, url = page
    base = f"/en/staff/cases/{case.pk}/"
    form = {
        "task-title": "Synthetic: request takedown",
        "task-owner": bundle.staff.pk,
        "task-due_on": _days(-1).isoformat(),
    }
    response = client.post(f"{base}tasks/", form)
    assert response.status_code == 302 and response["Location"] == url
    service = {"service-kind": "content_removal", "service-provided_on": TODAY.isoformat()}
    assert client.post(f"{base}services/", service).status_code == 302
    html = client.get(url).content.decode()
    assert "Synthetic: request takedown" in html and "overdue" in html and "Content removal" in html
    assert "<legend>Add a task</legend>" in html and 'for="id_task-title"' in html and 'type="date"' in html
    task = CaseTask.objects.get()
    assert client.post(f"{base}tasks/{task.pk}/done/").status_code == 302
    assert CaseTask.objects.get().done_on == TODAY
    html = client.get(url).content.decode()
    assert "overdue" not in html and f"{base}tasks/{task.pk}/reopen/" in html
    assert client.post(f"{base}tasks/{task.pk}/reopen/").status_code == 302
    assert CaseTask.objects.get().done_on is None and CaseService.objects.count() == 1


def test_form_errors_come_back_as_messages(bundle, page) -> None:  # type: ignore[no-untyped-def]
    client, case, url = page
    other = make_organisation("rs-cso", ["RS"])
    base = f"/en/staff/cases/{case.pk}/"
    html = client.post(f"{base}tasks/", {"task-title": "", "task-due_on": "soon"}, follow=True).content.decode()
    assert "Please fill this in." in html and "Please enter a valid date." in html
    future = {"service-kind": "shelter", "service-provided_on": _days(3).isoformat()}
    html = client.post(f"{base}services/", future, follow=True).content.decode()
    assert "cannot be dated in the future" in html
    html = client.post(f"{base}tasks/", {"task-title": "x", "task-owner": other.staff.pk}, follow=True).content.decode()
    assert "Please choose one of the answers shown." in html
    lawyer = keyring.create_staff(bundle.organisation, "lawyer", PASSWORD, Role.LAWYER, bundle.org_keys)
    html = client.post(f"{base}tasks/", {"task-title": "x", "task-owner": lawyer.pk}, follow=True).content.decode()
    assert "not allowed for your role or for this person" in html
    assert not CaseTask.objects.exists() and not CaseService.objects.exists()


def test_forged_ids_are_not_found(bundle, page) -> None:  # type: ignore[no-untyped-def]
    client, case, _ = page
    other = make_organisation("rs-cso", ["RS"])
    foreign = _case(country="RS")
    theirs = plan.add_task(other.staff, other.org_keys, foreign.pk, "theirs", None, None)
    base = f"/en/staff/cases/{foreign.pk}/"
    assert client.post(f"{base}tasks/", {"task-title": "x"}).status_code == 404
    assert client.post(f"{base}tasks/", {}).status_code == 404  # before looking at the form
    assert (
        client.post(
            f"{base}services/", {"service-kind": "shelter", "service-provided_on": TODAY.isoformat()}
        ).status_code
        == 404
    )
    assert client.post(f"{base}tasks/{theirs.pk}/done/").status_code == 404
    assert client.post(f"/en/staff/cases/{case.pk}/tasks/{theirs.pk}/done/").status_code == 404
    assert client.get(f"/en/staff/cases/{case.pk}/tasks/").status_code == 405
    assert CaseTask.objects.get().done_on is None and not CaseService.objects.exists()


def test_my_tasks_due_page(bundle, page) -> None:  # type: ignore[no-untyped-def]
    client, case, url = page
    plan.add_task(bundle.staff, bundle.org_keys, case.pk, "Synthetic: overdue call", bundle.staff.pk, _days(-2))
    plan.add_task(bundle.staff, bundle.org_keys, case.pk, "Synthetic: next month", bundle.staff.pk, _days(30))
    html = client.get("/en/staff/tasks/").content.decode()
    assert "Synthetic: overdue call" in html and "overdue" in html and f'href="{url}"' in html
    assert "next month" not in html
    assert signed_in_client(make_organisation("rs-cso", ["RS"]).staff).get("/en/staff/tasks/").status_code == 200
    assert client.post("/en/staff/tasks/").status_code == 405
