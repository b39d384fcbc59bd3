"""Disclosure control, attacked. For random small case datasets, an attacker who sees every
published table and knows the codebook's meaning tries to learn a count below the threshold:
from any single figure, from a table's total minus its cells, and from the difference of any two
published groups where one contains the other (across tables too: e.g. "convicted" minus
"convicted with a fine", or "time to stage unknown" minus "still at reported").

The attacker is written independently of disclosure.py: it maps each published cell back to
the set of records it describes, from the cell's code alone, and checks set differences."""

import datetime as dt
from itertools import combinations
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.observatory import codebook, disclosure, records, tables

MONTHS = [dt.date(2025, m, 1) for m in range(1, 7)]
book = codebook.load()


@st.composite
def record(draw: Any) -> dict[str, Any]:
    def small(dim: str, n: int = 3) -> Any:
        codes = book.codes(dim)
        return st.sampled_from(codes[:n] + ("unknown",) if "unknown" in codes else codes[:n])

    month = draw(st.sampled_from(MONTHS))
    stage = draw(st.sampled_from(["reported", "registered", "sent_to_court", "convicted", "dismissed"]))
    stage_month = None if stage == "reported" else draw(st.sampled_from([m for m in MONTHS if m >= month]))
    sanction = (
        draw(st.sampled_from(["fine", "imprisonment", "unknown"]))
        if stage == "convicted"
        else ("unknown" if stage == "reported" else "none")
    )
    return {
        "month": month,
        "stage_month": stage_month,
        "stage": stage,
        "sanction": sanction,
        "country": draw(st.sampled_from(["AL", "MK", "RS", "other", "unknown"])),
        "age_band": draw(small("age_band", 3)),
        "survivor_gender": draw(small("survivor_gender", 2)),
        "relationship": draw(small("relationship", 2)),
        "perpetrator_gender": draw(small("perpetrator_gender", 2)),
        "motive": draw(small("motive", 2)),
        "offence": draw(small("offence", 3)),
        "civil_outcome": draw(small("civil_outcome", 2)),
        "forms": sorted(
            draw(
                st.sets(st.sampled_from(["ibsa_shared", "ibsa_faked", "sextortion", "doxing"]), min_size=1, max_size=2)
            )
        ),
        "platforms": sorted(
            draw(st.sets(st.sampled_from(["telegram", "facebook", "viber", "unknown"]), min_size=1, max_size=2))
        ),
    }


# --- the attacker --------------------------------------------------------------------------------


def value_of(row: dict[str, Any], dimension: str) -> Any:
    """What the record holds for a published dimension, from the codebook's meaning."""
    if dimension == "outcome":
        return f"convicted:{row['sanction']}" if row["stage"] == "convicted" else row["stage"]
    if dimension == "time_to_stage":
        return records.time_band(row)
    if dimension == "form":
        return set(row["forms"])
    if dimension == "platform":
        return set(row["platforms"])
    if dimension == "month":
        return row["month"].strftime("%Y-%m")
    return row[dimension]


# The attacker's knowledge of the codebook: which published groups contain which, for every
# possible dataset. Dimensions recorded independently never contain one another; the three
# derived from stage, sanction and months are checked over every consistent combination.
LINKED = {"outcome", "time_to_stage", "month"}
UNIVERSE = [
    {"stage": stage, "sanction": sanction, "month": month, "stage_month": stage_month}
    for stage in book.codes("stage")
    for sanction in (book.codes("sanction") if stage == "convicted" else ["unknown" if stage == "reported" else "none"])
    for month in MONTHS
    for stage_month in ([None] if stage == "reported" else [m for m in MONTHS if m >= month])
]


def predicate(dimension: str, cell: disclosure.Cell) -> Any:
    def holds(row: dict[str, Any]) -> bool:
        value = value_of(row, dimension)
        if dimension == "month":
            first, last = cell.code.split("/")
            return bool(first <= value <= last)
        wanted = set(cell.members) if cell.code == disclosure.OTHER else {cell.code}
        return bool(value & wanted) if isinstance(value, set) else value in wanted

    return holds


def always_within(small: tuple[str, Any], big: tuple[str, Any]) -> bool:
    """True when every possible record in `small`'s group is in `big`'s group."""
    (small_dim, small_holds), (big_dim, big_holds) = small, big
    if small_dim == big_dim or not ({small_dim, big_dim} <= LINKED):
        return False  # same table: handled with the table; independent dimensions: never nested
    return all(big_holds(u) for u in UNIVERSE if small_holds(u))


def attack(rows: list[dict[str, Any]], bundle: dict[str, disclosure.Table], t: int) -> list[str]:
    found: list[str] = []
    everyone = frozenset(range(len(rows)))
    linked: list[tuple[str, str, Any, frozenset[int]]] = []
    for name, table in bundle.items():
        if table.withheld:
            assert not table.cells
            continue
        assert table.total == len(rows)
        if table.total < t:
            found.append(f"{name}: total {table.total} published")
        cells = []
        for cell in table.cells:
            holds = predicate(name, cell)
            members = frozenset(i for i, row in enumerate(rows) if holds(row))
            if cell.count != len(members):
                found.append(f"{name}/{cell.code}: published {cell.count}, really {len(members)}")
            if cell.count < t:
                found.append(f"{name}/{cell.code}: {cell.count} below {t}")
            # The total minus one cell: the records outside it (in every kind of table).
            if 0 < len(everyone - members) < t:
                found.append(f"{name}: total − {cell.code} = {len(everyone - members)}")
            cells.append((cell.code, members))
            if name in LINKED:
                linked.append((name, cell.code, holds, members))
        if table.kind == "partition":
            # Total minus any set of cells is the union of the others: check every subset.
            for size in range(1, len(cells) + 1):
                for chosen in combinations(cells, size):
                    union = frozenset().union(*(m for _, m in chosen))
                    if 0 < len(everyone - union) < t:
                        found.append(f"{name}: total − {'+'.join(c for c, _ in chosen)} = {len(everyone - union)}")
    for a, b in combinations(linked, 2):
        for big, small in ((a, b), (b, a)):
            if always_within((small[0], small[2]), (big[0], big[2])) and 0 < len(big[3] - small[3]) < t:
                found.append(f"{big[0]}/{big[1]} − {small[0]}/{small[1]} = {len(big[3] - small[3])}")
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(record(), min_size=0, max_size=40), t=st.integers(min_value=2, max_value=6))
def test_no_published_figure_or_difference_reveals_a_small_count(rows: list[dict[str, Any]], t: int) -> None:
    bundle = tables.case_bundle(rows, t)
    assert set(bundle) == set(tables.CASE_TABLES)
    assert attack(rows, bundle, t) == []


def test_the_attacker_catches_a_naive_table() -> None:
    """Without merging, small cells and nested differences are reported: the attacker works."""
    rows = [dict(record_like(), stage="convicted", sanction="fine") for _ in range(6)] + [
        dict(record_like(), stage="convicted", sanction="imprisonment")
    ]
    naive = disclosure.Table(
        "outcome", "partition", 7, (disclosure.Cell("convicted:fine", 6), disclosure.Cell("convicted:imprisonment", 1))
    )
    assert any("below" in problem for problem in attack(rows, {"outcome": naive}, 5))
    fine_only = disclosure.Table("outcome", "partition", 7, (disclosure.Cell("convicted:fine", 6),))
    assert any("total − convicted:fine = 1" in problem for problem in attack(rows, {"outcome": fine_only}, 5))
    # Across tables: "still at reported" and "time to stage unknown" are the same group, so a
    # period of the month table contained in neither reveals nothing, but these two must agree.
    reported = disclosure.Table("outcome", "partition", 7, (disclosure.Cell("reported", 7),))
    unknown_time = disclosure.Table("time_to_stage", "partition", 7, (disclosure.Cell("unknown", 6),))
    mixed = [dict(record_like(), stage="reported", stage_month=None) for _ in range(6)] + [record_like()]
    assert any(
        "outcome/reported − time_to_stage/unknown" in p or "total" in p
        for p in attack(mixed, {"outcome": reported, "time_to_stage": unknown_time}, 5)
    )


def record_like() -> dict[str, Any]:
    return {
        "month": MONTHS[0],
        "stage_month": MONTHS[1],
        "stage": "registered",
        "sanction": "none",
        "country": "AL",
        "age_band": "25_34",
        "survivor_gender": "woman",
        "relationship": "partner",
        "perpetrator_gender": "man",
        "motive": "unknown",
        "offence": "unknown",
        "civil_outcome": "unknown",
        "forms": ["ibsa_shared"],
        "platforms": ["telegram"],
    }


def test_fewer_records_than_the_threshold_publish_nothing() -> None:
    bundle = tables.case_bundle([record_like() for _ in range(4)], 5)
    assert all(table.withheld and not table.cells for table in bundle.values())


def test_small_categories_are_merged_and_big_ones_shown() -> None:
    rows = [dict(record_like(), country="AL") for _ in range(7)] + [dict(record_like(), country="MK") for _ in range(6)]
    rows += [dict(record_like(), country="RS") for _ in range(2)]
    table = tables.case_bundle(rows, 5)["country"]
    assert {c.code: c.count for c in table.cells} == {"AL": 7, "MK": 6, disclosure.OTHER: 2 + 6} or {
        c.code: c.count for c in table.cells
    } == {"AL": 7, disclosure.OTHER: 8}
    # RS (2) alone would be small: it is merged with the smallest shown country, never shown alone.
    assert "RS" not in {c.code for c in table.cells}


def test_months_are_merged_into_periods_that_reach_the_threshold() -> None:
    months = ["2025-01"] * 2 + ["2025-02"] * 4 + ["2025-03"] * 6 + ["2025-04"]
    table = disclosure.protect_months(months, 5)
    assert [(c.code, c.count) for c in table.cells] == [("2025-01/2025-02", 6), ("2025-03/2025-04", 7)]


def test_threshold_comes_from_settings(settings: Any) -> None:
    settings.GLASNA_DISCLOSURE_THRESHOLD = 10
    assert disclosure.threshold() == 10
    settings.GLASNA_DISCLOSURE_THRESHOLD = 0
    assert disclosure.threshold() == 2  # a threshold of 0 or 1 would protect nobody


@pytest.mark.parametrize("dimension", ["region", "platform_type", "sanction", "stage"])
def test_dimensions_derivable_from_others_are_not_published_on_their_own(dimension: str) -> None:
    assert dimension not in tables.CASE_TABLES
