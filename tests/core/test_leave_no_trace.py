"""Leave no trace: every cookie a survivor-facing page sets is a session cookie, and the site's
scripts keep nothing in the browser. The same walk in a real browser is tests/e2e/test_leave_no_trace.py."""

import json
import os
import re
import subprocess
import sys
import uuid
from http.cookies import Morsel
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client

import glasna
from glasna.intake import receipts, visit
from glasna.intake.services import SurvivorAccess
from tests.factories import make_organisation, submit
from tests.law.test_pages import SKOPJE_THREAT

pytestmark = pytest.mark.django_db

ROOT = Path(glasna.__file__).parent
LOCALES = [code for code, _name in settings.LANGUAGES]


def _persistent(morsel: Morsel[str]) -> bool:
    """A cookie that outlives the browser session. A deletion (Max-Age=0, an expiry in 1970)
    removes a cookie and keeps nothing, so it is allowed."""
    if morsel["max-age"] not in ("", 0, "0"):
        return True
    return bool(morsel["expires"]) and morsel["max-age"] in ("", None)


def _check(response: HttpResponse, path: str, seen: set[str]) -> None:
    for name, morsel in response.cookies.items():
        seen.add(name)
        assert not _persistent(morsel), f"{path} set a persistent cookie: {morsel.OutputString()}"


@pytest.mark.parametrize("language", LOCALES)
def test_survivor_pages_set_only_session_cookies(client: Client, language: str) -> None:
    make_organisation("mk-cso", ["MK"])
    receipt = receipts.formatted(submit().receipt)
    seen: set[str] = set()
    steps = [
        ("get", f"/{language}/", {}),
        ("get", f"/{language}/report/", {}),
        ("get", f"/{language}/return/", {}),
        ("post", f"/{language}/return/", {"receipt": receipts.formatted(receipts.new_receipt())}),
        ("post", f"/{language}/return/", {"receipt": receipt}),
        ("get", f"/{language}/my-report/", {}),
        ("get", f"/{language}/my-report/fingerprints/", {}),
        ("get", f"/{language}/my-report/evidence/add/", {}),
        ("get", f"/{language}/my-report/escrow/", {}),
        ("post", f"/{language}/my-report/escrow/", {"kind": "phone", "value": "070 000 000", "choice": "nothing_yet"}),
        ("post", f"/{language}/my-report/", {"text": "Synthetic reply."}),
        ("get", f"/{language}/my-report/withdraw/", {}),
        ("post", f"/{language}/my-report/leave/", {}),
        ("get", f"/{language}/safety/", {}),
        ("get", f"/{language}/evidence/guidance/", {}),
        ("get", f"/{language}/rights/", {}),
        ("post", f"/{language}/rights/", SKOPJE_THREAT),
        ("get", "/exit/", {}),
    ]
    for method, path, data in steps:
        response = getattr(client, method)(path, data)
        assert response.status_code < 500, path
        _check(response, path, seen)
    # The walk did meet the cookies in question: the test would see a persistent one.
    assert {settings.CSRF_COOKIE_NAME, "glasna_visit"} <= seen


def test_the_visit_still_ends_on_time_without_an_expiry_date(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    make_organisation("mk-cso", ["MK"])
    receipt = receipts.formatted(submit().receipt)
    assert client.post("/en/return/", {"receipt": receipt}).status_code == 302
    assert client.get("/en/my-report/").status_code == 200
    settings.GLASNA_SURVIVOR_VISIT_SECONDS = -1  # the token's own time, not the cookie, ends the visit
    response = client.get("/en/my-report/")
    assert response.status_code == 302 and response["Location"] == "/en/return/"


def test_the_check_recognises_a_persistent_cookie() -> None:
    response = HttpResponse()
    response.set_cookie("kept", "1", max_age=60)
    response.set_cookie("session", "1")
    response.delete_cookie("gone")
    assert [name for name, m in response.cookies.items() if _persistent(m)] == ["kept"]


BROWSER_STORAGE = re.compile(
    r"\b(localStorage|sessionStorage|indexedDB|caches\s*\.|serviceWorker|document\.cookie|openDatabase)\b"
)


def test_our_scripts_keep_nothing_in_the_browser() -> None:
    scripts = list(ROOT.rglob("static/**/*.js"))
    assert scripts, "no static scripts found: the scan would prove nothing"
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in scripts
        for match in BROWSER_STORAGE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_over_https_every_cookie_is_a_host_cookie() -> None:
    """With GLASNA_HTTPS=1 every cookie name carries __Host-, and a survivor's visit cookie comes
    back Secure, for the whole site and without a Domain, as browsers demand of such a name."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_NAME, "
        "s.GLASNA_KEY_COOKIE_NAME, s.GLASNA_VISIT_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "glasna.settings", "GLASNA_HTTPS": "1", "GLASNA_DEBUG": "0"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    *names, session_secure, csrf_secure = json.loads(out.stdout)
    assert all(name.startswith("__Host-") for name in names) and session_secure and csrf_secure


@pytest.mark.django_db
def test_a_host_cookie_is_set_secure_for_the_whole_site(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_COOKIES = True
    settings.GLASNA_VISIT_COOKIE_NAME = "__Host-glasna_visit"
    response = HttpResponse()
    visit.start(response, SurvivorAccess(uuid.uuid4(), bytes(32)))
    cookie = response.cookies["__Host-glasna_visit"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"] and cookie["httponly"]
