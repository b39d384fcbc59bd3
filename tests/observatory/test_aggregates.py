"""The maintained counts publish exactly what counting every record did: the same tables after
any sequence of records created, recoded and withdrawn, and nothing left of a withdrawn record."""

import datetime as dt
import os
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.intake.models import Report
from glasna.observatory import aggregates, codebook, tables
from glasna.observatory.models import RecordCount, StatisticalRecord
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 17)
MONTHS = [dt.date(2025, m, 1) for m in (10, 11, 12)] + [dt.date(2026, m, 1) for m in (1, 4, 5)]  # May: unpublished


def codes(dimension: str, few: int = 3) -> st.SearchStrategy[str]:
    # A few codes per dimension, so that cells both pass and miss the threshold.
    return st.sampled_from(list(codebook.load().codes(dimension))[:few] + ["unknown"])


RECORD = st.fixed_dictionaries(
    {
        "month": st.sampled_from(MONTHS),
        "stage_month": st.none() | st.sampled_from(MONTHS + [dt.date(2027, 3, 1)]),
        "country": codes("country"),
        "age_band": codes("age_band"),
        "survivor_gender": codes("survivor_gender"),
        "forms": st.lists(codes("form", 4), max_size=3, unique=True),
        "platforms": st.lists(codes("platform", 4), min_size=1, max_size=2, unique=True),
        "relationship": codes("relationship"),
        "perpetrator_gender": codes("perpetrator_gender"),
        "motive": codes("motive", 2),
        "offence": codes("offence", 2),
        "stage": st.sampled_from(["reported", "registered", "convicted"]),
        "sanction": codes("sanction", 2),
        "civil_outcome": codes("civil_outcome", 2),
    }
)
STEP = st.one_of(
    st.tuples(st.just("create"), RECORD),
    st.tuples(st.just("recode"), st.integers(0, 50), RECORD),
    st.tuples(st.just("withdraw"), st.integers(0, 50)),
)


def report(organisation: Any) -> Report:
    return Report.objects.create(
        organisation=organisation,
        received_on=TODAY,
        receipt_lookup=os.urandom(16),
        org_key_version=1,
        data_key_for_org=b"-",
        data_key_for_receipt=b"-",
        payload=b"-",
    )


def published_by_counting(t: int) -> dict[str, Any]:
    return tables.case_bundle(tables.published_records(TODAY), t)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(STEP, max_size=40), t=st.integers(2, 5))
def test_counts_publish_what_counting_every_record_does(steps: list[tuple[Any, ...]], t: int) -> None:
    organisation = make_organisation(countries=["MK"]).organisation
    for step in steps:
        existing = list(StatisticalRecord.objects.order_by("pk"))
        if step[0] == "create":
            StatisticalRecord.objects.create(report=report(organisation), **step[1])
        elif step[0] == "recode" and existing:
            record = existing[step[1] % len(existing)]
            for name, value in step[2].items():
                setattr(record, name, value)
            record.save()
        elif step[0] == "withdraw" and existing:
            existing[step[1] % len(existing)].report.delete()  # the record goes with the report
    assert tables.published_bundle(TODAY, t) == published_by_counting(t)
    maintained = set(RecordCount.objects.values_list("month", "dimension", "value", "count"))
    aggregates.rebuild()
    assert set(RecordCount.objects.values_list("month", "dimension", "value", "count")) == maintained
    Report.objects.all().delete()
    assert not RecordCount.objects.exists()


def test_a_withdrawn_record_leaves_the_figures() -> None:
    organisation = make_organisation(countries=["MK"]).organisation
    fields = {"month": MONTHS[0], "country": "MK", "forms": ["doxing"], "platforms": ["viber"]}
    reports = [report(organisation) for _ in range(6)]
    for each in reports:
        StatisticalRecord.objects.create(report=each, **fields)
    assert tables.published_bundle(TODAY, 5)["country"].total == 6
    reports[0].delete()
    reports[1].delete()
    bundle = tables.published_bundle(TODAY, 5)
    assert bundle["country"].withheld and bundle == published_by_counting(5)


def test_update_in_place_keeps_counts_when_only_some_fields_are_saved() -> None:
    organisation = make_organisation(countries=["MK"]).organisation
    record = StatisticalRecord.objects.create(report=report(organisation), month=MONTHS[0], country="MK")
    StatisticalRecord.objects.filter(pk=record.pk).update(country="AL")  # behind the signals' back
    call_command("observatory_rebuild", verbosity=0)
    record.survivor_gender = "woman"  # the instance still says MK: the stored AL must be counted
    record.save(update_fields=["survivor_gender"])
    counts = aggregates.published_counts(TODAY)
    assert counts["country"] == {"AL": 1} and counts["survivor_gender"] == {"woman": 1}
