"""Evidence images carry the same PDQ as the matching room computes, equal to threatexchange's."""

import io

import numpy as np
import pytest
from PIL import Image
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes

from glasna.evidence import image_hashing, services
from tests.evidence.helpers import CAPTURE, make_case, stream_of

pytestmark = pytest.mark.django_db


def _photo_like(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, size=(12, 18, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(small).resize((360, 240), Image.Resampling.BILINEAR).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pdq_of_a_file_handle_equals_threatexchange(seed: int) -> None:
    data = _photo_like(seed)
    expected, quality = pdq_from_bytes(data)
    assert image_hashing.pdq(io.BytesIO(data)) == (expected, quality)


def test_an_added_image_item_records_its_pdq() -> None:
    setup = make_case()
    data = _photo_like(4)
    item = services.add_file(setup.org.staff, setup.org.org_keys, setup.case.pk, stream_of(data), "P", CAPTURE)
    record = services.open_item(setup.org.staff, setup.org.org_keys, item.pk).record
    assert (record["pdq"], record["pdq_quality"]) == pdq_from_bytes(data)
