"""Every user-facing string exists, translated, in all eight locales, and the compiled
catalogues match their sources."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

import glasna

LOCALE_DIR = Path(glasna.__file__).parent / "locale"
LOCALES = {"sq": "sq", "mk": "mk", "sr": "sr", "sr-latn": "sr_Latn", "bs": "bs", "hr": "hr", "cnr": "cnr", "en": "en"}
# Strings that are rightly the same in a translation: names, and Latin-script languages sharing a term.
SAME_ALLOWED = {
    "Glasna",
    "Republika Srpska",
    "Telegram",
    "Facebook",
    "Instagram",
    "WhatsApp",
    "Viber",
    "TikTok",
    "X (Twitter)",
    "Snapchat",
}


def _entries(po: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for each entry except the header, parsed with gettext's own rules."""
    text = po.read_text(encoding="utf-8")
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M) is not None
        msgid = _joined(block, "msgid")
        if msgid is None or msgid == "":
            continue
        strs = [s for s in [_joined(block, "msgstr")] if s is not None]
        strs += [s for i in range(4) if (s := _joined(block, f"msgstr\\[{i}\\]")) is not None]
        entries.append((msgid, strs, fuzzy))
    return entries


def _joined(block: str, keyword: str) -> str | None:
    match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block, re.M)
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def test_settings_list_the_eight_locales() -> None:
    assert [code for code, _ in settings.LANGUAGES] == list(LOCALES)


@pytest.mark.parametrize("locale", [code for code in LOCALES.values() if code != "en"])
def test_every_message_translated(locale: str) -> None:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"
    entries = _entries(po)
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, fuzzy in entries if fuzzy or not strs or any(not s for s in strs)]
    assert untranslated == [], f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    english_left = [
        msgid for msgid, strs, _ in entries if msgid not in SAME_ALLOWED and len(msgid) > 12 and strs[0] == msgid
    ]
    assert english_left == [], f"{locale}: English left in {english_left[:3]}"


@pytest.mark.parametrize("locale", [code for code in LOCALES.values() if code != "en"])
def test_placeholders_survive_translation(locale: str) -> None:
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    for msgid, strs, _ in _entries(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"):
        for translated in strs:
            assert set(placeholder.findall(translated)) <= set(placeholder.findall(msgid)), (locale, msgid)


def test_catalogues_hold_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract messages afresh and compare: a string added without translations fails here."""
    assert shutil.which("xgettext"), "gettext tools are needed (make test installs them)"
    source = Path(glasna.__file__).parent
    work = tmp_path / "glasna"
    shutil.copytree(source, work, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (work / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-location", "-v", "0"],
        cwd=work,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    fresh = {msgid for msgid, _, _ in _entries(work / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    for locale in LOCALES.values():
        have = {msgid for msgid, _, _ in _entries(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po")}
        missing = fresh - have
        assert not missing, f"{locale} lacks {sorted(missing)[:3]} (run `make messages` and translate)"


@pytest.mark.parametrize("locale", list(LOCALES.values()))
def test_compiled_catalogue_matches_source(locale: str, tmp_path: Path) -> None:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"
    mo = LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{mo} missing: run `make messages`"
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    with mo.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
