"""Perpetrator identifiers (glasna/networks/perpetrators.py): every way of writing one becomes one."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.networks.identifiers import InvalidIdentifier
from glasna.networks.perpetrators import normalise_perpetrator


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("+389 70 000 000", ""),
        ("070 000 000", "MK"),
        ("070/000-000", "mk"),
        ("00389 70 000 000", "MK"),
        ("+389 (70) 000-000", "AL"),
        ("＋３８９７０００００００", ""),  # full-width digits
    ],
)
def test_phone_numbers_become_e164(raw: str, region: str) -> None:
    assert normalise_perpetrator("phone", raw, region).value == "+38970000000"


def test_a_viber_account_is_its_phone_number() -> None:
    assert normalise_perpetrator("viber", "070 000 000", "MK") == normalise_perpetrator("phone", "+38970000000")


@pytest.mark.parametrize("raw", ["", "abc", "070 000", "+389 70 000 000 000 000", "@someone"])
def test_malformed_numbers_are_refused_with_a_message(raw: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalise_perpetrator("phone", raw, "MK")
    assert "phone number" in str(caught.value.message)


def test_e_mail_addresses_are_trimmed_and_lower_case_without_provider_rules() -> None:
    found = normalise_perpetrator("email", "  Invented.Person+x@Example.ORG ")
    assert found.value == "invented.person+x@example.org"
    assert normalise_perpetrator("email", "inventedperson@example.org") != found


@pytest.mark.parametrize("raw", ["", "no-at-sign", "a@b", "a@@example.org", "a b@example.org"])
def test_malformed_addresses_are_refused(raw: str) -> None:
    with pytest.raises(InvalidIdentifier):
        normalise_perpetrator("email", raw)


@pytest.mark.parametrize(
    ("kind", "forms", "value"),
    [
        ("telegram", ["@Invented_Person", "https://t.me/invented_person", "t.me/invented_person/"], "invented_person"),
        ("instagram", ["@Invented.Person", "https://www.instagram.com/invented.person/?igsh=x"], "invented.person"),
        ("tiktok", ["@invented.person", "https://www.tiktok.com/@Invented.Person"], "invented.person"),
        ("facebook", ["invented.person", "https://m.facebook.com/Invented.Person"], "invented.person"),
    ],
)
def test_handles_reuse_the_registry_normaliser(kind: str, forms: list[str], value: str) -> None:
    assert {normalise_perpetrator(kind, form).value for form in forms} == {value}


def test_a_handle_of_another_platform_is_refused() -> None:
    with pytest.raises(InvalidIdentifier):
        normalise_perpetrator("instagram", "https://t.me/invented_person")
    with pytest.raises(InvalidIdentifier):
        normalise_perpetrator("signal", "invented")


local_parts = st.from_regex(r"[a-z0-9][a-z0-9._]{0,20}[a-z0-9]", fullmatch=True).filter(lambda s: ".." not in s)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=999_999), st.sampled_from(["", " ", "-", "/"]))
def test_property_any_spacing_of_a_number_gives_one_value(subscriber: int, sep: str) -> None:
    digits = f"70{subscriber:06d}"
    national = "0" + sep.join([digits[:2], digits[2:5], digits[5:]])
    expected = "+389" + digits
    assert normalise_perpetrator("phone", national, "MK").value == expected
    assert normalise_perpetrator("phone", "+389" + sep + digits, "RS").value == expected
    again = normalise_perpetrator("phone", expected)
    assert again.value == expected  # idempotent


@settings(max_examples=50, deadline=None)
@given(local_parts, st.sampled_from(["example.org", "Example.COM", "mail.example.net"]))
def test_property_addresses_are_idempotent_and_case_blind(local: str, domain: str) -> None:
    first = normalise_perpetrator("email", f" {local.upper()}@{domain} ")
    assert first == normalise_perpetrator("email", first.value)
    assert first.value == f"{local}@{domain.lower()}"


@settings(max_examples=50, deadline=None)
@given(st.from_regex(r"[a-z][a-z0-9_]{4,20}[a-z0-9]", fullmatch=True).filter(lambda s: "__" not in s))
def test_property_telegram_handles_in_any_form_are_one(name: str) -> None:
    forms = [name, "@" + name.upper(), f"https://t.me/{name}", f"telegram.me/{name}/"]
    assert {normalise_perpetrator("telegram", form).value for form in forms} == {name}
