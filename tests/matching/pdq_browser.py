"""A bare Chromium page with pdq.js loaded, for the parity tests (no live server needed)."""

import base64
import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.browser import CHROMIUM, browser_environment

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
STATIC = Path(__file__).resolve().parents[2] / "glasna" / "matching" / "static" / "matching"
PDQ_JS = STATIC / "pdq.js"

# Decode base64 RGB bytes and hash them with pdq.js; returns [hash, quality] per picture.
HASH_PIXELS = """(items) => items.map(([b64, width, height]) => {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
  const result = GlasnaPDQ.hashPixels(bytes, width, height, 3);
  return [result.hash, result.quality];
})"""


@pytest.fixture(scope="module")
def pdq_page() -> Iterator[Page]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing at {CHROMIUM} (scripts/install-system-deps installs it).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), env=browser_environment(), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_content("<!doctype html><title>PDQ parity</title>")
        page.add_script_tag(path=str(PDQ_JS))
        yield page
        browser.close()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Fetch each file from the page's own origin and hash it with pdq.js's browser decoder;
# [hash, quality] or ["error", message] per file.
HASH_FILES = """async (names) => {
  const out = [];
  for (const name of names) {
    try {
      const blob = await (await fetch(name)).blob();
      const result = await GlasnaPDQ.hashImageBlob(blob);
      out.push([result.hash, result.quality]);
    } catch (error) {
      out.push(["error", String(error)]);
    }
  }
  return out;
}"""


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A local HTTP server for the files in `directory`: the page fetches them from its own origin
    (no megabytes of base64 through the DevTools protocol)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
