"""CSV and JSON renderings of the published payloads (dashboard downloads and API alike)."""

import csv
import io
import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    # A spreadsheet would run a cell starting with "=" as a formula: quote it.
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(row.get(k)) for k in columns})
    return out.getvalue()


def csv_response(rows: list[dict[str, Any]], columns: list[str], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(payload: Any, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


CASE_TABLE_COLUMNS = ["code", "label", "count"]
FUNNEL_COLUMNS = ["kind", "stage", "label", "unit", "unit_label", "count", "percent_of_first"]
TREND_COLUMNS = [
    "jurisdiction",
    "jurisdiction_label",
    "offence",
    "offence_label",
    "stage",
    "stage_label",
    "unit",
    "year",
    "count",
]
SILENCE_COLUMNS = [
    "country",
    "country_label",
    "institution_type",
    "institution_type_label",
    "requests_due",
    "not_answered_on_time",
    "silence_percent",
]
PLATFORM_COLUMNS = ["platform", "notices", "removed", "median_hours"]


def case_table_rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    """The table's rows plus its total as the last row (withheld tables: no rows at all)."""
    if table["withheld"]:
        return []
    return [*table["rows"], {"code": "total", "label": _("Total"), "count": table["total"]}]
