"""Where a notice's items come from: the evidence room's items (glasna.evidence.api) when it is
installed, plus the links the survivor gave in her report that nobody has captured as evidence yet,
so that a caseworker can act on a link the day it arrives. Both have the same shape, so the notice
builder has one input type; the room works without the evidence room too (links only)."""

import datetime as dt
import importlib
import importlib.util
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import Case
from glasna.core import audit
from glasna.core import platforms as core_platforms
from glasna.core.crypto.primitives import unseal
from glasna.takedown.addresses import BadURL, normalise

EVIDENCE_API = "glasna.evidence.api"
_LINK_NAMESPACE = uuid.UUID("6f1c7d0e-3a51-4c1b-9d2e-7a7d1b9e4f10")
# Host suffix → platform directory key, to route an item to the right notice (the one platform list).
HOSTS = core_platforms.host_map("takedown")


@dataclass(frozen=True)
class EvidenceSummary:
    """The shape glasna.evidence.api.list_items returns; the fallback builds the same."""

    id: uuid.UUID
    kind: str  # "file" | "url" | "text"
    title: str
    url: str
    platform: str
    account: str
    captured_at: dt.datetime | None
    sha256: str
    derived_from: uuid.UUID | None
    content_type: str


def evidence_api() -> Any | None:
    """The evidence room's API module, or None where it is not installed."""
    try:
        if importlib.util.find_spec(EVIDENCE_API) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(EVIDENCE_API)


def platform_of(url: str) -> str:
    try:
        host = normalise(url).host
    except BadURL:
        return ""
    return core_platforms.platform_for_host(host, "takedown")


def list_items(staff: StaffMember, keys: OrganisationKeys, case: Case, request: HttpRequest | None = None) -> list[Any]:
    """The case's items; within one request (the case page, where several panels ask) they are
    read, and the reading audited, once."""
    memo: dict[tuple[int, int], list[Any]] | None = getattr(request, "_glasna_case_items", None)
    if request is not None and memo is None:
        memo = {}
        request._glasna_case_items = memo  # type: ignore[attr-defined]  # a per-request memo
    if memo is not None and (staff.pk, case.pk) in memo:
        return list(memo[(staff.pk, case.pk)])
    items = _read_items(staff, keys, case, request)
    if memo is not None:
        memo[(staff.pk, case.pk)] = items
    return list(items)


def _read_items(staff: StaffMember, keys: OrganisationKeys, case: Case, request: HttpRequest | None) -> list[Any]:
    api = evidence_api()
    items: list[Any] = list(api.list_items(staff, keys, case)) if api is not None else []
    captured = {_comparable(item.url) for item in items if item.url}
    links = _links_from_report(staff, keys, case, request)
    return items + [link for link in links if _comparable(link.url) not in captured]


def _comparable(url: str) -> str:
    try:
        return normalise(url).ascii.rstrip("/")
    except BadURL:
        return url.strip().rstrip("/")


def is_report_link(item_id: uuid.UUID) -> bool:
    """Report links carry name-based ids (uuid5); evidence items have random ones (uuid4)."""
    return item_id.version == 5


def record_use(
    staff: StaffMember, item_ids: list[uuid.UUID], purpose: str, detail: str, request: HttpRequest | None = None
) -> bool:
    """Write the custody use in the evidence room for the items that are evidence items; False where
    there are none or no evidence room (the audit log still has the use)."""
    api = evidence_api()
    evidence_ids = [item_id for item_id in item_ids if not is_report_link(item_id)]
    if api is None or not evidence_ids:
        return False
    api.record_use(staff, evidence_ids, purpose, detail, request=request)
    return True


def blurred_derivative(
    staff: StaffMember, keys: OrganisationKeys, item_id: uuid.UUID, request: HttpRequest | None = None
) -> Any | None:
    api = evidence_api()
    return None if api is None else api.make_blurred_derivative(staff, keys, item_id, request=request)


def _links_from_report(
    staff: StaffMember, keys: OrganisationKeys, case: Case, request: HttpRequest | None
) -> list[EvidenceSummary]:
    from glasna.intake import sealing

    report = case.report
    if report is None or not permissions.can_view(staff, case):
        return []
    data_key = unseal(keys.for_version(report.org_key_version), bytes(report.data_key_for_org))
    answers = sealing.decrypt_answers(report, data_key)
    audit.record(
        "takedown.links_read",
        actor=staff.user.get_username(),
        target=f"report:{report.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    items = []
    for raw in re.split(r"[\s,;]+", str(answers.get("links", ""))):
        try:
            address = normalise(raw)
        except BadURL:
            continue  # free text around the links; the caseworker sees the report itself
        items.append(
            EvidenceSummary(
                id=uuid.uuid5(_LINK_NAMESPACE, f"{report.pk}:{address.ascii}"),
                kind="url",
                title=address.display,
                url=address.ascii,
                platform=platform_of(address.ascii),
                account="",
                captured_at=None,
                sha256="",
                derived_from=None,
                content_type="",
            )
        )
    return items


def report_facts(staff: StaffMember, keys: OrganisationKeys, case: Case) -> Any:
    """Country, forms of abuse and gender from the report: the codes a notice's law and category need."""
    from glasna.intake import sealing
    from glasna.takedown.notice_builder import Facts

    report = case.report
    if report is None or not permissions.can_view(staff, case):
        return Facts(country="", forms=[], gender="", stats_consent=False)
    data_key = unseal(keys.for_version(report.org_key_version), bytes(report.data_key_for_org))
    answers = sealing.decrypt_answers(report, data_key)
    return Facts(
        country=str(answers.get("country", "")),
        forms=list(answers.get("forms", [])),
        gender=str(answers.get("gender", "")),
        stats_consent=report.stats_consent,
    )


def record_use_quietly(notice: Any, item_ids: list[str], purpose: str, detail: str) -> None:
    """Custody use for a notice sent by the job queue, in the name of the caseworker who drafted it."""
    staff = notice.created_by
    if staff is None or evidence_api() is None:
        return
    record_use(staff, [uuid.UUID(i) for i in item_ids], purpose, detail)
