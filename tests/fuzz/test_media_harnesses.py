"""The media harnesses inside the suite: every file of the fuzzing corpus (the seeds, and every
crash atheris ever found, kept in tests/fuzz/corpus/crashes/) replayed through every harness, and a
short Hypothesis byte fuzz that mutates the seeds (flipped bits, cuts, spliced bytes). `make fuzz`
runs the same harnesses under atheris for longer."""

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.core.large_uploads import check_stream
from glasna.core.uploads import UploadRejected
from tests.factories import upload
from tests.fuzz.harnesses import HARNESSES, run

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(path for path in CORPUS.rglob("*") if path.is_file() and path.name != "README.md")
SEEDS = [path.read_bytes() for path in FILES if path.parent.name == "seeds"]


def test_the_corpus_has_seeds_of_every_kind() -> None:
    names = {path.name for path in FILES}
    assert {"pattern.png", "clip.mp4", "doc.pdf", "chat.zip", "bomb.png", "bomb.zip", "truncated.mp4"} <= names


@pytest.mark.parametrize("name", sorted(HARNESSES))
@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_corpus_file_is_accepted_or_refused_cleanly(name: str, path: Path) -> None:
    run(name, path.read_bytes())


@pytest.mark.parametrize("seed", ["bomb.png", "bomb.zip", "truncated.png", "truncated.mp4", "no-moov.mp4"])
def test_bombs_and_truncated_files_are_refused_by_the_vault(seed: str) -> None:
    data = (CORPUS / "seeds" / seed).read_bytes()
    with pytest.raises(UploadRejected):
        check_stream(io.BytesIO(data), seed, len(data), "")


@pytest.mark.django_db
def test_a_bomb_in_the_report_wizard_is_a_clear_4xx_and_keeps_the_answers() -> None:
    from django.test import Client

    from glasna.intake.models import Report
    from tests.factories import make_organisation
    from tests.intake.wizard_client import hidden, walk

    make_organisation("mk-cso", ["MK"])
    bomb = (CORPUS / "seeds" / "bomb.png").read_bytes()
    response = walk(Client(), "en", files=[upload("bomb.png", bomb, "image/png")])
    page = response.content.decode()
    assert response.status_code == 400 and "too many pixels" in page
    assert hidden(page, "state") and Report.objects.count() == 0  # nothing filed, the answers kept


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "cut", "splice", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[at:]
        elif action == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif data:
            data[at : at + 4] = b"\x00\x00\x00\x00" if draw(st.booleans()) else b"\xff\xff\xff\xff"
    return bytes(data)


@pytest.mark.parametrize("name", sorted(HARNESSES))
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=mutated())
def test_mutated_seeds_are_accepted_or_refused_cleanly(name: str, data: bytes) -> None:
    run(name, data)
