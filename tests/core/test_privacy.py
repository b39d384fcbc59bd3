"""Safety by design: headers, cookies, quick exit, and no third-party hosts anywhere."""

import re
from pathlib import Path

import pytest
from django.test import Client

import glasna

pytestmark = pytest.mark.django_db

ROOT = Path(glasna.__file__).parent
PUBLIC_PAGES = ["/en/", "/mk/", "/sq/safety/", "/sr/", "/sr-latn/safety/", "/bs/", "/hr/", "/cnr/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_set_no_cookies(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies, f"{path} set {list(response.cookies)}"


@pytest.mark.parametrize("path", ["/en/", "/en/report/", "/en/return/", "/en/staff/login/"])
def test_protective_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response["Cache-Control"].startswith("no-store")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_quick_exit_leaves_and_clears(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/exit/")
    assert response.status_code == 302 and response["Location"] == settings.GLASNA_QUICK_EXIT_URL
    assert '"cookies"' in response["Clear-Site-Data"]


@pytest.mark.parametrize("path", ["/en/", "/mk/report/", "/en/return/"])
def test_quick_exit_on_every_public_page(client: Client, path: str) -> None:
    html = client.get(path).content.decode()
    assert 'id="quick-exit"' in html and 'href="/exit/"' in html and 'accesskey="x"' in html


def test_no_third_party_hosts_in_templates_or_static() -> None:
    """Pages may link nowhere outside except the quick exit's configured target and helpline sites."""
    pattern = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)
    offenders = []
    for path in list((ROOT / "templates").rglob("*.html")) + list(ROOT.rglob("static/**/*.*")):
        for match in pattern.findall(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match}")
    assert offenders == []


def test_root_redirects_to_the_visitors_language(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sq,en;q=0.5")
    assert response["Location"] == "/sq/"


def test_language_switcher_keeps_the_page(client: Client) -> None:
    html = client.get("/mk/safety/").content.decode()
    for code in ["sq", "mk", "sr", "sr-latn", "bs", "hr", "cnr", "en"]:
        assert f'href="/{code}/safety/"' in html


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
def test_trace_and_its_kin_are_refused(client: Client, method: str) -> None:
    response = client.generic(method, "/en/")
    assert response.status_code == 405 and b"Cookie" not in response.content
    assert client.get("/en/").status_code == 200
