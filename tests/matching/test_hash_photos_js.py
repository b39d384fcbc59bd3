"""hash-photos.js in real Chromium, on a stand-alone page served under the site's strict CSP: the
survivor picks files, fingerprints are computed on the page, and the form posts only the hashes.

The portal's own page is exercised end to end in tests/e2e; this test pins the script's contract
(the data-pdq-* attributes, the JSON it posts) without the Django app."""

import base64
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import numpy as np
import pillow_heif
import pytest
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser import CHROMIUM, browser_environment
from tests.matching.pdq_browser import CHROMIUM_ARGS, STATIC
from tests.matching.pdq_corpus import encoded, hamming, picture, reference_hash, server_hash

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _no_pixel_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's decompression-bomb limit is process-wide and other tests lower it; this corpus is ours.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)


CSP = (
    "default-src 'none'; script-src 'self'; worker-src 'self'; media-src blob:; img-src 'self' data: blob:; "
    "form-action 'self'; connect-src 'self'; base-uri 'none'"
)
# The strings a template would translate; "{…}" placeholders are filled in by the script.
FORM_PAGE = """<!doctype html><html lang="en"><head><title>Fingerprints</title>
<script src="/static/pdq.js"></script><script src="/static/hash-photos.js" defer></script></head>
<body><main><form method="post" action="/send" enctype="multipart/form-data" data-pdq-form
  data-pdq-worker="/static/pdq-worker.js" data-pdq-script="/static/pdq.js"
  data-pdq-progress="Fingerprinting file {n} of {total}…" data-pdq-video-progress="Video {n}: second {second} of {seconds}…"
  data-pdq-done="Fingerprints ready; sending only them." data-pdq-failed="“{name}” could not be opened in this browser."
  data-pdq-no-frames="“{name}”: no frame could be read." data-pdq-low-quality="“{name}” is too plain to recognise."
  data-pdq-unsupported="This browser cannot make fingerprints.">
<label for="media">Photos or videos</label>
<input id="media" type="file" name="media" multiple accept="image/*,video/*" data-pdq-input>
<input type="hidden" name="hashes" value="">
<input type="hidden" name="receipt" value="1234 5678 9012 3456">
<button type="submit" name="action" value="hash">Send fingerprints</button>
</form></main></body></html>"""


@dataclass
class FormSite:
    base: str
    posts: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def form_site(tmp_path: Path) -> Iterator[FormSite]:
    static = tmp_path / "static"
    shutil.copytree(STATIC, static)
    site = FormSite("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.startswith("/static/") and (static / self.path[8:]).is_file():
                self._send((static / self.path[8:]).read_bytes(), "text/javascript")
            elif self.path == "/":
                self._send(FORM_PAGE.encode(), "text/html; charset=utf-8")
            elif self.path == "/favicon.ico":
                self._send(b"", "image/x-icon")
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            site.posts.append({"content_type": self.headers.get("Content-Type", ""), "body": body})
            self._send(b"<!doctype html><title>Sent</title><h1>Sent</h1>", "text/html; charset=utf-8")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.base = f"http://127.0.0.1:{server.server_port}"
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), env=browser_environment(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class Watched:
    page: Page
    problems: list[str]
    bodies: list[bytes]


def _open(browser: Any, site: FormSite) -> Watched:
    page = browser.new_page()
    watched = Watched(page, [], [])
    page.on("console", lambda m: watched.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.problems.append(str(e)))
    page.on("request", lambda r: watched.bodies.append(r.post_data_buffer or b"") if r.method == "POST" else None)
    page.goto(site.base + "/")
    return watched


def _photos(tmp_path: Path) -> list[Path]:
    paths = []
    for i, (fmt, orientation) in enumerate([("JPEG", 6), ("PNG", 3), ("WEBP", 8)]):
        path = tmp_path / f"photo-{i}.{fmt.lower()}"
        path.write_bytes(encoded(picture(480 + 40 * i, 360, seed=2000 + 6 * i + 4), fmt, orientation, seed=i))
        paths.append(path)
    return paths


def test_only_hashes_leave_the_page(browser_page: Any, form_site: FormSite, tmp_path: Path) -> None:
    photos = _photos(tmp_path)
    watched = _open(browser_page, form_site)
    watched.page.locator("input[data-pdq-input]").set_input_files(photos)
    watched.page.get_by_role("button", name="Send fingerprints").click()
    expect(watched.page.locator("h1")).to_have_text("Sent")

    assert len(form_site.posts) == 1
    post = form_site.posts[0]
    assert post["content_type"] == "application/x-www-form-urlencoded"
    fields = parse_qs(post["body"].decode("ascii"))
    assert set(fields) == {"hashes", "receipt", "action"}, "no file field is posted"
    assert fields["action"] == ["hash"], "the button pressed is still part of the submission"
    for body in [post["body"], *watched.bodies]:
        for photo in photos:
            data = photo.read_bytes()
            for start in range(0, len(data) - 64, max(len(data) // 8, 64)):
                assert data[start : start + 64] not in body
                assert base64.b64encode(data[start : start + 48]) not in body
    hashes = json.loads(fields["hashes"][0])
    assert hashes == [
        {
            "signal_type": "pdq",
            "hash": server_hash(photo)[0],
            "quality": server_hash(photo)[1],
            "media_index": index,
            "frame_ts": None,
            "media_type": "image",
        }
        for index, photo in enumerate(photos)
    ]
    assert watched.problems == []


def test_without_workers_the_page_hashes_itself(browser_page: Any, form_site: FormSite, tmp_path: Path) -> None:
    photos = _photos(tmp_path)[:2]
    page = browser_page.new_page()
    page.add_init_script("delete window.Worker;")
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(form_site.base + "/")
    page.locator("input[data-pdq-input]").set_input_files(photos)
    page.get_by_role("button", name="Send fingerprints").click()
    expect(page.locator("h1")).to_have_text("Sent")
    assert not any(url.endswith("/pdq-worker.js") for url in requested)
    hashes = json.loads(parse_qs(form_site.posts[0]["body"].decode("ascii"))["hashes"][0])
    assert [(h["hash"], h["quality"]) for h in hashes] == [server_hash(p) for p in photos]
    page.close()


def test_undecodable_and_plain_files_are_named_in_the_page(
    browser_page: Any, form_site: FormSite, tmp_path: Path
) -> None:
    good = _photos(tmp_path)[0]
    heic = tmp_path / "holiday.heic"
    pillow_heif.register_heif_opener()
    Image.fromarray(picture(320, 240, seed=4)).save(heic, "HEIF")
    plain = tmp_path / "plain.png"
    Image.new("RGB", (200, 200), (120, 120, 120)).save(plain)
    watched = _open(browser_page, form_site)
    watched.page.locator("input[data-pdq-input]").set_input_files([good, heic, plain])
    watched.page.get_by_role("button", name="Send fingerprints").click()
    alert = watched.page.locator("[data-pdq-errors]")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert.locator("li")).to_have_text(
        ["“holiday.heic” could not be opened in this browser.", "“plain.png” is too plain to recognise."]
    )
    assert form_site.posts == [], "nothing is sent while a file has a problem"
    expect(watched.page.locator("input[data-pdq-input]")).to_be_enabled()
    status = watched.page.locator("[data-pdq-status]")
    expect(status).to_have_attribute("aria-live", "polite")


# Records a WebM in the page (MediaRecorder on a canvas): about 1.5 s of one picture, then 1.5 s of
# another. Returns [webm base64, RGBA of picture A, RGBA of picture B, width, height].
RECORD_VIDEO = """async () => {
  const width = 320, height = 240;
  const canvas = document.createElement("canvas");
  canvas.width = width; canvas.height = height;
  const ctx = canvas.getContext("2d");
  function sceneA() {
    const g = ctx.createLinearGradient(0, 0, width, height);
    g.addColorStop(0, "#f0e020"); g.addColorStop(1, "#1040c0");
    ctx.fillStyle = g; ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#202020"; ctx.beginPath(); ctx.ellipse(100, 150, 70, 50, 0, 0, 2 * Math.PI); ctx.fill();
    ctx.fillStyle = "#ffffff"; ctx.fillRect(200, 20, 90, 60);
  }
  function sceneB() {
    ctx.fillStyle = "#e0e0e0"; ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#102030"; ctx.fillRect(0, 0, 80, height); ctx.fillRect(160, 0, 80, height);
    ctx.fillStyle = "#c01030"; ctx.beginPath(); ctx.ellipse(200, 90, 60, 60, 0, 0, 2 * Math.PI); ctx.fill();
  }
  sceneA(); const a = ctx.getImageData(0, 0, width, height).data;
  sceneB(); const b = ctx.getImageData(0, 0, width, height).data;
  sceneA();
  const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: "video/webm;codecs=vp8"});
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  let scene = sceneA;
  const timer = setInterval(() => scene(), 40);
  recorder.start();
  await new Promise((r) => setTimeout(r, 1500));
  scene = sceneB;
  await new Promise((r) => setTimeout(r, 1500));
  recorder.stop(); clearInterval(timer); await stopped;
  const bytes = new Uint8Array(await new Blob(chunks, {type: "video/webm"}).arrayBuffer());
  let text = ""; for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  const enc = (px) => { let t = ""; for (let i = 0; i < px.length; i++) t += String.fromCharCode(px[i]); return btoa(t); };
  return [btoa(text), enc(a), enc(b), width, height];
}"""


def test_video_frames_are_hashed_once_a_second(browser_page: Any, form_site: FormSite, tmp_path: Path) -> None:
    watched = _open(browser_page, form_site)
    webm, scene_a, scene_b, width, height = watched.page.evaluate(RECORD_VIDEO)
    video = tmp_path / "clip.webm"
    video.write_bytes(base64.b64decode(webm))
    scenes = []
    for rgba in (scene_a, scene_b):
        pixels = Image.frombytes("RGBA", (width, height), base64.b64decode(rgba)).convert("RGB")
        scenes.append(reference_hash(np.asarray(pixels)))

    watched.page.locator("input[data-pdq-input]").set_input_files([video])
    watched.page.get_by_role("button", name="Send fingerprints").click()
    expect(watched.page.locator("h1")).to_have_text("Sent", timeout=60_000)

    fields = parse_qs(form_site.posts[0]["body"].decode("ascii"))
    frames = json.loads(fields["hashes"][0])
    assert {f["signal_type"] for f in frames} == {"vpdq_frame"}
    assert {f["media_type"] for f in frames} == {"video"}
    assert {f["media_index"] for f in frames} == {0}
    stamps = [f["frame_ts"] for f in frames]
    assert stamps == sorted(set(stamps)) and stamps[0] == 0 and all(float(s).is_integer() for s in stamps)
    assert all(a["hash"] != b["hash"] for a, b in zip(frames, frames[1:], strict=False)), "consecutive repeats dropped"
    # The first second shows picture A and the last kept frame picture B (VP8 is lossy: near, not equal).
    print(
        "video frames",
        [(f["frame_ts"], hamming(f["hash"], scenes[0][0]), hamming(f["hash"], scenes[1][0])) for f in frames],
    )
    assert hamming(frames[0]["hash"], scenes[0][0]) <= 31
    assert hamming(frames[-1]["hash"], scenes[1][0]) <= 31
    assert hamming(scenes[0][0], scenes[1][0]) > 64
    assert watched.problems == []
    body = form_site.posts[0]["body"]
    data = video.read_bytes()
    assert data[len(data) // 2 : len(data) // 2 + 64] not in body
