"""Aged data is marked, never dropped: the limits per kind, months' ends, the template filter."""

import datetime as dt
from typing import Any

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from glasna.core import freshness

TODAY = dt.date(2031, 3, 1)  # any day: the rule is relative to the day it is given


def test_each_kind_is_stale_only_past_its_limit() -> None:
    for kind, (_, days) in freshness.LIMITS.items():
        assert not freshness.is_stale(TODAY - dt.timedelta(days=days), kind, TODAY), kind
        assert freshness.is_stale(TODAY - dt.timedelta(days=days + 1), kind, TODAY), kind


def test_the_limits_come_from_settings(settings: Any) -> None:
    settings.GLASNA_DIRECTORY_REVIEW_DAYS = 10
    assert freshness.is_stale(TODAY - dt.timedelta(days=11), "directory", TODAY)
    assert not freshness.is_stale(TODAY - dt.timedelta(days=11), "law", TODAY)


def test_without_a_day_given_the_rule_judges_against_today() -> None:
    today = dt.date.today()
    assert freshness.is_stale(today - dt.timedelta(days=400), "law")
    assert not freshness.is_stale(today - dt.timedelta(days=30), "law")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_month_end_is_the_last_day_of_the_period(day: dt.date) -> None:
    end = freshness.month_end(f"{day.year:04d}-{day.month:02d}")
    assert (end.year, end.month) == (day.year, day.month) and end >= day
    assert (end + dt.timedelta(days=1)).day == 1


def test_the_filter_marks_only_aged_dates() -> None:
    template = Template('{% load freshness %}{% if checked|stale:"directory" %}aged{% else %}fresh{% endif %}')
    today = dt.date.today()
    assert template.render(Context({"checked": today - dt.timedelta(days=181)})) == "aged"
    assert template.render(Context({"checked": today - dt.timedelta(days=1)})) == "fresh"
    assert template.render(Context({"checked": None})) == "fresh"
