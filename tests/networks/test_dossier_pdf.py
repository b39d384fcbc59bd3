"""The dossier's PDF in every language, its text extracted with pypdf: translated, no English left."""

import io
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from glasna.networks import dossier, dossier_pdf
from tests.networks.dossier_setup import build

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = [
    "Dossier for police and prosecutors",
    "Status history",
    "Member counts",
    "Nothing recorded yet",
    "Victims by country",
    "Evidence and custody proofs",
    "Custody log key fingerprint",
    "First seen",
    "Prepared by",
    "Closed",
    "Not known yet",
    "Unknown",
    "linked cases",
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_police_dossier_renders_in_every_language_with_no_english_left(language: str) -> None:
    net = build()
    data = dossier.for_space(net.org.staff, net.room, dossier.POLICE, language)
    translation.activate("en")  # the request's language does not decide the PDF's
    flat = _flat(_text(dossier_pdf.render(data)))
    with translation.override(language):
        for phrase in (_("Dossier for police and prosecutors"), _("Status history"), _("Victims by country")):
            assert _flat(phrase) in flat, phrase
    for value in ("invented_room", "41000", "seenintheapp", str(net.consenting_item.pk)):
        assert value in flat, value
    if language != "en":
        for english in ENGLISH_LEFTOVERS:
            assert _flat(english).lower() not in flat.lower(), english


def test_the_platform_dossier_pdf_names_no_case_or_item() -> None:
    net = build()
    flat = _flat(_text(dossier_pdf.render(dossier.for_space(net.org.staff, net.room, dossier.PLATFORM, "en"))))
    assert "Dossierforaplatform" in flat and "TG-INVENTED-7" in flat
    assert str(net.consenting_item.pk) not in flat and "Victimsbycountry" not in flat
