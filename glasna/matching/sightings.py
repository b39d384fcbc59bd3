"""A platform saw a survivor's image again: record it on the case, alert the caseworker, tell takedown."""

from django.db import transaction
from django.db.models import QuerySet

from glasna.core import audit, outbox
from glasna.core.signals import sighting_recorded
from glasna.matching.models import HashEntry, Platform, Sighting


def record(
    platform: Platform, entry: HashEntry, kind: str, distance: int | None = None, feedback: str = ""
) -> Sighting:
    with transaction.atomic():
        sighting = Sighting.objects.create(
            case_id=entry.case_id, entry=entry, platform=platform, kind=kind, distance=distance, feedback=feedback[:32]
        )
        if entry.case_id is not None:
            from glasna.cases.models import Case, CaseEvent

            organisation_id = Case.objects.filter(pk=entry.case_id).values_list("organisation_id", flat=True).first()
            CaseEvent.objects.create(
                case_id=entry.case_id, actor=f"platform:{platform.key}", kind="sighting", detail=kind
            )
        else:
            organisation_id = None
        audit.record(
            f"matching.sighting_{kind}",
            actor=f"platform:{platform.key}",
            target=f"case:{entry.case_id} entry:{entry.pk}",
            organisation_id=organisation_id,
        )
        # Takedown and networks follow up in the worker (a removed notice reopened, ...): written
        # with the sighting, so a process killed after the commit cannot lose the follow-up.
        outbox.enqueue("glasna.matching.tasks.announce_sighting", sighting.pk)
    return sighting


def announce(sighting_id: int) -> None:
    """Tell the other rooms (core.signals.sighting_recorded); their receivers are safe to repeat."""
    sighting = Sighting.objects.select_related("platform").filter(pk=sighting_id).first()
    if sighting is None:
        return
    sighting_recorded.send(
        sender=Sighting,
        case_id=sighting.case_id,
        platform=sighting.platform.key,
        seen_at=sighting.seen_at,
        distance=sighting.distance,
        url="",
        kind=sighting.kind,
        sighting_id=sighting.pk,
    )


def for_case(case_id: int) -> QuerySet[Sighting]:
    return Sighting.objects.filter(case_id=case_id).select_related("platform")


def unseen_count(case_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        Sighting.objects.filter(case_id__in=case_ids, seen_by_staff=False)
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    return dict(rows)
