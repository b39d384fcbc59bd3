"""What the dashboard and the open-data API publish: the same functions build both.

Case-derived tables pass through disclosure control (disclosure.py); official figures are shown as
the institutions published them, with their sources."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from glasna.observatory import aggregates, codebook, disclosure, official, records
from glasna.observatory.models import StatisticalRecord

# The fixed lattice of case-derived tables. Left out on purpose: region and platform type (they
# are functions of country and platform, so their cells could be differenced against them) and
# sanction on its own (only convictions have one: it is folded into `outcome`).
PARTITIONS = (
    "survivor_gender",
    "age_band",
    "country",
    "relationship",
    "perpetrator_gender",
    "motive",
    "offence",
    "outcome",
    "civil_outcome",
    "time_to_stage",
)
COVERS = {"form": "forms", "platform": "platforms"}
CASE_TABLES = ("month", *COVERS, *PARTITIONS)
FIELDS: tuple[str, ...] = ("month", "stage_month", "country", "age_band", "survivor_gender", "forms", "platforms")
FIELDS += ("relationship", "perpetrator_gender", "motive", "offence", "stage", "sanction", "civil_outcome")


def outcome_codes() -> list[str]:
    book = codebook.load()
    stages = [s for s in book.dimensions["stage"] if s != "convicted"]
    return [*stages, *(f"convicted:{s}" for s in book.dimensions["sanction"])]


def outcome_of(record: dict[str, Any]) -> str:
    return f"convicted:{record['sanction']}" if record["stage"] == "convicted" else str(record["stage"])


def table_codes(name: str) -> list[str]:
    if name == "outcome":
        return outcome_codes()
    return list(codebook.load().codes(name))


def published_records(today: dt.date | None = None) -> list[dict[str, Any]]:
    """Records of completed months only: a figure never moves within the month it is shown in."""
    today = today or timezone.localdate()
    rows = StatisticalRecord.objects.filter(month__lt=today.replace(day=1)).values(*FIELDS)
    return [dict(row) for row in rows]


def case_bundle(rows: list[dict[str, Any]], t: int | None = None) -> dict[str, disclosure.Table]:
    """Every case-derived table, disclosure-controlled, from plain record dicts (counted here, in
    Python: the reference the pre-aggregated counts are tested and benchmarked against)."""
    return case_bundle_counts(row_counts(rows), t)


def row_counts(rows: list[dict[str, Any]]) -> dict[str, dict[Any, int]]:
    """The counts aggregates.published_counts reads from the database, counted from records."""
    out: dict[str, dict[Any, int]] = {"month": Counter(r["month"].strftime("%Y-%m") for r in rows)}
    for name, column in COVERS.items():
        out[name] = Counter(frozenset(r[column] or ()) for r in rows)
    for name in PARTITIONS:
        if name not in LINKED:
            out[name] = Counter(str(r[name]) for r in rows)
    out["outcome"] = Counter(outcome_of(r) for r in rows)
    out["time_to_stage"] = Counter(records.time_band(r) for r in rows)
    return out


def published_bundle(today: dt.date | None = None, t: int | None = None) -> dict[str, disclosure.Table]:
    """What the dashboard and the API publish: the tables from the maintained counts."""
    return case_bundle_counts(aggregates.published_counts(today or timezone.localdate()), t)


def case_bundle_counts(counts: dict[str, dict[Any, int]], t: int | None = None) -> dict[str, disclosure.Table]:
    """Every case-derived table, disclosure-controlled, from the records' counts per value."""
    t = t or disclosure.threshold()
    out: dict[str, disclosure.Table] = {"month": disclosure.protect_month_counts(counts.get("month", {}), t)}
    for name in COVERS:
        out[name] = disclosure.protect_cover_counts(name, counts.get(name, {}), table_codes(name), t)
    for name in PARTITIONS:
        if name not in LINKED:
            out[name] = disclosure.protect_partition_counts(name, counts.get(name, {}), table_codes(name), t)
    out.update(_linked_tables({name: counts.get(name, {}) for name in LINKED}, t))
    return {name: out[name] for name in CASE_TABLES}


# "Still at reported" (outcome) and "time to stage unknown" are the same cases: if one table
# merges its cell into "other", publishing the other table's cell would let other − cell be read.
LINKED = {"outcome": "reported", "time_to_stage": "unknown"}


def _linked_tables(values: dict[str, dict[Any, int]], t: int) -> dict[str, disclosure.Table]:
    built = {name: disclosure.protect_partition_counts(name, values[name], table_codes(name), t) for name in LINKED}
    if any(not table.withheld and LINKED[name] not in {c.code for c in table.cells} for name, table in built.items()):
        # Merge the shared cell in the stage table, and show no breakdown of time at all: its own
        # "other" cell could otherwise be the shared group plus bands an attacker knows are empty.
        built["outcome"] = disclosure.protect_partition_counts(
            "outcome", values["outcome"], table_codes("outcome"), t, hide={LINKED["outcome"]}
        )
        everything = tuple(table_codes("time_to_stage"))
        total = sum(n for n in values["outcome"].values() if n > 0)
        built["time_to_stage"] = disclosure.Table(
            "time_to_stage", "partition", total, (disclosure.Cell(disclosure.OTHER, total, everything),)
        )
    return built


def cell_label(dimension: str, code: str) -> str:
    if dimension == "month":
        first, last = code.split("/")
        return first if first == last else f"{first} – {last}"
    if dimension == "outcome" and code.startswith("convicted:"):
        return f"{codebook.label('stage', 'convicted')} — {codebook.label('sanction', code.split(':', 1)[1])}"
    if dimension == "outcome":
        return codebook.label("stage", code)
    return codebook.label(dimension, code)


def table_rows(table: disclosure.Table) -> list[dict[str, Any]]:
    return [{"code": c.code, "label": cell_label(table.dimension, c.code), "count": c.count} for c in table.cells]


# --- Official figures ---------------------------------------------------------------------------

FUNNEL_UNITS = ("cases", "proceedings", "persons")


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    unit: str
    count: int


@dataclass(frozen=True)
class Funnel:
    key: str
    dataset: str
    jurisdiction: str
    offence: str
    offence_local: str
    institution_type: str
    period_start: str
    period_end: str
    sources: tuple[str, ...]
    steps: tuple[FunnelStep, ...]  # the funnel stages, one unit each (cases/proceedings first)
    exits: tuple[FunnelStep, ...]
    other_units: tuple[FunnelStep, ...]  # the same stages counted in another unit (persons)


def funnels(figures: list[official.Figure] | None = None) -> list[Funnel]:
    """Attrition funnels per dataset, jurisdiction and offence, from stated or derived totals
    (rows that are not marked as totals of other rows and carry no breakdown)."""
    book = codebook.load()
    figures = official.all_figures() if figures is None else figures
    groups: dict[tuple[str, str, str, str], list[official.Figure]] = defaultdict(list)
    for f in figures:
        if f.count is None or f.is_total or f.dimension or f.unit not in FUNNEL_UNITS:
            continue
        groups[(f.dataset, f.jurisdiction, f.offence, f.institution_type)].append(f)
    out: list[Funnel] = []
    for (dataset, jurisdiction, offence, institution_type), rows in sorted(groups.items()):
        sums: dict[tuple[str, str], int] = defaultdict(int)
        for f in rows:
            sums[(f.stage, f.unit)] += f.count or 0
        steps: list[FunnelStep] = []
        others: list[FunnelStep] = []
        exits: list[FunnelStep] = []
        for stage in (*book.funnel, *book.exits):
            units = [u for u in FUNNEL_UNITS if (stage, u) in sums]
            if not units:
                continue
            main = FunnelStep(stage, units[0], sums[(stage, units[0])])
            (steps if stage in book.funnel else exits).append(main)
            others += [FunnelStep(stage, u, sums[(stage, u)]) for u in units[1:]]
        if len(steps) + len(exits) < 2:
            continue
        periods = [f for f in rows if f.period_start]
        out.append(
            Funnel(
                key=f"{dataset}.{jurisdiction}.{offence}.{institution_type}",
                dataset=dataset,
                jurisdiction=jurisdiction,
                offence=offence,
                offence_local="; ".join(dict.fromkeys(f.offence_local for f in rows)),
                institution_type=institution_type,
                period_start=min((f.period_start for f in periods), default=""),
                period_end=max((f.period_end for f in periods), default=""),
                sources=tuple(dict.fromkeys(f"{f.source} — {f.locator}" for f in rows)),
                steps=tuple(steps),
                exits=tuple(exits),
                other_units=tuple(others),
            )
        )
    # Per country, the biggest funnels first.
    return sorted(out, key=lambda f: (f.jurisdiction, -(f.steps[0].count if f.steps else 0), f.key))


def funnel_rows(funnel: Funnel) -> list[dict[str, Any]]:
    first = funnel.steps[0] if funnel.steps else None
    rows = []
    for kind, steps in (("funnel", funnel.steps), ("exit", funnel.exits), ("other_unit", funnel.other_units)):
        for s in steps:
            # A share only between counts of the same unit: persons are not a fraction of cases.
            same_unit = first is not None and first.count and s.unit == first.unit and kind != "other_unit"
            share = round(100 * s.count / first.count, 1) if same_unit and first is not None else None
            rows.append(
                {
                    "kind": kind,
                    "stage": s.stage,
                    "label": codebook.label("stage", s.stage),
                    "unit": s.unit,
                    "count": s.count,
                    "percent_of_first": share,
                }
            )
    return rows


def yearly_trend(figures: list[official.Figure] | None = None) -> list[dict[str, Any]]:
    """Official figures per calendar year (rows whose period is exactly one year), per dataset,
    institution type, jurisdiction, offence, stage and unit: never added across institutions."""
    figures = official.all_figures() if figures is None else figures
    sums: dict[tuple[str, str, str, str, str, str, str], int] = defaultdict(int)
    for f in figures:
        if f.count is None or f.is_total or f.dimension or not f.period_start:
            continue
        if f.period_start[:4] != f.period_end[:4] or f.period_start[5:] != "01" or f.period_end[5:] != "12":
            continue
        key = (f.dataset, f.institution_type, f.jurisdiction, f.offence, f.stage, f.unit, f.period_start[:4])
        sums[key] += f.count
    return [
        {
            "dataset": d,
            "institution_type": i,
            "jurisdiction": j,
            "offence": o,
            "stage": s,
            "unit": u,
            "year": y,
            "count": n,
        }
        for (d, i, j, o, s, u, y), n in sorted(sums.items())
    ]


def official_rows(figures: list[official.Figure] | None = None) -> list[dict[str, Any]]:
    """Every official figure, as published, with its source."""
    figures = official.all_figures() if figures is None else figures
    keys = [*official.COLUMNS, "foi_request_id"]
    return [{k: getattr(f, k) for k in keys} for f in figures]
