"""Counts of statistical records per month and published value, kept in step with the records.

The published tables depend on records only through these counts (disclosure.py's *_counts
functions), so reading a few thousand count rows gives the same tables as reading every record.
Kept by signals (receivers.py) on every save and delete of a record through the ORM, withdrawal
included (the cascade deletes records one by one, sending the signal). Bulk writes that bypass
signals (`QuerySet.update`, `bulk_create`) must be followed by `rebuild()`
(`glasna observatory_rebuild`)."""

import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Sum

from glasna.observatory import records
from glasna.observatory.models import RecordCount, StatisticalRecord

Key = tuple[dt.date, str, str]
FIELDS: tuple[str, ...] = ("month", "stage_month", "country", "age_band", "survivor_gender", "forms", "platforms")
FIELDS += ("relationship",)
FIELDS += ("perpetrator_gender", "motive", "offence", "stage", "sanction", "civil_outcome")
PLAIN = ("survivor_gender", "age_band", "country", "relationship", "perpetrator_gender", "motive", "offence")
COVERS = {"form": "forms", "platform": "platforms"}


def keys(record: dict[str, Any]) -> list[Key]:
    """The cells one record counts in: one per published dimension."""
    month = record["month"]
    out: list[Key] = [(month, "month", month.strftime("%Y-%m"))]
    out += [(month, name, str(record[name])) for name in PLAIN]
    out.append((month, "civil_outcome", str(record["civil_outcome"])))
    stage = record["stage"]
    out.append((month, "outcome", f"convicted:{record['sanction']}" if stage == "convicted" else str(stage)))
    out.append((month, "time_to_stage", records.time_band(record)))
    out += [(month, name, json.dumps(sorted(set(record[column] or [])))) for name, column in COVERS.items()]
    return out


def values_of(record: StatisticalRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in FIELDS}


def stored_keys(pk: int | None) -> list[Key]:
    row = StatisticalRecord.objects.filter(pk=pk).values(*FIELDS).first() if pk else None
    return keys(row) if row else []


def apply(change: Counter[Key]) -> None:
    """Add each key's change to its count (a new key gets a row; an emptied row is removed)."""
    with transaction.atomic():
        for (month, dimension, value), delta in change.items():
            if not delta:
                continue
            cells = RecordCount.objects.filter(month=month, dimension=dimension, value=value)
            if not cells.update(count=F("count") + delta):
                RecordCount.objects.create(month=month, dimension=dimension, value=value, count=delta)
            elif delta < 0:
                cells.filter(count__lte=0).delete()


def difference(before: list[Key], after: list[Key]) -> Counter[Key]:
    change: Counter[Key] = Counter(after)
    change.subtract(Counter(before))
    return change


def rebuild() -> int:
    """Recompute every count from the records in the database (by grouping there); returns the
    number of count rows."""
    rows: list[RecordCount] = []
    for name in ("month", *PLAIN, "civil_outcome"):
        column = "month" if name == "month" else name
        for row in StatisticalRecord.objects.values("month", column).annotate(n=Count("pk")).order_by():
            value = row["month"].strftime("%Y-%m") if name == "month" else str(row[column])
            rows.append(RecordCount(month=row["month"], dimension=name, value=value, count=row["n"]))
    derived: dict[Key, int] = defaultdict(int)
    grouped = ("month", "stage_month", "stage", "sanction", "forms", "platforms")
    for row in StatisticalRecord.objects.values(*grouped).annotate(n=Count("pk")).order_by():
        full = {**row, **dict.fromkeys(PLAIN, ""), "civil_outcome": ""}
        for key in keys(full)[len(PLAIN) + 2 :]:
            derived[key] += row["n"]
    rows += [RecordCount(month=m, dimension=d, value=v, count=n) for (m, d, v), n in derived.items()]
    with transaction.atomic():
        RecordCount.objects.all().delete()
        RecordCount.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def published_counts(today: dt.date) -> dict[str, dict[Any, int]]:
    """Counts per dimension over the completed months, summed in the database; covers keyed by
    the frozen set of values, as disclosure.protect_cover_counts takes them."""
    out: dict[str, dict[Any, int]] = defaultdict(dict)
    cells = RecordCount.objects.filter(month__lt=today.replace(day=1), count__gt=0)
    for row in cells.values("dimension", "value").annotate(n=Sum("count")).order_by():
        name, value = row["dimension"], row["value"]
        key = frozenset(json.loads(value)) if name in COVERS else value
        out[name][key] = out[name].get(key, 0) + row["n"]
    return out
