"""`{% if entry.reviewed|stale:"law" %}`: mark aged data on the staff pages (core/freshness.py)."""

import datetime as dt

from django import template

from glasna.core import freshness

register = template.Library()


@register.filter
def stale(checked: dt.date | None, kind: str) -> bool:
    return checked is not None and freshness.is_stale(checked, kind)
