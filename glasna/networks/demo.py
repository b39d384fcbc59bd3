"""Synthetic spaces for `glasna seed_demo`: "Invented Room" (closed) and its successor "Invented Room 2"
(active), linked to the demo organisations' cases. Invented names and figures only."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from glasna.cases.models import Case
from glasna.networks import registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Alias, LinkKind, MemberCount, Space, SpaceKind, SpaceLink, Status, StatusEntry

SOURCE = "synthetic demo figure"


@transaction.atomic
def create_demo_spaces() -> int:
    """Idempotent: for each demo organisation with cases, the two rooms and their links; returns
    the number of spaces made."""
    made = 0
    today = timezone.now().date()
    cases = Case.objects.filter(organisation__is_demo=True).select_related("organisation").order_by("pk")
    for case in cases:
        org = case.organisation
        if Space.objects.filter(organisation=org, identifier="invented_room").exists():
            room = Space.objects.get(organisation=org, identifier="invented_room")
            room2 = Space.objects.get(organisation=org, identifier="invented_room_2")
        else:
            first = timezone.now() - dt.timedelta(days=40)
            room = registry.find_or_create(org, normalise("https://t.me/invented_room"), first)
            room2 = registry.find_or_create(org, normalise("https://t.me/invented_room_2"))
            Space.objects.filter(pk=room.pk).update(kind=SpaceKind.CHANNEL, display_name="Invented Room")
            Space.objects.filter(pk=room2.pk).update(
                kind=SpaceKind.CHANNEL, display_name="Invented Room 2", successor_of=room
            )
            Alias.objects.create(space=room2, name="Invented Room Reserve")
            StatusEntry.objects.create(space=room, status=Status.ACTIVE, on=today - dt.timedelta(days=40))
            StatusEntry.objects.create(space=room, status=Status.CLOSED, on=today - dt.timedelta(days=9))
            StatusEntry.objects.create(space=room2, status=Status.REEMERGED, on=today - dt.timedelta(days=7))
            MemberCount.objects.create(space=room, count=12400, counted_on=today - dt.timedelta(days=12), source=SOURCE)
            MemberCount.objects.create(space=room2, count=3100, counted_on=today - dt.timedelta(days=2), source=SOURCE)
            made += 2
        for space in (room, room2):
            SpaceLink.objects.get_or_create(
                space=space,
                object_kind=LinkKind.REPORT,
                object_id=str(case.report_id or case.pk),
                defaults={"organisation": org, "case": case},
            )
    return made
