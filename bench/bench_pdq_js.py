"""PDQ in the browser: pdq.js in headless Chromium against pdqhash (the reference C++) on the same
pixels, both measured in this run. Pixels are handed over before timing; decoding is excluded.

    .venv/bin/python bench/bench_pdq_js.py [rounds]
"""

import base64
import os
import statistics
import sys
import time

import numpy as np
import pdqhash
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.matching.pdq_browser import CHROMIUM, CHROMIUM_ARGS, PDQ_JS  # noqa: E402
from tests.matching.pdq_corpus import picture  # noqa: E402

SIZES = [(640, 480), (1280, 960), (3000, 2000)]
STORE = """([b64, w, h]) => {
  const s = atob(b64); const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  window.benchPixels = a; window.benchSize = [w, h];
}"""
TIME_JS = """(rounds) => {
  const out = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    GlasnaPDQ.hashPixels(window.benchPixels, window.benchSize[0], window.benchSize[1], 3);
    out.push((performance.now() - t) / 1000);
  }
  return out;
}"""


def main(rounds: int) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content("<!doctype html><title>bench</title>")
        page.add_script_tag(path=str(PDQ_JS))
        print(f"{'size':>11} {'pdqhash ms':>11} {'pdq.js ms':>10} {'ratio':>6}")
        for width, height in SIZES:
            pixels = picture(width, height, seed=4)
            page.evaluate(STORE, [base64.b64encode(pixels.tobytes()).decode(), width, height])
            js = statistics.median(page.evaluate(TIME_JS, rounds))
            samples = []
            for _ in range(rounds):
                start = time.perf_counter()
                pdqhash.compute(np.ascontiguousarray(pixels))
                samples.append(time.perf_counter() - start)
            native = statistics.median(samples)
            print(f"{width:>5}x{height:<5} {native * 1000:>11.1f} {js * 1000:>10.1f} {js / native:>6.2f}")
        browser.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
