"""Holding a signed-in staff member's private key between requests.

The key is encrypted with a random key that lives only in the staff member's browser (an
HttpOnly cookie); the server's session table holds only the ciphertext. A copy of the database,
sessions included, opens nothing; the browser cookie alone opens nothing either."""

import base64

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt, new_key

_SESSION_FIELD = "glasna_staff_key"


def hold(request: HttpRequest, response: HttpResponse, staff_private: bytes) -> None:
    browser_key = new_key()
    request.session[_SESSION_FIELD] = base64.b64encode(encrypt(browser_key, staff_private, b"staff-session")).decode()
    response.set_cookie(
        settings.GLASNA_KEY_COOKIE_NAME,
        base64.urlsafe_b64encode(browser_key).decode(),
        httponly=True,
        samesite="Strict",
        secure=settings.SECURE_COOKIES,
        max_age=None,
    )


def release(request: HttpRequest) -> bytes | None:
    held, cookie = request.session.get(_SESSION_FIELD), request.COOKIES.get(settings.GLASNA_KEY_COOKIE_NAME)
    if not held or not cookie:
        return None
    try:
        return decrypt(base64.urlsafe_b64decode(cookie), base64.b64decode(held), b"staff-session")
    except (DecryptionError, ValueError):
        return None


def forget(response: HttpResponse) -> None:
    response.delete_cookie(settings.GLASNA_KEY_COOKIE_NAME, samesite="Strict")
