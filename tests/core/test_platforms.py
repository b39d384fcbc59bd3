"""The one platform list: every room's list derives from it, and what survivors see is unchanged."""

import yaml

from glasna.core import platforms
from glasna.evidence import capture
from glasna.intake import taxonomy
from glasna.takedown import directory, sources


def test_the_data_file_is_sound() -> None:
    assert platforms.problems(platforms.read()) == []


def test_problems_are_found() -> None:
    entries = [
        {"key": "a", "name": "A", "rooms": ["intake"], "hosts": ["a.example"], "sources": ["x"]},
        {"key": "a", "name": "A", "rooms": ["nowhere"], "hosts": ["A.example", "a.example"], "label": True},
    ]
    found = "\n".join(platforms.problems(entries))
    for expected in ("duplicate key", "at least one source", "rooms must be", "not lower case", "label: true"):
        assert expected in found


def test_survivors_see_the_same_answer_options_in_the_same_order() -> None:
    assert [code for code, _label in taxonomy.PLATFORMS] == [
        "telegram",
        "facebook",
        "instagram",
        "whatsapp",
        "viber",
        "tiktok",
        "x",
        "snapchat",
        "porn_site",
        "other",
        "dont_know",
    ]
    labels = dict(taxonomy.PLATFORMS)
    assert str(labels["porn_site"]) == "A pornographic website"
    assert str(labels["dont_know"]) == "I don't know"
    assert str(labels["x"]) == "X (Twitter)"


def test_evidence_capture_list_derives_from_the_one_list() -> None:
    assert [code for code, _label in capture.PLATFORMS] == [p.key for p in platforms.for_room("evidence")]
    assert [code for code, _label in capture.PLATFORMS][-5:] == ["reddit", "google", "aylo", "onlyfans", "other"]
    assert capture.PLATFORM_KEYS == {p.key for p in platforms.for_room("evidence")}


def test_takedown_hosts_derive_from_the_one_list_and_match_its_directory() -> None:
    assert sources.HOSTS == platforms.host_map("takedown")
    assert sources.platform_of("https://www.T.me/some_group/12") == "telegram"
    assert sources.platform_of("https://telegram.dog/some_group") == "telegram"
    assert sources.platform_of("https://m.facebook.com/x") == "facebook"
    assert sources.platform_of("https://discord.gg/abc") == "other"  # no directory entry: not routed
    directory_keys = {entry["key"] for entry in directory.read()}
    assert {p.key for p in platforms.for_room("takedown")} == directory_keys
    assert capture.PLATFORM_KEYS <= directory_keys


def test_the_list_is_translated_where_it_holds_words() -> None:
    raw = yaml.safe_load(platforms.DATA_FILE.read_text(encoding="utf-8"))["platforms"]
    worded = {entry["key"] for entry in raw if entry.get("label")}
    assert worded == {"aylo", "porn_site", "other"}
    from django.utils import translation

    with translation.override("sq"):
        assert str(platforms.get("porn_site").label) != "A pornographic website"  # type: ignore[union-attr]


def test_the_check_command_reads_the_one_list_too() -> None:
    from glasna.takedown.management.commands.takedown_platforms import _one_list_problems

    keys = {entry["key"] for entry in directory.read()}
    assert _one_list_problems(keys) == []
    found = "\n".join(_one_list_problems((keys - {"onlyfans"}) | {"invented_platform"}))
    assert "onlyfans is marked for takedown but has no directory entry" in found
    assert "directory entry invented_platform is not marked for takedown" in found
