"""The case file: risk-ordered triage, status workflow with outcomes, stale forms, notes."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases import services
from glasna.cases.models import Case, CaseEvent, CaseNote, CaseStatus
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle():  # type: ignore[no-untyped-def]
    return make_organisation("mk-cso", ["MK"])


def _case(**answers: object) -> Case:
    submit(**answers)  # type: ignore[arg-type]
    return Case.objects.order_by("-id").first()  # type: ignore[return-value]


def test_triage_queue_puts_danger_first(bundle) -> None:  # type: ignore[no-untyped-def]
    calm, spreading, threatened = _case(), _case(), _case()
    services.assess_risk(bundle.staff, spreading.pk, spreading.version, ["spreading"])
    services.assess_risk(bundle.staff, threatened.pk, threatened.version, ["physical_threat", "knows_location"])
    assert list(services.triage_queue(bundle.staff)) == [threatened, spreading, calm]
    assert [c.pk for c in services.urgent_cases(bundle.staff)] == [threatened.pk]


def test_stale_form_is_refused_and_nothing_overwritten(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    seen_version = case.version
    services.assess_risk(bundle.staff, case.pk, seen_version, ["self_harm"])
    with pytest.raises(services.StaleCase):
        services.assess_risk(bundle.staff, case.pk, seen_version, [])
    assert Case.objects.get(pk=case.pk).risk_flags == ["self_harm"]


def test_status_workflow_requires_an_outcome_to_close(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    case = services.change_status(bundle.staff, case.pk, case.version, CaseStatus.ACTIVE)
    with pytest.raises(services.NotAllowed):
        services.change_status(bundle.staff, case.pk, case.version, CaseStatus.CLOSED)
    with pytest.raises(services.NotAllowed):
        services.change_status(bundle.staff, case.pk, case.version, CaseStatus.NEW)
    case = services.change_status(bundle.staff, case.pk, case.version, CaseStatus.CLOSED, "police_report")
    assert case.outcome == "police_report" and case.closed_on is not None
    case = services.change_status(bundle.staff, case.pk, case.version, CaseStatus.ACTIVE)
    assert case.outcome == "" and case.closed_on is None
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["opened", "status", "status", "status"]
    assert AuditEvent.objects.filter(action="case.status").count() == 3


def test_notes_are_encrypted_and_staff_only(bundle) -> None:  # type: ignore[no-untyped-def]
    case = _case()
    services.add_note(bundle.staff, bundle.org_keys, case.pk, "Synthetic note: called the survivor back.")
    assert b"Synthetic" not in bytes(CaseNote.objects.get().body)
    [(note, text)] = services.notes(bundle.staff, bundle.org_keys, case)
    assert text == "Synthetic note: called the survivor back." and note.author == bundle.staff


def test_caseworker_takes_a_case_but_cannot_hand_it_to_others(bundle) -> None:  # type: ignore[no-untyped-def]
    colleague = keyring.create_staff(bundle.organisation, "colleague", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    case = _case()
    with pytest.raises(services.NotAllowed):
        services.assign(bundle.staff, case.pk, case.version, colleague.pk)
    case = services.assign(bundle.staff, case.pk, case.version, bundle.staff.pk)
    assert case.assigned_to == bundle.staff
    # Now the colleague no longer sees it: it is not theirs and not waiting for triage.
    with pytest.raises(services.CaseNotFound):
        services.get_case(colleague, case.pk)
    assert list(services.my_cases(bundle.staff)) == [case]


def test_admin_assigns_across_the_organisation_but_not_outside(bundle) -> None:  # type: ignore[no-untyped-def]
    admin = keyring.create_staff(bundle.organisation, "admin", PASSWORD, Role.ORG_ADMIN, bundle.org_keys)
    outsider = make_organisation("rs-cso", ["RS"]).staff
    case = _case()
    case = services.assign(admin, case.pk, case.version, bundle.staff.pk)
    with pytest.raises(services.NotAllowed):
        services.assign(admin, case.pk, case.version, outsider.pk)
    with pytest.raises(services.CaseNotFound):
        services.get_case(outsider, case.pk)
