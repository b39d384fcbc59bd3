"""The console's rotation and role pages: administrators only, a fresh step-up code before anything
changes, CSRF-protected forms, refusals with a reason, and removal of a key holder requiring a
rotation before any approval."""

import time

import pyotp
import pytest
from django.core import mail
from django.test import Client

from glasna.accounts import keyring, membership, rotation, step_up, tasks, totp
from glasna.accounts.models import Membership, OrganisationKey, Role, RotationJob, RotationState, StaffMember
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.models import OutboxJob
from tests.factories import PASSWORD, OrgBundle, fresh_step_up, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

CONSOLE = "/en/staff/console/"
ROTATION = "/en/staff/console/rotation/"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN)


def _versions(bundle: OrgBundle) -> int:
    return OrganisationKey.objects.filter(organisation=bundle.organisation).count()


def test_without_a_fresh_code_nothing_changes(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    worker = keyring.create_staff(home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys)
    for path, data in ((ROTATION, {}), (f"{CONSOLE}members/{worker.pk}/role/", {"role": Role.LAWYER})):
        response = admin.post(path, data, HTTP_REFERER=f"http://testserver{CONSOLE}")
        assert response.status_code == 302 and response.url.startswith("/en/staff/confirm/")
    assert admin.get(ROTATION).url.startswith("/en/staff/confirm/?next=")
    assert _versions(home) == 1 and not RotationJob.objects.exists()
    assert StaffMember.objects.get(pk=worker.pk).role == Role.CASEWORKER
    # Stale after five minutes.
    session = admin.session
    session[step_up.SESSION_FIELD] = time.time() - step_up.FRESH_SECONDS - 1
    session.save()
    assert admin.post(ROTATION).status_code == 302 and _versions(home) == 1


def test_removing_a_key_holder_requires_a_rotation_confirmed_with_a_code(home: OrgBundle) -> None:
    submit(country="MK")
    admin = signed_in_client(home.staff)
    leaver = keyring.create_staff(home.organisation, "leaver", PASSWORD, Role.LAWYER, home.org_keys)
    waiting = keyring.create_staff(home.organisation, "waiting", PASSWORD, Role.CASEWORKER, None, awaiting_key=True)
    response = admin.post(f"{CONSOLE}members/{leaver.pk}/", {"action": "remove"})
    assert response.status_code == 302 and response.url == ROTATION
    page = admin.get(CONSOLE).content.decode()
    assert 'id="rotation-required"' in page
    # No approval until the key is rotated: it would hand out the key she may have kept.
    page = admin.post(f"{CONSOLE}members/{waiting.pk}/", {"action": "approve"}, follow=True).content.decode()
    assert "Rotate the key before giving it to anyone" in page
    assert not membership.holds_newest_key(waiting)
    # The code page, then back to the rotation page and start it.
    response = admin.get(ROTATION)
    assert response.status_code == 302
    code = pyotp.TOTP(totp.secret_of(StaffMember.objects.get(pk=home.staff.pk))).at(time.time() + 30)
    response = admin.post("/en/staff/confirm/", {"code": code, "next": ROTATION})
    assert response.status_code == 302 and response.url == ROTATION
    page = admin.get(ROTATION).content.decode()
    assert 'id="rotation-required"' in page and "2 records will be sealed to the new key." in page
    page = admin.post(ROTATION, follow=True).content.decode()
    assert "The key rotation has started." in page and 'id="rotation-state" aria-live="polite">Done' in page
    job = RotationJob.objects.get(organisation=home.organisation)
    assert job.state == RotationState.DONE and job.done == job.total == 2  # the report and its case notes
    assert 'id="rotation-required"' not in admin.get(CONSOLE).content.decode()
    admin.post(f"{CONSOLE}members/{waiting.pk}/", {"action": "approve"})
    assert membership.holds_newest_key(waiting)
    case = Case.objects.get(organisation=home.organisation)
    assert admin.get(f"/en/staff/reports/{case.report_id}/").status_code == 200


def test_a_rotation_started_twice_is_refused_with_a_reason(home: OrgBundle) -> None:
    admin = fresh_step_up(signed_in_client(home.staff))
    rotation.start(home.organisation, home.org_keys, "staff-home")  # its worker has not run yet
    page = admin.get(ROTATION).content.decode()
    assert "Rotation in progress" in page and "Resume the rotation" in page
    page = admin.post(ROTATION, follow=True).content.decode()
    assert "A key rotation is already running" in page
    assert _versions(home) == 2
    job = RotationJob.objects.get()
    progress = f"{ROTATION}{job.pk}/progress/"
    assert admin.get(progress).json() == {"done": 0, "total": 0, "running": True, "state": "Running"}
    page = admin.post(f"{ROTATION}{job.pk}/resume/", follow=True).content.decode()
    assert "The key rotation was resumed." in page
    job.refresh_from_db()
    assert job.state == RotationState.DONE
    assert admin.get(progress).json()["running"] is False
    page = admin.post(f"{ROTATION}{job.pk}/resume/", follow=True).content.decode()
    assert "already finished" in page


def test_role_changes_on_the_console(home: OrgBundle) -> None:
    admin = fresh_step_up(signed_in_client(home.staff))
    worker = keyring.create_staff(
        home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys, email="worker@invented.example"
    )
    role_page = f"{CONSOLE}members/{worker.pk}/role/"
    assert admin.get(role_page).status_code == 200
    response = admin.post(role_page, {"role": Role.ANALYST})
    assert response.status_code == 302
    assert StaffMember.objects.get(pk=worker.pk).role == Role.ANALYST
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert mail.outbox[0].to == ["worker@invented.example"]
    own_page = f"{CONSOLE}members/{home.staff.pk}/role/"
    response = admin.post(own_page, {"role": Role.CASEWORKER})
    assert response.status_code == 400 and "She is the last administrator" in response.content.decode()
    response = admin.post(role_page, {"role": "platform_admin"})
    assert response.status_code == 400
    assert StaffMember.objects.get(pk=home.staff.pk).role == Role.ORG_ADMIN


def test_only_administrators_and_only_with_csrf(home: OrgBundle) -> None:
    worker = keyring.create_staff(home.organisation, "worker", PASSWORD, Role.CASEWORKER, home.org_keys)
    caseworker = fresh_step_up(signed_in_client(worker))
    assert caseworker.post(ROTATION).status_code == 404
    job, _key = rotation.start(home.organisation, home.org_keys, "staff-home")
    assert caseworker.get(f"{ROTATION}{job.pk}/progress/").status_code == 404
    RotationJob.objects.filter(pk=job.pk).delete()
    OrganisationKey.objects.filter(organisation=home.organisation, version=2).delete()
    assert caseworker.post(f"{CONSOLE}members/{home.staff.pk}/role/", {"role": Role.ANALYST}).status_code == 404
    other = make_organisation("other", ["RS"], role=Role.ORG_ADMIN)
    outsider = fresh_step_up(signed_in_client(other.staff))
    assert outsider.post(f"{CONSOLE}members/{worker.pk}/role/", {"role": Role.ANALYST}).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in_client(home.staff).cookies
    fresh_step_up(strict)
    assert strict.post(ROTATION).status_code == 403
    assert strict.post(f"{CONSOLE}members/{worker.pk}/role/", {"role": Role.ANALYST}).status_code == 403
    assert _versions(home) == 1 and StaffMember.objects.get(pk=worker.pk).role == Role.CASEWORKER
    assert StaffMember.objects.get(pk=worker.pk).membership == Membership.ACTIVE


def test_broker_down_the_rotation_is_started_and_said_to_wait_for_a_resume(
    home: OrgBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rotation's message carries its key and never waits in the job outbox: with the broker
    down the page says so, and a resume once it answers finishes the rotation."""
    submit(country="MK")
    admin = fresh_step_up(signed_in_client(home.staff))

    def refuse(job_id: int, job_key: str) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks, "rotate_organisation_key", refuse)
    page = admin.post(ROTATION, follow=True).content.decode()
    assert "The key rotation has started." in page and "The job queue did not answer" in page
    job = RotationJob.objects.get()
    assert job.state == RotationState.RUNNING and job.done == 0
    assert not OutboxJob.objects.filter(task__contains="rotate").exists()  # the key stays out of the database
    page = admin.post(f"{ROTATION}{job.pk}/resume/", follow=True).content.decode()
    assert "The job queue did not answer" in page and RotationJob.objects.get().state == RotationState.RUNNING
    monkeypatch.undo()
    page = admin.post(f"{ROTATION}{job.pk}/resume/", follow=True).content.decode()
    assert "The key rotation was resumed." in page and "The job queue did not answer" not in page
    job.refresh_from_db()
    assert job.state == RotationState.DONE and job.done == job.total == 2
