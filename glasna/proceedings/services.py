"""What the proceedings room does. Views and the reminder job are thin callers of these functions.

Every access goes through cases.permissions.visible_cases: a proceeding of a case the staff member
may not see raises CaseNotFound, the same as one that does not exist. Changes carry the version the
form was shown with; a stale one raises StaleProceeding and nothing is applied."""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import Organisation, StaffMember
from glasna.cases import permissions
from glasna.cases.services import CaseNotFound, NotAllowed, get_case, notes_key, record_activity
from glasna.core.crypto.primitives import decrypt, encrypt
from glasna.law import knowledge
from glasna.law.schema import ProcedureDeadline
from glasna.proceedings import clock, deadlines, institutions
from glasna.proceedings.models import (
    STEP_ORDER,
    Breach,
    GivenItem,
    Kind,
    Outcome,
    Proceeding,
    SilenceSettings,
    Step,
    StepKind,
)

__all__ = ["CaseNotFound", "NotAllowed", "StaleProceeding"]

# Custody-log purpose of an item given to an institution (stored in clear: a code, no content).
GIVEN_PURPOSE = "given_to_institution"
# Warning codes (labels.WARNINGS has the words).
OUT_OF_ORDER, DECISION_WITHOUT_FILING, UNVERIFIED_DEADLINE = (
    "out_of_order",
    "decision_without_filing",
    "unverified_deadline",
)
SILENCE_FIELDS = {
    "police": "police_days",
    "prosecutor": "prosecutor_days",
    "court": "court_days",
    "ombudsperson": "ombudsperson_days",
    "data_protection": "data_protection_days",
}


class StaleProceeding(Exception):
    """The proceeding changed since the form was shown; nothing was applied."""


@dataclass
class ProceedingView:
    """A proceeding with its encrypted fields opened, for the pages."""

    proceeding: Proceeding
    institution_name: str
    offence_text: str
    sanction: str
    order_terms: str
    breaches: list[tuple[Breach, str]] = field(default_factory=list)


def _context(proceeding: Proceeding, name: str) -> bytes:
    return f"proceeding:{proceeding.pk}:{name}".encode()


def _seal(key: bytes, proceeding: Proceeding, name: str, text: str) -> bytes:
    return encrypt(key, text.encode(), _context(proceeding, name)) if text else b""


def _open(key: bytes, proceeding: Proceeding, name: str, blob: bytes | memoryview) -> str:
    data = bytes(blob)
    return decrypt(key, data, _context(proceeding, name)).decode() if data else ""


def _actor(staff: StaffMember) -> str:
    return staff.user.get_username()


def get(staff: StaffMember, proceeding_id: int) -> Proceeding:
    found = (
        Proceeding.objects.filter(pk=proceeding_id, case__in=permissions.visible_cases(staff))
        .select_related("case", "institution_org")
        .first()
    )
    if found is None:
        raise CaseNotFound
    return found


def _locked(staff: StaffMember, proceeding_id: int, version: int) -> Proceeding:
    found = (
        Proceeding.objects.select_for_update()
        .filter(pk=proceeding_id, case__in=permissions.visible_cases(staff))
        .select_related("case")
        .first()
    )
    if found is None:
        raise CaseNotFound
    if found.version != version:
        raise StaleProceeding
    return found


def _bump(proceeding: Proceeding, fields: list[str]) -> None:
    proceeding.version += 1
    proceeding.save(update_fields=[*fields, "version"])


def directory_entry(staff: StaffMember, org_id: int | None) -> Organisation | None:
    if org_id is None:
        return None
    entry = Organisation.objects.filter(pk=org_id, org_type__in=institutions.DIRECTORY_TYPES).first()
    if entry is None:
        raise NotAllowed
    return entry


@transaction.atomic
def add(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    case_id: int,
    kind: str,
    institution_type: str,
    institution_name: str,
    jurisdiction: str,
    learnt_on: dt.date | None = None,
    institution_org_id: int | None = None,
    request: object = None,
) -> Proceeding:
    case = get_case(staff, case_id)
    if institution_type not in institutions.TYPES or jurisdiction not in knowledge.cached().jurisdictions:
        raise NotAllowed
    proceeding = Proceeding.objects.create(
        case=case,
        kind=Kind(kind).value,
        institution_type=institution_type,
        institution_name=b"",
        institution_org=directory_entry(staff, institution_org_id),
        jurisdiction=jurisdiction,
        learnt_on=learnt_on,
        created_by=staff,
    )
    proceeding.institution_name = _seal(notes_key(case, org_keys), proceeding, "institution", institution_name)
    proceeding.warnings = check(proceeding, [])
    proceeding.save(update_fields=["institution_name", "warnings"])
    record_activity(
        case,
        _actor(staff),
        "proceeding_added",
        f"proceeding:{proceeding.pk} {kind} {institution_type}",
        request=request,
    )
    return proceeding


def rules(proceeding: Proceeding) -> tuple[ProcedureDeadline, ...]:
    jurisdiction = knowledge.cached().jurisdictions.get(proceeding.jurisdiction)
    return jurisdiction.procedure_deadlines if jurisdiction else ()


def check(proceeding: Proceeding, steps: list[Step]) -> list[str]:
    """Warning codes for accepted but doubtful input: steps out of their usual order, a decision
    without a filing, a deadline resting on a rule nobody has confirmed."""
    found = []
    rank = {kind: n for n, kind in enumerate(STEP_ORDER)}
    ordered = sorted(steps, key=lambda s: (rank[s.kind], s.on))
    latest: dt.date | None = None
    for step in ordered:
        if latest is not None and step.on < latest:
            found.append(OUT_OF_ORDER)
            break
        latest = step.on if latest is None else max(latest, step.on)
    kinds = {s.kind for s in steps}
    if kinds & {StepKind.DECISION, StepKind.APPEAL, StepKind.FINAL} and StepKind.FILED not in kinds:
        found.append(DECISION_WITHOUT_FILING)
    due = deadlines.deadline(proceeding.kind, proceeding.learnt_on, False, rules(proceeding))
    if due is not None and due.confidence == "unverified":
        found.append(UNVERIFIED_DEADLINE)
    return found


@transaction.atomic
def add_step(
    staff: StaffMember, proceeding_id: int, version: int, kind: str, on: dt.date, request: object = None
) -> list[str]:
    """Record a step; returns the warnings it raised (codes), which stay on the proceeding."""
    proceeding = _locked(staff, proceeding_id, version)
    step = Step.objects.create(proceeding=proceeding, kind=StepKind(kind).value, on=on, recorded_by=staff)
    before = set(proceeding.warnings)
    proceeding.warnings = check(proceeding, list(proceeding.steps.all()))
    _bump(proceeding, ["warnings"])
    record_activity(
        proceeding.case,
        _actor(staff),
        "proceeding_step",
        f"proceeding:{proceeding.pk} {step.kind} {on}",
        request=request,
    )
    new = [code for code in proceeding.warnings if code not in before]
    for code in new:
        record_activity(proceeding.case, _actor(staff), "proceeding_warning", f"proceeding:{proceeding.pk} {code}")
    return new


@transaction.atomic
def update(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    proceeding_id: int,
    version: int,
    *,
    offence_provision: str,
    offence_text: str,
    outcome: str,
    sanction: str,
    order_terms: str = "",
    order_from: dt.date | None = None,
    order_until: dt.date | None = None,
    request: object = None,
) -> Proceeding:
    proceeding = _locked(staff, proceeding_id, version)
    if offence_provision and offence_provision not in {p.id for p in knowledge.cached().provisions}:
        raise NotAllowed
    key = notes_key(proceeding.case, org_keys)
    proceeding.offence_provision = offence_provision
    proceeding.offence_text = _seal(key, proceeding, "offence", offence_text)
    proceeding.outcome = Outcome(outcome).value
    proceeding.sanction = _seal(key, proceeding, "sanction", sanction)
    proceeding.order_terms = _seal(key, proceeding, "terms", order_terms)
    proceeding.order_from, proceeding.order_until = order_from, order_until
    _bump(
        proceeding,
        ["offence_provision", "offence_text", "outcome", "sanction", "order_terms", "order_from", "order_until"],
    )
    record_activity(
        proceeding.case,
        _actor(staff),
        "proceeding_updated",
        f"proceeding:{proceeding.pk} {offence_provision} {proceeding.outcome}".strip(),
        request=request,
    )
    return proceeding


def _recipient(proceeding: Proceeding) -> str:
    """Who received it, in clear in the custody log: the directory's public name or the type code,
    never the free text typed by staff."""
    if proceeding.institution_org is not None:
        return proceeding.institution_org.slug
    return proceeding.institution_type


@transaction.atomic
def give_items(
    staff: StaffMember,
    proceeding_id: int,
    version: int,
    item_ids: list[UUID],
    given_on: dt.date,
    request: object = None,
) -> int:
    """Record evidence items given to the institution, each once, with a custody-log event."""
    from glasna.evidence import api as evidence

    proceeding = _locked(staff, proceeding_id, version)
    known = set(proceeding.given.values_list("item_id", flat=True))
    new = [item for item in dict.fromkeys(item_ids) if item not in known]
    if not new:
        return 0
    owned = set(proceeding.case.evidence_items.filter(pk__in=new).values_list("pk", flat=True))
    if owned != set(new):
        raise NotAllowed
    detail = f"proceeding:{proceeding.pk} to {_recipient(proceeding)} on {given_on.isoformat()}"
    evidence.record_use(staff, new, GIVEN_PURPOSE, detail, request)  # type: ignore[arg-type]
    GivenItem.objects.bulk_create(GivenItem(proceeding=proceeding, item_id=item, given_on=given_on) for item in new)
    _bump(proceeding, [])
    record_activity(proceeding.case, _actor(staff), "evidence_given", f"{detail} ({len(new)})", request=request)
    return len(new)


@transaction.atomic
def record_breach(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    proceeding_id: int,
    version: int,
    on: dt.date,
    description: str,
    item_ids: list[UUID],
    request: object = None,
    reported_on: dt.date | None = None,
) -> Breach:
    proceeding = _locked(staff, proceeding_id, version)
    if proceeding.kind != Kind.PROTECTION_ORDER or (reported_on is not None and reported_on < on):
        raise NotAllowed
    ids = list(dict.fromkeys(item_ids))
    if len(proceeding.case.evidence_items.filter(pk__in=ids)) != len(ids):
        raise NotAllowed
    breach = Breach.objects.create(
        proceeding=proceeding,
        on=on,
        description=b"",
        item_ids=[str(i) for i in ids],
        reported_on=reported_on,
        recorded_by=staff,
        recorded_at=clock.now(),
    )
    breach.description = encrypt(
        notes_key(proceeding.case, org_keys), description.encode(), f"breach:{breach.pk}".encode()
    )
    breach.save(update_fields=["description"])
    _bump(proceeding, [])
    record_activity(
        proceeding.case, _actor(staff), "order_breach", f"proceeding:{proceeding.pk} {on.isoformat()}", request=request
    )
    return breach


@transaction.atomic
def breach_decided(
    staff: StaffMember,
    proceeding_id: int,
    version: int,
    breach_id: int,
    reported_on: dt.date | None,
    request: object = None,
) -> Breach:
    """Her decision on a breach recorded earlier: reported to the police on `reported_on`, or (None)
    she chose not to report it. Either ends the reminders about it; a later report may still be
    recorded over a "not reporting"."""
    proceeding = _locked(staff, proceeding_id, version)
    breach = proceeding.breaches.filter(pk=breach_id).first()
    if breach is None or (reported_on is not None and reported_on < breach.on):
        raise NotAllowed
    breach.reported_on, breach.not_reporting = reported_on, reported_on is None
    breach.save(update_fields=["reported_on", "not_reporting"])
    _bump(proceeding, [])
    decision = reported_on.isoformat() if reported_on else "not_reporting"
    record_activity(
        proceeding.case,
        _actor(staff),
        "order_breach_decided",
        f"proceeding:{proceeding.pk} {breach.on.isoformat()} {decision}",
        request=request,
    )
    return breach


def opened(staff: StaffMember, org_keys: OrganisationKeys, proceeding: Proceeding) -> ProceedingView:
    if not permissions.can_view(staff, proceeding.case):
        raise CaseNotFound
    key = notes_key(proceeding.case, org_keys)
    return ProceedingView(
        proceeding,
        _open(key, proceeding, "institution", proceeding.institution_name),
        _open(key, proceeding, "offence", proceeding.offence_text),
        _open(key, proceeding, "sanction", proceeding.sanction),
        _open(key, proceeding, "terms", proceeding.order_terms),
        [
            (b, decrypt(key, bytes(b.description), f"breach:{b.pk}".encode()).decode())
            for b in proceeding.breaches.all()
        ],
    )


def threshold(proceeding: Proceeding) -> int | None:
    settings = SilenceSettings.objects.filter(organisation_id=proceeding.case.organisation_id).first()
    settings = settings or SilenceSettings()
    return getattr(settings, SILENCE_FIELDS.get(proceeding.institution_type, ""), None)


@dataclass(frozen=True)
class Status:
    deadline: deadlines.Deadline | None
    silence: deadlines.Silence | None
    breaches: int
    final: bool = False
    order_ends: dt.date | None = None  # a granted protection order in force: its last day
    unreported: tuple[dt.date, ...] = ()  # breaches awaiting her decision on reporting them to the police

    def order_ends_within(self, today: dt.date, days: int) -> bool:
        return self.order_ends is not None and self.order_ends <= today + dt.timedelta(days=days)


def status(proceeding: Proceeding, today: dt.date) -> Status:
    steps = list(proceeding.steps.all())
    filed = any(s.kind == StepKind.FILED for s in steps)
    closed = any(s.kind == StepKind.FINAL for s in steps)
    return Status(
        deadlines.deadline(proceeding.kind, proceeding.learnt_on, filed, rules(proceeding)),
        deadlines.silence([s.on for s in steps], closed, threshold(proceeding), today),
        proceeding.breaches.count(),
        closed,
        deadlines.order_ends(proceeding.kind, proceeding.outcome, proceeding.order_until, today),
        tuple(b.on for b in proceeding.breaches.all() if b.awaits_her_decision),
    )


def watched(proceedings: QuerySet[Proceeding], today: dt.date) -> QuerySet[Proceeding]:
    """Of `proceedings`, those that can still need attention, ready for `status`: every one without
    a final step, and, final or not, granted protection orders in force (the order runs after the
    decision) and those with a breach awaiting her decision on reporting it to the police."""
    open_ones = proceedings.exclude(steps__kind=StepKind.FINAL).values("pk")
    orders = proceedings.filter(kind=Kind.PROTECTION_ORDER, outcome=Outcome.ORDER_GRANTED, order_until__gte=today)
    undecided = proceedings.filter(breaches__reported_on__isnull=True, breaches__not_reporting=False).values("pk")
    return (
        proceedings.filter(Q(pk__in=open_ones) | Q(pk__in=orders.values("pk")) | Q(pk__in=undecided))
        .select_related("case")
        .prefetch_related("steps", "breaches")
    )


def for_case(
    staff: StaffMember, org_keys: OrganisationKeys, case_id: int, today: dt.date
) -> list[tuple[ProceedingView, Status]]:
    case = get_case(staff, case_id)
    return [
        (opened(staff, org_keys, p), status(p, today))
        for p in case.proceedings.select_related("case", "institution_org").prefetch_related("steps", "breaches")
    ]


# How soon a deadline must be for a proceeding to join the "needs attention" queue.
ATTENTION_WINDOW = dt.timedelta(days=7)


def needing_attention(staff: StaffMember, today: dt.date) -> list[tuple[Proceeding, Status]]:
    """Proceedings of the open cases this staff member can see whose filing deadline is within a week
    (or passed), whose silence passed the threshold, whose protection order ends within two weeks or
    with a breach awaiting her decision, the most pressing first. Codes and dates only: the queue
    opens no encrypted text, so it needs no key."""
    found = []
    visible = Proceeding.objects.filter(case__in=permissions.visible_cases(staff).exclude(status="closed"))
    for proceeding in watched(visible, today):
        state = status(proceeding, today)
        close = not state.final and state.deadline is not None and state.deadline.due <= today + ATTENTION_WINDOW
        silent = not state.final and state.silence is not None and state.silence.passed
        ending = state.order_ends_within(today, deadlines.ORDER_REMIND_BEFORE[0])
        if close or silent or ending or state.unreported:
            found.append((proceeding, state))

    def urgency(row: tuple[Proceeding, Status]) -> tuple[dt.date, int]:
        state = row[1]
        deadline = state.deadline.due if state.deadline and not state.final else dt.date.max
        first = min(deadline, state.order_ends or dt.date.max, *state.unreported)
        silence = state.silence.days if state.silence and not state.final else 0
        return (first, -silence)

    return sorted(found, key=urgency)


def silence_settings(staff: StaffMember) -> SilenceSettings:
    """The organisation's thresholds (defaults until an administrator saves them)."""
    found = SilenceSettings.objects.filter(organisation_id=staff.organisation_id).first()
    return found or SilenceSettings(organisation_id=staff.organisation_id)


@transaction.atomic
def set_silence_settings(staff: StaffMember, days: dict[str, int | None], request: object = None) -> SilenceSettings:
    """Only the organisation's administrators set how long it waits for an answer."""
    from glasna.accounts.models import Role
    from glasna.core import audit

    if staff.role != Role.ORG_ADMIN:
        raise NotAllowed
    settings, _created = SilenceSettings.objects.get_or_create(organisation_id=staff.organisation_id)
    for name in SILENCE_FIELDS.values():
        setattr(settings, name, days.get(name))
    if settings.police_days is None or settings.prosecutor_days is None:
        raise NotAllowed
    settings.save()
    audit.record(
        "proceedings.silence_settings",
        actor=_actor(staff),
        target=f"organisation:{staff.organisation_id}",
        organisation_id=staff.organisation_id,
        request=request,  # type: ignore[arg-type]
    )
    return settings
