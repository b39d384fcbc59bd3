"""Anonymous notices to platforms: a phone number, an e-mail address and the survivor's known name
never leave unless the caseworker un-redacts them; the preview shows what is hidden."""

import uuid

import pytest

from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.takedown import directory, notice_builder, sources
from glasna.takedown.models import Notice
from glasna.triage import notices as redaction
from glasna.triage.models import CaseNames, OutgoingCheck
from glasna.triage.outgoing import Correction
from tests.factories import make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

PHONE, EMAIL, NAME = "+382 69 123 456", "ana.p@example.org", "Ana Petrović"
URL = "https://t.me/invented_group/17"


@pytest.fixture
def drafted():
    bundle = make_organisation("me-cso", ["ME"], public_email="takedown@me-cso.example", language="cnr")
    directory.sync()
    submit(country="ME", forms=["ibsa_shared"], gender="woman", language="cnr")
    case = Case.objects.get(organisation=bundle.organisation)
    redaction.set_names(bundle.staff, case, [NAME], None)
    item = sources.EvidenceSummary(
        id=uuid.uuid4(), kind="url", title="post", url=URL, platform="telegram",
        account=f"{NAME} {PHONE} {EMAIL}", captured_at=None, sha256="", derived_from=None, content_type="",
    )  # fmt: skip
    facts = notice_builder.Facts(country="ME", forms=["ibsa_shared"], gender="woman")
    [notice] = notice_builder.build(bundle.staff, case, [item], facts, "cnr")
    redaction.redact_draft(notice, bundle.org_keys)  # what build_for_case does after drafting
    notice.refresh_from_db()
    return bundle, case, notice


def _leaks(text: str) -> set[str]:
    return {value for value in (PHONE, EMAIL, NAME, "Ana", "123 456") if value in text}


def test_a_draft_holds_no_detected_personal_data_but_keeps_what_the_notice_needs(drafted):
    _, _, notice = drafted
    for body in (notice.body_en, notice.body_local):
        assert not _leaks(body)
        assert "[phone]" in body and "[email]" in body and "[name]" in body
    checks = notice_builder.elements_present(notice.body_en, notice)
    assert checks["notifier"] and checks["urls"]  # the organisation's e-mail and the URL go out intact


def test_the_names_are_sealed_not_stored_in_clear(drafted):
    bundle, case, _ = drafted
    assert NAME.encode() not in bytes(CaseNames.objects.get(case=case).sealed)
    assert redaction.names_of(case, bundle.org_keys) == [NAME]


def test_names_sealed_to_a_key_version_she_does_not_hold_are_skipped_not_a_crash(drafted):
    bundle, case, _ = drafted
    CaseNames.objects.filter(case=case).update(key_version=99)  # as before a rotation re-seals it
    assert redaction.names_of(case, bundle.org_keys) == []


def test_the_caseworker_sees_the_redaction_and_sending_waits_for_her_check(drafted):
    bundle, _, notice = drafted
    client = signed_in_client(bundle.staff)
    page = client.get(f"/en/staff/triage/notices/{notice.pk}/redaction/").content.decode()
    assert PHONE in page and EMAIL in page and "[phone]" in page and "not personal data: send it" in page
    response = client.post(f"/en/staff/takedown/notices/{notice.pk}/", {"action": "send"})
    assert response.status_code == 400 and "Check the personal data this notice gives away" in response.content.decode()


def test_only_what_she_un_redacts_leaves(drafted):
    bundle, _, notice = drafted
    client = signed_in_client(bundle.staff)
    url = f"/en/staff/triage/notices/{notice.pk}/redaction/"
    response = client.post(url, {"action": "confirm", "keep": [PHONE], "names": NAME, "extra": "invented_group"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert _leaks(notice.body_en) == {PHONE, "123 456"}
    assert EMAIL not in notice.body_local and NAME not in notice.body_local
    # her added span is hidden, even inside what is otherwise sent as it is
    assert "invented_group" not in notice.body_en.split("Account")[1]
    check = OutgoingCheck.objects.get(target=f"notice:{notice.pk}")
    assert (check.kept, check.added) == (2, 2)  # in both bodies
    assert redaction.checked(notice)
    assert AuditEvent.objects.filter(action="triage.outgoing_checked", target=f"notice:{notice.pk}").exists()


def test_confirming_without_changes_sends_nothing_personal(drafted):
    bundle, _, notice = drafted
    redaction.confirm(bundle.staff, bundle.org_keys, notice, Correction(), None)
    notice.refresh_from_db()
    assert not _leaks(notice.body_en) and not _leaks(notice.body_local)


def test_another_organisation_cannot_see_the_preview(drafted):
    _, _, notice = drafted
    stranger = signed_in_client(make_organisation(slug="elsewhere").staff)
    assert stranger.get(f"/en/staff/triage/notices/{notice.pk}/redaction/").status_code == 404
    assert Notice.objects.get(pk=notice.pk).body_en == notice.body_en
