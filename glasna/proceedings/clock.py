"""The proceedings room's clock: the reminder job asks `today()`, so tests move time by patching it."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
