"""The bundle's PDF report in two languages, its text extracted with pypdf and checked."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from glasna.evidence import derivations, log_key, services
from glasna.evidence.capture import Capture
from tests.evidence.helpers import add_three, export_to, make_case
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _pdf_text(bundle: Path) -> str:
    with zipfile.ZipFile(bundle) as archive:
        reader = PdfReader(io.BytesIO(archive.read("report.pdf")))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", ["en", "sq"])
def test_report_explains_items_hashes_custody_and_verification(language: str, tmp_path: Path) -> None:
    setup = make_case()
    items = add_three(setup)
    text = _pdf_text(export_to(setup, tmp_path / "bundle.zip", language=language))
    with translation.override(language):
        expected = [
            _("How to verify this bundle"),
            _(
                "In the unpacked folder, run: python3 verify.py --key 'FINGERPRINT' with the published fingerprint "
                "(in quotes). Without --key the program can only say that the bundle is internally consistent: "
                "anyone can sign a bundle with a key of their own."
            ),
            _("Custody history"),
            _("SHA-256 of the exact bytes"),
            _("Account, profile or group name"),
            _("added to the vault"),
            _("exported in a bundle"),
        ]
    flat = _squash(text)
    for phrase in expected:
        assert _squash(phrase) in flat, phrase
    # What each item is, how it was captured, and its hash.
    for value in ("Group post", "Invented Group 42", "14.03.2026 18:02", "Synthetic threatening message."):
        assert _squash(value) in flat, value
    view = services.open_item(setup.org.staff, setup.org.org_keys, items[0].pk)
    assert view.record["sha256"] in flat
    assert _squash(log_key.fingerprint()) in flat
    assert "/evidence/keys/" in flat  # where the organisation's fingerprint is published


def test_report_is_rendered_in_the_chosen_language_not_the_request_language(tmp_path: Path) -> None:
    setup = make_case()
    add_three(setup)
    translation.activate("en")
    text = _pdf_text(export_to(setup, tmp_path / "bundle.zip", language="mk"))
    with translation.override("mk"):
        assert _squash(_("How to verify this bundle")) in _squash(text)


# English that used to leak into reports in other languages: codes and sentences stored in records.
ENGLISH_LEFTOVERS = [
    "(blurred)",
    "Gaussian blur",
    "radius",
    "without metadata",
    "survivor",
    "Pornhub and others",
    "not known",
    "time zone not recorded",
    "witnesses",  # not "witness": the option --witness-key stays as it is
    "cosign",
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_report_has_no_english_leftovers(language: str, tmp_path: Path) -> None:
    setup = make_case()
    make_organisation()  # whose witness cosigns the export's head: the report's witness section is in the language too
    image, *_rest = add_three(setup)  # captured by "survivor", a time stored without a zone (older records)
    services.add_record(
        setup.org.staff,
        setup.org.org_keys,
        setup.case.pk,
        "url",
        "Aylo page",
        Capture(url="https://x.example/1", platform="aylo"),
    )
    services.make_blurred(setup.org.staff, setup.org.org_keys, image.pk)
    flat = _squash(_pdf_text(export_to(setup, tmp_path / "bundle.zip", language=language)))
    with translation.override(language):
        blurred_title = _squash(_("%(title)s (blurred copy)") % {"title": "Group post"})
        blur = _squash(_("Gaussian blur, radius %(radius)s px (Pillow), saved as PNG without metadata") % {"radius": 4})
    assert blurred_title in flat and blur in flat  # the copy is described, in the report's language
    with translation.override(language):
        assert _squash(_("Witnesses")) in flat
    if language == "en":
        assert _squash("Gaussian blur, radius 4 px") in flat and "survivor" in flat
        assert _squash("Other organisations' witnesses cosigned") in flat
        return
    for english in ENGLISH_LEFTOVERS:
        assert _squash(english).lower() not in flat.lower(), english


def test_older_blurred_records_are_described_in_the_report_language() -> None:
    legacy = {
        "title": "Group post (blurred)",
        "derived_from": "x",
        "derivation": "Gaussian blur, radius 24 px (Pillow), saved as PNG without metadata",
    }
    with translation.override("mk"):
        assert derivations.display_title(legacy) == _("%(title)s (blurred copy)") % {"title": "Group post"}
        assert "24" in derivations.description(legacy) and "Gaussian" not in derivations.description(legacy)
    assert derivations.display_title({"title": "Screenshot (blurred)"}) == "Screenshot (blurred)"  # not a copy
