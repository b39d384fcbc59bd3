"""Matching a quote against its seed: markup and line breaks aside, word for word, in order."""

from glasna.law.quotes import contains_in_order, normalise


def test_normalise_drops_markup_and_typographic_quotes() -> None:
    assert normalise("the **Code**<sup>12</sup> “defines”\n  it") == 'the Code "defines" it'


def test_parts_around_an_elision_must_appear_in_order() -> None:
    text = normalise("First sentence here. Something between. Last sentence there.")
    assert contains_in_order(text, "First sentence here. […] Last sentence")
    assert not contains_in_order(text, "Last sentence there. […] First sentence")
    assert not contains_in_order(text, "First sentence there.")
