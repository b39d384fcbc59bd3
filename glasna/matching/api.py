"""The platform API (Django Ninja): thin endpoints over lookup, exchange and hashing.

Two families, both authenticated by the platform's token:
- Open Media Match shapes: GET /m/lookup, GET /m/raw_lookup, POST /h/hash (uploaded file only;
  this server never fetches a URL it is given). Token as `Authorization: Bearer <token>`.
- StopNCII shapes: GET /stopncii/v1/FetchHashes, POST /stopncii/v1/SubmitFeedback. Token in the
  `Ocp-Apim-Subscription-Key` header, as StopNCII clients send it (their `x-functions-key` is not
  needed and ignored).
Every call is audited, refusals included."""

import json
from typing import Any, BinaryIO, cast

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Router, Schema, Swagger
from ninja.errors import ValidationError
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader, HttpBearer

from glasna.core import audit
from glasna.core.uploads import IMAGE_TYPES, UploadRejected, sniff
from glasna.matching import exchange, hashing, lookup, video
from glasna.matching.hash_input import BadHashInput
from glasna.matching.models import Platform
from glasna.matching.shard_client import IndexUnavailable


def _authenticated(request: HttpRequest, token: str | None) -> Platform | None:
    from glasna.matching import tokens

    platform = tokens.platform_for(token)
    # Ninja tries each scheme in turn; only a presented, wrong token is worth an audit line.
    if platform is None and token:
        audit.record("matching.api_refused", actor="platform:unknown", target=request.path[:200], request=request)
    return platform


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Platform | None:
        return _authenticated(request, token)


class SubscriptionKey(APIKeyHeader):
    param_name = "Ocp-Apim-Subscription-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Platform | None:
        return _authenticated(request, key)


api = NinjaAPI(
    title="Glasna matching API",
    version="1",
    description="Hash lookup and hash exchange for platforms. Hashes only: no media is ever sent to platforms.",
    auth=[BearerToken(), SubscriptionKey()],
    docs=Swagger(settings={"validatorUrl": None}),  # no call to swagger.io
    urls_namespace="matching-api",
)


class Problem(Schema):
    detail: str


# Every refusal the handlers below can give, documented so that clients (and the schema fuzzer,
# tests/fuzz/test_api_schemas.py) know them: bad hash input, no or a wrong token, bad parameters or media.
RESPONSES: dict[int, Any] = {200: dict[str, Any], 400: Problem, 401: Problem, 422: Problem}
# A lookup also fails, rather than answer from part of the index, when a shard is down (shard_client.py).
LOOKUP_RESPONSES: dict[int, Any] = {**RESPONSES, 503: Problem}


def _platform(request: HttpRequest) -> Platform:
    platform = request.auth  # type: ignore[attr-defined]
    assert isinstance(platform, Platform)
    return platform


def _audit(request: HttpRequest, action: str, target: str) -> None:
    platform = _platform(request)
    # An organisation's token (matching/tokens.py) is named too: its creator can be asked about it.
    token = getattr(platform, "token_id", None)
    actor = f"platform:{platform.key}" + (f" token:{token}" if token else "")
    audit.record(f"matching.api.{action}", actor=actor, target=target, request=request)


@api.exception_handler(BadHashInput)
def _bad_input(request: HttpRequest, exc: BadHashInput) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(IndexUnavailable)
def _index_down(request: HttpRequest, exc: IndexUnavailable) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=503)


@api.exception_handler(UploadRejected)
def _bad_media(request: HttpRequest, exc: UploadRejected) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(ValidationError)
def _bad_params(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({".".join(str(p) for p in e.get("loc", [])[1:]) for e in exc.errors})
    return api.create_response(
        request,
        {"detail": _("Missing or malformed parameters: %(fields)s.") % {"fields": ", ".join(fields)}},
        status=422,
    )


matching = Router(tags=["Open Media Match"])


@matching.get(
    "/m/lookup",
    response=LOOKUP_RESPONSES,
    summary="Match a hash against the banks this platform may see, grouped by bank",
)
def lookup_hash(request: HttpRequest, signal_type: str, signal: str, threshold: int | None = None) -> dict[str, Any]:
    _audit(request, "lookup", f"{signal_type}")
    return lookup.by_bank(lookup.lookup(_platform(request), signal_type, signal, threshold))


@matching.get(
    "/m/raw_lookup",
    response=LOOKUP_RESPONSES,
    summary="Match a hash; the matching content ids, with distances if asked",
)
def raw_lookup(
    request: HttpRequest, signal_type: str, signal: str, include_distance: bool = False, threshold: int | None = None
) -> dict[str, Any]:
    _audit(request, "raw_lookup", f"{signal_type}")
    found = lookup.lookup(_platform(request), signal_type, signal, threshold)
    if include_distance:
        return {"matches": [{"bank_content_id": m.entry.pk, "distance": m.distance} for m in found]}
    return {"matches": [m.entry.pk for m in found]}


@matching.post(
    "/h/hash", response=RESPONSES, summary="Hash an uploaded image (PDQ) or video (vPDQ frames, MD5, SHA-256)"
)
def hash_media(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    _audit(request, "hash", f"{file.size} bytes")
    head = file.read(32)
    file.seek(0)
    kind = sniff(head)
    if kind is not None and kind[0] in IMAGE_TYPES:
        result = hashing.hash_image(file.read())
        return {"pdq": result.hash_value, "pdq_quality": result.quality}
    if kind is not None and kind[0].startswith("video/"):
        # Read from the upload's temporary file (Django's File proxies read/seek), never whole into memory.
        hashes = video.hash_video(cast(BinaryIO, file))
        return {
            "video_md5": hashes.md5,
            "video_sha256": hashes.sha256,
            "vpdq": [{"hash": f.hash_value, "quality": f.quality, "frame_ts": f.frame_ts} for f in hashes.frames],
        }
    raise hashing.HashingRejected(_("Send an image (JPEG, PNG, WebP, HEIC, GIF) or a video (MP4, MOV, WebM)."))


stopncii = Router(tags=["StopNCII-compatible exchange"])


@stopncii.get("/FetchHashes", response=RESPONSES, summary="Hashes and withdrawals since a checkpoint, paged")
def fetch_hashes(
    request: HttpRequest, startTimestamp: int, pageSize: int = 800, nextPageToken: str | None = None
) -> dict[str, Any]:
    _audit(request, "fetch_hashes", f"since {startTimestamp}")
    return exchange.fetch(_platform(request), startTimestamp, pageSize, nextPageToken or None).as_json()


@stopncii.post("/SubmitFeedback", response=RESPONSES, summary="The platform's feedback on hashes it received")
def submit_feedback(request: HttpRequest) -> dict[str, Any]:
    try:
        payload = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadHashInput(_("The body must be JSON.")) from exc
    _audit(request, "submit_feedback", "feedback")
    return exchange.submit_feedback(_platform(request), payload)


api.add_router("/", matching)
api.add_router("/stopncii/v1", stopncii)
