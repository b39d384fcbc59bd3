import pytest

from glasna.core.uploads import UploadRejected, check_upload, sniff
from tests.factories import pattern_png, upload


def test_png_accepted_and_named_from_content() -> None:
    checked = check_upload(upload("photo.exe", pattern_png(), "image/png"))
    assert checked.content_type == "image/png" and checked.name == "photo.png"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"%PDF-1.7", "application/pdf"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x00\x00\x00\x18ftypheic", "image/heic"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"<html>", None),
    ],
)
def test_sniffing(head: bytes, kind: str | None) -> None:
    found = sniff(head)
    assert (found[0] if found else None) == kind


def test_empty_file_refused() -> None:
    with pytest.raises(UploadRejected):
        check_upload(upload("empty.png", b"", "image/png"))


def test_file_name_loses_hidden_characters_and_paths() -> None:
    checked = check_upload(upload("../../evil\u202egnp.png", pattern_png(), "image/png"))
    assert "/" not in checked.name and "\u202e" not in checked.name


def test_bomb_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_IMAGE_PIXELS = 100
    with pytest.raises(UploadRejected, match="too many pixels"):
        check_upload(upload("b.png", pattern_png((50, 50)), "image/png"))
