"""Accountability figures per platform and per platform × country, as plain dicts: what the
figures page and its exports show, and what the observatory room reads."""

import math
import statistics
from collections import defaultdict
from typing import Any

from glasna.accounts.models import Organisation
from glasna.takedown.models import Escalation, Notice, NoticeStatus

SENT_STATUSES = [
    s for s in NoticeStatus.values if s not in (NoticeStatus.DRAFT, NoticeStatus.QUEUED, NoticeStatus.DELIVERY_FAILED)
]
FIELDS = [
    "platform",
    "platform_name",
    "country",
    "sent",
    "removed",
    "median_hours_to_removal",
    "p90_hours_to_removal",
    "no_response_share",
    "refused",
    "refusals_overturned",
]


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _figures(notices: list[Notice], overturned: set[int]) -> dict[str, Any]:
    hours = [(n.removed_at - n.sent_at).total_seconds() / 3600 for n in notices if n.removed_at and n.sent_at]
    sent = len(notices)
    return {
        "sent": sent,
        "removed": len(hours),
        "median_hours_to_removal": round(statistics.median(hours), 1) if hours else None,
        "p90_hours_to_removal": round(p, 1) if (p := _percentile(hours, 0.9)) is not None else None,
        "no_response_share": round(sum(n.status == NoticeStatus.NO_RESPONSE for n in notices) / sent, 3)
        if sent
        else None,
        "refused": sum(n.status == NoticeStatus.REFUSED or n.pk in overturned for n in notices),
        "refusals_overturned": sum(n.pk in overturned for n in notices),
    }


def platform_figures(organisation: Organisation | int | None = None) -> dict[str, list[dict[str, Any]]]:
    """{"platforms": [...], "platform_country": [...]} over sent notices (one organisation's or all)."""
    notices = Notice.objects.filter(status__in=SENT_STATUSES, sent_at__isnull=False).select_related("platform")
    if organisation is not None:
        notices = notices.filter(organisation_id=getattr(organisation, "pk", organisation))
    rows = list(notices)
    overturned = set(
        Escalation.objects.filter(
            notice__in=[n.pk for n in rows],
            route=Escalation.Route.INTERNAL_COMPLAINT,
            outcome=Escalation.Outcome.OVERTURNED,
        ).values_list("notice_id", flat=True)
    )
    by_platform: dict[str, list[Notice]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[Notice]] = defaultdict(list)
    for notice in rows:
        by_platform[notice.platform.key].append(notice)
        by_pair[(notice.platform.key, notice.stat_country)].append(notice)
    names = {n.platform.key: n.platform.name for n in rows}
    return {
        "platforms": [
            {"platform": k, "platform_name": names[k], "country": "", **_figures(v, overturned)}
            for k, v in sorted(by_platform.items())
        ],
        "platform_country": [
            {"platform": k, "platform_name": names[k], "country": c, **_figures(v, overturned)}
            for (k, c), v in sorted(by_pair.items())
        ],
    }
