"""Passwords built around Glasna's context words are refused; passphrases that contain one are not."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from glasna.accounts import password_words
from glasna.accounts.models import Role
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    ["Glasna2026!", "G1@sn@-g1asna", "Lozinka123", "ЛОЗИНКА-2025", "shelter-admin1", "Fjalëkalim!!", "P@ssw0rd-2026"],
)
def test_passwords_built_around_a_context_word_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as caught:
        password_words.ContextWordsValidator().validate(password)
    assert caught.value.error_list[0].code == "password_context_word"


def test_the_organisations_on_the_installation_are_context_too() -> None:
    make_organisation("safehouse", ["AL"], role=Role.CASEWORKER)
    with pytest.raises(ValidationError):
        password_words.ContextWordsValidator().validate("Safehouse#2026")
    with pytest.raises(ValidationError):
        password_words.ContextWordsValidator().validate("Fatima2026!!", get_user_model()(username="fatima2026"))


@pytest.mark.parametrize(
    "password", ["glasna hears the river at night", "seven orange kites over Ohrid", "kuća na brdu, 1987, plava"]
)
def test_a_passphrase_that_merely_contains_one_is_fine(password: str) -> None:
    password_words.ContextWordsValidator().validate(password)
    validate_password(password, get_user_model()(username="nova"))


def test_no_composition_rule_all_digits_of_length_are_allowed() -> None:
    validate_password("49271836504918273645", get_user_model()(username="nova"))


@given(st.text(max_size=60))
def test_folding_never_fails_and_only_keeps_letters_and_digits(text: str) -> None:
    folded = password_words.fold(text)
    assert all(ch.isalnum() for ch in folded)
