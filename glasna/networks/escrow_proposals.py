"""A survivor's own proposal for the perpetrator escrow, made from her portal with her receipt
(ESCROW.md "Proposals from the survivor").

Anyone can file a report and name anyone, so a proposal is not an entry: it waits, sealed to the
organisation key, until her caseworker checks it with her and enters it (`enter`: escrow.add_entry
with the recorded consent) or declines it (`decline`). She may withdraw it while it waits. Every
state but pending erases the sealed identifier and the replay tag; audit events name the proposal,
never the identifier."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.keyring import KeyUnavailable, OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases.models import Case
from glasna.core import audit, ratelimit
from glasna.core.crypto.primitives import DecryptionError, seal, unseal
from glasna.core.crypto.server_keys import keyed_pseudonym
from glasna.networks import escrow
from glasna.networks.identifiers import InvalidIdentifier
from glasna.networks.models import EscrowEntry, EscrowProposal, MatchChoice, ProposalState
from glasna.networks.perpetrators import PerpetratorIdentifier, normalise_perpetrator

# Proposals one report may make per day: enough for a survivor naming a number, an address and
# accounts; few enough that a report cannot become a way to flood caseworkers with names.
PER_DAY = 5
_RATE_SCOPE = "escrow-proposal"


class ProposalError(Exception):
    """A proposal refused; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Opened:
    """A pending proposal as her caseworker reads it (opened with the organisation keys)."""

    proposal: EscrowProposal
    identifier: PerpetratorIdentifier | None  # None: no key at hand opens it
    choice: str

    def get_choice_display(self) -> str:
        return str(dict(MatchChoice.choices).get(self.choice, ""))


def case_of_report(report_id: uuid.UUID) -> Case | None:
    return Case.objects.filter(report_id=report_id).select_related("organisation").first()


def _tag(case: Case, identifier: PerpetratorIdentifier) -> str:
    # Per case: two cases naming one person get unrelated tags, so the tag links nothing.
    return keyed_pseudonym("networks/escrow-proposal", f"{case.pk}:{identifier.kind}:{identifier.value}")


def propose(report_id: uuid.UUID, kind: str, raw: str, choice: str, consent: bool) -> EscrowProposal:
    """The survivor of `report_id` proposes `raw` (a `kind`) with her `choice` and her consent.
    A replayed form gives back the pending proposal it made. Raises ProposalError (nothing stored)
    or RateLimited beyond PER_DAY new proposals for the report."""
    if not consent:
        raise ProposalError(_("Tick the box to say that you agree, or leave this for now."))
    if choice not in MatchChoice.values:
        raise ProposalError(_("Choose what happens if another survivor names the same person."))
    case = case_of_report(report_id)
    if case is None:
        raise ProposalError(_("Your report is not open as a case yet. Try again later."))
    region = (case.organisation.countries or [""])[0]
    try:
        identifier = normalise_perpetrator(kind, raw, region)
    except InvalidIdentifier as error:
        raise ProposalError(error.message) from error
    tag = _tag(case, identifier)
    existing = EscrowProposal.objects.filter(case=case, dedupe_tag=tag, state=ProposalState.PENDING).first()
    if existing is not None:
        return existing
    if not ratelimit.allow(_RATE_SCOPE, str(report_id), PER_DAY, 86400):
        raise ratelimit.RateLimited(_("You have made several proposals today. Please try again tomorrow."))
    key = case.organisation.current_key
    details = {"case": case.pk, "kind": identifier.kind, "value": identifier.value, "choice": choice}
    try:
        with transaction.atomic():
            proposal = EscrowProposal.objects.create(
                organisation=case.organisation,
                case=case,
                sealed=seal(bytes(key.public_key), json.dumps(details).encode()),
                key_version=key.version,
                dedupe_tag=tag,
                kind=identifier.kind,
                consent_given_at=timezone.now(),
            )
    except IntegrityError:  # the same form twice at once: the other request made it
        return EscrowProposal.objects.get(case=case, dedupe_tag=tag, state=ProposalState.PENDING)
    audit.record(
        "networks.escrow.proposed",
        actor="survivor",
        organisation_id=case.organisation_id,
        target=f"proposal:{proposal.pk}",
    )
    return proposal


def of_report(report_id: uuid.UUID) -> list[EscrowProposal]:
    """Her proposals, newest first, as her portal lists them (kind and state, never the value)."""
    return list(EscrowProposal.objects.filter(case__report_id=report_id).order_by("-created_at", "-pk"))


def _erase(proposals: QuerySet[EscrowProposal], state: str, staff: StaffMember | None = None) -> int:
    return proposals.update(sealed=None, dedupe_tag="", state=state, decided_at=timezone.now(), decided_by=staff)


def withdraw(report_id: uuid.UUID, proposal_id: int) -> bool:
    """She withdraws one pending proposal of hers: erased. False when none such is pending."""
    pending = EscrowProposal.objects.filter(pk=proposal_id, case__report_id=report_id, state=ProposalState.PENDING)
    organisation_id = pending.values_list("organisation_id", flat=True).first()
    if organisation_id is None or not _erase(pending, ProposalState.WITHDRAWN):
        return False
    audit.record(
        "networks.escrow.proposal_withdrawn",
        actor="survivor",
        organisation_id=organisation_id,
        target=f"proposal:{proposal_id}",
    )
    return True


def withdraw_for_report(report_id: uuid.UUID) -> int:
    """A withdrawn report (deleted) takes her pending proposals with it (networks.apps)."""
    pending = EscrowProposal.objects.filter(case__report_id=report_id, state=ProposalState.PENDING)
    organisation_id = pending.values_list("organisation_id", flat=True).first()
    count = _erase(pending, ProposalState.WITHDRAWN)
    if count:
        audit.record(
            "networks.escrow.proposal_withdrawn",
            actor="survivor",
            organisation_id=organisation_id,
            target=f"proposals:{count}",
        )
    return count


def _details(proposal: EscrowProposal, keys: OrganisationKeys | None) -> dict[str, object] | None:
    """The sealed details, or None without a key that opens them. They must name the proposal's
    own case: a sealed value copied from another row is refused."""
    if keys is None or proposal.sealed is None:
        return None
    try:
        details: dict[str, object] = json.loads(unseal(keys.for_version(proposal.key_version), bytes(proposal.sealed)))
    except (DecryptionError, KeyUnavailable, ValueError):
        return None
    return details if details.get("case") == proposal.case_id else None


def pending_for(staff: StaffMember, case: Case, keys: OrganisationKeys | None) -> list[Opened]:
    """The case's pending proposals, opened for her caseworker's organisation only."""
    rows = EscrowProposal.objects.filter(case=case, organisation_id=staff.organisation_id, state=ProposalState.PENDING)
    opened = []
    for proposal in rows.order_by("created_at", "pk"):
        details = _details(proposal, keys)
        if details is None:
            opened.append(Opened(proposal, None, ""))
        else:
            identifier = PerpetratorIdentifier(str(details["kind"]), str(details["value"]))
            opened.append(Opened(proposal, identifier, str(details["choice"])))
    return opened


def _pending(staff: StaffMember, case: Case, proposal_id: int) -> EscrowProposal:
    proposal = EscrowProposal.objects.filter(
        pk=proposal_id, case=case, organisation_id=staff.organisation_id, state=ProposalState.PENDING
    ).first()
    if proposal is None:
        raise ProposalError(_("This proposal is no longer waiting: it was entered, declined or withdrawn."))
    return proposal


def enter(staff: StaffMember, keys: OrganisationKeys | None, case: Case, proposal_id: int) -> EscrowEntry:
    """Her caseworker checked it with her: the proposal becomes an escrow entry with the consent
    she gave in the portal, and its sealed value is erased (the entry holds it, sealed its own way).
    Raises ProposalError, escrow.EscrowError or RateLimited (the OPRF's daily limit)."""
    proposal = _pending(staff, case, proposal_id)
    details = _details(proposal, keys)
    if details is None:
        raise ProposalError(_("Your keys do not open this proposal. Sign out, sign in again and retry."))
    identifier = PerpetratorIdentifier(str(details["kind"]), str(details["value"]))
    sealed, tag = bytes(proposal.sealed or b""), proposal.dedupe_tag
    # Claimed first, so that a double click enters it once; put back if the entry is refused.
    claimed = EscrowProposal.objects.filter(pk=proposal.pk, state=ProposalState.PENDING)
    if not _erase(claimed, ProposalState.ENTERED, staff):
        raise ProposalError(_("This proposal is no longer waiting: it was entered, declined or withdrawn."))
    try:
        entry = escrow.add_entry(
            staff, case, identifier, str(details["choice"]), consent=True, consent_at=proposal.consent_given_at
        )
    except Exception:
        EscrowProposal.objects.filter(pk=proposal.pk).update(
            sealed=sealed, dedupe_tag=tag, state=ProposalState.PENDING, decided_at=None, decided_by=None
        )
        raise
    audit.record(
        "networks.escrow.proposal_entered",
        actor=staff.user.username,
        organisation_id=staff.organisation_id,
        target=f"proposal:{proposal.pk} entry:{entry.pk}",
    )
    return entry


def decline(staff: StaffMember, case: Case, proposal_id: int) -> None:
    """Her caseworker declines it (after speaking with her): erased, no identifier kept."""
    proposal = _pending(staff, case, proposal_id)
    if not _erase(
        EscrowProposal.objects.filter(pk=proposal.pk, state=ProposalState.PENDING), ProposalState.DECLINED, staff
    ):
        raise ProposalError(_("This proposal is no longer waiting: it was entered, declined or withdrawn."))
    audit.record(
        "networks.escrow.proposal_declined",
        actor=staff.user.username,
        organisation_id=staff.organisation_id,
        target=f"proposal:{proposal.pk}",
    )
