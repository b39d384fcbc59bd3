"""A synthetic network for the dossier tests: Invented Room and its successor Invented Room 2,
named by two cases of one organisation (one survivor consented to coordinated action, one did
not), each with evidence and a notice. Invented data only."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from glasna.cases.models import Case
from glasna.evidence import services
from glasna.evidence.models import EvidenceItem
from glasna.networks import coordination, linkage, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import ConsentChannel, EscrowMatch, LinkKind, MatchChoice, Space
from glasna.takedown import directory
from glasna.takedown.models import Notice, Platform
from tests.evidence.helpers import CAPTURE, make_case
from tests.factories import OrgBundle, submit


@dataclass
class Network:
    org: OrgBundle
    room: Space
    room2: Space
    consenting: Case
    other: Case
    consenting_item: EvidenceItem
    other_item: EvidenceItem
    consenting_notice: Notice
    other_notice: Notice


def _notice(org: OrgBundle, case: Case, url: str) -> Notice:
    directory.ensure_loaded()
    return Notice.objects.create(
        organisation=org.organisation,
        case=case,
        platform=Platform.objects.get(key="telegram"),
        channel="email",
        items=[{"url": url}],
        subject="synthetic",
        body_en="synthetic",
        category="synthetic",
        platform_reference="TG-INVENTED-7",
    )


def build(slug: str = "dossier") -> Network:
    setup = make_case(slug)
    org, consenting = setup.org, setup.case
    submit(consent_stats="yes", country="AL")  # counted by country: she agreed to statistics
    other = Case.objects.filter(organisation=org.organisation).latest("pk")
    assert other.pk != consenting.pk
    staff, keys = org.staff, org.org_keys
    older = timezone.now() - dt.timedelta(days=40)
    room = registry.find_or_create(org.organisation, normalise("t.me/invented_room"), older)
    room2 = registry.find_or_create(org.organisation, normalise("t.me/invented_room2"))
    registry.set_successor(staff, room2, room)
    registry.record_status(staff, room, "closed", (timezone.now() - dt.timedelta(days=10)).date())
    registry.record_status(staff, room2, "active", (timezone.now() - dt.timedelta(days=9)).date())
    registry.record_member_count(staff, room, 41000, (timezone.now() - dt.timedelta(days=20)).date(), "seen in the app")
    registry.record_member_count(staff, room2, 9000, (timezone.now() - dt.timedelta(days=2)).date(), "seen in the app")
    items = []
    for case, space in ((consenting, room), (other, room2)):
        item = services.add_record(staff, keys, case.pk, "url", "Channel", CAPTURE)
        linkage.link(case, normalise(f"t.me/{space.identifier}"), LinkKind.EVIDENCE, str(item.pk))
        items.append(item)
    notices = []
    for case, space in ((consenting, room2), (other, room)):
        notice = _notice(org, case, f"https://t.me/{space.identifier}/12")
        linkage.link_case(staff, None, case)
        notices.append(notice)
    coordination.record(staff, consenting, ConsentChannel.RECORDED)
    return Network(org, room, room2, consenting, other, items[0], items[1], notices[0], notices[1])


def checked(client: Any, export_url: str, kind: str) -> Any:
    """Confirm the dossier's personal-data check as shown (networks/dossier_check.py), so that an
    export of that kind may follow."""
    response = client.post(f"{export_url}check/", {"kind": kind, "language": "en", "action": "confirm"})
    assert response.status_code == 302, response.status_code
    return client


def escrow_match(net: Network, case: Case, choice: MatchChoice, survivors: int = 2) -> EscrowMatch:
    """A perpetrator match on a phone number, found on the day the network's first space was seen."""
    return EscrowMatch.objects.create(
        organisation=net.org.organisation,
        case=case,
        identifier_kind="phone",
        choice=choice,
        survivors=survivors,
        matched_at=net.room.first_seen,
    )
