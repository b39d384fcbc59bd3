"""The joint complaint's pages (glasna/networks/joint_complaint_views.py): linked from the escrow
page, roles and other organisations 404, CSRF, audit, nothing of another organisation's case, and
the pack (step-up, the dossier's personal-data check, the letter in the language chosen)."""

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.networks import escrow
from glasna.networks.models import ComplaintMember, ComplaintState, MatchChoice
from glasna.networks.perpetrators import normalise_perpetrator
from glasna.proceedings.models import Proceeding
from tests.factories import PASSWORD, fresh_step_up, make_organisation, signed_in_client, submit
from tests.networks.dossier_setup import checked
from tests.networks.test_views_cross_org import OTHER_CONTACT, OTHER_STORY

pytestmark = pytest.mark.django_db
NUMBER = normalise_perpetrator("phone", "070 555 666", "MK")


def _setup() -> Any:
    skopje, tirana = make_organisation("jcv-mk", ["MK"]), make_organisation("jcv-al", ["AL"])
    submit(country="MK")
    submit(country="AL", narrative=OTHER_STORY, contact_method="email", contact_value=OTHER_CONTACT)
    mk_case = Case.objects.get(organisation=skopje.organisation)
    al_case = Case.objects.get(organisation=tirana.organisation)
    escrow.add_entry(skopje.staff, mk_case, NUMBER, MatchChoice.JOINT_COMPLAINT, consent=True)
    escrow.add_entry(tirana.staff, al_case, NUMBER, MatchChoice.JOINT_COMPLAINT, consent=True)
    mk_member = ComplaintMember.objects.get(organisation=skopje.organisation)
    al_member = ComplaintMember.objects.get(organisation=tirana.organisation)
    return skopje, tirana, mk_case, al_case, mk_member, al_member


def _url(member: ComplaintMember) -> str:
    return f"/en/staff/networks/complaints/{member.pk}/"


def _leaks(text: str, tirana: Any, al_case: Case) -> list[str]:
    secrets = [OTHER_STORY, OTHER_CONTACT, tirana.organisation.name, tirana.staff.user.username]
    secrets += [f"/staff/reports/{al_case.report_id}/", f"/cases/{al_case.pk}/", str(al_case.report_id)]
    return [s for s in secrets if s in text]


def test_linked_from_the_escrow_page_and_joined_without_seeing_the_other_case() -> None:
    skopje, tirana, mk_case, al_case, mk_member, al_member = _setup()
    mk, al = signed_in_client(skopje.staff), signed_in_client(tirana.staff)
    escrow_page = mk.get(f"/en/staff/networks/cases/{mk_case.pk}/escrow/").content.decode()
    assert _url(mk_member) in escrow_page
    page = mk.get(_url(mk_member)).content.decode()
    assert "Organisation 2" in page and skopje.organisation.name in page and _leaks(page, tirana, al_case) == []
    answer = {"action": "join", "share_name": "on", "contact": "lawyer@jcv-al.invented.example"}
    answer |= {"share_jurisdiction": "on", "jurisdiction": "AL"}
    assert al.post(_url(al_member), answer).status_code == 302
    assert ComplaintMember.objects.get(pk=al_member.pk).state == ComplaintState.JOINED
    page = mk.get(_url(mk_member)).content.decode()
    assert tirana.organisation.name in page and "lawyer@jcv-al.invented.example" in page
    assert OTHER_STORY not in page and str(al_case.report_id) not in page
    event = AuditEvent.objects.get(action="networks.complaint_joined", organisation_id=skopje.organisation.pk)
    assert event.actor == "networks:other-organisation"


def test_roles_other_organisations_staff_who_cannot_open_the_case_and_csrf() -> None:
    skopje, tirana, _mk_case, _al_case, mk_member, _al_member = _setup()
    mk = signed_in_client(skopje.staff)
    assert signed_in_client(tirana.staff).get(_url(mk_member)).status_code == 404
    for role in (Role.ANALYST, Role.LAWYER):  # a lawyer not assigned to the case may not open it
        other = keyring.create_staff(skopje.organisation, f"jcv-{role}", PASSWORD, role, skopje.org_keys)
        client = signed_in_client(other)
        assert client.get(_url(mk_member)).status_code == 404
        assert client.post(_url(mk_member), {"action": "decline"}).status_code == 404
    admin = keyring.create_staff(skopje.organisation, "jcv-admin", PASSWORD, Role.ORG_ADMIN, skopje.org_keys)
    assert signed_in_client(admin).get(_url(mk_member)).status_code == 200
    csrf = Client(enforce_csrf_checks=True)
    csrf.cookies = mk.cookies
    assert csrf.post(_url(mk_member), {"action": "decline"}).status_code == 403
    assert ComplaintMember.objects.get(pk=mk_member.pk).state == ComplaintState.INVITED
    response = mk.post(_url(mk_member), {"action": "leave"})
    assert response.status_code == 400 and "Join the joint complaint first." in response.content.decode()


def test_the_pack_needs_a_step_up_and_the_dossier_check_and_carries_the_letter() -> None:
    skopje, tirana, mk_case, al_case, mk_member, al_member = _setup()
    mk, al = signed_in_client(skopje.staff), signed_in_client(tirana.staff)
    al.post(_url(al_member), {"action": "join", "share_name": "on", "contact": "lawyer@jcv-al.invented.example"})
    mk.post(_url(mk_member), {"action": "join", "share_jurisdiction": "on", "jurisdiction": "MK"})
    pack = f"{_url(mk_member)}pack/"
    response = mk.post(pack, {"language": "mk"})
    assert response.status_code == 302 and "/staff/confirm/" in response["Location"]
    response = fresh_step_up(mk).post(pack, {"language": "mk"})
    assert response.status_code == 302 and f"/matches/{mk_member.match_id}/dossier/check/" in response["Location"]
    checked(mk, f"/en/staff/networks/matches/{mk_member.match_id}/dossier/", "police")
    response = fresh_step_up(mk).post(pack, {"language": "mk"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        letter = json.loads(archive.read("complaint.json"))
        dossier = json.loads(archive.read("dossier.json"))
        assert archive.read("complaint.pdf").startswith(b"%PDF")
    assert names == {"complaint.json", "complaint.pdf", "dossier.json", "dossier.pdf"}
    assert letter["survivors_joined"] == 2 and letter["language"] == "mk" and letter["jurisdiction"] == "MK"
    assert letter["jurisdiction_name"].startswith("Северна Македонија")
    assert [o["name"] for o in letter["organisations"]] == [skopje.organisation.name, tirana.organisation.name]
    assert letter["provisions"] and all(p["source"] for p in letter["provisions"])
    assert dossier["subject"] == {**dossier["subject"], "type": "match", "id": mk_member.match_id}
    everything = json.dumps(letter) + json.dumps(dossier)
    assert OTHER_STORY not in everything and str(al_case.report_id) not in everything
    own = AuditEvent.objects.get(action="networks.complaint_pack_exported", organisation_id=skopje.organisation.pk)
    assert own.actor == skopje.staff.user.username and f"match:{mk_member.match_id}" in own.target
    other = AuditEvent.objects.get(action="networks.complaint_pack_exported", organisation_id=tirana.organisation.pk)
    assert other.actor == "networks:other-organisation" and other.target == f"complaint:{mk_member.complaint_id}"
    # Once it left (and the complaint closed with it), no pack for Tirana.
    assert al.post(_url(al_member), {"action": "leave"}).status_code == 302
    response = fresh_step_up(al).post(f"{_url(al_member)}pack/", {"language": "en"})
    assert response.status_code == 302 and response["Location"].endswith(_url(al_member))
    exported = AuditEvent.objects.filter(action="networks.complaint_pack_exported", actor=tirana.staff.user.username)
    assert not exported.exists()


def test_recording_the_filing_from_the_page() -> None:
    skopje, _tirana, mk_case, _al_case, mk_member, _al_member = _setup()
    mk = signed_in_client(skopje.staff)
    mk.post(_url(mk_member), {"action": "join", "jurisdiction": "MK"})
    response = mk.post(_url(mk_member), {"action": "filed", "on": timezone.localdate().isoformat(), "institution": ""})
    assert response.status_code == 302
    proceeding = Proceeding.objects.get(case=mk_case)
    assert f"/staff/proceedings/{proceeding.pk}/" in mk.get(_url(mk_member)).content.decode()
