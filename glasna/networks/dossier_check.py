"""The personal-data check of a dossier before it leaves the organisation (issue 18, item 3).

The same detection and correction as an anonymous notice (glasna/triage/outgoing.py): phone numbers,
e-mail addresses, JMBG/EMBG, Albanian and Kosovo personal numbers, IBANs and the names the cases
know. Only the dossier's free text is examined (`CHECKED`): what staff typed about a space (its
name, other names, where a member count was read) and the platform's notice references, plus the
space identifiers, which go out as they are (a platform cannot act on a hidden identifier) but are
listed so the caseworker sees them. Everything else is a code, date, count, id or hash
(`STRUCTURAL`; tests/networks/test_dossier_check.py fails when a dossier gains a string field in
neither set).

Whose names may stay: every name any linked case knows is hidden by default. A platform dossier
never carries one. A police dossier may carry the names known to the cases it includes (her
survivor consented to coordinated action, networks/coordination.py, and the staff member may open
the case), when the caseworker chooses so; never a name known to a case left out. Other findings
may be kept as false positives in either kind.

The decision (what was kept, what was added, and a fingerprint of the content checked) is sealed to
the organisation key in a `DossierCheck`; an export is refused until the latest check's fingerprint
matches the dossier as it is now, and then applies the decision."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases.models import Case
from glasna.core import audit
from glasna.core.crypto.primitives import DecryptionError, seal, unseal
from glasna.networks import dossier
from glasna.networks.models import DossierCheck
from glasna.triage.notices import KIND_LABELS, names_of
from glasna.triage.outgoing import Correction, Found, Preview, apply
from glasna.triage.personal_data import find_personal_data

# Keys of the dossier's free text, checked; identifiers go out as they are but are shown.
CHECKED = {"display_name", "aliases", "source", "platform_reference", "identifier"}
# Keys whose strings are codes, dates, ids, hashes, addresses inside Glasna, or the organisation
# itself or other organisations that chose to be named; the custody entries carry staff usernames by design (a chain of custody names its hands).
STRUCTURAL = {
    "format", "kind", "generated_at", "language", "organisation", "type", "identifier_kind",
    "matched_at", "platform", "platform_name", "first_seen", "last_seen", "status", "on",
    "counted_on", "sent_at", "removed_at", "tree_head", "log_key_fingerprint", "item",
    "commitment", "entry", "proof", "bundle",
    # dossier_counts: a month, country codes, and organisations that chose to be named
    "since", "countries", "named_organisations",
}  # fmt: skip
CONTEXT = 40


class NotChecked(Exception):
    """The dossier was never checked, or its content changed since the last check."""


@dataclass(frozen=True)
class Field:
    path: tuple[str | int, ...]
    where: str
    text: str


@dataclass(frozen=True)
class Finding:
    where: str
    before: str
    value: str
    after: str
    label: str
    state: str  # "protected", "added", "keep" (may be sent), "name" (police, consented), "locked"
    kept: bool


@dataclass(frozen=True)
class Review:
    fields: tuple[tuple[Field, Preview], ...]
    findings: tuple[Finding, ...]
    correction: Correction  # as applied: a name that may not leave is never kept
    fingerprint: str

    @property
    def hidden(self) -> int:
        return sum(1 for f in self.findings if f.state != "protected" and not f.kept)

    @property
    def kept(self) -> int:
        return sum(1 for f in self.findings if f.kept)

    @property
    def added(self) -> int:
        return sum(1 for f in self.findings if f.state == "added")


def fields(data: dict[str, Any]) -> list[Field]:
    """The free text of a dossier, each with where it is, in document order."""
    out: list[Field] = []
    for i, space in enumerate(data["spaces"]):
        label = space["display_name"] or f"#{space['id']}"
        out.append(
            Field(("spaces", i, "identifier"), _("%(space)s · identifier") % {"space": label}, space["identifier"])
        )
        out.append(
            Field(("spaces", i, "display_name"), _("%(space)s · name") % {"space": label}, space["display_name"])
        )
        for j, alias in enumerate(space["aliases"]):
            out.append(Field(("spaces", i, "aliases", j), _("%(space)s · other name") % {"space": label}, alias))
        for j, count in enumerate(space["member_counts"]):
            where = _("%(space)s · source of a member count") % {"space": label}
            out.append(Field(("spaces", i, "member_counts", j, "source"), where, count["source"]))
    for i, notice in enumerate(data["notices"]):
        where = _("Notice #%(id)s · platform reference") % {"id": notice["id"]}
        out.append(Field(("notices", i, "platform_reference"), where, notice["platform_reference"]))
    return [f for f in out if f.text]


def _protected(data: dict[str, Any]) -> list[str]:
    return [data["organisation"], *(s["identifier"] for s in data["spaces"] if s["identifier"])]


def fingerprint(staff: StaffMember, data: dict[str, Any]) -> str:
    """What the check vouches for: the free text, the cases drawn on and the evidence items. Codes,
    dates, counts and custody proofs may change without a new check: they carry no personal data."""
    _linked, included = dossier.cases_of(staff, data)
    content = {
        "kind": data["kind"],
        "subject": [data["subject"]["type"], data["subject"]["id"]],
        "fields": [[list(f.path), f.text] for f in fields(data)],
        "included": sorted(included),
        "items": [item["item"] for item in data.get("evidence", {}).get("items", [])],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _names(cases: Iterable[int], keys: OrganisationKeys) -> list[str]:
    out: list[str] = []
    for case in Case.objects.filter(pk__in=set(cases)).select_related("organisation"):
        out += [n for n in names_of(case, keys) if n not in out]
    return out


def _may_leave(value: str, allowed: list[str], others: list[str]) -> bool:
    """A name found in the text may leave when only a consenting, included case knows it."""

    def whole(names: list[str]) -> bool:
        return any(s.kind == "name" and s.start == 0 and s.end == len(value) for s in find_personal_data(value, names))

    def touched(names: list[str]) -> bool:
        return any(s.kind == "name" for s in find_personal_data(value, names))

    return bool(allowed) and whole(allowed) and not touched(others)


def review(
    staff: StaffMember, keys: OrganisationKeys, data: dict[str, Any], wanted: Correction | None = None
) -> Review:
    """What the dossier's free text gives away and how it will leave under `wanted`."""
    wanted = wanted or Correction()
    linked, included = dossier.cases_of(staff, data)
    names = _names(linked, keys)
    allowed = _names(included, keys) if data["kind"] == dossier.POLICE else []
    others = _names(linked - included, keys) if allowed else names  # a name both know stays hidden
    protected, texts = _protected(data), fields(data)

    def state(found: Found) -> str:
        if found.protected:
            return "protected"
        if found.added:
            return "added"
        if found.span.kind != "name":
            return "keep"
        return "name" if _may_leave(found.span.value, allowed, others) else "locked"

    first = [(f, apply(f.text, names, wanted, protected)) for f in texts]
    locked = {found.span.value for _f, p in first for found in p.found if state(found) == "locked"}
    correction = Correction(keep=frozenset(wanted.keep - locked), extra=wanted.extra)
    previews = tuple((f, apply(f.text, names, correction, protected)) for f in texts)
    findings = tuple(
        Finding(
            where=f.where,
            before=f.text[max(0, found.span.start - CONTEXT) : found.span.start],
            value=found.span.value,
            after=f.text[found.span.end : found.span.end + CONTEXT],
            label=str(KIND_LABELS.get(found.span.kind, found.span.kind)),
            state=state(found),
            kept=found.kept,
        )
        for f, preview in previews
        for found in preview.found
    )
    return Review(previews, findings, correction, fingerprint(staff, data))


def subject_of(data: dict[str, Any]) -> str:
    return f"{data['subject']['type']}:{data['subject']['id']}"


def confirm(
    staff: StaffMember, keys: OrganisationKeys, data: dict[str, Any], wanted: Correction, request: HttpRequest | None
) -> DossierCheck:
    result = review(staff, keys, data, wanted)
    key = staff.organisation.current_key
    decision = {
        "fingerprint": result.fingerprint,
        "keep": sorted(result.correction.keep),
        "extra": list(result.correction.extra),
    }
    check = DossierCheck.objects.create(
        organisation_id=staff.organisation_id,
        subject=subject_of(data),
        kind=data["kind"],
        sealed=seal(bytes(key.public_key), json.dumps(decision, ensure_ascii=False).encode()),
        key_version=key.version,
        hidden=result.hidden,
        kept=result.kept,
        added=result.added,
        checked_by=staff,
    )
    audit.record(
        "networks.dossier_checked",
        actor=staff.user.get_username(),
        target=f"{check.subject} kind:{check.kind} hidden:{check.hidden} kept:{check.kept} added:{check.added}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return check


def last_decision(staff: StaffMember, keys: OrganisationKeys, data: dict[str, Any]) -> dict[str, Any] | None:
    check = (
        DossierCheck.objects.filter(organisation_id=staff.organisation_id, subject=subject_of(data), kind=data["kind"])
        .order_by("-checked_at", "-pk")
        .first()
    )
    if check is None:
        return None
    try:
        decision: dict[str, Any] = json.loads(unseal(keys.for_version(check.key_version), bytes(check.sealed)))
    except (DecryptionError, KeyError, ValueError):
        return None
    return decision


def is_current(staff: StaffMember, keys: OrganisationKeys, data: dict[str, Any]) -> bool | None:
    """True when the last check covers the dossier as it is; False when it changed; None: never checked."""
    decision = last_decision(staff, keys, data)
    if decision is None:
        return None
    return bool(decision["fingerprint"] == fingerprint(staff, data))


def redacted(staff: StaffMember, keys: OrganisationKeys, data: dict[str, Any]) -> dict[str, Any]:
    """The dossier as it may leave, under its current check; `NotChecked` otherwise."""
    decision = last_decision(staff, keys, data)
    if decision is None or decision["fingerprint"] != fingerprint(staff, data):
        raise NotChecked
    wanted = Correction(keep=frozenset(decision["keep"]), extra=tuple(decision["extra"]))
    result = review(staff, keys, data, wanted)
    out = copy.deepcopy(data)
    for f, preview in result.fields:
        holder: Any = out
        for step in f.path[:-1]:
            holder = holder[step]
        holder[f.path[-1]] = preview.redacted
    return out
