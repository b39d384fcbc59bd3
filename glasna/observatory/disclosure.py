"""Disclosure control for Glasna's own, case-derived figures (docs/observatory.md explains why).

Published tables come from a fixed lattice: the grand total, one table per dimension (one-way),
and the trend by month. No cross-tabulation and no filtered variant of a table is published, so
two published tables never describe nested groups and cannot be differenced. Within a table:

- the whole table, total included, is withheld when fewer than `threshold` records exist
  (primary suppression of the total: then nothing is published at all);
- categories with fewer than `threshold` records are not shown on their own but merged into one
  "other" cell (in a table where a record may hold several values, also a category that all but
  a few records hold: total minus its cell would be small); when that cell would itself be small, the smallest shown category is merged into
  it too (the complementary step), so that the total minus the shown cells — which is exactly the
  "other" cell — is never a small number, and no shown cell is small;
- months are merged with their neighbours into periods until every period reaches the threshold.

Zero is never published as a cell: an empty category is simply not shown.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings

OTHER = "other_merged"
DEFAULT_THRESHOLD = 5


def threshold() -> int:
    return max(2, int(getattr(settings, "GLASNA_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)))


@dataclass(frozen=True)
class Cell:
    code: str  # a codebook code, OTHER, or a period "YYYY-MM/YYYY-MM"
    count: int
    members: tuple[str, ...] = field(default=())  # for OTHER: the codes it may hold (all not shown)


@dataclass(frozen=True)
class Table:
    dimension: str
    kind: str  # "partition": every record in exactly one cell; "cover": a record may be in several
    total: int | None  # None: withheld
    cells: tuple[Cell, ...]

    @property
    def withheld(self) -> bool:
        return self.total is None


def protect_partition(
    dimension: str, values: Sequence[str], codes: Sequence[str], t: int, hide: Iterable[str] = ()
) -> Table:
    """One value per record (gender, country, stage…). Codes in `hide` are merged into "other"
    whatever their count (to keep two tables that share a group consistent)."""
    return protect_partition_counts(dimension, Counter(values), codes, t, hide)


def protect_partition_counts(
    dimension: str, counts: Mapping[str, int], codes: Sequence[str], t: int, hide: Iterable[str] = ()
) -> Table:
    """`protect_partition` from the number of records per value (aggregates.py keeps them)."""
    counts = Counter({c: n for c, n in counts.items() if n > 0})
    total = sum(counts.values())
    if total < t:
        return Table(dimension, "partition", None, ())
    return Table(
        dimension,
        "partition",
        total,
        _merge(counts, codes, t, lambda n: n >= t, lambda group: sum(counts[c] for c in group), set(hide)),
    )


def protect_cover(dimension: str, values: Sequence[Iterable[str]], codes: Sequence[str], t: int) -> Table:
    """Several values per record (forms, platforms): a cell counts the records having that value,
    and the "other" cell the records having any value not shown."""
    return protect_cover_counts(dimension, Counter(frozenset(v) for v in values), codes, t)


def protect_cover_counts(dimension: str, sets: Mapping[frozenset[str], int], codes: Sequence[str], t: int) -> Table:
    """`protect_cover` from the number of records per set of values: a record's set is all that
    any cell of the table depends on, so these counts give exactly the same table."""
    sets = {s: n for s, n in sets.items() if n > 0}
    total = sum(sets.values())
    if total < t:
        return Table(dimension, "cover", None, ())
    counts: Counter[str] = Counter()
    for values, n in sets.items():
        for code in values:
            counts[code] += n

    def group_count(group: set[str]) -> int:
        return sum(n for values, n in sets.items() if values & group)

    # Total minus a cell counts the records without that value: it must not be small either.
    def publishable(n: int) -> bool:
        return n >= t and (n == total or total - n >= t)

    return Table(dimension, "cover", total, _merge(counts, codes, t, publishable, group_count))


def _merge(
    counts: Counter[str],
    codes: Sequence[str],
    t: int,
    publishable: Callable[[int], bool],
    group_count: Callable[[set[str]], int],
    hide: set[str] | None = None,
) -> tuple[Cell, ...]:
    shown = [c for c in codes if publishable(counts[c]) and c not in (hide or set())]
    hidden = {c for c in codes if c not in shown} | (set(counts) - set(codes))
    # Complementary merging: the other cell must be 0 or reach the threshold.
    while hidden and 0 < group_count(hidden) < t and shown:
        smallest = min(shown, key=lambda c: (counts[c], codes.index(c)))
        shown.remove(smallest)
        hidden.add(smallest)
    cells = [Cell(c, counts[c]) for c in shown]
    other = group_count(hidden) if hidden else 0
    # A cover table has no sum constraint: an "other" cell that cannot be published is left out.
    if other and publishable(other):
        cells.append(Cell(OTHER, other, tuple(c for c in codes if c in hidden)))
    return tuple(cells)


def protect_months(months: Sequence[str], t: int) -> Table:
    """Records' months ("YYYY-MM") merged into consecutive periods of at least `t` records each."""
    return protect_month_counts(Counter(months), t)


def protect_month_counts(per_month: Mapping[str, int], t: int) -> Table:
    """`protect_months` from the number of records per month."""
    counts = sorted((m, n) for m, n in per_month.items() if n > 0)
    total = sum(n for _m, n in counts)
    if total < t:
        return Table("month", "partition", None, ())
    periods: list[tuple[str, str, int]] = []
    start, running = counts[0][0], 0
    for month, n in counts:
        if running == 0:
            start = month
        running += n
        if running >= t:
            periods.append((start, month, running))
            running = 0
    if running:  # a small remainder joins the last period
        first, _last, n = periods[-1]
        periods[-1] = (first, counts[-1][0], n + running)
    return Table("month", "partition", total, tuple(Cell(f"{a}/{b}", n) for a, b, n in periods))
