"""Follow-up letters to a silent institution: each language, the proceeding's facts inserted, no
English and no template syntax left, marked as drafts, no legal basis invented."""

import datetime as dt
import io
import re
import uuid

import pytest
from docx import Document
from pypdf import PdfReader

from glasna.law import documents
from glasna.proceedings import letters
from glasna.proceedings.deadlines import Silence
from glasna.proceedings.models import GivenItem, Proceeding, Step
from tests.proceedings.conftest import Skopje

MARKS = {"sq": "PROJEKT", "mk": "НАЦРТ", "sr-latn": "NACRT", "hr": "NACRT"}
# English words a half-translated letter would show ("DRAFT" in capitals is part of every draft mark).
ENGLISH = re.compile(r"\b(the|and|days|evidence|filed|submission|answer|since|draft|complaint|urgency)\b")
# What a letter must never claim without the law data: an article of any law.
ARTICLE = re.compile(r"\b(član|članak|член|neni|article)\b", re.IGNORECASE)
FILED_ON, SINCE = dt.date(2026, 9, 1), dt.date(2026, 9, 14)
TODAY = SINCE + dt.timedelta(days=61)


def _silent(skopje: Skopje, code: str) -> Proceeding:
    proceeding = Proceeding.objects.create(
        case=skopje.case,
        kind="criminal_complaint",
        institution_type="prosecutor",
        institution_name=b"",
        jurisdiction=code,
    )
    Step.objects.create(proceeding=proceeding, kind="filed", on=FILED_ON)
    Step.objects.create(proceeding=proceeding, kind="registered", on=SINCE)
    for item in skopje.items:
        GivenItem.objects.create(proceeding=proceeding, item_id=item.pk, given_on=FILED_ON)
    return proceeding


@pytest.mark.parametrize("code", sorted(documents.LANGUAGE))
@pytest.mark.parametrize("kind", letters.KINDS)
def test_each_letter_is_filled_in_the_institutions_language(skopje: Skopje, code: str, kind: str) -> None:
    proceeding = _silent(skopje, code)
    silence = Silence(SINCE, 61, 60)
    draft = letters.render(kind, proceeding, "Invented Office Zxqv & O'Brien", silence, TODAY)
    text = draft.text
    assert draft.language == documents.LANGUAGE[code]
    assert not documents.LEFTOVER.search(text), text
    assert MARKS[draft.language] in text and "DRAFT" in text
    for fact in ("01.09.2026", "14.09.2026", TODAY.strftime("%d.%m.%Y"), ": 3", " 61 ", str(skopje.case.pk)):
        assert fact in text, fact
    if kind == "followup_urgency":
        assert "Invented Office Zxqv & O'Brien" in text  # as typed: plain text, not HTML-escaped
    assert not ENGLISH.search(text.replace("DRAFT", "")), ENGLISH.search(text)
    assert not ARTICLE.search(text)  # the law data has no basis for a right to be informed: none is cited


def test_docx_and_pdf_carry_the_letter(skopje: Skopje) -> None:
    draft = letters.render("followup_urgency", _silent(skopje, "MK"), "", Silence(SINCE, 61, 60), TODAY)
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(documents.to_docx(draft))).paragraphs)
    pdf_text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(documents.to_pdf(draft))).pages)
    assert "УРГЕНЦИЈА" in docx_text and "Основното јавно обвинителство" in docx_text  # the office when none typed
    assert "УРГЕНЦИЈА" in pdf_text and "НАЦРТ" in pdf_text
    assert documents.filename(draft, "pdf") == "glasna-draft-mk-followup-urgency.pdf"


def test_no_letter_before_the_threshold_or_without_a_text_for_the_language(skopje: Skopje) -> None:
    proceeding = _silent(skopje, "MK")
    with pytest.raises(letters.LetterNotAvailable):
        letters.render("followup_urgency", proceeding, "", Silence(SINCE, 59, 60), TODAY)
    with pytest.raises(letters.LetterNotAvailable):
        letters.render("followup_urgency", proceeding, "", None, TODAY)
    slovenian = _silent(skopje, "SI")
    with pytest.raises(letters.LetterNotAvailable):
        letters.render("followup_urgency", slovenian, "", Silence(SINCE, 61, 60), TODAY)
    with pytest.raises(letters.LetterNotAvailable):
        letters.render("followup_" + uuid.uuid4().hex[:4], proceeding, "", Silence(SINCE, 61, 60), TODAY)
