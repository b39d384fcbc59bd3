"""The open-data API serves the figures on abusive spaces exactly as the dashboard publishes them
(networks/figures.py under the observatory's disclosure control): the same numbers, nothing finer,
and never a space's identifier, name or address."""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.utils import timezone

from glasna.networks import figures, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Space
from glasna.observatory import disclosure
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db
API = "/api/observatory/v1"


@dataclass
class Registry:
    secrets: list[str]  # every identifier, name and address that must never be published
    month_start: dt.date
    first_seen: dt.date


@pytest.fixture
def spaces() -> Registry:
    """16 spaces first seen four months ago, and 4 first seen today (not yet published):
    Telegram 6 active and 5 closed before this month, Discord 3 and Viber 2 (too few alone)."""
    a = make_organisation("space-api-a", ["MK"])
    b = make_organisation("space-api-b", ["AL"])
    month_start = timezone.localdate().replace(day=1)
    long_ago = timezone.now() - dt.timedelta(days=120)
    links = [f"t.me/invented_sekret_open_{n}" for n in range(6)]
    links += [f"t.me/invented_sekret_shut_{n}" for n in range(5)]
    links += [f"discord.gg/inventedSekretD{n}" for n in range(3)]
    links += [f"https://invite.viber.com/?g2=AQinventedSekretV{n}" for n in range(2)]
    made = [registry.find_or_create(a.organisation, normalise(link), long_ago) for link in links]
    for n, space in enumerate(made[6:11]):
        registry.record_status(a.staff, space, "closed", month_start - dt.timedelta(days=2 + 10 * n))
    registry.record_status(a.staff, made[0], "closed", month_start)  # closed this month: still active
    registry.set_successor(a.staff, made[1], made[0])
    registry.add_alias(a.staff, made[0], "Invented Sekret Alias")
    for link in links[:2]:  # registered by a second organisation too: counted once, in both countries
        registry.find_or_create(b.organisation, normalise(link), long_ago)
    fresh = [f"t.me/invented_sekret_fresh_{n}" for n in range(4)]
    for link in fresh:  # first seen this month: not counted before the month has ended
        registry.find_or_create(a.organisation, normalise(link))
    secrets = [*links, *fresh, "inventedSekret", "invented_sekret", "Invented Sekret Alias"]
    for space in Space.objects.all():
        secrets += [space.identifier, space.display_name, space.organisation.name, space.organisation.slug]
    return Registry([s for s in secrets if s], month_start, timezone.localtime(long_ago).date())


def _key(tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {t["name"]: (t["label"], t["kind"], t["withheld"], t["total"], t["rows"]) for t in tables}


def test_the_api_serves_the_dashboards_numbers(spaces: Registry) -> None:
    client = Client()
    page = client.get("/en/observatory/").context["spaces"]
    api = client.get(f"{API}/spaces?lang=en")
    assert api.status_code == 200 and api["Cache-Control"] == "no-store, max-age=0"
    body = api.json()
    published = figures.published()
    assert body["threshold"] == page["threshold"] == published["threshold"] == 5
    assert body["median_days_to_closure"] == page["median_days_to_closure"] == published["median_days_to_closure"]
    assert _key(body["tables"]) == _key(page["tables"]) == _key(published["tables"])
    assert [t["name"] for t in body["tables"]] == list(figures.TABLES)
    # Fresh spaces are left out; Telegram's 6 active (one closed only this month) and 5 closed are shown.
    status = {t["name"]: t for t in body["tables"]}["space_platform_status"]
    assert status["total"] == 16 and status["threshold"] == 5
    assert [(r["code"], r["count"]) for r in status["rows"]] == [
        ("telegram:active", 6),
        ("telegram:closed", 5),
        (disclosure.OTHER, 5),
    ]
    # Closed 2, 12, 22, 32 and 42 days before the month began: the median is the one closed 22 days before.
    assert body["median_days_to_closure"] == (spaces.month_start - dt.timedelta(days=22) - spaces.first_seen).days
    for table, shown in zip(body["tables"], page["tables"], strict=True):
        assert client.get(f"{API}/spaces/{table['name']}?lang=en").json() == table
        assert client.get(shown["downloads"]["json"]).json() == table  # the dashboard's download links


def test_a_small_cell_is_merged_in_the_api_exactly_as_on_the_dashboard(spaces: Registry) -> None:
    client = Client()
    page = client.get("/en/observatory/").content.decode()
    assert 'href="#spaces"' in page.split('class="toc"')[1].split("</nav>")[0]  # the sections menu leads to it
    html = page.split('id="spaces"')[1].split("</section>")[0]
    status = client.get(f"{API}/spaces/space_platform_status?lang=en").json()
    codes = {r["code"] for r in status["rows"]}
    # Discord (3) and Viber (2) are under the threshold: neither is shown, on the page or in the API.
    assert not any(c.startswith(("discord", "viber")) for c in codes)
    assert "Discord" not in html and "Viber" not in html
    other = next(r for r in status["rows"] if r["code"] == disclosure.OTHER)
    assert other["count"] == 5 and f'<th scope="row">{other["label"]}</th><td class="num">5</td>' in html
    # Lineage: the one successor is merged; the cover table of countries: Albania (2 spaces) is merged.
    lineage = client.get(f"{API}/spaces/space_lineage").json()
    assert all(r["code"] != "successor" for r in lineage["rows"])
    country = client.get(f"{API}/spaces/space_country").json()
    assert all(r["code"] != "AL" for r in country["rows"])


def test_the_median_is_withheld_below_the_threshold(spaces: Registry, settings: Any) -> None:
    settings.GLASNA_DISCLOSURE_THRESHOLD = 6  # five closed spaces
    body = Client().get(f"{API}/spaces").json()
    assert body["median_days_to_closure"] is None and body["threshold"] == 6
    assert Client().get("/en/observatory/").context["spaces"]["median_days_to_closure"] is None
    settings.GLASNA_DISCLOSURE_THRESHOLD = 17  # more than the sixteen spaces: every table withheld
    body = Client().get(f"{API}/spaces").json()
    assert all(t["withheld"] and t["total"] is None and t["rows"] == [] for t in body["tables"])
    csv_text = Client().get(f"{API}/spaces/space_cases?format=csv").content.decode()
    assert csv_text.splitlines() == ["code,label,count"]


def test_spaces_first_seen_this_month_are_not_yet_published(spaces: Registry) -> None:
    Space.objects.update(first_seen=timezone.now())
    body = Client().get(f"{API}/spaces").json()
    assert all(t["withheld"] and t["rows"] == [] for t in body["tables"])
    assert body["median_days_to_closure"] is None


def test_csv_and_json_agree_and_labels_follow_the_language(spaces: Registry) -> None:
    for name in figures.TABLES:
        for lang in ("en", "sq"):
            table = Client().get(f"{API}/spaces/{name}?lang={lang}").json()
            response = Client().get(f"{API}/spaces/{name}?format=csv&lang={lang}")
            assert response["Content-Type"].startswith("text/csv")
            assert response["Content-Disposition"] == f'attachment; filename="glasna-{name}.csv"'
            rows = list(csv.DictReader(io.StringIO(response.content.decode())))
            total = {"code": "total", "label": "Total" if lang == "en" else "Gjithsej", "count": str(table["total"])}
            assert rows == [*({k: str(v) for k, v in r.items()} for r in table["rows"]), total]
    english = Client().get(f"{API}/spaces/space_platform_status?lang=en").json()
    albanian = Client().get(f"{API}/spaces/space_platform_status?lang=sq").json()
    assert [(r["code"], r["count"]) for r in english["rows"]] == [(r["code"], r["count"]) for r in albanian["rows"]]
    assert [r["label"] for r in english["rows"]][0] == "Telegram — Active"
    assert [r["label"] for r in albanian["rows"]][0] == "Telegram — Aktiv"
    # Lineage: one successor only, merged with the first known spaces (complementary merging).
    lineage = Client().get(f"{API}/spaces/space_lineage?lang=sq").json()
    assert lineage["label"] == "Prejardhja" and lineage["rows"] == [
        {"code": disclosure.OTHER, "label": "Të tjera (secila nën pragun, të bashkuara)", "count": 16}
    ]


def test_no_identifier_name_or_address_of_a_space_is_published(spaces: Registry) -> None:
    client = Client()
    responses = [client.get(f"{API}/spaces?lang={lang}") for lang in ("en", "sq")]
    for name in figures.TABLES:
        responses += [client.get(f"{API}/spaces/{name}"), client.get(f"{API}/spaces/{name}?format=csv")]
    assert all(r.status_code == 200 for r in responses)
    published = "\n".join(r.content.decode() for r in responses).lower()
    assert "telegram:active" in published  # codes and counts only
    leaked = [secret for secret in spaces.secrets if secret.lower() in published]
    assert leaked == []
    assert "t.me" not in published and "http" not in published and "hmac:" not in published


@pytest.mark.parametrize("path", ["/spaces/nope", "/spaces?format=csv", "/spaces/space_cases?format=xml"])
def test_unknown_space_tables_and_formats_are_404(path: str) -> None:
    assert Client().get(API + path).status_code == 404


def test_the_spaces_are_described_in_the_openapi_document() -> None:
    schema = Client().get(f"{API}/openapi.json").json()
    assert {f"{API}/spaces", f"{API}/spaces/{{name}}"} <= set(schema["paths"])
    assert {"SpaceFigures", "SpaceTable"} <= set(schema["components"]["schemas"])


def test_without_the_networks_room_nothing_is_served_and_figures_are_not_called(
    spaces: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the networks room is not installed")

    monkeypatch.setattr(figures, "published", refuse)
    without = [app for app in django_settings.INSTALLED_APPS if app != "glasna.networks"]
    with override_settings(INSTALLED_APPS=without):
        assert Client().get(f"{API}/spaces").status_code == 404
        assert Client().get(f"{API}/spaces/space_cases?format=csv").status_code == 404
        page = Client().get("/en/observatory/")
        assert page.status_code == 200 and 'id="spaces"' not in page.content.decode()
        assert 'href="#spaces"' not in page.content.decode()  # no link to a missing section
