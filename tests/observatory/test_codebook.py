"""The codebook: every code has a translatable label, every form its alignment with a certainty."""

from django.utils import translation

from glasna.intake import taxonomy
from glasna.observatory import codebook


def test_codes_and_labels_match() -> None:
    assert codebook.problems() == []


def test_intake_answers_are_codebook_codes() -> None:
    book = codebook.load()
    assert {code for code, _ in taxonomy.FORMS} == set(book.codes("form"))
    assert {code for code, _ in taxonomy.PLATFORMS} - {taxonomy.DONT_KNOW} <= set(book.codes("platform"))
    assert {code for code, _ in taxonomy.COUNTRIES} - {taxonomy.PREFER_NOT} <= set(book.codes("country"))


def test_dsa_keywords_include_both_generations() -> None:
    keywords = {k for form in codebook.load().forms for k in form["dsa_tdb"]["keywords"]}
    assert {
        "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
        "KEYWORD_NON_CONSENSUAL_ITEMS_DEEPFAKE",
        "KEYWORD_CYBER_STALKING",
        "KEYWORD_CYBER_HARASSMENT",
        "KEYWORD_STALKING",
    } <= keywords
    assert all(k.startswith("KEYWORD_") for k in keywords)


def test_labels_follow_the_language() -> None:
    with translation.override("en"):
        assert codebook.label("stage", "convicted") == "Convicted"
    assert codebook.label("stage", "not-a-code") == "not-a-code"
