"""How old reviewed data may grow before the people who keep it are warned.

Legal entries, the platform directory and official figures are true on the day someone checked
them. When that day is long past they are still served, marked as aged, and the commands that
check the data warn: nothing fails, in production or in the test suite, because time passed."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

# kind -> (setting, default days)
LIMITS = {
    "law": ("GLASNA_LAW_REVIEW_DAYS", 365),
    "directory": ("GLASNA_DIRECTORY_REVIEW_DAYS", 180),
    "official": ("GLASNA_OFFICIAL_STALE_DAYS", 730),
}


def allowed_days(kind: str) -> int:
    setting, default = LIMITS[kind]
    return int(getattr(settings, setting, default))


def older_than(checked: dt.date, days: int, today: dt.date | None = None) -> bool:
    """Whether data checked on `checked` is more than `days` old on `today` (default: now)."""
    return ((today or timezone.localdate()) - checked).days > days


def is_stale(checked: dt.date, kind: str, today: dt.date | None = None) -> bool:
    """Whether data checked on `checked` is older than the kind's limit on `today` (default: now)."""
    return older_than(checked, allowed_days(kind), today)


def month_end(period: str) -> dt.date:
    """The last day of a "YYYY-MM" period, the day an official figure's period is complete."""
    year, month = (int(part) for part in period.split("-"))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
