"""Identifier normalisation: every form of one space gives one value; bad input gets a translated error."""

import pytest
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import example, given, settings
from hypothesis import strategies as st

from glasna.networks.identifiers import (
    ACCOUNT,
    NUMERIC_ID,
    PRIVATE_INVITE,
    PUBLIC_SPACE,
    Identifier,
    InvalidIdentifier,
    normalise,
    render,
)

CHANNEL = Identifier("telegram", PUBLIC_SPACE, "invented_room")
CHANNEL_FORMS = [
    "https://t.me/invented_room",
    "http://t.me/invented_room",
    "t.me/invented_room",
    "https://www.t.me/Invented_Room",
    "https://telegram.me/invented_room",
    "https://telegram.dog/INVENTED_ROOM",
    "https://t.me/s/invented_room",
    "https://t.me/invented_room/123",
    "https://t.me/invented_room/123?single&utm_source=x",
    "https://t.me/invented_room/",
    "https://invented_room.t.me/",
    "@invented_room",
    "@Invented_Room",
    "tg://resolve?domain=invented_room",
    "tg://resolve?domain=invented_room&post=5",
    "  https://t.me/invented_room#top  ",
    "https://t.me/invented_rооm",  # Cyrillic о, folded to Latin
    "＠ｉｎｖｅｎｔｅｄ＿ｒｏｏｍ",  # full-width, NFKC
]


@pytest.mark.parametrize("form", CHANNEL_FORMS)
def test_every_form_of_a_telegram_channel_is_one_identifier(form: str) -> None:
    assert normalise(form, "telegram") == CHANNEL


@pytest.mark.parametrize(
    ("raw", "hint", "expected"),
    [
        ("https://t.me/+AbCdEf123_-x", "", Identifier("telegram", PRIVATE_INVITE, "AbCdEf123_-x")),
        ("https://t.me/joinchat/AbCdEf123_-x", "", Identifier("telegram", PRIVATE_INVITE, "AbCdEf123_-x")),
        ("tg://join?invite=AbCdEf123_-x", "", Identifier("telegram", PRIVATE_INVITE, "AbCdEf123_-x")),
        ("-1001234567890", "telegram", Identifier("telegram", NUMERIC_ID, "-1001234567890")),
        ("https://t.me/c/1234567890/55", "", Identifier("telegram", NUMERIC_ID, "-1001234567890")),
        ("https://discord.gg/InventedCode", "", Identifier("discord", PRIVATE_INVITE, "InventedCode")),
        ("https://discord.com/invite/InventedCode", "", Identifier("discord", PRIVATE_INVITE, "InventedCode")),
        ("https://discord.com/channels/123456789/987", "", Identifier("discord", NUMERIC_ID, "123456789")),
        ("https://invite.viber.com/?g2=AQBinvented", "", Identifier("viber", PRIVATE_INVITE, "AQBinvented")),
        ("viber://pa?chatURI=InventedCommunity", "", Identifier("viber", PUBLIC_SPACE, "inventedcommunity")),
        (
            "https://www.instagram.com/Invented.Person/?igsh=abc",
            "",
            Identifier("instagram", ACCOUNT, "invented.person"),
        ),
        ("@Invented.Person", "instagram", Identifier("instagram", ACCOUNT, "invented.person")),
        ("https://www.tiktok.com/@Invented_Person/video/1", "", Identifier("tiktok", ACCOUNT, "invented_person")),
        ("https://twitter.com/Invented_X", "", Identifier("x", ACCOUNT, "invented_x")),
        ("https://x.com/invented_x/status/1", "", Identifier("x", ACCOUNT, "invented_x")),
        ("https://m.facebook.com/profile.php?id=1000123", "", Identifier("facebook", ACCOUNT, "1000123")),
        (
            "https://facebook.com/groups/InventedGroup/",
            "",
            Identifier("facebook", PUBLIC_SPACE, "groups/inventedgroup"),
        ),
        ("@invented_person", "telegram", Identifier("telegram", PUBLIC_SPACE, "invented_person")),
    ],
)
def test_link_forms_by_platform(raw: str, hint: str, expected: Identifier) -> None:
    assert normalise(raw, hint) == expected
    assert normalise(render(expected), hint) == expected


def test_a_telegram_name_can_be_marked_as_a_person() -> None:
    assert normalise("@invented_person", "telegram", account=True) == Identifier("telegram", ACCOUNT, "invented_person")
    assert normalise("@invented_person", "telegram", account=True).is_private
    assert not normalise("@invented_person", "telegram").is_private


def test_invite_codes_keep_their_case() -> None:
    assert normalise("https://t.me/+AAAA1111") != normalise("https://t.me/+aaaa1111")


def test_websites_and_forum_threads() -> None:
    expected = "https://forum.invented.example/thread/42?page=2"
    for form in [
        "HTTP://Forum.Invented.Example:80/thread/42/?utm_source=tg&page=2&fbclid=x#post-9",
        "https://www.forum.invented.example:443//thread/42?page=2",
        "forum.invented.example/thread/42?page=2&gclid=1",
    ]:
        assert normalise(form) == Identifier("other", PUBLIC_SPACE, expected)
    assert normalise("https://invented.example:8080/a").value == "https://invented.example:8080/a"
    assert normalise("https://www.instagram.com/p/InventedPost/").kind == PUBLIC_SPACE  # a post, not an account


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "invented_room",  # no platform said
        "@abc",  # too short for Telegram
        "@invented__room",
        "@инвентед",  # Cyrillic with no Latin look-alike for every letter
        "https://t.me/",
        "https://t.me/+a",
        "tg://settings",
        "ftp://invented.example/x",
        "https://[broken/",
        "https://discord.gg/",
    ],
)
def test_bad_input_gets_a_translated_message(raw: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalise(raw, "telegram" if raw.startswith("@") else "")
    assert isinstance(caught.value.message, Promise)
    with translation.override("sq"):
        albanian = str(caught.value.message)
    with translation.override("en"):
        english = str(caught.value.message)
    assert albanian and english and albanian != english


names = st.from_regex(r"[a-z][a-z0-9]{4,20}", fullmatch=True)
codes = st.from_regex(r"[A-Za-z0-9_-]{6,30}", fullmatch=True)
hints = st.sampled_from(["", "telegram", "instagram", "tiktok", "x", "facebook", "viber"])


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=200), hints, st.booleans())
@example("facebook.com/", "", False)  # found by fuzzing: a platform's home page is a web address
@example("www.www.www.", "", False)  # "www." stripped until one dot is left
@example("https://m.m.facebook.com/profile.php", "", False)
@example("tg://[", "", False)  # urlsplit's ValueError is a refusal, not a crash
@example("viber://[", "", False)
@example("443", "viber", False)
@example("https://t.me/c/-1/2", "", True)
@example("P", "instagram", False)  # found in CI: a platform's path ("p", a post) is no account name
def test_hostile_text_never_crashes_and_normalising_is_idempotent(raw: str, hint: str, account: bool) -> None:
    try:
        found = normalise(raw, hint, account)
    except InvalidIdentifier as exc:
        assert isinstance(exc.message, Promise)
        return
    assert normalise(render(found), found.platform, account) == found


@settings(deadline=None, max_examples=100)
@given(
    st.sampled_from(["https://", "http://", "", "https://www."]),
    st.sampled_from(["t.me/", "telegram.me/", "telegram.dog/", "t.me/s/"]),
    names,
    st.sampled_from(["", "/", "/17", "?single", "/17?comment=3"]),
    st.booleans(),
)
def test_every_link_form_of_one_channel_is_equal(scheme: str, host: str, name: str, tail: str, upper: bool) -> None:
    written = name.upper() if upper else name
    assert normalise(f"{scheme}{host}{written}{tail}") == normalise(f"@{name}", "telegram")


@settings(deadline=None, max_examples=100)
@given(codes, st.sampled_from(["https://t.me/+", "t.me/joinchat/", "tg://join?invite="]))
def test_every_form_of_one_invite_is_equal(code: str, prefix: str) -> None:
    assert normalise(prefix + code) == Identifier("telegram", PRIVATE_INVITE, code)


@settings(deadline=None, max_examples=100)
@given(
    st.from_regex(r"[a-z0-9]{1,8}\.[a-z]{2,6}", fullmatch=True), st.from_regex(r"(/[a-z0-9]{1,6}){0,3}", fullmatch=True)
)
def test_websites_are_idempotent(host: str, path: str) -> None:
    found = normalise(f"HTTPS://{host.upper()}{path}/?utm_medium=x")
    assert normalise(render(found)) == found


def test_a_reserved_path_is_not_an_account_name() -> None:
    # Found by the hostile-text property: "I" on Instagram rendered as instagram.com/i, a page.
    for raw, hint in [("I", "instagram"), ("@reel", "instagram"), ("watch", "facebook")]:
        with pytest.raises(InvalidIdentifier):
            normalise(raw, hint)
