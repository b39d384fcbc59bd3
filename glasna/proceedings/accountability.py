"""Institutional accountability figures: what the recorded proceedings say about how institutions
answer, per country and institution type, under the observatory's disclosure control.

Population. Proceedings with a "filed" step, of cases whose survivor gave statistics consent (the
same consent the observatory's coded records rest on: withdrawing it drops the case from here at the
next computation, and the proceeding itself stays on the case). Only complaints filed at least
COHORT_DAYS ago count, so that every figure of a group describes the same set of complaints: there is
one total per group and no two tables of different populations to difference. The figures lag by
that much.

Per group (country × institution type, disjoint, never summed into a published total):
- the median days from filing to the first step of each kind, shown only when at least `t`
  complaints reached that step;
- the share of complaints whose record carries a warning on doubtful input (same rule as below);
- the share still without any answer (no step after filing) after 30, 90 and 180 days: nested
  counts, published only when each count and each difference between published neighbours (the
  total first) is at least `t`;
- charged as a misdemeanour, as a crime, or not (yet) charged; and the outcomes: one-way partition
  tables through `observatory.disclosure.protect_partition` (small cells merged, complementary step).

A group with fewer than `t` complaints is withheld whole."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from glasna.observatory import disclosure
from glasna.proceedings.models import STEP_ORDER, Kind, Outcome, Proceeding, StepKind

COHORT_DAYS = 180
SILENCE_DAYS = (30, 90, 180)
CHARGES = ("misdemeanour", "crime", "not_charged")
OUTCOMES = [code for code in (o.value for o in Outcome) if code] + ["pending"]
TIMED_STEPS = [kind for kind in STEP_ORDER if kind != StepKind.FILED]


@dataclass(frozen=True)
class Row:
    """One complaint, reduced to what the figures need: no case, no name, no text."""

    country: str
    institution_type: str
    filed: dt.date
    steps: dict[str, dt.date]  # the first date of each later step kind
    kind: str
    outcome: str
    warned: bool = False  # the record carries a warning (dates out of order, decision without filing…)


@dataclass(frozen=True)
class Group:
    country: str
    institution_type: str
    total: int | None  # None: withheld
    medians: dict[str, int]  # step kind -> median days; only those shown
    silent: dict[int, tuple[int, float]]  # days -> (count, percent); only those shown
    charges: disclosure.Table
    outcomes: disclosure.Table
    # Complaints whose record carries a warning: its figures rest on doubtful dates. None: withheld.
    warned: tuple[int, float] | None = None

    @property
    def withheld(self) -> bool:
        return self.total is None


def charge_of(row: Row) -> str:
    if row.kind == Kind.MISDEMEANOUR or row.outcome == Outcome.CHARGED_MISDEMEANOUR:
        return "misdemeanour"
    if StepKind.INDICTMENT in row.steps or row.outcome in (Outcome.CONVICTED, Outcome.ACQUITTED):
        return "crime"
    return "not_charged"


def silent_after(row: Row, days: int) -> bool:
    """No answer of any kind within `days` of filing."""
    limit = row.filed + dt.timedelta(days=days)
    return not any(on <= limit for on in row.steps.values())


def _nested_shares(total: int, counts: list[tuple[int, int]], t: int) -> dict[int, tuple[int, float]]:
    """Publish a count only if it and its difference from the last published one (the total first)
    are each zero-free and at least `t`, or the difference is exactly zero."""
    shown: dict[int, tuple[int, float]] = {}
    last = total
    for days, count in counts:
        if count >= t and (last - count == 0 or last - count >= t):
            shown[days] = (count, round(100 * count / total, 1))
            last = count
    return shown


def group(country: str, institution_type: str, rows: list[Row], t: int) -> Group:
    if len(rows) < t:
        empty = disclosure.Table("charge", "partition", None, ())
        return Group(country, institution_type, None, {}, {}, empty, disclosure.Table("outcome", "partition", None, ()))
    medians = {}
    for kind in TIMED_STEPS:
        waits = [(row.steps[kind] - row.filed).days for row in rows if kind in row.steps]
        if len(waits) >= t:
            medians[kind] = round(statistics.median(waits))
    counts = [(days, sum(silent_after(row, days) for row in rows)) for days in SILENCE_DAYS]
    return Group(
        country,
        institution_type,
        len(rows),
        medians,
        _nested_shares(len(rows), counts, t),
        disclosure.protect_partition("charge", [charge_of(r) for r in rows], CHARGES, t),
        disclosure.protect_partition("outcome", [r.outcome or "pending" for r in rows], OUTCOMES, t),
        _nested_shares(len(rows), [(0, sum(r.warned for r in rows))], t).get(0),
    )


def groups(rows: list[Row], t: int) -> list[Group]:
    found: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        found[(row.country, row.institution_type)].append(row)
    return [group(country, kind, members, t) for (country, kind), members in sorted(found.items())]


def rows(today: dt.date) -> list[Row]:
    """The cohort from the database: consenting cases' complaints filed at least COHORT_DAYS ago."""
    cutoff = today - dt.timedelta(days=COHORT_DAYS)
    found = []
    proceedings = Proceeding.objects.filter(
        case__report__stats_consent=True, steps__kind=StepKind.FILED, steps__on__lte=cutoff
    ).prefetch_related("steps")
    for proceeding in proceedings.distinct():
        steps = sorted(proceeding.steps.all(), key=lambda s: s.on)
        filed = next(s.on for s in steps if s.kind == StepKind.FILED)
        later: dict[str, dt.date] = {}
        for step in steps:
            if step.kind != StepKind.FILED and step.on >= filed:
                later.setdefault(step.kind, step.on)
        found.append(
            Row(
                proceeding.jurisdiction,
                proceeding.institution_type,
                filed,
                later,
                proceeding.kind,
                proceeding.outcome,
                bool(proceeding.warnings),
            )
        )
    return found


def payload(today: dt.date, t: int | None = None) -> list[dict[str, Any]]:
    """JSON-ready groups, codes only (the page and the downloads add the words)."""
    t = disclosure.threshold() if t is None else t
    return [
        {
            "country": g.country,
            "institution_type": g.institution_type,
            "threshold": t,
            "withheld": g.withheld,
            "complaints": g.total,
            "median_days": g.medians,
            "no_answer": {str(days): {"count": c, "percent": p} for days, (c, p) in g.silent.items()},
            "charges": [{"code": c.code, "count": c.count} for c in g.charges.cells],
            "outcomes": [{"code": c.code, "count": c.count} for c in g.outcomes.cells],
            "with_warnings": {"count": g.warned[0], "percent": g.warned[1]} if g.warned else None,
        }
        for g in groups(rows(today), t)
    ]
