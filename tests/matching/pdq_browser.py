"""A bare Chromium page with pdq.js loaded, for the parity tests (no live server needed)."""

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

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
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content("<!doctype html><title>PDQ parity</title>")
        page.add_script_tag(path=str(PDQ_JS))
        yield page
        browser.close()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
