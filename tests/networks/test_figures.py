"""The observatory's figures on spaces: what is counted, and the disclosure attack of the case
figures (tests/observatory/test_disclosure.py) run on them."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.cases.models import Case
from glasna.networks import figures, linkage, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import LinkKind
from glasna.observatory import disclosure
from tests.factories import make_organisation, submit
from tests.observatory.test_disclosure import attack


@st.composite
def space(draw: Any) -> dict[str, Any]:
    closed = draw(st.booleans())
    return {
        "space_platform_status": f"{draw(st.sampled_from(['telegram', 'discord', 'viber']))}:{'closed' if closed else 'active'}",
        "space_country": draw(st.sets(st.sampled_from(["AL", "MK", "RS", "other"]), min_size=1, max_size=2)),
        "space_lineage": draw(st.sampled_from(["first", "successor"])),
        "space_cases": draw(st.sampled_from(["none", "1", "2_4", "5_plus"])),
        "days_to_closure": draw(st.integers(0, 400)) if closed else None,
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(space(), min_size=0, max_size=40), t=st.integers(min_value=2, max_value=6))
def test_no_published_space_figure_or_difference_reveals_a_small_count(rows: list[dict[str, Any]], t: int) -> None:
    bundle = figures.bundle(rows, t)
    assert set(bundle) == set(figures.TABLES)
    assert attack(rows, bundle, t) == []
    closed = [r for r in rows if r["days_to_closure"] is not None]
    assert (figures.median_days_to_closure(rows, t) is None) == (len(closed) < t)


def test_the_attacker_catches_a_naive_space_table() -> None:
    row = {"space_country": {"MK"}, "space_lineage": "first", "space_cases": "1", "days_to_closure": None}
    rows = [{**row, "space_platform_status": "telegram:active"} for _ in range(6)]
    rows.append({**row, "space_platform_status": "telegram:closed", "days_to_closure": 30})
    naive = disclosure.Table(
        "space_platform_status",
        "partition",
        7,
        (disclosure.Cell("telegram:active", 6), disclosure.Cell("telegram:closed", 1)),
    )
    assert any("below" in problem for problem in attack(rows, {"space_platform_status": naive}, 5))
    protected = figures.bundle(rows, 5)
    assert attack(rows, protected, 5) == []
    assert [c.code for c in protected["space_platform_status"].cells] == [disclosure.OTHER]  # 1 closed hides 6 active


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_spaces_are_counted_once_with_their_status_at_the_start_of_the_month() -> None:
    a = make_organisation("fig-a", ["MK"])
    b = make_organisation("fig-b", ["AL"])
    today = timezone.localdate()
    month_start = today.replace(day=1)
    long_ago = timezone.now() - dt.timedelta(days=120)
    # The same room registered by two organisations is one space, in two countries.
    room_a = registry.find_or_create(a.organisation, normalise("t.me/invented_room"), long_ago)
    registry.find_or_create(b.organisation, normalise("t.me/invented_room"), long_ago)
    room2 = registry.find_or_create(a.organisation, normalise("t.me/invented_room2"), long_ago)
    registry.set_successor(a.staff, room2, room_a)
    closed_on = month_start - dt.timedelta(days=3)
    registry.record_status(a.staff, room_a, "closed", closed_on)
    registry.record_status(a.staff, room2, "closed", month_start)  # this month: not yet counted
    registry.find_or_create(a.organisation, normalise("t.me/invented_new"))  # first seen this month: left out
    submit()
    case = Case.objects.filter(organisation=a.organisation).latest("pk")
    linkage.link(case, normalise("t.me/invented_room"), LinkKind.EVIDENCE, "x1")
    rows = sorted(figures.space_rows(today), key=lambda r: r["space_lineage"])
    first_seen = timezone.localtime(long_ago).date()
    assert rows == [
        {
            "space_platform_status": "telegram:closed",
            "space_country": ["AL", "MK"],
            "space_lineage": "first",
            "space_cases": "1",
            "days_to_closure": (closed_on - first_seen).days,
        },
        {
            "space_platform_status": "telegram:active",
            "space_country": ["MK"],
            "space_lineage": "successor",
            "space_cases": "none",
            "days_to_closure": None,
        },
    ]


@pytestmark_db
def test_the_dashboard_shows_the_section_and_withholds_small_tables(settings: Any) -> None:
    settings.GLASNA_DISCLOSURE_THRESHOLD = 2
    org = make_organisation("fig-c", ["RS"])
    long_ago = timezone.now() - dt.timedelta(days=90)
    for n in range(3):
        space = registry.find_or_create(org.organisation, normalise(f"t.me/invented_room_{n}"), long_ago)
        registry.record_status(org.staff, space, "closed", timezone.localdate().replace(day=1) - dt.timedelta(days=1))
    page = Client().get("/en/observatory/").content.decode()
    section = page.split('id="spaces"')[1].split("</section>")[0]
    assert "Telegram — Closed" in section and "Successor of an earlier space" not in section
    assert "First known space" in section and "days" in section
    settings.GLASNA_DISCLOSURE_THRESHOLD = 5
    section = Client().get("/en/observatory/").content.decode().split('id="spaces"')[1].split("</section>")[0]
    assert "Withheld: fewer than 5 spaces so far." in section and "Telegram — Closed" not in section


@pytestmark_db
def test_the_rows_take_the_same_number_of_queries_for_few_and_many_spaces() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = make_organisation("fig-q", ["ME"])
    long_ago = timezone.now() - dt.timedelta(days=60)
    counts = []
    for batch in (2, 8):
        for n in range(batch):
            space = registry.find_or_create(org.organisation, normalise(f"t.me/invented_q{batch}_{n}"), long_ago)
            registry.record_status(org.staff, space, "active", timezone.localdate() - dt.timedelta(days=40))
        with CaptureQueriesContext(connection) as queries:
            rows = figures.space_rows()
        counts.append(len(queries))
    assert len(rows) == 10 and counts[0] == counts[1]
