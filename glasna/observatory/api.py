"""Open data API, version 1: exactly what the dashboard shows (payloads.py builds both), as JSON
or CSV (`?format=csv`), labels in the language asked for (`?lang=sq`). OpenAPI schema at
/api/observatory/v1/openapi.json; Ninja's interactive docs page is off (it loads from a CDN)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import NinjaAPI, Query, Schema

from glasna.observatory import downloads, payloads

api = NinjaAPI(
    title="Glasna observatory open data",
    version="1",
    description="TF-GBV statistics: Glasna's own case figures after disclosure control, and official figures as published, with their sources.",
    urls_namespace="observatory_api",
    docs_url=None,
    openapi_url="/openapi.json",
)


class Options(Schema):
    format: str = "json"
    lang: str = "en"


class Row(Schema):
    code: str
    label: str
    count: int


class CaseTable(Schema):
    name: str
    label: str
    kind: str
    threshold: int
    withheld: bool
    total: int | None
    rows: list[Row]


class SpaceTable(CaseTable):
    """A table of the figures on abusive spaces: codes and counts, never a space."""


class SpaceFigures(Schema):
    threshold: int
    median_days_to_closure: int | None  # null: withheld, fewer closed spaces than the threshold
    tables: list[SpaceTable]


class FunnelRow(Schema):
    kind: str
    stage: str
    label: str
    unit: str
    unit_label: str
    count: int
    percent_of_first: float | None


class Funnel(Schema):
    key: str
    dataset: str
    jurisdiction: str
    jurisdiction_label: str
    offence: str
    offence_label: str
    offence_local: str
    institution_type: str
    institution_type_label: str
    period_start: str
    period_end: str
    sources: list[str]
    rows: list[FunnelRow]


class Refusal(Schema):
    detail: Any  # a sentence, or Ninja's list of parameter errors


# Documented so that clients (and the schema fuzzer, tests/fuzz/test_api_schemas.py) know them: an
# unknown table, funnel or format is 404, a malformed parameter 422.
REFUSALS: dict[int, Any] = {404: Refusal, 422: Refusal}


def _in_language(options: Options, build: Callable[[], Any]) -> Any:
    codes = {code for code, _name in settings.LANGUAGES}
    with translation.override(options.lang if options.lang in codes else settings.LANGUAGE_CODE):
        return build()


def _out(options: Options, payload: Any, rows: list[dict[str, Any]], columns: list[str], name: str) -> Any:
    if options.format == "csv":
        return downloads.csv_response(rows, columns, name)
    if options.format != "json":
        raise Http404
    return payload


@api.get("/tables", response={200: list[CaseTable], **REFUSALS}, summary="Every case-derived table")
def case_tables(request: HttpRequest, options: Query[Options]) -> Any:
    if options.format != "json":
        raise Http404
    return list(_in_language(options, payloads.case_tables).values())


@api.get("/tables/{name}", response={200: CaseTable, **REFUSALS}, summary="One case-derived table (JSON or CSV)")
def case_table(request: HttpRequest, name: str, options: Query[Options]) -> Any:
    found = _in_language(options, payloads.case_tables).get(name)
    if found is None:
        raise Http404
    rows = _in_language(options, lambda: downloads.case_table_rows(found))  # the total row's label too
    return _out(options, found, rows, downloads.CASE_TABLE_COLUMNS, f"glasna-{name}")


def _spaces(options: Options) -> dict[str, Any]:
    found: dict[str, Any] | None = _in_language(options, payloads.space_figures)
    if found is None:  # the networks room is not installed
        raise Http404
    return found


@api.get(
    "/spaces", response={200: SpaceFigures, **REFUSALS}, summary="Figures on abusive groups, channels and websites"
)
def space_figures(request: HttpRequest, options: Query[Options]) -> Any:
    if options.format != "json":
        raise Http404
    return _spaces(options)


@api.get(
    "/spaces/{name}",
    response={200: SpaceTable, **REFUSALS},
    summary="One table of the figures on abusive spaces (JSON or CSV)",
)
def space_table(request: HttpRequest, name: str, options: Query[Options]) -> Any:
    found = next((t for t in _spaces(options)["tables"] if t["name"] == name), None)
    if found is None:
        raise Http404
    rows = _in_language(options, lambda: downloads.case_table_rows(found))  # the total row's label too
    return _out(options, found, rows, downloads.CASE_TABLE_COLUMNS, f"glasna-{name}")


@api.get("/funnels", response={200: list[Funnel], **REFUSALS}, summary="Attrition funnels from official figures")
def funnels(request: HttpRequest, options: Query[Options]) -> Any:
    if options.format != "json":
        raise Http404
    return _in_language(options, payloads.funnels)


@api.get("/funnels/{key}", response={200: Funnel, **REFUSALS}, summary="One attrition funnel (JSON or CSV)")
def funnel(request: HttpRequest, key: str, options: Query[Options]) -> Any:
    found = next((f for f in _in_language(options, payloads.funnels) if f["key"] == key), None)
    if found is None:
        raise Http404
    return _out(options, found, found["rows"], downloads.FUNNEL_COLUMNS, f"glasna-funnel-{key}")


@api.get(
    "/official",
    response={200: Any, **REFUSALS},
    summary="Every official figure, as published, with its source (JSON or CSV)",
)
def official(request: HttpRequest, options: Query[Options]) -> Any:
    from glasna.observatory.official import COLUMNS

    rows = payloads.official()
    return _out(options, rows, rows, [*COLUMNS, "foi_request_id"], "glasna-official-figures")


@api.get("/official/trend", response={200: Any, **REFUSALS}, summary="Official figures per year (JSON or CSV)")
def official_trend(request: HttpRequest, options: Query[Options]) -> Any:
    rows = _in_language(options, payloads.official_trend)
    return _out(options, rows, rows, downloads.TREND_COLUMNS, "glasna-official-trend")


@api.get(
    "/foi/silence",
    response={200: Any, **REFUSALS},
    summary="Institutional silence: FOI requests not answered on time (JSON or CSV)",
)
def silence(request: HttpRequest, options: Query[Options]) -> Any:
    rows = _in_language(options, payloads.silence)
    return _out(options, rows, rows, downloads.SILENCE_COLUMNS, "glasna-foi-silence")


@api.get(
    "/platform-response", response={200: Any, **REFUSALS}, summary="Platform response to takedown notices (JSON or CSV)"
)
def platform_response(request: HttpRequest, options: Query[Options]) -> Any:
    rows = payloads.platform_response()
    return _out(options, rows, rows, downloads.PLATFORM_COLUMNS, "glasna-platform-response")
