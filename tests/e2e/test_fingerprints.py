"""A survivor fingerprints three photos in the portal: PDQ is computed in her browser, only the
hashes are posted, and what the server stores equals pdqhash's hash of each file."""

import base64
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image
from playwright.sync_api import Request, expect

from glasna.matching.hashing import decode_image, pdq_of_pixels
from glasna.matching.models import HashEntry
from tests.e2e.conftest import DESKTOP, Site, open_with_receipt, receipt_on, walk_wizard
from tests.factories import make_organisation
from tests.matching.pdq_corpus import encoded, picture

pytestmark = pytest.mark.e2e


def _photos(directory: Path) -> list[Path]:
    paths = []
    for i, (fmt, orientation) in enumerate([("JPEG", 6), ("PNG", 1), ("WEBP", 3)]):
        path = directory / f"photo-{i + 1}.{fmt.lower()}"
        path.write_bytes(encoded(picture(640, 480 - 40 * i, seed=3004 + 6 * i), fmt, orientation, seed=i))
        paths.append(path)
    return paths


def _leaks(body: bytes, files: list[Path]) -> list[str]:
    """Pieces of any file (raw or base64) found in a request body."""
    found = []
    for path in files:
        data = path.read_bytes()
        for start in range(0, len(data) - 64, max(len(data) // 16, 64)):
            piece = data[start : start + 48]
            if piece in body or base64.b64encode(piece) in body:
                found.append(f"{path.name}@{start}")
    return found


def test_photos_are_fingerprinted_in_the_browser_and_never_sent(site: Site, tmp_path: Path) -> None:
    make_organisation("rs-cso", ["RS"])
    photos = _photos(tmp_path)
    page = site.new_page(**DESKTOP, locale="sr-RS")
    walk_wizard(
        page, site, "en", [{"forms": ["ibsa_shared"], "narrative": "Synthetic test."}, {}, {}, {"country": "RS"}]
    )
    receipt = receipt_on(page)
    open_with_receipt(page, site, "en", receipt)

    posted: list[Request] = []
    fetched: list[str] = []
    page.on("request", lambda request: posted.append(request) if request.method == "POST" else None)
    page.context.on("request", lambda request: fetched.append(request.url))
    page.goto(site.url("/en/my-report/fingerprints/"))
    site.check_accessibility(page, "the fingerprint page")
    page.locator("input[data-pdq-input]").set_input_files(photos)
    page.locator('input[name="platforms"][value="*"]').check()
    page.get_by_role("button", name="Make and send fingerprints").click()
    expect(page.locator("main")).to_contain_text("Fingerprints of 3 photos or videos were saved")

    assert any(url.endswith("/static/matching/pdq-worker.js") for url in fetched), "the work ran in a Worker"
    assert len(posted) == 1
    request = posted[0]
    body = request.post_data_buffer or b""
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert b"Content-Disposition" not in body and b"filename" not in body
    assert _leaks(body, photos) == []
    assert sum(len(p.read_bytes()) for p in photos) > 20 * len(body), "the body holds hashes, not pictures"

    stored = [(e.hash_value, e.quality, e.media_type) for e in HashEntry.objects.order_by("media_index")]
    expected = []
    for path in photos:
        server = pdq_of_pixels(decode_image(path.read_bytes()))
        expected.append((server.hash_value, server.quality, "image"))
    assert stored == expected


def test_a_photo_the_browser_cannot_open_is_named_and_nothing_is_sent(site: Site, tmp_path: Path) -> None:
    make_organisation("mk-cso", ["MK"])
    good = _photos(tmp_path)[1]
    heic = tmp_path / "from-phone.heic"
    pillow_heif.register_heif_opener()
    Image.fromarray(picture(320, 240, seed=4)).save(heic, "HEIF")
    page = site.new_page(**DESKTOP, locale="mk-MK")
    walk_wizard(
        page, site, "en", [{"forms": ["ibsa_shared"], "narrative": "Synthetic test."}, {}, {}, {"country": "MK"}]
    )
    open_with_receipt(page, site, "en", receipt_on(page))
    posted: list[Request] = []
    page.goto(site.url("/en/my-report/fingerprints/"))
    page.on("request", lambda request: posted.append(request) if request.method == "POST" else None)
    page.locator("input[data-pdq-input]").set_input_files([good, heic])
    page.locator('input[name="platforms"][value="*"]').check()
    page.get_by_role("button", name="Make and send fingerprints").click()
    expect(page.locator("[data-pdq-errors] li")).to_have_count(1)
    expect(page.locator("[data-pdq-errors] li")).to_contain_text(
        "“from-phone.heic” could not be opened in this browser"
    )
    site.check_accessibility(page, "the fingerprint page showing a problem")
    assert posted == [] and HashEntry.objects.count() == 0
