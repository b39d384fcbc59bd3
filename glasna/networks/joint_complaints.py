"""Joint complaints: survivors at different organisations named the same person in the escrow and
chose "prepare a joint complaint"; their organisations prepare it together without showing one
another their cases (docs/networks.md, "Joint complaints"; ESCROW.md, "What a match tells").

A complaint opens when a match opens and at least two of the matched entries (distinct survivors)
chose a joint complaint; a later entry for the same person that opens with that choice joins it.
One member per escrow match: its organisation's caseworker answers for it. What a member shows the
others is its choice: its name with a work contact for the lawyers, and the jurisdiction where its
survivor would file. Never a case, a survivor, a staff name or evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import Case
from glasna.core import audit
from glasna.core.crypto.server_keys import keyed_pseudonym
from glasna.law import knowledge
from glasna.networks import coordination, escrow_notice, registry
from glasna.networks.joint import OTHER_ORGANISATION
from glasna.networks.models import ComplaintMember, ComplaintState, EscrowMatch, JointComplaint, MatchChoice

FORMAT = "glasna-joint-complaint-v1"
TAKING_PART = (ComplaintState.INVITED, ComplaintState.JOINED)
# The offences a cover letter may cite: crimes the law data ties to this kind of abuse.
CITED_RELEVANCE = ("core", "related")


class ComplaintError(Exception):
    """A change the room refuses; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def pseudonym(match_key: str) -> str:
    """The complaint's key: keyed by the instance key, so the stored value says nothing of the
    identifier, and a database reader cannot even tie it to the entries' match key."""
    return keyed_pseudonym("networks/joint-complaint", match_key)


def _record(action: str, staff: StaffMember | None, complaint: JointComplaint, organisation_id: int) -> None:
    """In the acting organisation's log under her name; in another's as `networks:other-organisation`."""
    own = staff is not None and staff.organisation_id == organisation_id
    if staff is None:
        actor = "system"
    else:
        actor = staff.user.get_username() if own else OTHER_ORGANISATION
    audit.record(
        f"networks.complaint_{action}", actor=actor, target=f"complaint:{complaint.pk}", organisation_id=organisation_id
    )


def _record_everywhere(action: str, staff: StaffMember | None, complaint: JointComplaint) -> None:
    for organisation_id in sorted(set(complaint.members.values_list("organisation_id", flat=True))):
        _record(action, staff, complaint, organisation_id)


def jurisdictions() -> list[tuple[str, str]]:
    """The law knowledge base's national and entity jurisdictions, for the member's choice."""
    found = knowledge.cached().jurisdictions.values()
    return sorted(((j.code, j.name_en) for j in found if j.kind != "supranational"), key=lambda pair: pair[1])


def default_jurisdiction(case: Case) -> str:
    """Where her survivor would file, as far as the server knows it in clear: the report's statistics
    country (only with her statistics consent), else the organisation's first country."""
    known = {code for code, _name in jurisdictions()}
    report = case.report
    for code in [getattr(report, "stat_country", ""), *(case.organisation.countries or [])]:
        if code and code in known:
            return str(code)
    return ""


def _candidates(match_key: str) -> list[EscrowMatch]:
    """Matches of live entries naming this person whose survivor chose a joint complaint and that
    are in no complaint yet."""
    return list(
        EscrowMatch.objects.filter(
            entry__match_key=match_key,
            entry__withdrawn_at__isnull=True,
            choice=MatchChoice.JOINT_COMPLAINT,
            case__isnull=False,
            complaint_member__isnull=True,
        )
        .select_related("entry", "case", "case__organisation", "case__report")
        .order_by("pk")
    )


def gather(match_key: str) -> list[EscrowMatch]:
    """Called by the escrow when matches open (in its transaction): open a complaint once two
    distinct survivors chose one, or add newcomers to the open one. Returns the matches added, whose
    caseworkers escrow_notice tells (a mail with no content)."""
    if not match_key:
        return []
    candidates = _candidates(match_key)
    if not candidates:
        return []
    key = pseudonym(match_key)
    complaint = JointComplaint.objects.select_for_update().filter(pseudonym=key, closed_at=None).first()
    opening = complaint is None
    if complaint is None:
        if len({m.entry.survivor_tag for m in candidates if m.entry is not None}) < 2:
            return []
        complaint = JointComplaint.objects.create(pseudonym=key, opened_at=timezone.now())
    now = timezone.now()
    for match in candidates:
        assert match.case is not None
        ComplaintMember.objects.create(
            complaint=complaint,
            organisation_id=match.organisation_id,
            match=match,
            jurisdiction=default_jurisdiction(match.case),
            invited_at=now,
        )
    if opening:
        _record_everywhere("opened", None, complaint)
    else:
        for organisation_id in sorted({m.organisation_id for m in candidates}):
            _record("invited", None, complaint, organisation_id)
    for match in candidates:
        escrow_notice.tell(match, complaint=True)
    return candidates


def member_for(staff: StaffMember, member_id: int) -> ComplaintMember | None:
    """The member, for staff of its organisation with the registry's roles who may open its case;
    None otherwise (the view answers 404)."""
    if staff.role not in registry.ROLES:
        return None
    member = (
        ComplaintMember.objects.filter(pk=member_id, organisation_id=staff.organisation_id)
        .select_related("complaint", "match", "match__case", "proceeding")
        .first()
    )
    case = member.match.case if member is not None else None
    if case is None or not permissions.visible_cases(staff).filter(pk=case.pk).exists():
        return None
    return member


def for_match(match: EscrowMatch) -> ComplaintMember | None:
    return ComplaintMember.objects.filter(match=match).first()


def _own(staff: StaffMember, member: ComplaintMember) -> Case:
    if member.organisation_id != staff.organisation_id or staff.role not in registry.ROLES:
        raise ComplaintError(_("Your role cannot take part in joint complaints."))
    if member.complaint.closed_at is not None:
        raise ComplaintError(_("This joint complaint is closed."))
    case = member.match.case
    if case is None:
        raise ComplaintError(_("The survivor withdrew: her organisation no longer takes part."))
    return case


def _check_jurisdiction(share: bool, code: str) -> None:
    if code and code not in {c for c, _name in jurisdictions()}:
        raise ComplaintError(_("Choose a jurisdiction of the law knowledge base."))
    if share and not code:
        raise ComplaintError(_("Choose the jurisdiction before showing it."))


@transaction.atomic
def join(
    staff: StaffMember, member: ComplaintMember, share_name: bool, contact: str, share_jurisdiction: bool, code: str
) -> None:
    """Join with what the organisation shows. Needs the survivor's consent to coordinated action
    (coordination.is_given): her choice of a joint complaint counts, unless she withdrew consent."""
    case = _own(staff, member)
    if member.withdrawn_by_survivor:
        raise ComplaintError(_("The survivor withdrew: her organisation no longer takes part."))
    if not coordination.is_given(case):
        raise ComplaintError(_("The survivor has not consented to coordinated action: her case cannot join."))
    _check_jurisdiction(share_jurisdiction, code)
    member.state = ComplaintState.JOINED
    _set_shares(member, share_name, contact, share_jurisdiction, code)
    member.answered_by, member.answered_at = staff, timezone.now()
    member.save()
    _record_everywhere("joined", staff, member.complaint)


def _set_shares(member: ComplaintMember, share_name: bool, contact: str, share_jurisdiction: bool, code: str) -> None:
    member.share_name, member.contact = share_name, contact.strip()[:300]
    member.share_jurisdiction, member.jurisdiction = share_jurisdiction, code


@transaction.atomic
def change_shares(
    staff: StaffMember, member: ComplaintMember, share_name: bool, contact: str, share_jurisdiction: bool, code: str
) -> None:
    _own(staff, member)
    if member.state != ComplaintState.JOINED:
        raise ComplaintError(_("Join the joint complaint first."))
    _check_jurisdiction(share_jurisdiction, code)
    _set_shares(member, share_name, contact, share_jurisdiction, code)
    member.save(update_fields=["share_name", "contact", "share_jurisdiction", "jurisdiction"])
    _record_everywhere("shares_changed", staff, member.complaint)


@transaction.atomic
def decline(staff: StaffMember, member: ComplaintMember) -> None:
    _own(staff, member)
    if member.state != ComplaintState.INVITED:
        raise ComplaintError(_("Leave the joint complaint instead."))
    _quit(staff, member, ComplaintState.DECLINED, "declined")


@transaction.atomic
def leave(staff: StaffMember, member: ComplaintMember) -> None:
    _own(staff, member)
    if member.state != ComplaintState.JOINED:
        raise ComplaintError(_("Join the joint complaint first."))
    _quit(staff, member, ComplaintState.LEFT, "left")


def _quit(staff: StaffMember | None, member: ComplaintMember, state: str, action: str) -> None:
    member.state, member.answered_by, member.answered_at = state, staff, timezone.now()
    member.save(update_fields=["state", "answered_by", "answered_at", "withdrawn_by_survivor"])
    _record_everywhere(action, staff, member.complaint)
    _close_if_too_few(member.complaint, staff)


def _close_if_too_few(complaint: JointComplaint, staff: StaffMember | None) -> None:
    """A joint complaint needs two survivors: it closes when fewer than two members have joined or
    may still join."""
    if complaint.closed_at is None and complaint.members.filter(state__in=TAKING_PART).count() < 2:
        complaint.closed_at = timezone.now()
        complaint.save(update_fields=["closed_at"])
        _record_everywhere("closed", staff, complaint)


@transaction.atomic
def withdraw_case(case: Case, actor: str) -> int:
    """The survivor withdrew her entry, her report or her consent: her organisation leaves every
    open complaint her case is in (escrow.withdraw, coordination.withdraw). Returns how many."""
    members = ComplaintMember.objects.filter(
        match__case=case, state__in=TAKING_PART, complaint__closed_at=None
    ).select_related("complaint")
    count = 0
    for member in members:
        member.state, member.withdrawn_by_survivor, member.answered_at = ComplaintState.LEFT, True, timezone.now()
        member.save(update_fields=["state", "withdrawn_by_survivor", "answered_at"])
        for organisation_id in sorted(set(member.complaint.members.values_list("organisation_id", flat=True))):
            audit.record(
                "networks.complaint_withdrawn",
                actor=actor if organisation_id == case.organisation_id else OTHER_ORGANISATION,
                target=f"complaint:{member.complaint.pk}",
                organisation_id=organisation_id,
            )
        _close_if_too_few(member.complaint, None)
        count += 1
    return count


def jurisdiction_name(code: str) -> str:
    found = knowledge.cached().jurisdictions.get(code)
    return found.name_en if found is not None else code


def _letter_name(code: str, language: str) -> str:
    """The jurisdiction's name as the letter gives it: its own official name, or the English one
    in an English letter."""
    found = knowledge.cached().jurisdictions.get(code)
    if found is None:
        return ""
    return found.name_en if language == "en" else found.name_local


@dataclass(frozen=True)
class MemberRow:
    """One member as the viewing organisation may see it: a name, contact and jurisdiction only by
    the member's choice, and only while the viewer takes part and the member joined."""

    number: int
    name: str
    contact: str
    jurisdiction: str
    state: str
    state_label: str
    mine: bool


def rows(staff: StaffMember, complaint: JointComplaint) -> list[MemberRow]:
    members = list(complaint.members.select_related("organisation").order_by("invited_at", "pk"))
    taking_part = any(m.organisation_id == staff.organisation_id and m.state in TAKING_PART for m in members)
    result = []
    for number, member in enumerate(members, start=1):
        mine = member.organisation_id == staff.organisation_id
        shown = mine or (taking_part and member.state == ComplaintState.JOINED)
        named = shown and (mine or member.share_name)
        placed = shown and (mine or member.share_jurisdiction) and bool(member.jurisdiction)
        result.append(
            MemberRow(
                number=number,
                name=member.organisation.name if named else "",
                contact=member.contact if named else "",
                jurisdiction=jurisdiction_name(member.jurisdiction) if placed else "",
                state=member.state,
                state_label=str(ComplaintState(member.state).label),
                mine=mine,
            )
        )
    return result


def _source(provision: Any) -> str:
    source = provision.source
    parts = [source.citation or source.document or "", source.section or "", source.url or ""]
    return ", ".join(part for part in parts if part)


def provisions(code: str) -> list[dict[str, str]]:
    """The offences the law data ties to this kind of abuse in the jurisdiction, each with its source
    and how sure the data is. An empty list: the data has none, and the letter says so."""
    found = []
    for provision in knowledge.cached().provisions_for(code):
        if provision.classification != "crime" or provision.relevance not in CITED_RELEVANCE:
            continue
        found.append(
            {
                "code": provision.code,
                "article": provision.article or "",
                "title": provision.title.original or provision.title.en,
                "title_en": provision.title.en,
                "confidence": provision.confidence,
                "source": _source(provision),
            }
        )
    return found


def pack(staff: StaffMember, member: ComplaintMember, language: str) -> dict[str, Any]:
    """The cover letter's content for a joined member: counts of survivors, the joined organisations
    that chose to show their name (with their contact), and the law of the member's jurisdiction.
    Nothing of another organisation's case; the member's own dossier is dossier.for_match."""
    _own(staff, member)
    if member.state != ComplaintState.JOINED:
        raise ComplaintError(_("Join the joint complaint first."))
    complaint = member.complaint
    joined = list(
        complaint.members.filter(state=ComplaintState.JOINED).select_related("organisation", "match").order_by("pk")
    )
    code = member.jurisdiction
    return {
        "format": FORMAT,
        "language": language,
        "complaint": complaint.pk,
        "jurisdiction": code,
        "jurisdiction_name": _letter_name(code, language),
        "jurisdiction_known": code in knowledge.cached().jurisdictions,
        "survivors_joined": len(joined),
        "survivors_named": max([m.match.survivors for m in joined] or [0]),
        "organisations": [
            {"name": m.organisation.name, "contact": m.contact, "yours": m.pk == member.pk}
            for m in joined
            if m.share_name or m.pk == member.pk
        ],
        "unnamed": sum(1 for m in joined if not m.share_name and m.pk != member.pk),
        "provisions": provisions(code) if code else [],
        "generated": timezone.now().date().isoformat(),
    }


def record_pack(staff: StaffMember, member: ComplaintMember, included: int, request: Any = None) -> None:
    """The download, in the member's log with the cases its dossier included; the other members'
    logs say only that another organisation downloaded its pack."""
    audit.record(
        "networks.complaint_pack_exported",
        actor=staff.user.get_username(),
        target=f"complaint:{member.complaint_id} match:{member.match_id} cases:{included}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    others = set(member.complaint.members.values_list("organisation_id", flat=True)) - {staff.organisation_id}
    for organisation_id in sorted(others):
        _record("pack_exported", staff, member.complaint, organisation_id)


@transaction.atomic
def record_filing(
    staff: StaffMember, keys: Any, member: ComplaintMember, on: Any, institution_name: str, request: Any = None
) -> None:
    """The member filed the complaint: a criminal complaint at the prosecutor's office in the
    proceedings room, with its "filed" step, so its clock (silences, reminders) starts."""
    from glasna.proceedings import services as proceedings

    case = _own(staff, member)
    if member.state != ComplaintState.JOINED:
        raise ComplaintError(_("Join the joint complaint first."))
    if member.proceeding is not None:
        raise ComplaintError(_("The filing is already recorded."))
    if not member.jurisdiction:
        raise ComplaintError(_("Choose the jurisdiction where the survivor would file first."))
    if on > timezone.localdate():
        raise ComplaintError(_("The filing date cannot be in the future."))
    try:
        proceeding = proceedings.add(
            staff,
            keys,
            case.pk,
            "criminal_complaint",
            "prosecutor",
            institution_name,
            member.jurisdiction,
            request=request,
        )
        proceedings.add_step(staff, proceeding.pk, proceeding.version, "filed", on, request=request)
    except (proceedings.CaseNotFound, proceedings.NotAllowed) as error:
        raise ComplaintError(_("The proceedings of this case cannot be changed from your account.")) from error
    member.proceeding = proceeding
    member.save(update_fields=["proceeding"])
    _record_everywhere("filed", staff, member.complaint)
