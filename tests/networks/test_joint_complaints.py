"""Joint complaints (glasna/networks/joint_complaints.py): opened only when two survivors chose one,
joined by later ones, each organisation seeing only what the others chose to show; withdrawal takes
a survivor's organisation out; the pack's letter counts survivors and cites the law with sources."""

import datetime as dt
import email
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from glasna.accounts.models import Role
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.networks import coordination, escrow, joint_complaint_pdf, joint_complaints
from glasna.networks.joint import OTHER_ORGANISATION
from glasna.networks.models import ComplaintMember, ComplaintState, EscrowMatch, JointComplaint, MatchChoice
from glasna.networks.perpetrators import normalise_perpetrator
from glasna.proceedings.models import Proceeding
from tests.factories import OrgBundle, make_organisation, submit
from tests.takedown.conftest import FlakyInbox

pytestmark = pytest.mark.django_db

NUMBER = normalise_perpetrator("phone", "070 333 444", "MK")
JOINT, TELL = MatchChoice.JOINT_COMPLAINT, MatchChoice.TELL_CASEWORKER


def _org(slug: str, country: str = "MK") -> OrgBundle:
    bundle = make_organisation(slug, [country], role=Role.ORG_ADMIN, language="en")
    bundle.staff.user.email = f"admin@{slug}.invented.example"
    bundle.staff.user.save()
    return bundle


def _enter(bundle: OrgBundle, choice: str = JOINT) -> Case:
    case = Case.objects.create(organisation=bundle.organisation)
    escrow.add_entry(bundle.staff, case, NUMBER, choice, consent=True)
    return case


def _member(bundle: OrgBundle) -> ComplaintMember:
    return ComplaintMember.objects.select_related("complaint", "match__case").get(organisation=bundle.organisation)


def _join(bundle: OrgBundle, share_name: bool = False, contact: str = "", jurisdiction: str = "") -> ComplaintMember:
    member = _member(bundle)
    joint_complaints.join(bundle.staff, member, share_name, contact, bool(jurisdiction), jurisdiction)
    member.refresh_from_db()
    return member


def test_one_joint_complaint_choice_and_one_other_open_no_complaint() -> None:
    a, b = _org("jc-a"), _org("jc-b")
    _enter(a, JOINT)
    _enter(b, TELL)
    assert EscrowMatch.objects.count() == 2
    assert not JointComplaint.objects.exists() and not ComplaintMember.objects.exists()


def test_two_choices_open_it_and_tell_both_caseworkers_without_content(flaky_inbox: FlakyInbox) -> None:
    a, b = _org("jc-c"), _org("jc-d", "AL")
    _enter(a)
    _enter(b)
    complaint = JointComplaint.objects.get()
    entry = EscrowMatch.objects.first().entry  # type: ignore[union-attr]
    assert entry is not None and complaint.pseudonym != entry.match_key
    assert complaint.pseudonym == joint_complaints.pseudonym(entry.match_key)
    members = list(complaint.members.order_by("pk"))
    assert [m.state for m in members] == [ComplaintState.INVITED] * 2
    assert {m.jurisdiction for m in members} == {"MK", "AL"}  # each organisation's country, until she says
    for bundle in (a, b):
        event = AuditEvent.objects.get(action="networks.complaint_opened", organisation_id=bundle.organisation.pk)
        assert event.actor == "system" and event.target == f"complaint:{complaint.pk}"
    outbox.relay()
    parsed = [email.message_from_bytes(m.content) for m in flaky_inbox.messages]
    mails = [f"{m['Subject']}\n{m.get_payload(decode=True).decode()}" for m in parsed]  # type: ignore[union-attr]
    assert len(mails) == 2 and all("a joint complaint in the perpetrator escrow" in m for m in mails)
    for mail in mails:  # each names its own organisation only, and no case
        assert (a.organisation.name in mail) != (b.organisation.name in mail)
        assert "/cases/" not in mail and "/reports/" not in mail


def test_a_third_survivor_who_chose_it_joins_the_open_complaint_and_others_do_not() -> None:
    a, b, c, d = _org("jc-e"), _org("jc-f"), _org("jc-g"), _org("jc-h")
    _enter(a)
    _enter(b)
    _enter(c, TELL)
    _enter(d)
    complaint = JointComplaint.objects.get()
    assert set(complaint.members.values_list("organisation_id", flat=True)) == {
        a.organisation.pk,
        b.organisation.pk,
        d.organisation.pk,
    }
    assert AuditEvent.objects.filter(action="networks.complaint_invited", organisation_id=d.organisation.pk).exists()


def test_a_later_choice_completes_a_pair_with_an_earlier_match() -> None:
    a, b, c = _org("jc-i"), _org("jc-j"), _org("jc-k")
    _enter(a)
    _enter(b, TELL)
    assert not JointComplaint.objects.exists()
    _enter(c)
    assert set(JointComplaint.objects.get().members.values_list("organisation_id", flat=True)) == {
        a.organisation.pk,
        c.organisation.pk,
    }


def test_each_organisation_sees_only_its_own_and_what_the_others_chose_to_show() -> None:
    a, b, c = _org("jc-l"), _org("jc-m", "AL"), _org("jc-n")
    for bundle in (a, b, c):
        _enter(bundle)
    complaint = JointComplaint.objects.get()
    rows = joint_complaints.rows(a.staff, complaint)
    assert [r.name for r in rows] == [a.organisation.name, "", ""] and rows[0].mine
    _join(b, share_name=True, contact="lawyer@jc-m.invented.example", jurisdiction="AL")
    _join(c, share_name=False, contact="hidden@jc-n.invented.example", jurisdiction="")
    rows = joint_complaints.rows(a.staff, complaint)
    assert rows[1].name == b.organisation.name and rows[1].contact == "lawyer@jc-m.invented.example"
    assert rows[1].jurisdiction == joint_complaints.jurisdiction_name("AL")
    assert rows[2].name == "" and rows[2].contact == "" and rows[2].jurisdiction == ""
    assert [r.state for r in rows] == ["invited", "joined", "joined"]
    # An organisation that declined sees who takes part, not what they show.
    joint_complaints.decline(a.staff, _member(a))
    rows = joint_complaints.rows(a.staff, complaint)
    assert rows[1].name == "" and rows[1].contact == "" and rows[0].state == "declined"
    assert JointComplaint.objects.get().closed_at is None  # two still take part
    joined = AuditEvent.objects.filter(action="networks.complaint_joined")
    assert joined.get(
        organisation_id=b.organisation.pk, actor=b.staff.user.username, target=f"complaint:{complaint.pk}"
    )
    assert joined.filter(organisation_id=a.organisation.pk, actor=OTHER_ORGANISATION).count() == 2
    assert not joined.filter(organisation_id=a.organisation.pk, actor=b.staff.user.username).exists()


def test_refusals() -> None:
    a, b = _org("jc-o"), _org("jc-p")
    _enter(a)
    _enter(b)
    member = _member(a)
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.join(b.staff, member, True, "", False, "")  # another organisation's member
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.join(a.staff, member, False, "", True, "")  # shown but not chosen
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.join(a.staff, member, False, "", False, "ZZ")
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.leave(a.staff, member)  # not joined
    assert joint_complaints.member_for(b.staff, member.pk) is None


def test_withdrawing_consent_removes_her_organisation_and_closes_a_pair() -> None:
    a, b = _org("jc-q"), _org("jc-r")
    case = _enter(a)
    _enter(b)
    _join(a, share_name=True)
    coordination.withdraw(a.staff, case)
    member = _member(a)
    assert member.state == ComplaintState.LEFT and member.withdrawn_by_survivor
    complaint = member.complaint
    assert complaint.closed_at is not None
    own = AuditEvent.objects.get(action="networks.complaint_withdrawn", organisation_id=a.organisation.pk)
    other = AuditEvent.objects.get(action="networks.complaint_withdrawn", organisation_id=b.organisation.pk)
    assert own.actor == a.staff.user.username and other.actor == OTHER_ORGANISATION
    assert AuditEvent.objects.filter(action="networks.complaint_closed", organisation_id=b.organisation.pk).exists()
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.join(a.staff, member, False, "", False, "")


def test_withdrawing_her_entry_removes_her_organisation_and_three_stay_open() -> None:
    a, b, c = _org("jc-s"), _org("jc-t"), _org("jc-u")
    case = _enter(a)
    _enter(b)
    _enter(c)
    escrow.withdraw(case, actor="survivor")
    assert _member(a).state == ComplaintState.LEFT
    assert JointComplaint.objects.get().closed_at is None
    joint_complaints.decline(b.staff, _member(b))
    assert JointComplaint.objects.get().closed_at is not None


def test_the_pack_counts_survivors_names_only_those_who_chose_and_cites_the_law_with_sources() -> None:
    a, b, c = _org("jc-v"), _org("jc-w", "AL"), _org("jc-x")
    for bundle in (a, b, c):
        _enter(bundle)
    _join(a, share_name=True, contact="lawyer@jc-v.invented.example", jurisdiction="MK")
    _join(b, share_name=True, contact="lawyer@jc-w.invented.example", jurisdiction="AL")
    _join(c, share_name=False)
    letter = joint_complaints.pack(a.staff, _member(a), "en")
    assert letter["survivors_joined"] == 3 and letter["survivors_named"] == 3
    names = [o["name"] for o in letter["organisations"]]
    assert names == [a.organisation.name, b.organisation.name] and letter["unnamed"] == 1
    assert c.organisation.name not in str(letter)
    assert letter["provisions"] and all(p["source"] for p in letter["provisions"])
    assert {p["code"] for p in letter["provisions"]} <= {
        p.code for p in joint_complaints.knowledge.cached().provisions_for("MK")
    }
    for case in Case.objects.exclude(organisation=a.organisation):
        assert f"case:{case.pk}" not in str(letter) and str(case.report_id) not in str(letter)
    # Without a jurisdiction the letter cites nothing and says the lawyer adds it.
    member = _member(c)
    letter = joint_complaints.pack(c.staff, member, "en")
    assert letter["provisions"] == [] and letter["jurisdiction_known"] is False
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.pack(a.staff, member, "en")  # not her organisation's member


def test_recording_the_filing_starts_a_criminal_complaint_proceeding() -> None:
    a, b = _org("jc-y"), _org("jc-z", "AL")
    submit(country="MK")  # a case as intake makes it, with its notes key
    case = Case.objects.get(organisation=a.organisation)
    escrow.add_entry(a.staff, case, NUMBER, JOINT, consent=True)
    _enter(b)
    member = _join(a, jurisdiction="MK")
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.record_filing(a.staff, a.org_keys, member, timezone.localdate() + dt.timedelta(days=1), "")
    filed_on = timezone.localdate() - dt.timedelta(days=2)
    joint_complaints.record_filing(a.staff, a.org_keys, member, filed_on, "Invented prosecutor's office")
    proceeding = Proceeding.objects.get(case=case)
    assert proceeding.kind == "criminal_complaint" and proceeding.institution_type == "prosecutor"
    assert proceeding.jurisdiction == "MK" and [(s.kind, s.on) for s in proceeding.steps.all()] == [("filed", filed_on)]
    assert _member(a).proceeding == proceeding
    assert AuditEvent.objects.filter(action="networks.complaint_filed", organisation_id=b.organisation.pk).exists()
    with pytest.raises(joint_complaints.ComplaintError):
        joint_complaints.record_filing(a.staff, a.org_keys, _member(a), filed_on, "")


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letter_pdf_states_the_count_the_named_organisations_and_the_law_or_its_absence() -> None:
    a, b, c = _org("jc-pa"), _org("jc-pb", "AL"), _org("jc-pc")
    for bundle in (a, b, c):
        _enter(bundle)
    _join(a, share_name=True, contact="lawyer@jc-pa.invented.example", jurisdiction="MK")
    _join(b, share_name=True, contact="lawyer@jc-pb.invented.example")
    _join(c)
    letter = joint_complaints.pack(a.staff, _member(a), "en")
    text = " ".join(_text(joint_complaint_pdf.render(letter)).split())
    assert "3 survivors file complaints against the same person" in text
    assert b.organisation.name in text and "lawyer@jc-pb.invented.example" in text
    assert c.organisation.name not in text and "1 more organisation takes part without being named" in text
    first = letter["provisions"][0]
    assert first["code"] in text and "Source:" in text and "DRAFT" in text
    text = " ".join(_text(joint_complaint_pdf.render(joint_complaints.pack(c.staff, _member(c), "en"))).split())
    assert "the lawyer adds the legal qualification" in text and "Source:" not in text
