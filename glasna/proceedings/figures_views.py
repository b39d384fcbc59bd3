"""The observatory's page of institutional accountability figures (public, like the dashboard), with
its CSV and JSON downloads. Thin: accountability.py computes, this adds the words."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from glasna.observatory import codebook, disclosure, downloads, payloads
from glasna.proceedings import accountability, clock, institutions
from glasna.proceedings.models import Outcome, StepKind

CHARGES = {
    "misdemeanour": gettext_lazy("Charged as a misdemeanour"),
    "crime": gettext_lazy("Charged as a crime"),
    "not_charged": gettext_lazy("Not charged (yet)"),
}
# Which of the official datasets' institution types answers to each of ours.
OFFICIAL_TYPES = {
    "police": {"police"},
    "prosecutor": {"prosecution"},
    "court": {"court_first_instance", "court_appeal", "court_civil"},
    "ombudsperson": {"ombudsperson"},
}
CSV_COLUMNS = ["country", "institution_type", "figure", "code", "label", "value"]


def _label(dimension: str, code: str) -> str:
    if code == disclosure.OTHER:
        return codebook.label("outcome", code)
    if dimension == "charge":
        return str(CHARGES.get(code, code))
    if code == "pending":
        return _("Pending")
    return str(dict(Outcome.choices).get(code, code))


def _worded(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    steps = dict(StepKind.choices)
    official = payloads.funnels()
    out = []
    for g in groups:
        out.append(
            {
                **g,
                "country_label": codebook.label("country", g["country"]),
                "institution_type_label": str(institutions.TYPES.get(g["institution_type"], g["institution_type"])),
                "medians": [(str(steps.get(k, k)), days) for k, days in g["median_days"].items()],
                "charge_rows": [(_label("charge", c["code"]), c["count"]) for c in g["charges"]],
                "outcome_rows": [(_label("outcome", c["code"]), c["count"]) for c in g["outcomes"]],
                "official": [
                    f
                    for f in official
                    if f["jurisdiction"] == g["country"]
                    and f["institution_type"] in OFFICIAL_TYPES.get(g["institution_type"], set())
                ],
            }
        )
    return out


def _csv_rows(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for g in groups:
        base = {"country": g["country"], "institution_type": g["institution_type"]}
        if g["withheld"]:
            rows.append({**base, "figure": "withheld", "label": _("Withheld: too few complaints to publish")})
            continue
        rows.append({**base, "figure": "complaints", "label": _("Complaints"), "value": g["complaints"]})
        for (label, days), code in zip(g["medians"], g["median_days"], strict=True):
            rows.append({**base, "figure": "median_days", "code": code, "label": label, "value": days})
        if g["with_warnings"]:
            rows.append({**base, "figure": "with_warnings_percent", "value": g["with_warnings"]["percent"]})
        for days, share in g["no_answer"].items():
            rows.append({**base, "figure": "no_answer_percent", "code": days, "value": share["percent"]})
        for figure, worded, raw in (("charge", "charge_rows", "charges"), ("outcome", "outcome_rows", "outcomes")):
            for (label, count), cell in zip(g[worded], g[raw], strict=True):
                rows.append({**base, "figure": figure, "code": cell["code"], "label": label, "value": count})
    return rows


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    groups = _worded(accountability.payload(clock.today()))
    fmt = request.GET.get("format")
    if fmt == "csv":
        return downloads.csv_response(_csv_rows(groups), CSV_COLUMNS, "glasna-institutional-accountability")
    if fmt == "json":
        plain = [
            {k: v for k, v in g.items() if k not in ("medians", "charge_rows", "outcome_rows", "official")}
            for g in groups
        ]
        return downloads.json_response(plain, "glasna-institutional-accountability")
    context = {
        "groups": groups,
        "threshold": disclosure.threshold(),
        "cohort_days": accountability.COHORT_DAYS,
        "silence_days": accountability.SILENCE_DAYS,
    }
    return render(request, "proceedings/accountability.html", context)
