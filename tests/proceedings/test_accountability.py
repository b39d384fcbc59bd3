"""Institutional accountability figures: medians and shares on known complaints, an attacker who
tries to learn a count below the threshold from what is published, and consent withdrawn."""

import dataclasses
import datetime as dt
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.intake.models import Report
from glasna.observatory import disclosure
from glasna.proceedings import accountability
from glasna.proceedings.accountability import Row
from glasna.proceedings.models import Proceeding, Step
from tests.proceedings.conftest import Skopje

FILED = dt.date(2026, 1, 5)


def _row(answered_after: int | None, *, kind: str = "criminal_complaint", outcome: str = "", **more: int) -> Row:
    steps = {} if answered_after is None else {"registered": FILED + dt.timedelta(days=answered_after)}
    steps.update({k: FILED + dt.timedelta(days=v) for k, v in more.items()})
    return Row("MK", "prosecutor", FILED, steps, kind, outcome)


def test_medians_and_shares_of_a_known_group() -> None:
    rows = [_row(10), _row(20), _row(40), _row(100), _row(None), _row(None), _row(None), _row(None)]
    found = accountability.group("MK", "prosecutor", rows, 2)
    assert found.total == 8
    assert found.medians == {"registered": 30}  # 10, 20, 40, 100 → 30
    # No answer after 30 days: 6 of 8; after 90: 5; after 180: 4 — 90 is withheld (6 − 5 = 1 < 2).
    assert found.silent == {30: (6, 75.0), 180: (4, 50.0)}


def test_misdemeanour_versus_crime_and_outcomes() -> None:
    rows = (
        [_row(5, kind="misdemeanour") for _ in range(3)]
        + [_row(5, outcome="charged_misdemeanour") for _ in range(2)]
        + [_row(5, indictment=50) for _ in range(5)]
        + [_row(5, outcome="convicted") for _ in range(5)]
    )
    found = accountability.group("MK", "prosecutor", rows, 5)
    assert {c.code: c.count for c in found.charges.cells} == {"misdemeanour": 5, "crime": 10}
    # Two charged as misdemeanours are too few: merged, with the smallest shown cell (complementary step).
    assert {c.code: c.count for c in found.outcomes.cells} == {"pending": 8, disclosure.OTHER: 7}
    assert found.medians == {"registered": 5, "indictment": 50}  # 5 reached an indictment: just enough


def test_the_share_of_records_with_warnings_is_published_under_the_same_rule() -> None:
    clean, warned = [_row(3) for _ in range(5)], [dataclasses.replace(_row(3), warned=True) for _ in range(5)]
    assert accountability.group("MK", "police", clean + warned, 5).warned == (5, 50.0)
    assert accountability.group("MK", "police", clean + warned[:4], 5).warned is None  # 4 < 5


def test_a_small_group_is_withheld_whole() -> None:
    found = accountability.group("MK", "police", [_row(3) for _ in range(4)], 5)
    assert found.withheld and not found.medians and not found.silent and not found.outcomes.cells


# --- the attacker --------------------------------------------------------------------------------

OUTCOME_CODES = ["", "dismissed", "convicted", "charged_misdemeanour", "dropped"]


@st.composite
def complaint(draw: Any) -> Row:
    steps = {}
    for kind in ("registered", "investigation", "indictment", "decision"):
        if draw(st.booleans()):
            steps[kind] = FILED + dt.timedelta(days=draw(st.integers(0, 400)))
    return Row(
        draw(st.sampled_from(["MK", "AL"])),
        draw(st.sampled_from(["police", "prosecutor"])),
        FILED,
        steps,
        draw(st.sampled_from(["criminal_complaint", "misdemeanour"])),
        draw(st.sampled_from(OUTCOME_CODES)),
        draw(st.booleans()),
    )


def _problems(rows: list[Row], t: int) -> list[str]:
    found = []
    for g in accountability.groups(rows, t):
        members = [r for r in rows if (r.country, r.institution_type) == (g.country, g.institution_type)]
        if g.withheld:
            assert len(members) < t
            continue
        if g.total != len(members) or len(members) < t:
            found.append(f"{g.country}/{g.institution_type}: total {g.total}")
        for kind in g.medians:
            if sum(kind in r.steps for r in members) < t:
                found.append(f"median of {kind} over fewer than {t}")
        counts = [g.total or 0] + [c for _days, (c, _p) in sorted(g.silent.items())]
        for days, (count, _p) in g.silent.items():
            if count != sum(accountability.silent_after(r, days) for r in members):
                found.append(f"silent {days}: wrong count")
        if g.warned is not None:
            n = sum(r.warned for r in members)
            if g.warned[0] != n or n < t or 0 < len(members) - n < t:
                found.append(f"warned: {n}")
        for a, b in combinations(counts, 2):  # nested groups: every difference
            if b < t or 0 < a - b < t:
                found.append(f"silent: {a} − {b}")
        for name, table, value in (
            ("charge", g.charges, accountability.charge_of),
            ("outcome", g.outcomes, lambda r: r.outcome or "pending"),
        ):
            cells = []
            for cell in table.cells:
                wanted = set(cell.members) if cell.code == disclosure.OTHER else {cell.code}
                who = frozenset(i for i, r in enumerate(members) if value(r) in wanted)
                if cell.count != len(who) or cell.count < t:
                    found.append(f"{name}/{cell.code}: {cell.count}")
                cells.append(who)
            everyone = frozenset(range(len(members)))
            for size in range(1, len(cells) + 1):
                for chosen in combinations(cells, size):
                    rest = everyone - frozenset().union(*chosen)
                    if 0 < len(rest) < t:
                        found.append(f"{name}: total minus {size} cells = {len(rest)}")
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(complaint(), max_size=40), t=st.integers(min_value=2, max_value=6))
def test_no_published_figure_or_difference_reveals_a_small_count(rows: list[Row], t: int) -> None:
    assert _problems(rows, t) == []


def test_the_attacker_catches_a_naive_share() -> None:
    rows = [_row(10) for _ in range(5)] + [_row(None)]
    naive = accountability.Group(
        "MK",
        "prosecutor",
        6,
        {},
        {30: (1, 16.7)},
        disclosure.Table("charge", "partition", None, ()),
        disclosure.Table("outcome", "partition", None, ()),
    )
    real_groups = accountability.groups
    try:
        accountability.groups = lambda rows, t: [naive]  # type: ignore[assignment]
        assert any("silent" in p for p in _problems(rows, 5))
    finally:
        accountability.groups = real_groups  # type: ignore[assignment]


# --- the database ---------------------------------------------------------------------------------


def _filed(skopje: Skopje, days_ago: int, today: dt.date) -> Proceeding:
    proceeding = Proceeding.objects.create(
        case=skopje.case,
        kind="criminal_complaint",
        institution_type="prosecutor",
        institution_name=b"",
        jurisdiction="MK",
    )
    Step.objects.create(proceeding=proceeding, kind="filed", on=today - dt.timedelta(days=days_ago))
    Step.objects.create(proceeding=proceeding, kind="registered", on=today - dt.timedelta(days=days_ago - 12))
    return proceeding


def test_only_consenting_cases_and_old_enough_complaints_count(skopje: Skopje) -> None:
    today = dt.date.today()  # relative dates only
    Report.objects.filter(pk=skopje.case.report_id).update(stats_consent=True)
    old = [_filed(skopje, 200 + n, today) for n in range(3)]
    _filed(skopje, 30, today)  # too recent: outside the cohort
    rows = accountability.rows(today)
    assert len(rows) == 3 and {r.steps["registered"] - r.filed for r in rows} == {dt.timedelta(days=12)}
    assert accountability.payload(today, 3)[0]["median_days"] == {"registered": 12}
    # Consent withdrawn: the figures lose the case, the case keeps its proceedings.
    Report.objects.filter(pk=skopje.case.report_id).update(stats_consent=False)
    assert accountability.rows(today) == []
    assert Proceeding.objects.filter(pk__in=[p.pk for p in old]).count() == 3


def test_the_page_and_its_downloads(skopje: Skopje, client: Any, settings: Any) -> None:
    settings.GLASNA_DISCLOSURE_THRESHOLD = 3
    today = dt.date.today()
    Report.objects.filter(pk=skopje.case.report_id).update(stats_consent=True)
    for n in range(3):
        _filed(skopje, 200 + n, today)
    page = client.get("/en/observatory/institutions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Basic public prosecutor" in html and "The institutions" in html
    assert "Одговорност на институциите" in client.get("/mk/observatory/institutions/").content.decode()
    csv = client.get("/en/observatory/institutions/?format=csv").content.decode()
    assert "median_days,registered" in csv and "complaints" in csv
    data = client.get("/en/observatory/institutions/?format=json").json()
    assert data[0]["complaints"] == 3 and data[0]["country"] == "MK"
