"""The survivor's own escrow proposal from her portal (glasna/networks/escrow_proposals.py, ESCROW.md
"Proposals from the survivor"): stored sealed, not an entry until her caseworker enters it; declined
or withdrawn, the value is erased; another organisation sees nothing; key rotation re-seals it."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from glasna.accounts import keyring, rotation
from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core.crypto.primitives import DecryptionError, unseal
from glasna.core.models import AuditEvent
from glasna.intake import receipts
from glasna.intake.models import Report
from glasna.networks import escrow, escrow_proposals
from glasna.networks.models import EscrowEntry, EscrowMatch, EscrowProposal, MatchChoice, ProposalState
from glasna.networks.perpetrators import normalise_perpetrator
from tests.factories import PASSWORD, OrgBundle, make_organisation, signed_in_client, submit
from tests.networks.test_escrow import NUMBER_FORMS, _dump

pytestmark = pytest.mark.django_db

NUMBER = normalise_perpetrator("phone", "070 000 000", "MK")
FORM = {
    "escrow-kind": "phone",
    "escrow-value": "070 000 000",
    "escrow-choice": "tell_caseworker",
    "escrow-consent": "on",
}
PROPOSE = "/en/my-report/escrow/"


def _survivor(bundle: OrgBundle) -> tuple[Client, Case]:
    """A survivor of `bundle`'s country back with her receipt, and her case."""
    client = Client()
    submitted = submit(country=bundle.organisation.countries[0])
    case = Case.objects.filter(organisation=bundle.organisation).order_by("-pk").first()
    assert case is not None and case.report_id is not None
    assert client.post("/en/return/", {"receipt": receipts.formatted(submitted.receipt)}).status_code == 302
    return client, case


def _escrow_page(case: Case) -> str:
    return f"/en/staff/networks/cases/{case.pk}/escrow/"


def _act(case: Case, proposal: EscrowProposal) -> str:
    return f"/en/staff/networks/cases/{case.pk}/escrow/proposals/{proposal.pk}/"


def test_a_proposal_from_the_portal_is_stored_sealed_and_is_no_entry() -> None:
    a = make_organisation("prop-a", ["MK"])
    visitor, case = _survivor(a)
    client = Client(enforce_csrf_checks=True)
    client.cookies = visitor.cookies  # her visit, in a client that checks CSRF as a browser's request is checked
    page = client.get("/en/my-report/").content.decode()
    # The section on her report's page, in plain words, with the three choices and her consent.
    assert "Name the person who did this" in page and "Your caseworker will check it with you first" in page
    for label in MatchChoice.labels:
        assert str(label) in page
    assert 'name="escrow-consent"' in page and "<script" not in page.split("Name the person who did this")[1]
    # A form posted without the page's CSRF token is refused.
    assert client.post(PROPOSE, FORM).status_code == 403
    token = client.cookies["csrftoken"].value
    response = client.post(PROPOSE, {**FORM, "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "Your caseworker will check it with you." in response.content.decode()
    proposal = EscrowProposal.objects.get()
    assert proposal.case == case and proposal.state == ProposalState.PENDING and proposal.kind == "phone"
    assert proposal.key_version == a.organisation.current_key.version and proposal.consent_given_at is not None
    assert EscrowEntry.objects.count() == 0  # not an entry until her caseworker enters it
    dump = _dump()
    digits = NUMBER.value.lstrip("+")
    for form in [*NUMBER_FORMS, digits, NUMBER.canonical().decode(), NUMBER.canonical().hex()]:
        assert form not in dump
    assert AuditEvent.objects.filter(action="networks.escrow.proposed", target=f"proposal:{proposal.pk}").exists()
    assert not AuditEvent.objects.filter(target__contains="70000000").exists()
    # Her report's page lists it as waiting, with a way to take it back.
    page = client.get("/en/my-report/").content.decode()
    assert "Waiting for your caseworker" in page and f"/en/my-report/escrow/{proposal.pk}/withdraw/" in page


def test_the_caseworker_enters_it_and_a_second_survivor_makes_a_match() -> None:
    a, b = make_organisation("prop-b", ["MK"]), make_organisation("prop-c", ["AL"])
    client, case = _survivor(a)
    assert client.post(PROPOSE, {**FORM, "escrow-choice": "joint_complaint"}).status_code == 200
    proposal = EscrowProposal.objects.get()
    staff = signed_in_client(a.staff)
    page = staff.get(_escrow_page(case)).content.decode()
    assert "Proposed by the survivor" in page and NUMBER.value in page and "Prepare a joint complaint" in page
    assert "Enter it in the escrow" in page and "Decline" in page
    assert staff.post(_act(case, proposal), {"action": "enter"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ENTERED and proposal.sealed is None and proposal.dedupe_tag == ""
    assert proposal.decided_by == a.staff
    entry = EscrowEntry.objects.get()
    assert entry.organisation == a.organisation and entry.consent_recorded_at == proposal.consent_given_at
    assert NUMBER.value not in staff.get(_escrow_page(case)).content.decode()  # no longer shown: erased
    # Entering it twice (a double click) makes no second entry.
    assert staff.post(_act(case, proposal), {"action": "enter"}).status_code == 302
    assert EscrowEntry.objects.count() == 1
    # Another survivor at another organisation names the same number: both organisations are told.
    other = Case.objects.create(organisation=b.organisation)
    escrow.add_entry(b.staff, other, normalise_perpetrator("phone", "+389 70 000 000"), "nothing_yet", consent=True)
    matches = {m.organisation_id: m for m in EscrowMatch.objects.all()}
    assert set(matches) == {a.organisation.pk, b.organisation.pk}
    assert matches[a.organisation.pk].case == case and matches[a.organisation.pk].choice == "joint_complaint"
    events = AuditEvent.objects.filter(action="networks.escrow.proposal_entered")
    assert events.count() == 1 and events.get().target == f"proposal:{proposal.pk} entry:{entry.pk}"
    assert not AuditEvent.objects.filter(target__contains="70000000").exists()


def test_declining_erases_the_value() -> None:
    a = make_organisation("prop-d", ["MK"])
    client, case = _survivor(a)
    client.post(PROPOSE, FORM)
    proposal = EscrowProposal.objects.get()
    staff = signed_in_client(a.staff)
    assert staff.post(_act(case, proposal), {"action": "decline"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED and proposal.sealed is None and proposal.dedupe_tag == ""
    assert proposal.decided_at is not None and EscrowEntry.objects.count() == 0
    assert AuditEvent.objects.filter(action="networks.escrow.proposal_declined").count() == 1
    # Declined is final: it can no longer be entered.
    staff.post(_act(case, proposal), {"action": "enter"})
    assert EscrowEntry.objects.count() == 0
    assert "Declined" in client.get("/en/my-report/").content.decode()


def test_the_survivor_withdraws_a_pending_proposal_and_no_one_else_can() -> None:
    a = make_organisation("prop-e", ["MK"])
    client, case = _survivor(a)
    client.post(PROPOSE, FORM)
    proposal = EscrowProposal.objects.get()
    # Another survivor (another report) cannot take it back.
    stranger, _other = _survivor(a)
    stranger.post(f"/en/my-report/escrow/{proposal.pk}/withdraw/")
    assert EscrowProposal.objects.get().state == ProposalState.PENDING
    response = client.post(f"/en/my-report/escrow/{proposal.pk}/withdraw/")
    assert response.status_code == 302 and response["Location"] == "/en/my-report/"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN and proposal.sealed is None and proposal.dedupe_tag == ""
    assert NUMBER.value not in signed_in_client(a.staff).get(_escrow_page(case)).content.decode()
    assert AuditEvent.objects.filter(action="networks.escrow.proposal_withdrawn").count() == 1
    # Without her visit, the withdrawal asks for the receipt.
    assert Client().post(f"/en/my-report/escrow/{proposal.pk}/withdraw/").status_code == 302


def test_a_withdrawn_report_takes_her_pending_proposals_with_it() -> None:
    a = make_organisation("prop-f", ["MK"])
    client, case = _survivor(a)
    client.post(PROPOSE, FORM)
    client.post(PROPOSE, {**FORM, "escrow-kind": "email", "escrow-value": "Someone@Invented.example"})
    entered = EscrowProposal.objects.get(kind="email")
    escrow_proposals.enter(a.staff, a.org_keys, case, entered.pk)
    assert client.post("/en/my-report/withdraw/", {"confirm": "yes"}).status_code == 200
    assert not Report.objects.filter(pk=case.report_id).exists()
    pending = EscrowProposal.objects.get(kind="phone")
    assert pending.state == ProposalState.WITHDRAWN and pending.sealed is None
    assert EscrowProposal.objects.get(kind="email").state == ProposalState.ENTERED
    assert EscrowEntry.objects.get().withdrawn_at is not None  # the entry goes as it always did


def test_a_bad_phone_number_gets_a_translated_error_and_nothing_is_stored() -> None:
    a = make_organisation("prop-g", ["MK"])
    client, _case = _survivor(a)
    response = client.post(PROPOSE, {**FORM, "escrow-value": "12"})
    assert response.status_code == 400
    assert "This is not a phone number we can read" in response.content.decode()
    response = client.post("/mk/my-report/escrow/", {**FORM, "escrow-value": "12"})
    with translation.override("mk"):
        expected = gettext("This is not a phone number we can read: write it with its country code, such as +389.")
    assert response.status_code == 400 and expected in response.content.decode()
    assert EscrowProposal.objects.count() == 0


def test_consent_is_needed() -> None:
    a = make_organisation("prop-h", ["MK"])
    client, _case = _survivor(a)
    form = {key: value for key, value in FORM.items() if key != "escrow-consent"}
    response = client.post(PROPOSE, form)
    assert response.status_code == 400 and "Tick the box to say that you agree" in response.content.decode()
    assert EscrowProposal.objects.count() == 0


def test_a_replayed_form_makes_no_duplicate_and_proposals_are_limited_per_day() -> None:
    a = make_organisation("prop-i", ["MK"])
    client, _case = _survivor(a)
    for value in ["070 000 000", "070 000 000", "+389 70 000 000"]:  # a reload, and the same number written anew
        assert client.post(PROPOSE, {**FORM, "escrow-value": value}).status_code == 200
    assert EscrowProposal.objects.count() == 1
    assert AuditEvent.objects.filter(action="networks.escrow.proposed").count() == 1
    for number in range(1, 5):
        assert client.post(PROPOSE, {**FORM, "escrow-value": f"070 000 00{number}"}).status_code == 200
    limited = client.post(PROPOSE, {**FORM, "escrow-value": "070 000 009"})
    assert limited.status_code == 429 and "Please try again tomorrow" in limited.content.decode()
    assert EscrowProposal.objects.count() == escrow_proposals.PER_DAY
    # A replay of one already made is still answered, not counted.
    assert client.post(PROPOSE, FORM).status_code == 200


def test_another_organisation_cannot_see_or_act_on_it() -> None:
    a, b = make_organisation("prop-j", ["MK"]), make_organisation("prop-k", ["AL"])
    client, case = _survivor(a)
    client.post(PROPOSE, FORM)
    proposal = EscrowProposal.objects.get()
    own_case = Case.objects.create(organisation=b.organisation)
    other = signed_in_client(b.staff)
    assert other.get(_escrow_page(case)).status_code == 404
    for action in ("enter", "decline"):
        assert other.post(_act(case, proposal), {"action": action}).status_code == 404
        assert other.post(_act(own_case, proposal), {"action": action}).status_code == 404
    assert NUMBER.value not in other.get(_escrow_page(own_case)).content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING and proposal.sealed is not None
    assert EscrowEntry.objects.count() == 0
    # Another organisation's keys do not open it.
    with pytest.raises(DecryptionError):
        unseal(b.org_keys.for_version(1), bytes(proposal.sealed))


def test_key_rotation_reseals_a_pending_proposal() -> None:
    a = make_organisation("prop-l", ["MK"], role=Role.ORG_ADMIN)
    client, case = _survivor(a)
    client.post(PROPOSE, FORM)
    client.post(PROPOSE, {**FORM, "escrow-value": "070 000 001"})
    declined = EscrowProposal.objects.order_by("pk").last()
    assert declined is not None
    escrow_proposals.decline(a.staff, case, declined.pk)  # erased: nothing left to re-seal
    old_private = a.org_keys.for_version(1)
    job, job_key = rotation.start(a.organisation, a.org_keys, "staff-prop-l")
    assert rotation.run(job.pk, job_key)
    proposal = EscrowProposal.objects.get(state=ProposalState.PENDING)
    assert proposal.key_version == 2
    with pytest.raises(DecryptionError):
        unseal(old_private, bytes(proposal.sealed))
    a.staff.refresh_from_db()
    keys = keyring.unlock_organisation_keys(a.staff, keyring.unlock_staff_private_key(a.staff, PASSWORD))
    [opened] = escrow_proposals.pending_for(a.staff, case, keys)
    assert opened.identifier == NUMBER and opened.choice == "tell_caseworker"
    assert EscrowProposal.objects.get(pk=declined.pk).sealed is None
