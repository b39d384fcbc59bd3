"""The perpetrator escrow (design and threat model: ESCROW.md beside this file).

A survivor's entry naming a perpetrator opens only when entries from `GLASNA_ESCROW_THRESHOLD`
distinct survivors name the same identifier. `add_entry` runs the OPRF (rate-limited and audited),
stores a match key, a share and the sealed details; `open_matches` works from stored shares alone;
`withdraw` erases an entry's keys and share."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases.models import Case, CaseEvent
from glasna.core import audit
from glasna.core.crypto import oprf_ristretto255, shamir
from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt, new_key
from glasna.core.crypto.server_keys import keyed_pseudonym
from glasna.core.ratelimit import RateLimited
from glasna.networks import escrow_notice, escrow_upgrade, joint_complaints
from glasna.networks.escrow_lines import context as _context
from glasna.networks.escrow_lines import line_for, share_x, survivor_name, survivor_tag
from glasna.networks.escrow_lines import wrapping_key as _wrapping_key
from glasna.networks.models import EscrowEntry, EscrowMatch, MatchChoice, OprfQuota
from glasna.networks.perpetrators import PerpetratorIdentifier


class EscrowError(Exception):
    """An entry the escrow refuses; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def threshold() -> int:
    return max(2, int(settings.GLASNA_ESCROW_THRESHOLD))


def evaluate_oprf(staff: StaffMember, data: bytes) -> bytes:
    """Blind, evaluate, finalize for the caseworker, counted against her organisation's daily
    limit and audited (no identifier in the event). Raises RateLimited beyond the limit."""
    organisation = staff.organisation
    today = timezone.localdate()
    limit = int(settings.GLASNA_ESCROW_OPRF_PER_DAY)
    with transaction.atomic():
        quota, _created = OprfQuota.objects.select_for_update().get_or_create(organisation=organisation, day=today)
        allowed = quota.count < limit
        if allowed:
            quota.count += 1
            quota.save(update_fields=["count"])
    if not allowed:
        audit.record("networks.escrow.oprf_refused", actor=staff.user.username, organisation_id=organisation.pk)
        raise RateLimited(_("Your organisation has reached today's limit of escrow look-ups. Try again tomorrow."))
    audit.record("networks.escrow.oprf", actor=staff.user.username, organisation_id=organisation.pk)
    # RFC 9497's OPRF mode, ristretto255-SHA512 (docs/decisions/0008-oprf-ristretto255.md).
    blinded = oprf_ristretto255.blind(data)
    secret, _public = oprf_ristretto255.server_key_pair()
    evaluated = oprf_ristretto255.blind_evaluate(secret, blinded.element)
    return oprf_ristretto255.finalize(data, blinded.blind, evaluated)


def _case_tag(case: Case) -> str:
    return keyed_pseudonym("networks/escrow-case", str(case.pk))


def add_entry(
    staff: StaffMember,
    case: Case,
    identifier: PerpetratorIdentifier,
    choice: str,
    consent: bool,
    consent_at: datetime | None = None,
) -> EscrowEntry:
    """Enter `identifier` for the survivor of `case` with her recorded consent and her `choice`;
    opens the matches this entry completes. `consent_at`: when she gave it, if not now (her own
    proposal from the portal: escrow_proposals.py)."""
    if not consent:
        raise EscrowError(_("The survivor's consent is needed before her entry is made."))
    if choice not in MatchChoice.values:
        raise EscrowError(_("Choose what happens when another survivor names the same person."))
    if case.organisation_id != staff.organisation.pk:
        raise EscrowError(_("This case is not in your organisation."))
    k = threshold()
    data = identifier.canonical()
    line = line_for(evaluate_oprf(staff, data), k)
    tag = survivor_tag(line, survivor_name(case))
    # x comes from the survivor, as in Callisto: her second entry for one identifier is the same
    # point, never a second one, so no one can interpolate a line from one survivor's entries.
    x, y = shamir.share_on(line.coefficients, share_x(tag))
    entry_key = new_key()
    context = _context(line.match_key, str(x))
    details = json.dumps({"kind": identifier.kind, "case": case.pk, "choice": choice}).encode()
    with transaction.atomic():
        entry = EscrowEntry.objects.create(
            organisation=case.organisation,
            match_key=line.match_key,
            survivor_tag=tag,
            case_tag=_case_tag(case),
            share_x=str(x),
            share_y=str(y),
            wrapped_key=encrypt(_wrapping_key(line.coefficients[0]), entry_key, context),
            sealed_details=encrypt(entry_key, details, context),
            consent_recorded_at=consent_at or timezone.now(),
            oprf_suite=escrow_upgrade.CURRENT_SUITE,
        )
        audit.record(
            "networks.escrow.entry",
            actor=staff.user.username,
            organisation_id=staff.organisation.pk,
            target=f"entry:{entry.pk}",
        )
        # Entries made under the first OPRF naming the same identifier join this line now.
        escrow_upgrade.upgrade_legacy_entries(data, line)
    # After the entry is committed: two entries made at the same moment each see the other here,
    # and open_matches locks the rows it opens, so an entry is opened once.
    open_matches(line.match_key)
    return entry


def _open(entry: EscrowEntry, secret: int) -> dict[str, object]:
    context = _context(entry.match_key, entry.share_x)
    entry_key = decrypt(_wrapping_key(secret), bytes(entry.wrapped_key or b""), context)
    details: dict[str, object] = json.loads(decrypt(entry_key, bytes(entry.sealed_details or b""), context))
    return details


def open_matches(match_key: str) -> list[EscrowMatch]:
    """From stored shares alone: when entries from k distinct survivors share `match_key`, rebuild
    the line's secret, open every live entry not yet opened, and tell each entry's own organisation
    (one EscrowMatch per entry). Nothing else is told to anyone."""
    with transaction.atomic():
        return _open_matches(match_key)


def _open_matches(match_key: str) -> list[EscrowMatch]:
    k = threshold()
    entries = list(
        EscrowEntry.objects.select_for_update().filter(match_key=match_key, withdrawn_at__isnull=True).order_by("pk")
    )
    one_per_survivor: dict[str, EscrowEntry] = {}
    for entry in entries:
        one_per_survivor.setdefault(entry.survivor_tag, entry)
    if len(one_per_survivor) < k:
        return []
    shares = [(int(e.share_x), int(e.share_y)) for e in list(one_per_survivor.values())[:k]]
    secret = shamir.reconstruct(shares, k)
    now = timezone.now()
    made = []
    for entry in entries:
        if entry.matched_at is not None:
            continue
        try:
            details = _open(entry, secret)
        except DecryptionError:  # a damaged row: left sealed, never guessed at
            continue
        case = Case.objects.filter(pk=int(str(details["case"])), organisation=entry.organisation).first()
        match = EscrowMatch.objects.create(
            organisation=entry.organisation,
            entry=entry,
            case=case,
            identifier_kind=str(details["kind"]),
            choice=str(details["choice"]),
            survivors=len(one_per_survivor),
            matched_at=now,
        )
        made.append(match)
        entry.matched_at = now
        entry.save(update_fields=["matched_at"])
        if case is not None:  # on the case's timeline: her caseworker sees it on the case page
            CaseEvent.objects.create(case=case, actor="system", kind="escrow_match", detail=str(details["choice"]))
        audit.record(
            "networks.escrow.match", actor="system", organisation_id=entry.organisation_id, target=f"entry:{entry.pk}"
        )
    # Two or more survivors chose a joint complaint: it opens (or the newcomers join it), and their
    # caseworkers hear of the complaint instead of the bare match (joint_complaints.py).
    in_complaint = {m.pk for m in joint_complaints.gather(match_key)}
    for match in made:
        if match.pk not in in_complaint:
            escrow_notice.tell(match)  # her caseworker, when she asked for it; a mail with no content
    return made


def withdraw(case: Case, actor: str) -> int:
    """The survivor withdraws: every entry of hers is erased (its wrapped key, details, share, match
    key and survivor tag), leaving the row as the record that an entry existed. Matches already made
    stay, and now point to a withdrawn entry. Returns how many entries were erased."""
    entries = EscrowEntry.objects.filter(case_tag=_case_tag(case), withdrawn_at__isnull=True)
    joint_complaints.withdraw_case(case, actor)  # her organisation leaves any joint complaint
    count = entries.update(
        match_key="",
        survivor_tag="",
        share_x="",
        share_y="",
        wrapped_key=None,
        sealed_details=None,
        withdrawn_at=timezone.now(),
    )
    if count:
        audit.record(
            "networks.escrow.withdrawn", actor=actor, organisation_id=case.organisation_id, target=f"entries:{count}"
        )
    return count


def withdraw_for_report(report_id: uuid.UUID) -> int:
    """A withdrawn report (deleted) takes her escrow entries with it (networks.apps)."""
    erased = 0
    for case in Case.objects.filter(report_id=report_id):
        erased += withdraw(case, actor="survivor")
    return erased


def matches_for(staff: StaffMember) -> list[EscrowMatch]:
    """The matches of the staff member's own organisation, newest first; nobody sees another's."""
    return list(
        EscrowMatch.objects.filter(organisation=staff.organisation)
        .select_related("case", "entry")
        .order_by("-matched_at")
    )
