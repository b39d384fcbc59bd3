"""The public dashboard and the open-data API show the same figures (one set of functions builds
both), nothing finer, without login, cookies or third-party resources."""

import csv
import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

from glasna.observatory import aggregates
from glasna.observatory.models import StatisticalRecord
from glasna.takedown import tracking
from tests.factories import make_organisation, submit
from tests.takedown.conftest import frozen, podgorica  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
API = "/api/observatory/v1"
STALKING = "dcaf-al-table3.AL.stalking.prosecution"


@pytest.fixture
def cases() -> int:
    """Seven consenting reports, moved to last month so they are published."""
    make_organisation("al", ["AL"])
    for index in range(7):
        submit(
            consent_stats="yes", country="AL", forms=["ibsa_shared"], platforms=["telegram" if index < 6 else "viber"]
        )
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    StatisticalRecord.objects.update(month=last_month)
    aggregates.rebuild()  # update() bypasses the signals that keep the counts
    return 7


def test_the_dashboard_is_public_and_cookieless() -> None:
    response = Client().get("/sq/observatory/")
    assert response.status_code == 200
    assert not response.cookies
    assert "content-security-policy" in {k.lower() for k in response.headers}
    html = response.content.decode()
    assert 'lang="sq"' in html
    assert (
        " style=" not in html
        and "<script>" not in html
        and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    )


def test_the_journalists_funnel_is_on_the_page_and_downloads_as_csv() -> None:
    html = Client().get("/sq/observatory/?country=AL").content.decode()
    section = html[html.index('id="funnel-dcaf-al-table3alstalkingprosecution"') :]
    section = section[: section.index("</figure>")]
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', section)][:3] == [469, 230, 177]
    assert 'aria-hidden="true"' in section and "<table" in section
    link = re.search(r'href="([^"]+format=csv[^"]+)"', section)
    assert link is not None
    download = Client().get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [(r["stage"], r["count"]) for r in rows if r["kind"] == "funnel"] == [
        ("registered", "469"),
        ("sent_to_court", "230"),
        ("convicted", "177"),
    ]


def test_api_equals_dashboard(cases: int) -> None:
    client = Client()
    page = client.get("/en/observatory/")
    context_funnels = {f["key"]: f["rows"] for f in page.context["funnels"]}
    api_funnels = {f["key"]: f["rows"] for f in client.get(f"{API}/funnels").json()}
    assert context_funnels == api_funnels and STALKING in api_funnels
    context_tables = {t["name"]: (t["total"], t["rows"]) for t in page.context["case_tables"]}
    api_tables = {t["name"]: (t["total"], t["rows"]) for t in client.get(f"{API}/tables").json()}
    assert context_tables == api_tables
    assert api_tables["country"] == (7, [{"code": "AL", "label": "Albania", "count": 7}])
    # Viber (1 case) is not shown on its own, on the page or in the API.
    assert all(r["code"] != "viber" for r in api_tables["platform"][1])
    assert "Viber" not in page.content.decode()
    one = client.get(f"{API}/tables/country?format=csv").content.decode().splitlines()
    assert one == ["code,label,count", "AL,Albania,7", "total,Total,7"]


def test_this_months_cases_are_not_yet_published(cases: int) -> None:
    StatisticalRecord.objects.update(month=timezone.localdate().replace(day=1))
    aggregates.rebuild()  # update() bypasses the signals that keep the counts
    tables = Client().get(f"{API}/tables").json()
    assert all(t["withheld"] and t["rows"] == [] for t in tables)


def test_labels_follow_the_language_asked_for() -> None:
    english = Client().get(f"{API}/funnels/{STALKING}?lang=en").json()
    assert english["offence_label"] == "Stalking"
    assert Client().get(f"{API}/funnels/{STALKING}?lang=xx").json()["offence_label"] == "Stalking"


def test_openapi_is_served_and_no_cdn_docs_page() -> None:
    schema = Client().get(f"{API}/openapi.json").json()
    assert {"/api/observatory/v1/tables", "/api/observatory/v1/funnels/{key}", "/api/observatory/v1/official"} <= set(
        schema["paths"]
    )
    assert Client().get(f"{API}/docs").status_code == 404


@pytest.mark.parametrize("path", ["/tables/nope", "/funnels/nope", f"/funnels/{STALKING}?format=xml"])
def test_unknown_things_are_404(path: str) -> None:
    assert Client().get(API + path).status_code == 404


def test_official_figures_download_with_sources() -> None:
    rows = list(csv.DictReader(io.StringIO(Client().get(f"{API}/official?format=csv").content.decode())))
    assert len(rows) > 100 and all(r["source"] and r["locator"] for r in rows)


def test_platform_response_says_no_data_yet_before_any_notice() -> None:
    assert Client().get(f"{API}/platform-response").json() == []
    assert "No data yet." in Client().get("/en/observatory/").content.decode()


def test_platform_response_comes_from_takedown_and_hides_small_counts(podgorica, frozen) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from glasna.takedown.models import NoticeStatus
    from tests.takedown.test_stats import _notice

    staff = podgorica.bundle.staff
    start = frozen.at
    notices = [_notice(podgorica, "tiktok") for _ in range(6)]  # six TikTok notices, five removed
    for notice, h in zip(notices, [2, 4, 6, 8, 40], strict=False):
        frozen.at = start + dt.timedelta(hours=h)
        tracking.record_reply(staff, notice.pk, NoticeStatus.REMOVED, "")
    for _ in range(4):  # four X notices: too few to publish
        _notice(podgorica, "x")
    assert Client().get(f"{API}/platform-response").json() == [
        {"platform": "TikTok", "notices": 6, "removed": 5, "median_hours": 6.0}
    ]
    page = Client().get("/en/observatory/").content.decode()
    assert "TikTok" in page and "No data yet." not in page.split("TikTok")[0][-2000:]


def test_yearly_trend_of_official_figures_is_charted_with_its_table() -> None:
    page = Client().get("/en/observatory/?country=AL")
    (stalking,) = [g for g in page.context["trends"] if g["offence"] == "Stalking"]
    assert stalking["columns"][0] == "Registered (proceedings)"
    assert [(year, counts[0]) for year, counts in stalking["rows"]] == [("2021", 145), ("2022", 164), ("2023", 160)]
    assert stalking["chart"].startswith("<svg") and 'aria-hidden="true"' in stalking["chart"]
    api = Client().get(f"{API}/official/trend").json()
    assert {
        (r["year"], r["count"])
        for r in api
        if r["jurisdiction"] == "AL"
        and r["offence"] == "stalking"
        and r["stage"] == "registered"
        and r["unit"] == "proceedings"
    } == {("2021", 145), ("2022", 164), ("2023", 160)}


def test_yearly_trends_never_add_figures_of_different_institutions() -> None:
    page = Client().get("/en/observatory/?country=AL")
    groups = [g for g in page.context["trends"] if g["offence"] == "Unjust interference in private life"]
    assert [g["institution"] for g in groups] == ["Prosecution office"]  # Table 4 covers one year only
    convicted = groups[0]["columns"].index("Convicted (persons)")
    assert [counts[convicted] for _year, counts in groups[0]["rows"]] == [0, 2, 1]
