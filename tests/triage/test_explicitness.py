"""The offline explicitness classifier on generated pattern images (never a real photograph)."""

import io

import pytest
from PIL import Image

from glasna.triage import explicitness
from tests.factories import pattern_png


def test_the_classifier_runs_on_a_generated_image_and_scores_in_zero_to_one():
    value = explicitness.score(pattern_png(size=(320, 240), seed=2))
    assert 0.0 <= value <= 1.0
    assert value < 0.4  # stripes and a circle are nothing like a body


@pytest.mark.parametrize("mode", ["RGBA", "L", "P", "CMYK"])
def test_other_colour_modes_and_sizes_are_read(mode):
    image = Image.new(mode, (17, 900))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if mode == "CMYK" else "PNG")
    assert 0.0 <= explicitness.score(buffer.getvalue()) <= 1.0


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + bytes(40)], ids=["empty", "text", "cut"])
def test_what_it_cannot_read_raises_unreadable(data):
    with pytest.raises(explicitness.Unreadable):
        explicitness.score(data)


def test_the_model_loads_once_per_process():
    explicitness.score(pattern_png())
    before = explicitness._session.cache_info()
    explicitness.score(pattern_png(seed=4))
    after = explicitness._session.cache_info()
    assert after.currsize == 1 and after.misses == before.misses


def test_the_model_ships_in_the_installed_package():
    path = explicitness.model_path()
    assert path.name == "320n.onnx" and path.stat().st_size > 1_000_000


@pytest.mark.parametrize(
    ("score", "percent", "expected"),
    [
        (0.39, 40, "show"),
        (0.40, 40, "blur"),
        (0.95, 40, "blur"),
        (None, 40, "blur"),
        (0.0, 0, "blur"),
        (0.99, 100, "show"),
    ],
)
def test_the_decision_blurs_at_or_above_the_setting_and_when_unreadable(settings, score, percent, expected):
    settings.GLASNA_TRIAGE_BLUR_PERCENT = percent
    assert explicitness.preview(score) == expected
