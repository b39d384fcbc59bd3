"""The bundle's PDF report in two languages, its text extracted with pypdf and checked."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from glasna.evidence import log_key
from tests.evidence.helpers import add_three, export_to, make_case

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
    from glasna.evidence import services

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
