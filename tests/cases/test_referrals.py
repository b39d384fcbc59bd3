"""Referrals: consent first, only the chosen parts, re-sealed to the receiving organisation."""

import pytest
from django.test import Client

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases import referrals, services
from glasna.cases.models import Case, Referral, ReferralFile, ReferralStatus
from glasna.core.uploads import check_upload
from glasna.intake import services as intake
from glasna.intake.models import Message
from tests.factories import PASSWORD, make_organisation, pattern_png, signed_in_client, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    home = make_organisation("mk-cso", ["MK"])
    legal = make_organisation("xk-legal", ["XK"], role=Role.LAWYER)
    legal_admin = keyring.create_staff(legal.organisation, "xk-admin", PASSWORD, Role.ORG_ADMIN, legal.org_keys)
    submitted = submit(
        narrative="Synthetic: he posted my photos.",
        perpetrator="invented_ex",
        contact_method="email",
        contact_value="invented@example.org",
        language="mk",
        files=[check_upload(upload("p.png", pattern_png()))],
    )
    case = Case.objects.get(organisation=home.organisation)
    return home, legal, legal_admin, submitted, case


def _refer(home, legal, case, channel="portal", parts=("incident", "files")):  # type: ignore[no-untyped-def]
    return referrals.create(
        home.staff,
        home.org_keys,
        case.pk,
        legal.organisation.pk,
        "legal",
        list(parts),
        "Please help with a criminal complaint.",
        channel,
    )


def test_nothing_is_readable_before_consent_and_the_survivor_is_asked(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, legal_admin, submitted, case = world
    referral = _refer(home, legal, case)
    assert referral.status == ReferralStatus.AWAITING_CONSENT and referral.package is None
    assert list(referrals.incoming(legal_admin)) == []
    access = intake.open_with_receipt(submitted.receipt)
    [pending] = referrals.pending_consents(access.report_id, access.data_key)
    assert pending.note == "Please help with a criminal complaint."
    thread = intake.survivor_view(access)["thread"]
    assert "xk-legal" in thread[-1].text and thread[-1].author == Message.ORGANISATION  # asked in her language


def test_consent_shares_exactly_the_chosen_parts(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, legal_admin, submitted, case = world
    referral = _refer(home, legal, case)
    access = intake.open_with_receipt(submitted.receipt)
    referrals.answer_consent(access.report_id, access.data_key, referral.pk, agree=True)
    legal_keys = keyring.unlock_organisation_keys(legal_admin, keyring.unlock_staff_private_key(legal_admin, PASSWORD))
    view = referrals.open_incoming(legal_admin, legal_keys, referral.pk)
    assert view["answers"]["narrative"] == "Synthetic: he posted my photos."
    assert "perpetrator" not in view["answers"] and "contact_value" not in view["answers"]  # not chosen
    assert view["note"] == "Please help with a criminal complaint."
    assert len(view["files"]) == 1 and ReferralFile.objects.count() == 1
    meta, content = referrals.referral_file(legal_admin, legal_keys, referral.pk, view["files"][0]["id"])
    assert content == pattern_png() and meta["type"] == "image/png"
    # The referring organisation cannot open the package as a recipient would.
    with pytest.raises(referrals.ReferralNotFound):
        referrals.open_incoming(home.staff, home.org_keys, referral.pk)


def test_refusal_shares_nothing(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, legal_admin, submitted, case = world
    referral = _refer(home, legal, case)
    access = intake.open_with_receipt(submitted.receipt)
    referrals.answer_consent(access.report_id, access.data_key, referral.pk, agree=False)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONSENT_REFUSED and referral.package is None
    assert list(referrals.incoming(legal_admin)) == []
    with pytest.raises(referrals.ReferralNotFound):  # cannot be answered twice
        referrals.answer_consent(access.report_id, access.data_key, referral.pk, agree=True)


def test_recorded_consent_sends_at_once_and_the_lawyer_sees_it_only_when_assigned(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, legal_admin, _, case = world
    referral = _refer(home, legal, case, channel="recorded", parts=["perpetrator"])
    assert referral.status == ReferralStatus.SENT
    assert list(referrals.incoming(legal.staff)) == []  # the lawyer: not assigned yet
    legal_keys = keyring.unlock_organisation_keys(legal_admin, keyring.unlock_staff_private_key(legal_admin, PASSWORD))
    referrals.respond(legal_admin, legal_keys, referral.pk, referral.version + 0, "accept", assignee_id=legal.staff.pk)
    assert list(referrals.incoming(legal.staff)) == [referral]
    view = referrals.open_incoming(legal.staff, legal.org_keys, referral.pk)
    assert view["answers"] == {"relationship": "partner", "perpetrator": "invented_ex"}
    assert view["files"] == []


def test_decline_needs_a_reason_and_feedback_reaches_the_referrer(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, legal_admin, _, case = world
    referral = _refer(home, legal, case, channel="recorded")
    legal_keys = keyring.unlock_organisation_keys(legal_admin, keyring.unlock_staff_private_key(legal_admin, PASSWORD))
    with pytest.raises(services.NotAllowed):
        referrals.respond(legal_admin, legal_keys, referral.pk, referral.version, "decline")
    with pytest.raises(services.NotAllowed):
        referrals.respond(legal_admin, legal_keys, referral.pk, referral.version, "complete", "done")
    accepted = referrals.respond(legal_admin, legal_keys, referral.pk, referral.version, "accept")
    with pytest.raises(services.StaleCase):
        referrals.respond(legal_admin, legal_keys, referral.pk, referral.version, "complete", "stale")
    referrals.respond(
        legal_admin, legal_keys, referral.pk, accepted.version, "complete", "Complaint filed on her behalf."
    )
    [item] = referrals.outgoing(home.staff, home.org_keys, case)
    assert item["referral"].status == ReferralStatus.COMPLETED and item["response"] == "Complaint filed on her behalf."


def test_referral_to_own_organisation_or_nothing_shared_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, _, _, case = world
    with pytest.raises(services.NotAllowed):
        referrals.create(home.staff, home.org_keys, case.pk, home.organisation.pk, "legal", ["incident"], "", "portal")
    with pytest.raises(services.NotAllowed):
        referrals.create(home.staff, home.org_keys, case.pk, legal.organisation.pk, "legal", [], "", "portal")
    assert Referral.objects.count() == 0


def test_the_whole_flow_over_http(world) -> None:  # type: ignore[no-untyped-def]
    home, legal, legal_admin, submitted, case = world
    caseworker = signed_in_client(home.staff)
    response = caseworker.post(
        f"/mk/staff/cases/{case.pk}/referrals/",
        {
            "referral-to_org": legal.organisation.pk,
            "referral-service": "legal",
            "referral-parts": ["incident"],
            "referral-note": "Synthetic note",
            "referral-consent_channel": "portal",
        },
    )
    assert response.status_code == 302
    survivor = Client()
    survivor.post("/mk/return/", {"receipt": submitted.receipt})
    page = survivor.get("/mk/my-report/").content.decode()
    referral = Referral.objects.get()
    assert f"/mk/my-report/consent/{referral.pk}/" in page and "Synthetic note" in page
    assert survivor.post(f"/mk/my-report/consent/{referral.pk}/", {"answer": "yes"}).status_code == 302
    admin = signed_in_client(legal_admin)
    assert str(referral.pk) in admin.get("/en/staff/referrals/").content.decode()
    detail = admin.get(f"/en/staff/referrals/{referral.pk}/").content.decode()
    assert "Synthetic: he posted my photos." in detail and "invented_ex" not in detail
    referral.refresh_from_db()
    admin.post(f"/en/staff/referrals/{referral.pk}/", {"version": referral.version, "action": "accept", "text": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    # Another organisation's staff gets nothing, whatever the id.
    assert caseworker.get(f"/en/staff/referrals/{referral.pk}/").status_code == 404
