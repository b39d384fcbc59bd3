"""The triage panel on the case page and the caseworker's confirm/dismiss."""

import pytest

from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.triage.models import CueDecision
from tests.factories import make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

NARRATIVE = "Jam 16 vjec dhe ai me kerkon 200 euro, perndryshe do t'i publikoj fotot deri neser."


def _case(country: str = "AL", narrative: str = NARRATIVE):
    bundle = make_organisation(countries=[country])
    submit(country=country, narrative=narrative, language="sq")
    case = Case.objects.get(organisation=bundle.organisation)
    return bundle, case, signed_in_client(bundle.staff)


def test_albanian_teenager_asked_for_money_shows_cues_with_their_words():
    _, case, client = _case()
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "Triage suggestions" in page
    assert "Albanian" in page and "Latin" in page
    assert "The survivor may be a child" in page and "<mark>Jam 16 vjec</mark>" in page
    assert "Demand for money, images or a meeting" in page and "<mark>200 euro</mark>" in page
    assert "Threat to publish, with a deadline" in page and "<mark>deri neser</mark>" in page
    # nothing is routed or flagged by itself: the child-protection route waits for a confirmation
    assert "takeitdown.ncmec.org" not in page
    assert CueDecision.objects.count() == 0
    assert AuditEvent.objects.filter(action="report.answers_read", target__endswith=":triage").exists()


def test_confirming_minor_records_it_and_offers_the_child_route():
    bundle, case, client = _case()
    url = f"/en/staff/triage/cases/{case.pk}/cues/"
    response = client.post(url, {"kind": "minor", "decision": "confirmed"})
    assert response.status_code == 302
    decision = CueDecision.objects.get(case=case)
    assert (decision.kind, decision.decision, decision.decided_by) == ("minor", "confirmed", bundle.staff)
    # only the kind and the decision are kept, never the report's words
    assert "vjec" not in str([getattr(decision, f.attname) for f in CueDecision._meta.fields])
    event = AuditEvent.objects.get(action="triage.cue_confirmed")
    assert event.target == f"case:{case.pk}:minor"
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "Child protection" in page and "https://takeitdown.ncmec.org/" in page
    assert "National child helpline:" in page and "116 111" in page


def test_dismissal_is_recorded_and_the_latest_decision_counts():
    _, case, client = _case()
    url = f"/en/staff/triage/cases/{case.pk}/cues/"
    client.post(url, {"kind": "minor", "decision": "confirmed"})
    client.post(url, {"kind": "minor", "decision": "dismissed"})
    assert list(CueDecision.objects.filter(case=case).values_list("decision", flat=True)) == ["dismissed", "confirmed"]
    assert AuditEvent.objects.filter(action="triage.cue_dismissed", target=f"case:{case.pk}:minor").exists()
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "takeitdown.ncmec.org" not in page and "dismissed" in page


def test_unknown_cue_or_decision_is_refused():
    _, case, client = _case()
    url = f"/en/staff/triage/cases/{case.pk}/cues/"
    client.post(url, {"kind": "weather", "decision": "confirmed"})
    client.post(url, {"kind": "minor", "decision": "maybe"})
    assert not CueDecision.objects.exists()
    assert client.get(url).status_code == 405


def test_text_triage_cannot_read_says_so():
    _, case, client = _case(narrative="😀😀😀")
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "triage could not decide" in page
    assert "No urgency cue was found" in page


@pytest.mark.parametrize("narrative", ["", "🙏😢📷🙏😢📷"], ids=["empty", "emoji"])
def test_a_report_triage_cannot_read_says_so_and_waits_in_the_triage_queue(narrative):
    _, case, client = _case(narrative=narrative)
    assert case.assigned_to is None
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "Triage could not decide the language: left in the triage queue by the usual rules." in page
    assert "triage could not decide" in page
    inbox = client.get("/en/staff/?queue=triage").content.decode()
    assert f"#{case.pk}<" in inbox
