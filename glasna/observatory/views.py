"""The public dashboard: no login, no cookies, readable without JavaScript. Every chart is an
aria-hidden SVG beside its data table, with CSV and JSON downloads from the open-data API."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from glasna.observatory import charts, codebook, payloads

API = "/api/observatory/v1"


def _downloads(path: str, lang: str) -> dict[str, str]:
    return {"csv": f"{API}{path}?format=csv&lang={lang}", "json": f"{API}{path}?lang={lang}"}


def _trend_groups(rows: list[dict[str, Any]], country: str) -> list[dict[str, Any]]:
    """Official yearly figures, one chart and table per country and offence: a row per year, a
    column per stage and unit; the chart draws the first column."""
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if not country or row["jurisdiction"] == country:
            key = (row["dataset"], row["jurisdiction_label"], row["offence_label"], row["institution_type_label"])
            groups.setdefault(key, []).append(row)
    out = []
    for (_dataset, country_label, offence, institution), items in groups.items():
        book = codebook.load()
        order = [*book.funnel, *book.exits]
        columns = sorted(
            dict.fromkeys((r["stage"], r["unit"], r["stage_label"], r["unit_label"]) for r in items),
            key=lambda c: (order.index(c[0]) if c[0] in order else len(order), c[1] == "persons", c[1]),
        )
        years = sorted({r["year"] for r in items})
        if len(years) < 2:
            continue
        value = {(r["year"], r["stage"], r["unit"]): r["count"] for r in items}
        table = [(year, [value.get((year, c[0], c[1])) for c in columns]) for year in years]
        first = columns[0]
        out.append(
            {
                "country": country_label,
                "offence": offence,
                "institution": institution,
                "columns": [f"{c[2]} ({c[3]})" for c in columns],
                "charted": f"{first[2]} ({first[3]})",
                "rows": table,
                "chart": charts.bars([charts.Bar(year, counts[0] or 0) for year, counts in table]),
            }
        )
    return out


def _space_figures(lang: str) -> dict[str, Any] | None:
    """The networks room's figures on abusive spaces, disclosure-controlled there (networks/figures.py);
    None without that room."""
    data = payloads.space_figures()
    for table in data["tables"] if data else []:
        table["chart"] = charts.bars([charts.Bar(r["label"], r["count"]) for r in table["rows"]])
        table["downloads"] = _downloads(f"/spaces/{table['name']}", lang)
    return data


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    lang = get_language() or "en"
    all_funnels = payloads.funnels()
    countries = sorted({f["jurisdiction"] for f in all_funnels})
    chosen = request.GET.get("country", "")
    shown = [f for f in all_funnels if f["jurisdiction"] == chosen] if chosen in countries else all_funnels
    for f in shown:
        steps = [r for r in f["rows"] if r["kind"] != "other_unit"]
        f["chart"] = charts.bars([charts.Bar(r["label"], r["count"], r["unit_label"]) for r in steps], "bar funnel")
        f["downloads"] = _downloads(f"/funnels/{f['key']}", lang)
    case_tables: list[dict[str, Any]] = []
    for table in payloads.case_tables().values():
        table["chart"] = charts.bars([charts.Bar(r["label"], r["count"]) for r in table["rows"]])
        table["downloads"] = _downloads(f"/tables/{table['name']}", lang)
        case_tables.append(table)
    context = {
        "funnels": shown,
        "countries": [(c, codebook.label("country", c)) for c in countries],
        "chosen": chosen if chosen in countries else "",
        "case_tables": case_tables,
        "threshold": case_tables[0]["threshold"] if case_tables else None,
        "trends": _trend_groups(payloads.official_trend(), chosen if chosen in countries else ""),
        "trend_downloads": _downloads("/official/trend", lang),
        "silence": payloads.silence(),
        "silence_downloads": _downloads("/foi/silence", lang),
        "platforms": payloads.platform_response(),
        "platform_downloads": _downloads("/platform-response", lang),
        "official_downloads": _downloads("/official", lang),
        "openapi": f"{API}/openapi.json",
        "spaces": _space_figures(lang),
    }
    return render(request, "observatory/dashboard.html", context)
