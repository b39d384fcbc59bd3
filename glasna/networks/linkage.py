"""Linkage inside an organisation: the report's links, evidence items, notices and sightings of a
case that name a space or an account are linked to the organisation's registry, automatically.

Reports and evidence are sealed to the organisation's key, so the server cannot read them alone:
their links are made when someone holding the key opens the case page (the panel below), and on
each later opening for what was added since. Notices' URLs and sightings are linked as they come.
Links hold the kind and id of the object only. A page on a website the platform list does not know
is kept as a private page, sealed with the case data, until a caseworker makes it public
(private_pages.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpRequest

from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import Case
from glasna.core import audit, platforms
from glasna.networks import private_pages, registry
from glasna.networks.identifiers import PUBLIC_SPACE, Identifier, InvalidIdentifier, normalise
from glasna.networks.models import LinkKind, Space, SpaceLink, Status


def identifiers_in(text: str, platform_hint: str = "", account: bool = False) -> list[Identifier]:
    """The spaces and accounts named in a piece of text (links, @names); other words are skipped."""
    found: list[Identifier] = []
    for token in re.split(r"[\s,;<>\"']+", text or ""):
        if not token or ("/" not in token and "." not in token and not token.startswith("@")):
            continue
        try:
            identifier = normalise(token, platform_hint, account)
        except InvalidIdentifier:
            continue
        if identifier.kind == PUBLIC_SPACE and identifier.platform not in ("other", "telegram", "viber", "facebook"):
            continue  # a single post on a large platform is not a space
        if identifier.platform == "other" and platforms.known_host(urlsplit(identifier.value).hostname or ""):
            continue  # nor is a video page on a platform the list knows (Pornhub's, say)
        if identifier not in found:
            found.append(identifier)
    return found


@transaction.atomic  # a private page is never seen without its link (private_pages.forget_unlinked)
def link(case: Case, identifier: Identifier, object_kind: str, object_id: str) -> SpaceLink:
    space = private_pages.space_for(case.organisation, identifier)
    found, _created = SpaceLink.objects.get_or_create(
        space=space,
        object_kind=object_kind,
        object_id=str(object_id)[:64],
        defaults={"organisation_id": case.organisation_id, "case": case},
    )
    return found


def link_text(case: Case, text: str, object_kind: str, object_id: str, platform_hint: str = "") -> int:
    identifiers = identifiers_in(text, platform_hint)
    for identifier in identifiers:
        link(case, identifier, object_kind, object_id)
    return len(identifiers)


def link_case(staff: StaffMember, keys: Any, case: Case, request: HttpRequest | None = None) -> None:
    """Link what the case's report, evidence items and notices name (needs the organisation key)."""
    from glasna.takedown import sources
    from glasna.takedown.models import Notice

    if keys is not None:
        for item in sources.list_items(staff, keys, case, request):
            kind = LinkKind.REPORT if sources.is_report_link(item.id) else LinkKind.EVIDENCE
            link_text(case, item.url, kind, str(item.id), item.platform)
            if item.account and item.platform:
                # The capture's "account" may name a person: kept as a pseudonym, never in clear.
                for identifier in identifiers_in(item.account, item.platform, account=True):
                    link(case, identifier, kind, str(item.id))
    for notice in Notice.objects.filter(case=case):
        for row in notice.items or []:
            link_text(case, str(row.get("url", "")), LinkKind.NOTICE, str(notice.pk))


def on_sighting(sender: Any, case_id: int | None = None, url: str = "", sighting_id: int = 0, **kwargs: Any) -> None:
    """A platform saw a survivor's image again at a URL: link the space there to her case."""
    if not case_id or not url:
        return
    case = Case.objects.filter(pk=case_id).select_related("organisation").first()
    if case is not None:
        link_text(case, url, LinkKind.SIGHTING, str(sighting_id))


@dataclass(frozen=True)
class SpaceInCase:
    space: Space
    cases: int  # the organisation's cases that name it (a count: no case is shown)
    visible: int  # of those, the ones this staff member may open
    status: str
    elsewhere: Any = None  # federation.Elsewhere: other organisations naming it
    address: str = ""  # a private page's address, opened with the viewer's keys (this case's data)


def spaces_of_case(staff: StaffMember, case: Case) -> list[SpaceInCase]:
    spaces = (
        Space.objects.filter(links__case=case, organisation_id=staff.organisation_id)
        .distinct()
        .order_by("-last_seen", "pk")
    )
    visible_ids = set(permissions.visible_cases(staff).values_list("pk", flat=True))
    rows = []
    for space in spaces:
        case_ids = set(SpaceLink.objects.filter(space=space).values_list("case_id", flat=True))
        code = registry.current_status(space)
        status = str(Status(code).label) if code else ""
        rows.append(SpaceInCase(space, len(case_ids), len(case_ids & visible_ids), status))
    return rows


def panel_context(request: HttpRequest, staff: Any, keys: Any, case: Any) -> dict[str, Any]:
    from glasna.networks import federation
    from glasna.networks.forms import RecordSpaceForm

    link_case(staff, keys, case, request)
    rows = spaces_of_case(staff, case)
    # Whoever sees the panel may open the case: the countries and the first month are shown.
    found = federation.elsewhere([row.space for row in rows], detailed=True)
    rows = [
        replace(row, elsewhere=found.get(row.space.pk), address=private_pages.open_url(row.space, keys)) for row in rows
    ]
    return {"case": case, "spaces": rows, "record_form": RecordSpaceForm(prefix="space")}


def cases_of_space(staff: StaffMember, space: Space) -> tuple[int, list[Case]]:
    """How many of the organisation's cases name the space, and the ones this staff member may open."""
    case_ids = set(SpaceLink.objects.filter(space=space).values_list("case_id", flat=True))
    visible = list(permissions.visible_cases(staff).filter(pk__in=case_ids).order_by("pk"))
    return len(case_ids), visible


def record_named(staff: StaffMember, case: Case, text: str, platform: str = "", account: bool = False) -> Space:
    """A space a staff member records on a case by hand: linked like the report's, and audited."""
    identifier = normalise(text.strip(), platform, account)  # raises InvalidIdentifier, translated
    found = link(case, identifier, LinkKind.RECORDED, f"case:{case.pk}")
    audit.record(
        "networks.recorded",
        actor=staff.user.get_username(),
        target=f"case:{case.pk} space:{found.space_id}",
        organisation_id=staff.organisation_id,
    )
    return found.space
