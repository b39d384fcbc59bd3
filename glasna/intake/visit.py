"""The survivor's visit after entering the receipt: a short-lived, encrypted cookie holding the
report id and its data key. Nothing about the visit is stored on the server."""

import base64
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from glasna.core.crypto.primitives import DecryptionError
from glasna.core.crypto.server_keys import Expired, open_token, seal_token
from glasna.intake.services import SurvivorAccess


def start(response: HttpResponse, access: SurvivorAccess) -> None:
    token = seal_token("visit", {"r": str(access.report_id), "k": base64.b64encode(access.data_key).decode()})
    response.set_cookie(
        settings.GLASNA_VISIT_COOKIE_NAME,
        token,
        # A session cookie: an expiry date would keep it on disk. The sealed token carries its
        # own time, so current() still ends the visit after GLASNA_SURVIVOR_VISIT_SECONDS.
        max_age=None,
        httponly=True,
        samesite="Strict",
        secure=settings.SECURE_COOKIES,
    )


def current(request: HttpRequest) -> SurvivorAccess | None:
    token = request.COOKIES.get(settings.GLASNA_VISIT_COOKIE_NAME)
    if not token:
        return None
    try:
        payload = open_token("visit", token, settings.GLASNA_SURVIVOR_VISIT_SECONDS)
    except (DecryptionError, Expired, ValueError, KeyError):
        return None
    return SurvivorAccess(uuid.UUID(payload["r"]), base64.b64decode(payload["k"]))


def end(response: HttpResponse) -> None:
    response.delete_cookie(settings.GLASNA_VISIT_COOKIE_NAME, samesite="Strict")
