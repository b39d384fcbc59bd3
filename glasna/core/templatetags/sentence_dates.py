"""Dates inside a translated sentence that ends with its own full stop.

Serbian, Croatian and Bosnian date formats end with a full stop ("1. januar 2027."), so a message
such as "File by {{ date }}." rendered "2027.." at the end of the sentence. Typography in those
languages writes the one stop; `date_before_stop` drops the format's so the sentence's remains."""

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def date_before_stop(value: dt.date | None, fmt: str = "DATE_FORMAT") -> str:
    """`value|date:fmt` in the active locale, without a trailing full stop (the sentence supplies it)."""
    if value is None:
        return ""
    return date_format(value, fmt).removesuffix(".")
