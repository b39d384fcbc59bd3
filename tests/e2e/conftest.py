"""Real-browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's
live server (a transactional database).

One browser serves every e2e test; each test opens its own contexts (fresh cookies, storage and
history). Nothing may leave the machine: every context records and aborts any request to a host
other than the live server and the quick-exit site, and a test fails if one was attempted.

The quick-exit site (settings.GLASNA_QUICK_EXIT_URL, https://neutral.example/weather in tests) is
reached through the server's redirect from /exit/. Playwright cannot intercept the target of a
redirect (microsoft/playwright#33882), so besides the context route for direct requests, a tiny
local HTTPS server stands in for neutral.example: Chromium resolves the name to it
(--host-resolver-rules) and trusts only its throwaway certificate (--ignore-certificate-errors-spki-list).
"""

import datetime
import http.server
import os
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route, expect, sync_playwright

from glasna.accounts import totp
from glasna.accounts.models import StaffMember
from tests.browser import CHROMIUM, browser_environment
from tests.certificates import self_signed
from tests.factories import pattern_png

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
EXIT_URL = "https://neutral.example/weather"
EXIT_HOST = "neutral.example"
WEATHER_PAGE = "<!doctype html><html lang=en><title>Weather</title><h1>Weather</h1><p>Sunny, 21 degrees.</p></html>"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a browser: mark it e2e (`-m "not e2e"` leaves them out)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# --- The stand-in for the quick-exit site -------------------------------------------------------


@dataclass
class NeutralSite:
    """A local HTTPS server answering for neutral.example; records what each visit told it."""

    port: int
    spki_sha256: str
    visits: list[dict[str, str]] = field(default_factory=list)


def _self_signed(directory: Path) -> tuple[Path, Path, str]:
    pair = self_signed(directory, EXIT_HOST, datetime.timedelta(days=1))
    return pair.cert_path, pair.key_path, pair.spki_sha256


@pytest.fixture(scope="package")
def neutral_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NeutralSite]:
    cert_path, key_path, spki = _self_signed(tmp_path_factory.mktemp("neutral-site"))
    visits: list[dict[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            visits.append({"path": self.path, "referer": self.headers.get("Referer", "")})
            body = WEATHER_PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_path, key_path)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site = NeutralSite(server.server_port, spki, visits)
    yield site
    server.shutdown()
    server.server_close()


# --- The browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def chromium(neutral_site: NeutralSite) -> Iterator[Browser]:
    """One headless Chromium for all e2e tests.

    Playwright's sync API keeps an asyncio loop running in the main thread while it is started,
    and Django refuses ORM calls from a thread with a running loop. The tests (and pytest-django's
    database set-up) call the ORM in that thread, so Django's guard is lifted while the browser
    runs, and only then: the fixture is package-scoped, so the rest of the suite keeps the guard."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the e2e tests need Debian's chromium package "
            "(scripts/install-system-deps installs it). Browsers are not downloaded.",
            pytrace=False,
        )
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm install` in the project root.", pytrace=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                env=browser_environment(),
                headless=True,
                args=[
                    *CHROMIUM_ARGS,
                    f"--host-resolver-rules=MAP {EXIT_HOST} 127.0.0.1:{neutral_site.port}",
                    f"--ignore-certificate-errors-spki-list={neutral_site.spki_sha256}",
                ],
            )
            yield browser
            browser.close()


@pytest.fixture(scope="package")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


# --- One test's view of the site -----------------------------------------------------------------


@dataclass
class Site:
    """The live server as the tests see it, plus what the browser did that it must not do."""

    base: str
    browser: Browser
    neutral: NeutralSite
    axe_source: str
    third_party: list[str] = field(default_factory=list)
    policy_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def netloc(self) -> str:
        return urlsplit(self.base).netloc

    def new_context(self, **options: Any) -> BrowserContext:
        context = self.browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("request", self._watch_request)
        context.on("console", self._watch_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.route("**/*", self._route)
        self.contexts.append(context)
        return context

    def new_page(self, **options: Any) -> Page:
        return self.new_context(**options).new_page()

    def _is_ours(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "ws", "wss"):
            return True  # data:, blob:, about: and the like never leave the browser
        return parts.netloc == self.netloc or parts.hostname == EXIT_HOST

    def _watch_request(self, request: Any) -> None:
        if not self._is_ours(request.url):
            self.third_party.append(request.url)

    def _watch_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.policy_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def _route(self, route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if host == EXIT_HOST:
            self.neutral.visits.append(
                {"path": urlsplit(url).path, "referer": route.request.headers.get("referer", "")}
            )
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=WEATHER_PAGE)
        elif self._is_ours(url):
            route.continue_()
        else:
            if url not in self.third_party:
                self.third_party.append(url)
            route.abort()

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()

    # -- Accessibility --

    def check_accessibility(self, page: Page, name: str) -> None:
        """Run axe-core on the page; fail on any serious or critical violation.

        The pages' CSP (script-src 'self') would block an injected <script>; evaluation through
        the DevTools protocol is not subject to it."""
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe_source)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
        lines = []
        for violation in bad:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            lines.append(
                f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})\n"
                + "\n".join(f"      - {target}" for target in targets[:10])
                + (f"\n      ... and {len(targets) - 10} more" if len(targets) > 10 else "")
            )
        if bad:
            pytest.fail(f"axe-core found serious/critical violations on {name} ({page.url}):\n" + "\n".join(lines))


@pytest.fixture
def site(live_server: Any, chromium: Browser, neutral_site: NeutralSite, axe_source: str) -> Iterator[Site]:
    """The live server and a browser for one test. After the test: no request left for another
    host, no content-security-policy violation, no uncaught script error."""
    neutral_site.visits.clear()
    current = Site(live_server.url, chromium, neutral_site, axe_source)
    yield current
    current.close()
    problems = [
        ("the browser tried to reach third parties", current.third_party),
        ("Content-Security-Policy violations", current.policy_violations),
        ("uncaught script errors", current.page_errors),
    ]
    found = [f"{title}:\n  " + "\n  ".join(items) for title, items in problems if items]
    if found:
        pytest.fail("\n".join(found), pytrace=False)


# --- Walking the site like a person --------------------------------------------------------------

STEP_COUNT = 7


def answer(page: Page, answers: dict[str, Any]) -> None:
    """Tick, choose and type the given answers on the current wizard step.

    A list ticks checkboxes; a string chooses the radio button with that value when the field is
    a set of radio buttons, and is typed into the field otherwise."""
    for name, value in answers.items():
        if isinstance(value, list):
            for item in value:
                page.locator(f'input[type="checkbox"][name="{name}"][value="{item}"]').check()
        elif page.locator(f'input[type="radio"][name="{name}"]').count():
            page.locator(f'input[type="radio"][name="{name}"][value="{value}"]').check()
        else:
            page.locator(f'[name="{name}"]').fill(value)


def press(page: Page, selector: str, touch: bool = False) -> None:
    button = page.locator(selector)
    if touch:
        button.tap()
    else:
        button.click()


def continue_to(page: Page, step: int, touch: bool = False) -> None:
    """Press "Continue" and wait for the given step (0-based) to be shown."""
    press(page, 'main button[name="next"]', touch)
    expect(page.locator('input[name="step"]')).to_have_value(str(step))


def walk_wizard(
    page: Page,
    site: Site,
    language: str,
    steps: list[dict[str, Any]],
    upload: Path | None = None,
    stop_at: int | None = None,
    touch: bool = False,
) -> None:
    """Open the wizard and answer `steps` (one dict per step, missing steps skipped with
    "Continue"). With stop_at (0-based), stop once that step is shown; otherwise choose `upload`
    on the last step, send the report and wait for the receipt."""
    page.goto(site.url(f"/{language}/report/"))
    expect(page.locator('input[name="step"]')).to_have_value("0")
    for index in range(STEP_COUNT):
        if stop_at == index:
            return
        answer(page, steps[index] if index < len(steps) else {})
        if index < STEP_COUNT - 1:
            continue_to(page, index + 1, touch)
    if upload is not None:
        page.locator('input[name="files"]').set_input_files(upload)
    press(page, 'main button[name="next"]', touch)
    expect(page.locator("#receipt-code")).to_be_visible()


def receipt_on(page: Page) -> str:
    text = page.locator("#receipt-code").inner_text().strip()
    digits = text.replace(" ", "")
    assert len(digits) == 16 and digits.isdigit(), f"not a receipt: {text!r}"
    return text


def open_with_receipt(page: Page, site: Site, language: str, receipt: str, touch: bool = False) -> None:
    page.goto(site.url(f"/{language}/return/"))
    page.locator('input[name="receipt"]').fill(receipt)
    press(page, "main form button[type=submit]", touch)
    expect(page).to_have_url(site.url(f"/{language}/my-report/"))


def staff_sign_in(page: Page, site: Site, language: str, username: str, password: str) -> None:
    """Password, then first-time two-step set-up with a code computed from the shown key."""
    page.goto(site.url(f"/{language}/staff/login/"))
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(site.url(f"/{language}/staff/login/set-up/"))
    secret = page.locator("#totp-secret").inner_text().strip()
    page.locator('input[name="code"]').fill(pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    keep_codes(page)
    expect(page).to_have_url(site.url(f"/{language}/staff/"))


def confirm_code(page: Page, staff: StaffMember) -> None:
    """On the step-up page: a fresh code (the next time step; sign-in spent the current one)."""
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    code = pyotp.TOTP(totp.secret_of(StaffMember.objects.get(pk=staff.pk))).at(time.time() + 30)
    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit]").click()


def keep_codes(page: Page) -> list[str]:
    """The one-time codes shown once after a first enrolment: read them, tick, continue."""
    expect(page.locator("#one-time-codes li")).to_have_count(10)
    codes = [code.strip() for code in page.locator("#one-time-codes li").all_inner_texts()]
    page.locator('input[name="saved"]').check()
    page.locator("main form button[type=submit]").click()
    return codes


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "screenshot-evidence.png"
    path.write_bytes(pattern_png((120, 90), seed=3))
    return path


@pytest.fixture
def fake_png_file(tmp_path: Path) -> Path:
    """A text file wearing a picture's name: the server must refuse it."""
    path = tmp_path / "not-really-a-picture.png"
    path.write_text("These are notes, not a picture.\n", encoding="utf-8")
    return path


@pytest.fixture
def exit_url() -> str:
    assert settings.GLASNA_QUICK_EXIT_URL == EXIT_URL, "tests/settings.py sets the quick-exit site"
    return EXIT_URL
