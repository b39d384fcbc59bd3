"""Document drafts: every kind in every language, filled with the case facts, no template syntax left,
marked as drafts; DOCX read back with python-docx and PDF with pypdf."""

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from glasna.law import documents, knowledge, navigator
from glasna.law.facts import Facts

KB = knowledge.load()
DETAILS = documents.CaseDetails(
    case_number="4711",
    narrative="Synthetic narrative: Zxqv wrote on 3 October.",
    links="t.me/invented_group_zxqv",
    perpetrator="@invented_ex_zxqv",
)
# One jurisdiction per country Glasna drafts for, and the article each must cite.
JURISDICTIONS = {
    "AL": ("AL", "121"),
    "XK": ("XK", None),
    "MK": ("MK", "152"),
    "RS": ("RS", "144"),
    "ME": ("ME", "175a"),
    "BA": ("BA-FBIH", None),
    "HR": ("HR", "144.a"),
}
MARKS = {"sq": "PROJEKT", "mk": "НАЦРТ", "sr-latn": "NACRT", "hr": "NACRT"}


def _guidance(
    country: str,
    code: str,
    *,
    child: bool = False,
    forms: tuple[str, ...] = ("ibsa_shared", "ibsa_recorded", "ibsa_threatened"),
) -> tuple[Facts, navigator.JurisdictionGuidance]:
    facts = Facts(
        forms=forms,
        age_band="under_18" if child else "25_34",
        relationship="partner",
        survivor_country=country,
        perpetrator_country=country,
        platforms=("telegram",),
        happened_on=dt.date(2026, 10, 1),
        learnt_on=dt.date(2026, 10, 3),
        today=dt.date(2026, 11, 23),
    )
    found = navigator.navigate(facts, KB).for_code(code)
    assert found is not None
    return facts, found


CASES = [(country, kind) for country in JURISDICTIONS for kind in documents.KINDS]


@pytest.mark.parametrize(("country", "kind"), CASES)
def test_draft_text_is_filled_in_the_jurisdictions_language(country: str, kind: str) -> None:
    code, article = JURISDICTIONS[country]
    facts, guidance = _guidance(country, code)
    if kind not in documents.kinds_for(guidance):
        assert kind == "private_lawsuit"
        assert all(r.mode != "private_lawsuit" for r in guidance.routes)
        with pytest.raises(documents.DraftNotAvailable):
            documents.render(kind, facts, guidance, DETAILS)
        return
    draft = documents.render(kind, facts, guidance, DETAILS)
    text = draft.text
    assert draft.language == documents.LANGUAGE[code]
    assert not documents.LEFTOVER.search(text), text
    assert MARKS[draft.language] in text and "DRAFT" in text
    assert "4711" in text and "23.11.2026" in text
    if kind != "foi_request":  # the FOI request asks about the offences, not about her
        assert "Telegram" in text and "01.10.2026" in text
    if kind in ("criminal_complaint", "private_lawsuit", "protection_order", "civil_claim"):
        assert "@invented_ex_zxqv" in text
    if kind in ("criminal_complaint", "private_lawsuit", "protection_order"):
        assert "Zxqv wrote on 3 October" in text
    if article and kind in ("criminal_complaint", "foi_request"):
        assert f" {article} " in text


def test_albanian_civil_claim_carries_the_computed_one_year_date() -> None:
    facts, guidance = _guidance("AL", "AL")
    text = documents.render("civil_claim", facts, guidance, DETAILS).text
    assert "01.10.2027" in text and "Civil Code of Albania, Art. 625" in text


def test_macedonian_private_lawsuit_gives_the_general_three_month_date_with_its_caveat() -> None:
    facts, guidance = _guidance("MK", "MK")
    text = documents.render("private_lawsuit", facts, guidance, DETAILS).text
    assert "01.01.2027" in text and documents.terms("mk")["deadline_general"] in text


def test_every_dated_deadline_in_a_draft_says_whose_knowledge_it_rests_on() -> None:
    facts, guidance = _guidance("MK", "MK")
    text = documents.render("private_lawsuit", facts, guidance, DETAILS).text
    assert documents.terms("mk")["deadline_basis"]["general_knowledge"] in text
    facts, guidance = _guidance("RS", "RS")
    text = documents.render("private_lawsuit", facts, guidance, DETAILS).text
    assert documents.terms("sr-latn")["deadline_basis"]["secondary_source"] in text
    facts, guidance = _guidance("AL", "AL")
    text = documents.render("civil_claim", facts, guidance, DETAILS).text
    assert documents.terms("sq")["deadline_basis"]["verified_in_seed"] in text


def test_each_draft_language_words_every_confidence_level() -> None:
    from glasna.law.schema import CONFIDENCE

    for language in ("sq", "mk", "sr-latn", "hr"):
        assert set(documents.terms(language)["deadline_basis"]) == set(CONFIDENCE), language


def test_a_child_survivors_complaint_says_a_legal_representative_files_it() -> None:
    facts, guidance = _guidance("MK", "MK", child=True)
    text = documents.render("criminal_complaint", facts, guidance, DETAILS).text
    assert "законски застапник" in text and "193/a" in text


@pytest.mark.parametrize("country", ["AL", "MK", "RS", "HR"])
def test_docx_and_pdf_carry_the_same_filled_text(country: str) -> None:
    code, _article = JURISDICTIONS[country]
    facts, guidance = _guidance(country, code)
    for kind in documents.kinds_for(guidance):
        draft = documents.render(kind, facts, guidance, DETAILS)
        docx_text = "\n".join(p.text for p in Document(io.BytesIO(documents.to_docx(draft))).paragraphs)
        pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(documents.to_pdf(draft))).pages)
        pdf_flat = " ".join(pdf_text.split())
        for needle in ("4711", "DRAFT", MARKS[draft.language], "23.11.2026"):
            assert needle in docx_text and needle in pdf_flat, (kind, needle)
        assert not documents.LEFTOVER.search(docx_text) and not documents.LEFTOVER.search(pdf_text)


def test_a_missing_context_word_is_caught_as_a_leftover() -> None:
    facts, guidance = _guidance("RS", "RS")
    words = documents.terms("sr-latn")
    del words["jurisdictions"]["RS"]["offence"]
    original = documents.terms
    try:
        documents.terms = lambda language: words  # type: ignore[assignment]
        text = documents.render("criminal_complaint", facts, guidance, DETAILS).text
    finally:
        documents.terms = original  # type: ignore[assignment]
    assert documents.LEFTOVER.search(text)


def test_where_no_provision_fits_the_draft_says_the_lawyer_qualifies_it() -> None:
    # Republika Srpska's only recorded provision (Art. 156a) covers sharing, not a threat to share.
    facts, guidance = _guidance("BA", "BA-RS", forms=("ibsa_threatened",))
    assert not guidance.applicable
    text = documents.render("criminal_complaint", facts, guidance, DETAILS).text
    assert "pravnu kvalifikaciju utvrđuje advokat" in text


def test_croatian_drafts_use_croatian_legal_terms_and_the_motion() -> None:
    facts, guidance = _guidance("HR", "HR")
    text = documents.render("criminal_complaint", facts, guidance, DETAILS).text
    assert "KAZNENA PRIJAVA" in text and "Općinsko državno odvjetništvo" in text
    assert "članak 144.a Kaznenog zakona (Zlouporaba snimke spolno eksplicitnog sadržaja)" in text
    assert "prijedlog za kazneni progon" in text
    assert "krivičn" not in text.lower() and "tužilaštvo" not in text  # not the Serbian/Bosnian words


def test_croatian_private_lawsuit_outline_renders_where_a_private_route_exists() -> None:
    from dataclasses import replace

    facts, guidance = _guidance("HR", "HR")
    private = replace(guidance, routes=tuple(replace(r, mode="private_lawsuit") for r in guidance.routes))
    text = documents.render("private_lawsuit", facts, private, DETAILS).text
    assert "PRIVATNA TUŽBA" in text and "144.a" in text and not documents.LEFTOVER.search(text)


def test_slovenia_has_no_drafts_because_glasna_has_no_slovenian_text() -> None:
    facts, guidance = _guidance("SI", "SI")
    assert "SI" not in documents.LANGUAGE and documents.kinds_for(guidance) == []
    with pytest.raises(documents.DraftNotAvailable):
        documents.render("criminal_complaint", facts, guidance, DETAILS)


def test_typed_text_reaches_the_draft_as_typed_not_html_escaped() -> None:
    facts, guidance = _guidance("MK", "MK")
    details = documents.CaseDetails(
        case_number="4711",
        narrative='He wrote "you\'ll see" & <then> posted it.',
        links="https://example.org/a?b=1&c=2",
        perpetrator="O'Neil & co",
    )
    draft = documents.render("criminal_complaint", facts, guidance, details)
    assert "O'Neil & co" in draft.text and "&amp;" not in draft.text and "&#x27;" not in draft.text
    paragraphs = [p.text for p in Document(io.BytesIO(documents.to_docx(draft))).paragraphs]
    assert any("O'Neil & co" in p for p in paragraphs)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(documents.to_pdf(draft))).pages)
    assert "&amp;" not in pdf_text and "&#x27;" not in pdf_text
