"""URLs in notices: bad input refused with a reason, internationalised domains in punycode."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glasna.takedown.addresses import BadURL, normalise


def test_internationalised_domain_goes_out_in_punycode_and_is_shown_in_unicode() -> None:
    address = normalise("https://primjer-šđčćž.me/slika?id=1#frag")
    assert address.ascii.startswith("https://xn--") and address.ascii.endswith("/slika?id=1")
    assert address.display == "https://primjer-šđčćž.me/slika?id=1"


def test_survivor_shorthand_gets_a_scheme() -> None:
    assert normalise("t.me/invented_group").ascii == "https://t.me/invented_group"


@pytest.mark.parametrize(
    "raw", ["", "not a url", "javascript:alert(1)", "ftp://host/x", "https://", "http://exa mple.com"]
)
def test_not_urls_are_refused(raw: str) -> None:
    with pytest.raises(BadURL):
        normalise(raw)


def test_credentials_in_a_url_are_dropped() -> None:
    assert "secret" not in normalise("https://user:secret@example.com/a").ascii


@given(st.text(max_size=60))
def test_any_text_is_either_a_clean_url_or_a_clear_refusal(raw: str) -> None:
    try:
        address = normalise(raw)
    except BadURL as exc:
        assert str(exc)
    else:
        assert address.ascii.startswith(("http://", "https://")) and address.ascii.isascii()
