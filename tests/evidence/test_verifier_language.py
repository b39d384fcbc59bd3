"""verify.py speaks the bundle's language (issue 21, item 6): every line it prints comes from its own
message table, in the language the bundle was exported in, or the one given with --lang; exit codes
and usage errors are the same in every language."""

import re
import string
import zipfile
from pathlib import Path

import pytest

from glasna.evidence import log_key, verify_bundle
from glasna.evidence.verify_bundle import MESSAGES
from tests.evidence.helpers import add_three, export_to, glasna_verify_exit, make_case, run_bundled_verify
from tests.factories import make_organisation

LANGUAGES = ["sq", "mk", "sr", "sr-latn", "bs", "hr", "cnr", "en"]
# Words of the English messages that must not show in another language's report (hashes, fingerprints,
# file names and the names of organisations are taken out first).
ENGLISH = ["verified", "altered", "witness", "witnesses", "consistent", "events", "result", "signed", "custody event"]
# The stem of each language's word for "altered": a usage error never says it.
ALTERED = {
    "en": "altered",
    "sq": "ndryshua",
    "mk": "изменет",
    "sr": "измењен",
    "sr-latn": "izmenjen",
    "bs": "izmijenjen",
    "hr": "izmijenjen",
    "cnr": "izmijenjen",
}


def _tampered(bundle: Path, target: Path) -> Path:
    """The bundle with one byte of its first original file changed."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("originals/") and info.filename.endswith(".png"):
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            out.writestr(info.filename, data)
    return target


def _without_names(text: str, *names: str) -> str:
    """The report less what is never translated: hex (hashes, fingerprints, ids), option names and the
    given names."""
    for name in names:
        text = text.replace(name, "")
    return re.sub(r"[0-9a-f]{4,}(-[0-9a-f]{4,})*|--[a-z-]+", "", text)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_bundles_verifier_reports_in_the_bundles_language(lang: str, tmp_path: Path) -> None:
    setup = make_case(f"speaks-{lang}")
    cosigner = make_organisation(f"cosigner-{lang}")
    add_three(setup)
    bundle = export_to(setup, tmp_path / "bundle.zip", language=lang)
    key = log_key.fingerprint()

    genuine = run_bundled_verify(bundle, tmp_path, "--key", key)
    assert genuine.returncode == 0, genuine.stdout + genuine.stderr
    assert MESSAGES["label_verified"][lang] in genuine.stdout
    assert MESSAGES["result_verified"][lang].split(":")[0] in genuine.stdout.splitlines()[-1]
    assert MESSAGES["label_witnesses"][lang] in genuine.stdout

    tampered = run_bundled_verify(_tampered(bundle, tmp_path / "tampered.zip"), tmp_path, "--key", key)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    assert MESSAGES["label_altered"][lang] in tampered.stdout
    assert tampered.stdout.rstrip().endswith(MESSAGES["result_altered"][lang])

    unpinned = run_bundled_verify(bundle, tmp_path)  # no --key: consistent, signer not checked
    assert unpinned.returncode == verify_bundle.EXIT_UNPINNED
    assert MESSAGES["result_unpinned"][lang].split(" - ")[0] in unpinned.stdout
    other = run_bundled_verify(bundle, tmp_path, "--key", verify_bundle.fingerprint(b"another key".ljust(32)))
    assert other.returncode == verify_bundle.EXIT_ALTERED
    assert MESSAGES["result_other_key"][lang].split(":")[1].split(" - ")[0].strip() in other.stdout

    if lang != "en":
        names = (setup.org.organisation.name, cosigner.organisation.name, key)
        for out in (genuine.stdout, tampered.stdout, unpinned.stdout, other.stdout):
            shown = _without_names(out, *names).lower()
            found = [word for word in ENGLISH if re.search(rf"\b{word}\b", shown)]
            assert not found, (found, out)


def test_time_stamp_lines_are_in_the_language_too(exported: Path) -> None:
    """A bundle with heads stamped by a real TSA, its CA inside: the time-stamp and openssl lines (in
    process, where openssl runs even under the moved clock)."""
    for lang in LANGUAGES:
        result = verify_bundle.verify(exported, log_key.fingerprint(), lang=lang)
        assert result.ok
        text = result.text()
        assert MESSAGES["stamp_subject"][lang].split("{")[0] in text
        assert MESSAGES["openssl_ok"][lang] in text
        assert MESSAGES["token_stamps"][lang].split("{")[0] in text
        if lang != "en":
            shown = _without_names(re.sub(r"Test organisation \S+", "", text)).lower()
            assert not [word for word in ENGLISH if re.search(rf"\b{word}\b", shown)], text


def test_every_message_has_every_language_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    assert set(verify_bundle.LANGUAGES) == set(LANGUAGES)
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        for lang, text in texts.items():
            assert text.strip(), (key, lang)
            assert fields(text) == fields(texts["en"]), (key, lang)
            if lang in ("sr", "mk"):  # Cyrillic: no Latin letters outside placeholders, options and file names
                bare = re.sub(r"\{\w+\}|--[a-z-]+|'added'|\"FINGERPRINT\"|[\w-]+\.(json|sig|py)", "", text)
                bare = re.sub(
                    r"\b(SHA-256|Ed25519|ZIP|JSON|TSA|CA|PEM|hex|base64|openssl|Glasna|sq|mk|sr|latn|bs|hr|cnr|en)\b",
                    "",
                    bare,
                )
                assert not re.search(r"[A-Za-zčćšžđ]", bare), (key, lang, bare)


def test_language_codes_are_read_as_django_and_people_write_them() -> None:
    assert verify_bundle.language("sr_Latn") == "sr-latn"
    assert verify_bundle.language("sr-Latn") == "sr-latn"
    assert verify_bundle.language("hr-HR") == "hr"
    assert verify_bundle.language("de") == "en"
    assert verify_bundle.language(None) == "en"


@pytest.mark.django_db
def test_lang_overrides_the_bundles_language(tmp_path: Path) -> None:
    setup = make_case("overridden")
    add_three(setup)
    bundle = export_to(setup, tmp_path / "bundle.zip", language="hr")
    key = log_key.fingerprint()

    macedonian = run_bundled_verify(bundle, tmp_path, "--key", key, "--lang", "mk")
    assert macedonian.returncode == 0
    assert MESSAGES["label_verified"]["mk"] in macedonian.stdout
    assert MESSAGES["label_verified"]["hr"] not in macedonian.stdout
    english = run_bundled_verify(bundle, tmp_path, "--key", key, "--lang", "xx")  # unknown: English
    assert english.returncode == 0 and "RESULT: everything verified" in english.stdout

    # `glasna verify` is the same code: the bundle's language unless told otherwise.
    code, text = glasna_verify_exit(bundle, "--key", key)
    assert code == 0 and MESSAGES["label_verified"]["hr"] in text
    code, text = glasna_verify_exit(bundle, "--key", key, "--lang", "sq")
    assert code == 0 and MESSAGES["label_verified"]["sq"] in text
    code, text = glasna_verify_exit(bundle, "--any-key")  # consistent, signer not checked: its last line too
    assert code == verify_bundle.EXIT_UNPINNED and text.rstrip().endswith(MESSAGES["command_unpinned"]["hr"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_usage_errors_exit_2_in_every_language_and_never_say_altered(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_zip = tmp_path / "bundle.zip"
    not_zip.write_bytes(b"half a download")
    calls = [
        [str(tmp_path / "nowhere.zip")],
        [str(not_zip)],
        [str(not_zip), "--key", "not a key"],
        [str(not_zip), "--witness-key", "nor this"],
        [str(not_zip), "--tsa-ca", str(tmp_path / "no-ca.pem")],
    ]
    heading = MESSAGES["usage_text"][lang].split("{")[0]
    for args in calls:
        assert verify_bundle.main([*args, "--lang", lang]) == verify_bundle.EXIT_USAGE
        captured = capsys.readouterr()
        assert captured.err.startswith(heading), captured.err
        assert ALTERED[lang] not in captured.err.lower()
        assert MESSAGES["label_altered"][lang].lower() not in captured.err.lower()


def test_usage_errors_before_the_bundle_is_read_are_english_without_lang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify_bundle.main([str(tmp_path / "nowhere.zip")]) == verify_bundle.EXIT_USAGE
    assert capsys.readouterr().err.startswith("USAGE ERROR: ")


def test_the_bundled_verifier_exits_2_on_a_usage_error_in_the_language_asked(tmp_path: Path) -> None:
    verifier_from = tmp_path / "verifier.zip"
    with zipfile.ZipFile(verifier_from, "w") as archive:
        archive.write(Path(verify_bundle.__file__), "verify.py")
    done = run_bundled_verify(tmp_path / "nowhere.zip", tmp_path, "--lang", "sr", verifier_from=verifier_from)
    assert done.returncode == 2
    assert done.stderr.startswith(MESSAGES["usage_text"]["sr"].split("{")[0])
    assert ALTERED["sr"] not in done.stderr


def test_help_is_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        verify_bundle.main(["--help", "--lang", "cnr"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert MESSAGES["help_description"]["cnr"] in out and MESSAGES["help_lang"]["cnr"].split(":")[0] in out
