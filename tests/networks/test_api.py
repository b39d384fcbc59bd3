"""The networks platform API: only the caller's platform, only spaces shared in clear, status and
lineage, paging, the OpenAPI schema, 401 for a wrong token, nothing of a case or an organisation."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.matching import tokens
from glasna.networks import federation, flagged, linkage, registry
from glasna.networks.identifiers import normalise
from tests.factories import make_organisation, submit

pytestmark = pytest.mark.django_db


def _api(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def _shared(bundle, raw: str, hint: str = ""):  # type: ignore[no-untyped-def]
    space = registry.find_or_create(bundle.organisation, normalise(raw, hint))
    federation.share_in_clear(bundle.staff, space, True)
    return space


def test_only_the_callers_platform_and_only_what_was_shared_in_clear() -> None:
    tirana, skopje = make_organisation("api-al", ["AL"]), make_organisation("api-mk", ["MK"])
    submit(country="AL", narrative="Invented narrative api-marker", contact_value="invented@example.org")
    case = Case.objects.get(organisation=tirana.organisation)
    old = _shared(tirana, "t.me/publicroom_demo")
    new = _shared(tirana, "t.me/publicroom_demo2")
    registry.set_successor(tirana.staff, new, old)
    linkage.link(case, normalise("t.me/publicroom_demo"), "recorded", f"case:{case.pk}")
    # Skopje names the same channel without sharing it, and records its status.
    mk_copy = registry.find_or_create(skopje.organisation, normalise("telegram.me/publicroom_demo?x=1"))
    registry.record_status(skopje.staff, mk_copy, "closed", timezone.now().date() - dt.timedelta(days=1))
    registry.find_or_create(skopje.organisation, normalise("t.me/unshared_room"))  # nobody shared it
    registry.find_or_create(tirana.organisation, normalise("https://t.me/+InventedInvite42"))  # private
    _shared(tirana, "https://invented-forum.example/t/invented_thread")  # another platform's

    _platform, token = tokens.issue("telegram", "Telegram", [])
    response = _api(token).get("/api/networks/v1/spaces")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["next_page"] is None
    by_link = {item["link"]: item for item in body["items"]}
    assert set(by_link) == {"https://t.me/publicroom_demo", "https://t.me/publicroom_demo2"}
    room = by_link["https://t.me/publicroom_demo"]
    assert room["status"] == "closed" and room["successors"] == ["https://t.me/publicroom_demo2"]
    assert by_link["https://t.me/publicroom_demo2"]["predecessors"] == ["https://t.me/publicroom_demo"]
    assert room["id"] == federation.pseudonym(normalise("t.me/publicroom_demo"))
    text = response.content.decode()
    for secret in ["api-marker", "invented@example.org", "InventedInvite42", "unshared_room", "invented_thread"]:
        assert secret not in text
    for organisation in (tirana.organisation, skopje.organisation):
        assert organisation.name not in text and organisation.slug not in text
    assert f"/staff/reports/{case.report_id}/" not in text and "case" not in json.dumps(list(room))
    assert AuditEvent.objects.filter(action="networks.api.spaces", actor="platform:telegram").exists()


def test_paging() -> None:
    bundle = make_organisation("api-pages", ["ME"])
    for i in range(flagged.PAGE_SIZE + 3):
        _shared(bundle, f"t.me/invented_room_{i:03}")
    _platform, token = tokens.issue("telegram", "Telegram", [])
    first = _api(token).get("/api/networks/v1/spaces").json()
    second = _api(token).get("/api/networks/v1/spaces?page=2").json()
    assert first["count"] == second["count"] == flagged.PAGE_SIZE + 3
    assert len(first["items"]) == flagged.PAGE_SIZE and first["next_page"] == 2
    assert len(second["items"]) == 3 and second["next_page"] is None
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert _api(token).get("/api/networks/v1/spaces?page=x").status_code == 422


def test_a_wrong_or_missing_token_is_refused_and_the_schema_is_published() -> None:
    tokens.issue("telegram", "Telegram", [])
    assert _api("glasna_pt_wrong").get("/api/networks/v1/spaces").status_code == 401
    assert Client().get("/api/networks/v1/spaces").status_code == 401
    schema = Client().get("/api/networks/v1/openapi.json").json()
    assert "/api/networks/v1/spaces" in schema["paths"]
    assert {"FlaggedPage", "FlaggedSpaceOut"} <= set(schema["components"]["schemas"])
