"""Statistical records: each consenting case's coarse facts in codebook terms.

Created when a report arrives with the survivor's statistics consent (receivers.py), completed
by the caseworker through the case panel, deleted with the report when she withdraws it (the
record's foreign key cascades). The cases room may call `record_answers` with the answers it has
decrypted, to add the facts that are not stored in clear (gender, relationship)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from glasna.core import audit
from glasna.intake.models import Report
from glasna.intake.taxonomy import DONT_KNOW, PREFER_NOT
from glasna.observatory import codebook
from glasna.observatory.models import StatisticalRecord

CODED_BY_CASEWORKER = ("motive", "offence", "stage", "sanction", "civil_outcome", "perpetrator_gender")
CODED_FROM_ANSWERS = ("survivor_gender", "relationship")
NOT_GIVEN = {DONT_KNOW, PREFER_NOT, "", None}


class NotCoded(Exception):
    """A value is not a code of its dimension."""


def _code(dimension: str, value: Any) -> str:
    if value in NOT_GIVEN:
        return "unknown"
    value = str(value)
    return value if codebook.load().is_code(dimension, value) else "other" if dimension == "country" else "unknown"


def _codes(dimension: str, values: Any) -> list[str]:
    return sorted({_code(dimension, v) for v in (values or [])}) or ["unknown"]


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def sync_from_report(report: Report) -> StatisticalRecord | None:
    """Create or refresh the record from the report's consented clear facts; None without consent."""
    if not report.stats_consent:
        StatisticalRecord.objects.filter(report=report).delete()
        return None
    record, _created = StatisticalRecord.objects.get_or_create(
        report=report, defaults={"month": first_of_month(report.received_on)}
    )
    record.month = first_of_month(report.received_on)
    record.country = _code("country", report.stat_country)
    record.age_band = _code("age_band", report.stat_age_band)
    record.forms = _codes("form", report.stat_forms)
    record.platforms = _codes("platform", report.stat_platforms)
    record.save()
    return record


def record_answers(report: Report, answers: dict[str, Any]) -> StatisticalRecord | None:
    """Add what only the decrypted answers hold, when the answers carry the consent."""
    if answers.get("consent_stats") != "yes" or not report.stats_consent:
        return None
    record = sync_from_report(report)
    assert record is not None
    record.survivor_gender = _code("survivor_gender", answers.get("gender"))
    record.relationship = _code("relationship", answers.get("relationship"))
    record.save(update_fields=["survivor_gender", "relationship"])
    return record


@dataclass(frozen=True)
class Coding:
    motive: str
    offence: str
    stage: str
    sanction: str
    civil_outcome: str
    perpetrator_gender: str
    survivor_gender: str
    relationship: str


def code_case(record: StatisticalRecord, coding: Coding, actor: str, organisation_id: int) -> StatisticalRecord:
    """The caseworker's coding. Sanction only with a conviction; the stage's month is kept so the
    time between report and stage can be counted (in month bands only)."""
    for dimension, value in vars(coding).items():
        if not codebook.load().is_code(dimension, value):
            raise NotCoded(_("“%(value)s” is not a code of %(dimension)s") % {"value": value, "dimension": dimension})
    if coding.stage != record.stage:
        record.stage_month = first_of_month(timezone.localdate()) if coding.stage != "reported" else None
    for dimension, value in vars(coding).items():
        setattr(record, dimension, value)
    if record.stage != "convicted":
        record.sanction = "none" if record.stage != "reported" else "unknown"
    record.save()
    audit.record(
        "statistics.coded", actor=actor, target=f"statistical_record:{record.pk}", organisation_id=organisation_id
    )
    return record


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def time_band(record: StatisticalRecord | dict[str, Any]) -> str:
    month = record["month"] if isinstance(record, dict) else record.month
    stage_month = record["stage_month"] if isinstance(record, dict) else record.stage_month
    if stage_month is None:
        return "unknown"
    months = months_between(month, stage_month)
    for limit, band in ((1, "under_1_month"), (3, "1_3_months"), (6, "3_6_months"), (12, "6_12_months")):
        if months < limit:
            return band
    return "over_12_months"
