"""How likely an image is to be sexually explicit, offline, for blurring previews on the case page.

The model is NudeNet 3.4's 320n detector (docs/decisions/0007-image-explicitness.md): an ONNX file
inside the `nudenet` wheel, run with onnxruntime on the CPU. We do not import `nudenet` itself (it
pulls in OpenCV for its pre-processing); we read the model file from the installed package and do
the same pre-processing with Pillow and numpy: pad to a square at the top left, resize to 320x320,
RGB scaled to [0, 1]. The score is the highest class probability among the exposed-body classes
over all candidate boxes, so in [0, 1]. The session is loaded once per process, on first use.

A score is a reason to blur, never a finding: the caseworker decides what the image shows.
"""

from __future__ import annotations

import functools
import importlib.util
import io
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from PIL import Image, UnidentifiedImageError

SIZE = 320
# NudeNet's label order; the classes whose detection makes an image explicit.
LABELS = (
    "FEMALE_GENITALIA_COVERED", "FACE_FEMALE", "BUTTOCKS_EXPOSED", "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED", "MALE_BREAST_EXPOSED", "ANUS_EXPOSED", "FEET_EXPOSED", "BELLY_COVERED",
    "FEET_COVERED", "ARMPITS_COVERED", "ARMPITS_EXPOSED", "FACE_MALE", "BELLY_EXPOSED",
    "MALE_GENITALIA_EXPOSED", "ANUS_COVERED", "FEMALE_BREAST_COVERED", "BUTTOCKS_COVERED",
)  # fmt: skip
EXPLICIT = tuple(
    LABELS.index(name)
    for name in (
        "BUTTOCKS_EXPOSED",
        "FEMALE_BREAST_EXPOSED",
        "FEMALE_GENITALIA_EXPOSED",
        "ANUS_EXPOSED",
        "MALE_GENITALIA_EXPOSED",
    )
)


class Unreadable(Exception):
    """The bytes are not an image the classifier can read (or the model is not installed)."""


def model_path() -> Path:
    spec = importlib.util.find_spec("nudenet")
    if spec is None or not spec.submodule_search_locations:
        raise Unreadable("the nudenet package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "320n.onnx"


@functools.cache
def _session() -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # one image at a time inside a web request; leave cores to others
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])


def _input(data: bytes) -> np.ndarray:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (SIZE * 2, SIZE * 2))  # JPEG: decode at a reduced size, much cheaper
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Unreadable(str(exc)) from exc
    side = max(rgb.size)
    square = Image.new("RGB", (side, side))
    square.paste(rgb, (0, 0))
    array = np.asarray(square.resize((SIZE, SIZE), Image.Resampling.BILINEAR), dtype=np.float32) / 255.0
    return array.transpose(2, 0, 1)[None]


def score(data: bytes) -> float:
    """The explicitness score of an image in [0, 1]; raises Unreadable."""
    session = _session()
    output = session.run(None, {session.get_inputs()[0].name: _input(data)})[0]
    classes = np.squeeze(output, axis=0)[4:]  # rows: 4 box coordinates, then one row per class
    return float(np.clip(classes[list(EXPLICIT)].max(), 0.0, 1.0))


def threshold() -> float:
    return float(settings.GLASNA_TRIAGE_BLUR_PERCENT) / 100


def preview(value: float | None) -> str:
    """How the case page shows an image with this score: "blur" above the threshold or when the
    classifier could not read it (None), "show" otherwise."""
    if value is None or value >= threshold():
        return "blur"
    return "show"
