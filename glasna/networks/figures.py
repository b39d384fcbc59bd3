"""The observatory's figures on abusive spaces, under the same disclosure control as the case
figures (observatory/disclosure.py): a fixed lattice of one-way tables, small cells merged into
"other", tables under the threshold withheld, and a median published only over enough spaces.

A space registered by several organisations is counted once (same platform and identifier; a
private identifier's pseudonym is the same across organisations of one instance). Pages kept sealed
with a case's data (private_pages.py) are not spaces of the registry and are not counted until a
caseworker makes them public. Only spaces first
seen before the current month, with their status at the month's start, so a figure does not move
within the month it is shown in.

Tables: status per platform (the code "platform:status"), country (a cover table: a space counts
in every country of the organisations that registered it), lineage (first known space or successor:
re-emergences), and cases per space (bands). Status is not also split by country: two tables
splitting the same statuses by different dimensions could be differenced across their "other"
cells; docs/observatory.md says so."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.core import platforms
from glasna.networks.models import IdentifierKind, Space, SpaceLink, Status, StatusEntry
from glasna.observatory import codebook, disclosure

STATUSES = ("active", "closed")
LINEAGE = {"first": _("First known space"), "successor": _("Successor of an earlier space (re-emerged)")}
CASE_BANDS = {
    "none": _("No case yet"),
    "1": _("1 case"),
    "2_4": _("2 to 4 cases"),
    "5_plus": _("5 cases or more"),
}
TABLES = {
    "space_platform_status": _("Platform and status"),
    "space_country": _("Country"),
    "space_lineage": _("Lineage"),
    "space_cases": _("Cases per space"),
}


def table_codes(name: str) -> list[str]:
    if name == "space_platform_status":
        return [f"{p.key}:{s}" for p in platforms.all_platforms() for s in STATUSES]
    if name == "space_country":
        return list(codebook.load().codes("country"))
    if name == "space_lineage":
        return list(LINEAGE)
    return list(CASE_BANDS)


def _band(cases: int) -> str:
    if cases == 0:
        return "none"
    return "1" if cases == 1 else ("2_4" if cases < 5 else "5_plus")


def space_rows(today: dt.date | None = None) -> list[dict[str, Any]]:
    """One plain record per distinct space first seen before this month."""
    today = today or timezone.localdate()
    cutoff = today.replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    spaces = list(
        Space.objects.filter(first_seen__lt=start)
        .exclude(identifier_kind=IdentifierKind.PRIVATE_PAGE)
        .select_related("organisation")
    )
    ids = [s.pk for s in spaces]
    # Three queries in all, whatever the number of spaces: statuses and case links read in bulk.
    history: dict[int, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for space_id, on, pk, code in StatusEntry.objects.filter(space_id__in=ids, on__lt=cutoff).values_list(
        "space_id", "on", "pk", "status"
    ):
        history[space_id].append((on, pk, code))
    cases: dict[int, set[int]] = defaultdict(set)
    for space_id, case_id in SpaceLink.objects.filter(space_id__in=ids).values_list("space_id", "case_id"):
        cases[space_id].add(case_id)
    groups: dict[tuple[str, str, str], list[Space]] = defaultdict(list)
    for space in spaces:
        groups[(space.platform, space.identifier_kind, space.identifier)].append(space)
    known = set(codebook.load().codes("country"))
    keys = {p.key for p in platforms.all_platforms()}
    rows = []
    for (platform, _kind, _identifier), copies in groups.items():
        entries = sorted(entry for s in copies for entry in history[s.pk])
        status = "closed" if entries and entries[-1][2] == Status.CLOSED else "active"
        first_seen = min(timezone.localtime(s.first_seen).date() for s in copies)
        closed_on = next((on for on, _pk, code in entries if code == Status.CLOSED), None)
        countries = {c if c in known else "other" for s in copies for c in (s.organisation.countries or ["unknown"])}
        linked = set().union(*(cases[s.pk] for s in copies))
        rows.append(
            {
                "space_platform_status": f"{platform if platform in keys else 'other'}:{status}",
                "space_country": sorted(countries),
                "space_lineage": "successor" if any(s.successor_of_id for s in copies) else "first",
                "space_cases": _band(len(linked)),
                "days_to_closure": (closed_on - first_seen).days if closed_on and status == "closed" else None,
            }
        )
    return rows


def bundle(rows: list[dict[str, Any]], t: int | None = None) -> dict[str, disclosure.Table]:
    t = t or disclosure.threshold()
    out = {}
    for name in TABLES:
        if name == "space_country":
            out[name] = disclosure.protect_cover(name, [r[name] for r in rows], table_codes(name), t)
        else:
            out[name] = disclosure.protect_partition(name, [r[name] for r in rows], table_codes(name), t)
    return out


def median_days_to_closure(rows: list[dict[str, Any]], t: int | None = None) -> int | None:
    """Over closed spaces with a known closure date; None (withheld) below the threshold."""
    t = t or disclosure.threshold()
    days = [r["days_to_closure"] for r in rows if r["days_to_closure"] is not None]
    return round(statistics.median(days)) if len(days) >= t else None


def cell_label(name: str, code: str) -> str:
    if code == disclosure.OTHER:
        return codebook.label("country", code)
    if name == "space_platform_status":
        key, status = code.split(":", 1)
        platform = platforms.get(key)
        return f"{platform.label if platform else key} — {Status(status).label}"
    if name == "space_country":
        return codebook.label("country", code)
    return str((LINEAGE if name == "space_lineage" else CASE_BANDS).get(code, code))


def published(today: dt.date | None = None) -> dict[str, Any]:
    """What the dashboard shows: each table with labelled rows, and the median."""
    t = disclosure.threshold()
    rows = space_rows(today)
    tables = [
        {
            "name": name,
            "label": str(TABLES[name]),
            "kind": table.kind,
            "withheld": table.withheld,
            "total": table.total,
            "rows": [{"code": c.code, "label": cell_label(name, c.code), "count": c.count} for c in table.cells],
        }
        for name, table in bundle(rows, t).items()
    ]
    return {"threshold": t, "tables": tables, "median_days_to_closure": median_days_to_closure(rows, t)}
