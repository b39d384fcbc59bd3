"""Script and language of a report: clear cases decided, close languages left as a group."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.triage.language import detect_language, detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [("Имам 15 година", "cyrillic"), ("Imam 15 godina", "latin"), ("😀 123", "none"), ("Имам 15 godina", "mixed")],
)
def test_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "language", "group"),
    [
        ("Jam 16 vjec dhe me kerkon para, nuk di cfare te bej", "sq", None),
        ("He keeps asking me for money and says he will post the photos", "en", None),
        ("Имам 14 години и тој бара пари, не знам што да правам", "mk", None),
        ("Имам 15 година, тражи да му пошаљем још слика", "sr", None),
        # Macedonian typed in Latin, with two Macedonian-only words
        ("Sakam da znaes deka nekoj gi objavi moite sliki", "mk", None),
        # Latin Bosnian, Croatian, Serbian and Montenegrin are never told apart
        ("Imam 15 godina i traži da mu pošaljem još slika", None, "bcms"),
        ("Imam petnaest godina i traži da mu pošaljem još fotografija, ne znam što da radim", None, "bcms"),
    ],
)
def test_language_or_group(text, language, group):
    guess = detect_language(text)
    assert (guess.language, guess.group) == (language, group)
    assert guess.decided


@pytest.mark.parametrize("text", ["", "ok", "😀😀😀😀😀😀😀😀😀", "12345678901234", "这是一个测试句子而且很长"])
def test_too_little_or_unknown_text_is_undecided(text):
    guess = detect_language(text)
    assert not guess.decided


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes(text):
    guess = detect_language(text)
    assert guess.language is None or guess.group is None


def test_enormous_and_mixed_text():
    huge = "Imam 15 godina i traži da mu pošaljem još slika. " * 20000
    assert detect_language(huge).group == "bcms"
    mixed = "Имам 15 година, тражи слике. He wants money and more photos from me, every day."
    guess = detect_language(mixed)
    assert guess.script == "mixed"
    assert guess.language is None or guess.language in {"sr", "en"}
