"""The knowledge base loads, and each kind of broken data is refused with a message that says why."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from glasna.law import knowledge
from tests.law import factories

TODAY = dt.date(2026, 11, 23)
from tests.law.seeds import SEEDS  # noqa: E402


def run_check(root: Path, **kwargs: Any) -> knowledge.KnowledgeBase:
    return knowledge.check(root, today=TODAY, **kwargs)


def messages(kb: knowledge.KnowledgeBase, level: str = "error") -> str:
    return "\n".join(str(p) for p in kb.problems if p.level == level)


# The shipped data


def test_the_shipped_data_validates_without_errors() -> None:
    kb = knowledge.check()
    assert kb.errors == []
    assert {"AL", "ME", "MK", "RS", "XK", "BA-FBIH", "BA-RS", "EU", "COE"} <= set(kb.jurisdictions)
    assert knowledge.load().provisions == kb.provisions


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not on this machine")
def test_every_shipped_quote_is_in_its_seed_word_for_word() -> None:
    assert knowledge.check(seeds_dir=SEEDS).errors == []


# Written from the study's text (seed 003, sections I-IV), independently of the YAML: the articles it
# discusses for each of its four jurisdictions.
STUDY_ARTICLES = {
    "AL": {"121", "108/a", "121/a", "119/a", "119/b"},
    "ME": {"175a", "175", "176", "174", "168a", "211c"},
    "MK": {"152", "149", "193/a", "144/a", "190/a"},
    "RS": {"144", "145", "185", "185b", "182a", "138a"},
}


# Articles whose entry rests partly on another source than the study (and so is not verified_in_seed).
NOT_ALL_FROM_THE_STUDY = {"RS": {"182a"}}


def test_the_study_articles_are_all_there_and_verified() -> None:
    kb = knowledge.load()
    for code, articles in STUDY_ARTICLES.items():
        present = {p.article for p in kb.provisions_for(code)}
        verified = {p.article for p in kb.provisions_for(code) if p.confidence == "verified_in_seed"}
        assert present >= articles, code
        assert verified == articles - NOT_ALL_FROM_THE_STUDY.get(code, set()), code


def test_serbian_sexual_harassment_mode_is_not_claimed_from_the_study() -> None:
    # Study line 229: "The victim initiates the proceedings" says neither motion nor private lawsuit.
    (harassment,) = [p for p in knowledge.load().provisions if p.id == "rs-cc-182a"]
    assert harassment.prosecution == "on_motion"
    assert harassment.confidence == "secondary_source"
    assert harassment.source.citation and harassment.source.url
    assert "The victim initiates the proceedings" in (harassment.source.quote or "")
    assert "not whether by a motion" in (harassment.notes or "")


def test_the_council_of_europe_notes_say_only_what_the_study_says() -> None:
    kb = knowledge.load()
    notes = kb.jurisdictions["COE"].notes or ""
    assert "parties to the" not in notes  # line 283 says "signatories"
    assert "are also signatories to the Council of Europe's Istanbul Convention" in notes
    (article8,) = [p for p in kb.provisions if p.id == "coe-echr-art8"]
    for text in (notes, article8.notes or ""):
        # "(no. 2)" is not in the study: wherever it appears it is marked as general knowledge.
        assert "(no. 2)" not in text or "general knowledge" in text


def test_what_the_study_states_about_prosecution_penalty_and_classification() -> None:
    by_key = {(p.jurisdiction, p.article): p for p in knowledge.load().provisions}
    assert by_key["ME", "175a"].prosecution == "ex_officio"
    assert "up to two years" in (by_key["ME", "175a"].penalty or "")
    assert {"create_or_alter", "distribute"} <= set(by_key["ME", "175a"].elements)
    assert by_key["ME", "211c"].prosecution == "private_lawsuit"
    assert by_key["AL", "121"].prosecution == "private_lawsuit"
    assert by_key["AL", "121"].classification == "misdemeanour"
    assert by_key["AL", "108/a"].classification == "crime"
    assert by_key["MK", "152"].prosecution == "private_lawsuit"
    assert by_key["RS", "144"].prosecution == by_key["RS", "145"].prosecution == "private_lawsuit"
    remedy = by_key["AL", "121"].civil_remedies[0]
    assert remedy.basis == "Civil Code of Albania, Art. 625"
    assert remedy.deadline is not None and remedy.deadline.months == 12


def test_no_entry_outside_the_study_claims_to_be_verified_by_it() -> None:
    for provision in knowledge.load().provisions:
        if provision.jurisdiction in ("XK", "BA-FBIH", "BA-RS", "EU"):
            assert provision.confidence != "verified_in_seed", provision.id
        if provision.article is None:
            assert provision.confidence != "verified_in_seed" and provision.notes, provision.id


# Synthetic data: valid as written, then broken one way at a time


def test_the_synthetic_sample_is_valid(tmp_path: Path) -> None:
    root = factories.write_data(tmp_path / "data", {"ZZ": (factories.jurisdiction(), [factories.provision()])})
    kb = run_check(root, seeds_dir=factories.write_seed(tmp_path / "seeds"))
    assert kb.problems == ()
    assert [p.id for p in kb.provisions] == ["zz-cc-1"]


def without(key: str) -> dict[str, Any]:
    sample = factories.provision()
    del sample[key]
    return sample


BROKEN = {
    "missing source": (without("source"), "`source` is required"),
    "unknown element": (factories.provision(elements=["deepfake"]), "`elements`: unknown value 'deepfake'"),
    "verified article without quote": (
        factories.provision(article="999", source={"citation": "Invented Code, Art. 999"}),
        "verified_in_seed needs a seed `source.document` and the study's words in `source.quote`",
    ),
    "verified with no article": (
        factories.provision(article=None, notes="unknown"),
        "`article: null` is allowed only when confidence is not verified_in_seed",
    ),
    "no article and no notes": (
        factories.provision(article=None, confidence="unverified"),
        "`article: null` needs `notes`",
    ),
    "seed source without quote": (
        factories.provision(
            confidence="unverified", source={"document": factories.SEED, "section": "s", "lines": [1, 1]}
        ),
        "a seed source needs `quote`",
    ),
    "unknown field": (factories.provision(artcle="1"), "unknown field `artcle`"),
    "wrong folder": (factories.provision(jurisdiction="AL"), "`jurisdiction` 'AL' does not match its folder 'ZZ'"),
    "obligation in a national code": (
        factories.provision(classification="obligation", prosecution="not_applicable"),
        "`classification: obligation` is only for EU or Council of Europe texts",
    ),
    "no date": (factories.provision(reviewed="soon"), "`reviewed` must be a date"),
}


@pytest.mark.parametrize("sample,expected", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_provision_fails_with_a_clear_message(tmp_path: Path, sample: dict[str, Any], expected: str) -> None:
    kb = run_check(factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [sample])}))
    assert expected in messages(kb)
    assert "ZZ/provisions.yaml" in messages(kb)
    with pytest.raises(knowledge.KnowledgeError, match="error"):
        knowledge.load(tmp_path)


def test_a_review_date_in_the_future_is_refused(tmp_path: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)  # relative: load() judges against the real today
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [factories.provision(reviewed=tomorrow)])})
    assert f"`reviewed` {tomorrow.isoformat()} is in the future" in messages(knowledge.check(root))
    with pytest.raises(knowledge.KnowledgeError, match="error"):
        knowledge.load(root)


def test_a_duplicate_id_fails_even_across_folders(tmp_path: Path) -> None:
    other = factories.provision(jurisdiction="YY", id="zz-cc-1")
    root = factories.write_data(
        tmp_path,
        {
            "ZZ": (factories.jurisdiction(), [factories.provision(), factories.provision()]),
            "YY": (factories.jurisdiction(code="YY", country="YY", coverage=None), [other]),
        },
    )
    found = messages(run_check(root))
    assert "duplicate id 'zz-cc-1' (also in ZZ)" in found
    assert "`id` 'zz-cc-1' must start with 'yy-'" in found


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [factories.provision()])})
    path = root / "ZZ" / "provisions.yaml"
    text = path.read_text()
    assert "  code: Invented Code\n" in text
    path.write_text(text.replace("  code: Invented Code\n", "  code: Invented Code\n  code: Another Code\n"))
    assert "duplicate key 'code'" in messages(run_check(root))


def test_an_unquoted_yes_in_the_table_is_explained(tmp_path: Path) -> None:
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [factories.provision()])})
    path = root / "ZZ" / "jurisdiction.yaml"
    text = path.read_text()
    path.write_text(text.replace("value: not_stated", "value: yes", 1))
    assert 'write "yes"/"no" in quotes' in messages(run_check(root))


def test_a_table_cell_with_text_must_state_a_value(tmp_path: Path) -> None:
    row = factories.coverage_row(recording={"value": "not_stated", "cell_text": "Yes", "reading": None})
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(coverage=row), [])})
    assert "`value` is not_stated exactly when `cell_text` is empty" in messages(run_check(root))


def test_an_old_review_is_a_warning_not_an_error(tmp_path: Path) -> None:
    old = factories.provision(reviewed=dt.date(2024, 1, 1))
    kb = run_check(factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [old])}))
    assert kb.errors == []
    assert "`reviewed` 2024-01-01 is older than 365 days" in messages(kb, "warning")


def test_aged_data_is_still_served_with_its_warning(tmp_path: Path) -> None:
    # A year after every review the navigator must still show the law (with the warning to the
    # operator), not drop each entry whose review date has aged.
    stale = dt.date.today() - dt.timedelta(days=400)
    jurisdiction = factories.jurisdiction(reviewed=stale)
    root = factories.write_data(tmp_path, {"ZZ": (jurisdiction, [factories.provision(reviewed=stale)])})
    kb = knowledge.load(root)
    assert [p.id for p in kb.provisions] == ["zz-cc-1"] and "ZZ" in kb.jurisdictions
    assert len(kb.warnings) == 2


def test_the_review_interval_comes_from_settings(tmp_path: Path, settings: Any) -> None:
    settings.GLASNA_LAW_REVIEW_DAYS = 10
    kb = run_check(factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [factories.provision()])}))
    assert kb.errors == []
    assert "older than 10 days" in messages(kb, "warning")


def test_a_misquoted_seed_is_caught(tmp_path: Path) -> None:
    misquoted = factories.provision(source=factories.source(quote="The Code penalises invented conduct harshly"))
    root = factories.write_data(tmp_path / "data", {"ZZ": (factories.jurisdiction(), [misquoted])})
    kb = run_check(root, seeds_dir=factories.write_seed(tmp_path / "seeds"))
    assert (
        "error: ZZ/provisions.yaml (zz-cc-1): quote 'The Code penalises invented conduct harshly' "
        "not found word for word in 999_0123456789abcdef.txt, line 2"
    ) in messages(kb)
    assert run_check(root).errors == []  # without the seeds, quotes are not matched


def test_a_missing_seed_is_an_error_when_seeds_are_checked(tmp_path: Path) -> None:
    root = factories.write_data(tmp_path / "data", {"ZZ": (factories.jurisdiction(), [factories.provision()])})
    (tmp_path / "empty").mkdir()
    assert "seed 999_0123456789abcdef.txt not found" in messages(run_check(root, seeds_dir=tmp_path / "empty"))


def test_not_online_lists_only_the_provisions_own_elements(tmp_path: Path) -> None:
    wrong = factories.provision(not_online=["stalk"])
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [wrong])})
    assert "`not_online` may only list elements the provision has in `elements`" in messages(run_check(root))
    right = factories.provision(not_online=["distribute"])
    kb = run_check(factories.write_data(tmp_path / "ok", {"ZZ": (factories.jurisdiction(), [right])}))
    assert kb.errors == [] and kb.provisions[0].not_online == ("distribute",)


def test_a_stale_review_date_warns_but_keeps_the_entry() -> None:
    # Two years after the newest review: every entry is stale, none may disappear (warnings pass).
    fresh = knowledge.check()
    newest = max(p.reviewed for p in fresh.provisions)
    stale = knowledge.check(today=newest + dt.timedelta(days=730))
    assert stale.warnings and not stale.errors
    assert stale.provisions == fresh.provisions
    assert stale.jurisdictions.keys() == fresh.jurisdictions.keys()
    assert stale.jurisdictions["MK"].procedure_deadlines == fresh.jurisdictions["MK"].procedure_deadlines
