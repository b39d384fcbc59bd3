"""What leaves a case for the observatory is codes only (issue 18: personal data kept out of every
export). A report full of personal data, answers with free text where codes belong and a coding
attempt with a name leave nothing but codebook codes and first-of-month dates in the statistical
record and in the counts the dashboard and the open-data API are built from."""

import datetime as dt
import json
import re

import pytest

from glasna.intake.models import Report
from glasna.observatory import codebook, records
from glasna.observatory.models import RecordCount, StatisticalRecord
from tests.factories import make_organisation, submit

pytestmark = pytest.mark.django_db

PERSONAL = ("Ana Petrović", "070 123 456", "ana@example.org", "0101990450006", "marko.invented")
# Every field of a record and what it may hold; a new field fails this test until it is argued here.
CODED = {
    "country": "country",
    "age_band": "age_band",
    "survivor_gender": "survivor_gender",
    "relationship": "relationship",
    "perpetrator_gender": "perpetrator_gender",
    "motive": "motive",
    "offence": "offence",
    "stage": "stage",
    "sanction": "sanction",
    "civil_outcome": "civil_outcome",
}
LISTS = {"forms": "form", "platforms": "platform"}
MONTHS = {"month", "stage_month"}
KEYS = {"id", "report"}


def _record() -> StatisticalRecord:
    make_organisation("obs-codes", ["MK"])
    submit(
        country="MK",
        consent_stats="yes",
        narrative=" ".join(PERSONAL),
        perpetrator="marko.invented, 070 123 456",
        forms=["ibsa_shared"],
        platforms=["telegram"],
    )
    report = Report.objects.get()
    # answers where codes belong, holding free text instead: they are counted as "unknown"
    records.record_answers(report, {"consent_stats": "yes", "gender": PERSONAL[0], "relationship": PERSONAL[1]})
    return StatisticalRecord.objects.get()


def test_a_record_holds_codes_and_months_only() -> None:
    record = _record()
    fields = {f.name for f in StatisticalRecord._meta.get_fields() if f.concrete}
    assert fields == set(CODED) | set(LISTS) | MONTHS | KEYS
    book = codebook.load()
    for name, dimension in CODED.items():
        assert book.is_code(dimension, getattr(record, name)), (name, getattr(record, name))
    for name, dimension in LISTS.items():
        values = getattr(record, name)
        assert values and all(book.is_code(dimension, v) for v in values), (name, values)
    assert record.month.day == 1 and (record.stage_month is None or record.stage_month.day == 1)
    assert (record.survivor_gender, record.relationship) == ("unknown", "unknown")
    text = json.dumps({f: str(getattr(record, f)) for f in fields if f not in KEYS}, ensure_ascii=False, default=str)
    assert not any(value in text for value in PERSONAL)


def test_the_caseworker_can_code_only_with_codes() -> None:
    record = _record()
    coding = records.Coding(
        motive=PERSONAL[0],
        offence="unknown",
        stage="reported",
        sanction="unknown",
        civil_outcome="unknown",
        perpetrator_gender="man",
        survivor_gender="woman",
        relationship="partner",
    )
    with pytest.raises(records.NotCoded):
        records.code_case(record, coding, "caseworker", record.report.organisation_id)
    record.refresh_from_db()
    assert record.motive == "unknown"


def test_the_published_counts_hold_codes_only() -> None:
    _record()
    book = codebook.load()
    rows = list(RecordCount.objects.values_list("dimension", "value"))
    assert rows
    for dimension, value in rows:
        if dimension == "month":
            assert re.fullmatch(r"[0-9]{4}-[0-9]{2}", value), value
            dt.date.fromisoformat(f"{value}-01")
        elif dimension in ("form", "platform"):
            assert all(book.is_code(dimension, v) for v in json.loads(value)), value
        elif dimension == "outcome":
            stage, _sep, sanction = value.partition(":")
            assert book.is_code("stage", stage) and (not sanction or book.is_code("sanction", sanction)), value
        else:
            assert book.is_code(dimension, value), (dimension, value)
