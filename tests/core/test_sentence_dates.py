"""A date at the end of a translated sentence carries one full stop, not two ("2027.." in Serbian)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

SENTENCE = Template(
    "{% load i18n sentence_dates %}{% blocktranslate with date=day|date_before_stop %}File by {{ date }}.{% endblocktranslate %}"
)
# Relative to today: the test never depends on the calendar date it runs on.
DAY = dt.date.today().replace(month=1, day=1) + dt.timedelta(days=400)


@pytest.mark.parametrize("language", ["sr", "sr-latn", "hr", "bs", "cnr", "mk", "sq", "en"])
def test_a_sentence_ending_in_a_date_has_one_full_stop(language: str) -> None:
    with translation.override(language):
        text = SENTENCE.render(Context({"day": DAY}))
    assert text.endswith(f"{DAY.year}.")
    assert ".." not in text


def test_serbian_keeps_the_stop_after_the_day_inside_the_date() -> None:
    with translation.override("sr"):
        text = SENTENCE.render(Context({"day": DAY}))
    assert f"{DAY.day}. " in text  # "1. фебруар 2028." — only the final stop is the sentence's


def test_no_date_renders_nothing() -> None:
    assert Template("{% load sentence_dates %}[{{ day|date_before_stop }}]").render(Context({"day": None})) == "[]"
