"""Redaction of outgoing text, with the caseworker's corrections (glasna/triage/outgoing.py)."""

import pytest
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from glasna.observatory.models import StatisticalRecord
from glasna.triage.outgoing import Correction, apply
from glasna.triage.personal_data import find_personal_data
from tests.factories import make_organisation, submit

TEXT = "Call Ana Petrović on 069 123 456 or write to ana@example.org; support is +389 2 3100 000."


def test_everything_detected_is_hidden_by_default():
    preview = apply(TEXT, ["Ana Petrović"], Correction())
    assert preview.redacted == "Call [name] on [phone] or write to [email]; support is [phone]."
    assert preview.hidden == 4


def test_a_kept_value_goes_out_and_only_that_one():
    preview = apply(TEXT, ["Ana Petrović"], Correction(keep=frozenset({"+389 2 3100 000"})))
    assert preview.redacted.endswith("support is +389 2 3100 000.") and "[phone] or" in preview.redacted
    assert preview.hidden == 3


def test_an_added_span_is_hidden_everywhere_case_insensitively():
    preview = apply("Zovu je Cica. CICA živi u Baru.", [], Correction(extra=("cica",)))
    assert preview.redacted == "Zovu je [redacted]. [redacted] živi u Baru."


def test_protected_strings_go_out_whole_even_when_they_look_personal():
    text = "Notifier: desk@org.example. Content: https://t.me/c/1234567890/5"
    preview = apply(text, [], Correction(), protected=["desk@org.example", "https://t.me/c/1234567890/5"])
    assert preview.redacted == text and preview.hidden == 0
    assert {f.span.kind for f in preview.found if f.protected} == {"email", "xk_personal_number"}


@given(st.text(max_size=200), st.lists(st.text(min_size=2, max_size=12), max_size=3))
def test_nothing_unkept_is_detectable_after_applying(text, names):
    out = apply(text, names, Correction()).redacted
    assert find_personal_data(out, names) == []


@pytest.mark.django_db
def test_no_free_text_reaches_the_observatory():
    """Observatory records are codes only: the report's words, contact and names never get there."""
    make_organisation(countries=["MK"])
    submit(
        country="MK",
        consent_stats="yes",
        narrative="Ana Petrović, 070 123 456, ana@example.org, ЈМБГ 0101990450006",
        perpetrator="marko.invented",
    )
    rows = list(StatisticalRecord.objects.values())
    assert rows
    text_fields = [f.name for f in StatisticalRecord._meta.get_fields() if isinstance(f, models.CharField)]
    for row in rows:
        for name in text_fields:
            assert not find_personal_data(str(row[name]), ["Ana Petrović", "marko.invented"]), name
            assert len(str(row[name])) <= 32
