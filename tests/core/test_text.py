import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from glasna.core.text import BIDI_CONTROLS, ZERO_WIDTH, clean_free_text, clean_identifier, strip_invisible


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_direction_controls_refused_everywhere(char: str) -> None:
    with pytest.raises(ValidationError):
        clean_free_text(f"abc{char}def")
    with pytest.raises(ValidationError):
        clean_identifier(f"abc{char}def")


@pytest.mark.parametrize("char", sorted(ZERO_WIDTH))
def test_zero_width_refused_in_identifiers(char: str) -> None:
    with pytest.raises(ValidationError):
        clean_identifier(f"t.me/ab{char}c")


def test_free_text_keeps_emoji_joiners_and_other_scripts() -> None:
    family = "\U0001f469\u200d\U0001f467"
    assert (
        clean_free_text(f"Она ми пиша {family} — Ajo më shkroi — مرحبا")
        == f"Она ми пиша {family} — Ajo më shkroi — مرحبا"
    )


def test_control_characters_refused_but_newlines_kept() -> None:
    assert clean_free_text("line one\r\nline two") == "line one\nline two"
    with pytest.raises(ValidationError):
        clean_free_text("bell\x07")


@given(st.text())
def test_strip_invisible_leaves_nothing_to_refuse(value: str) -> None:
    cleaned = strip_invisible(value)
    assert not any(ch in BIDI_CONTROLS or ch in ZERO_WIDTH for ch in cleaned)
    clean_identifier(cleaned.replace("\n", ""))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs")), max_size=200))
def test_ordinary_text_round_trips(value: str) -> None:
    import unicodedata

    assert clean_free_text(value) == unicodedata.normalize("NFC", value).strip()
