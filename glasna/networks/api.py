"""The platform API of the networks room (Django Ninja), authenticated by the platform's token as
the matching API is (glasna/matching/api.py): `GET /spaces` lists the spaces on the caller's own
platform that organisations flagged and shared in clear (networks/flagged.py says what is listed
and what never is). Every call is audited."""

from dataclasses import asdict

from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Swagger

from glasna.core import audit
from glasna.matching.api import BearerToken, SubscriptionKey
from glasna.matching.models import Platform
from glasna.networks import flagged

api = NinjaAPI(
    title="Glasna networks API",
    version="1",
    description="Spaces flagged by organisations on the caller's own platform. No case data, no organisation.",
    auth=[BearerToken(), SubscriptionKey()],
    docs=Swagger(settings={"validatorUrl": None}),  # no call to swagger.io
    urls_namespace="networks-api",
)


class FlaggedSpaceOut(Schema):
    id: str
    link: str
    kind: str
    status: str
    status_on: str
    first_flagged: str
    predecessors: list[str]
    successors: list[str]


class FlaggedPage(Schema):
    count: int
    page: int
    page_size: int
    next_page: int | None
    items: list[FlaggedSpaceOut]


@api.get("/spaces", response=FlaggedPage, summary="Flagged spaces on your platform")
def spaces(request: HttpRequest, page: int = 1) -> dict[str, object]:
    platform = request.auth  # type: ignore[attr-defined]
    assert isinstance(platform, Platform)
    page = max(page, 1)
    count, items = flagged.page(platform.key, page)
    audit.record("networks.api.spaces", actor=f"platform:{platform.key}", target=f"page:{page}", request=request)
    more = page * flagged.PAGE_SIZE < count
    return {
        "count": count,
        "page": page,
        "page_size": flagged.PAGE_SIZE,
        "next_page": page + 1 if more else None,
        "items": [asdict(item) for item in items],
    }
