"""Routing new cases by the report's language, urgency from cues, and the fall-backs."""

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Membership, Role
from glasna.cases import services as case_services
from glasna.cases.models import Case, CaseEvent
from glasna.core.models import AuditEvent
from glasna.triage import routing
from glasna.triage import services as triage_services
from glasna.triage.models import Routing
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    bundle = make_organisation(countries=["RS"])
    members = {}
    for name, languages in {"ana": ["sr"], "besa": ["sq"], "dragan": ["mk"], "lawyer": ["sq"]}.items():
        role = Role.LAWYER if name == "lawyer" else Role.CASEWORKER
        members[name] = keyring.create_staff(bundle.organisation, name, PASSWORD, role, bundle.org_keys)
        triage_services.set_languages(members[name], members[name], languages, None)
    return bundle, members


def _new_case(narrative: str) -> Case:
    submit(country="RS", narrative=narrative)
    return Case.objects.order_by("-pk").first()


def test_exact_language_goes_to_its_reader_and_the_case_says_why(team):
    _, members = team
    case = _new_case("Një person më kërcënon se do t'i publikojë fotot e mia në Facebook.")
    assert case.assigned_to == members["besa"]  # not the lawyer, who also reads Albanian
    row = Routing.objects.get(case=case)
    assert (row.language, row.reason) == ("sq", "language")
    assert CaseEvent.objects.filter(case=case, kind="routed", detail__contains="-> besa").exists()
    assert AuditEvent.objects.filter(action="triage.routed", target=f"case:{case.pk}").exists()


def test_a_language_group_goes_to_anyone_reading_one_of_its_languages(team):
    _, members = team
    case = _new_case("Bivši dečko mi preti da će objaviti moje slike ako se ne vratim kod njega.")
    row = Routing.objects.get(case=case)
    assert (row.language, row.reason) == ("bcms", "language_group")
    assert case.assigned_to == members["ana"]


def test_the_least_busy_reader_is_chosen(team):
    bundle, members = team
    other = keyring.create_staff(bundle.organisation, "sara", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    triage_services.set_languages(other, other, ["sr", "bs"], None)
    first = _new_case("Бивши дечко ми прети да ће објавити моје слике на интернету ако се не вратим.")
    second = _new_case("Непознати човек ми шаље поруке и тражи да му пошаљем још фотографија.")
    assert {first.assigned_to, second.assigned_to} == {members["ana"], other}


def test_suspended_readers_are_not_chosen_and_nobody_left_means_the_triage_queue(team):
    _, members = team
    members["besa"].membership = Membership.SUSPENDED
    members["besa"].save()
    case = _new_case("Një person më kërcënon se do t'i publikojë fotot e mia në Facebook.")
    assert case.assigned_to is None
    assert Routing.objects.get(case=case).reason == "no_reader"
    assert case in case_services.triage_queue(members["ana"])


@pytest.mark.parametrize(
    "narrative",
    ["", "🙏🙏😢😢📷📷", "ok", "x" * 200_000, "Ja sam Ana. I am scared. Ju lutem më ndihmoni. Помогни ми."],
    ids=["empty", "emoji", "short", "enormous", "mixed"],
)
def test_text_triage_cannot_read_is_saved_and_left_to_the_usual_rules(team, narrative):
    case = _new_case(narrative)
    row = Routing.objects.get(case=case)
    assert case.report_id is not None
    if row.reason == "undecided":
        assert case.assigned_to is None and row.language == ""
    else:  # a long or mixed text may still show one language clearly: then it is routed, with why
        assert row.reason in ("language", "language_group", "no_reader") and row.language


def test_a_failure_inside_triage_never_loses_the_report(team, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(routing, "detect_language", broken)
    case = _new_case("Një person më kërcënon se do t'i publikojë fotot e mia.")
    assert case.report_id is not None and case.assigned_to is None
    assert Routing.objects.get(case=case).reason == "failed"
    assert routing.explanation(case)["decided"] is False


def test_urgency_cues_put_the_case_first_in_the_triage_queue(team):
    _, members = team
    calm = _new_case("Someone made a fake profile with my name and photos.")
    urgent = _new_case("He wrote: I will kill you. I want to kill myself.")
    assert urgent.urgency >= 90 + 100 and calm.urgency == 0
    assert list(case_services.triage_queue(members["ana"]))[:2] == [urgent, calm]


def test_a_risk_assessment_replaces_the_cue_urgency(team):
    bundle, _ = team
    case = _new_case("He wrote: I will kill you.")
    admin = keyring.create_staff(bundle.organisation, "admin", PASSWORD, Role.ORG_ADMIN, bundle.org_keys)
    case_services.assess_risk(admin, case.pk, case.version, [])
    case.refresh_from_db()
    assert case.urgency == 0
