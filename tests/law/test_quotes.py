"""Matching a quote against its seed: markup and line breaks aside, word for word, in order."""

from pathlib import Path

import pytest

from glasna.law.quotes import Passage, check_quotes, contains_in_order, normalise, span
from glasna.observatory import official, official_quotes
from tests.law.seeds import SEEDS


def test_normalise_drops_markup_and_typographic_quotes() -> None:
    assert normalise("the **Code**<sup>12</sup> “defines”\n  it") == 'the Code "defines" it'


def test_parts_around_an_elision_must_appear_in_order() -> None:
    text = normalise("First sentence here. Something between. Last sentence there.")
    assert contains_in_order(text, "First sentence here. […] Last sentence")
    assert not contains_in_order(text, "Last sentence there. […] First sentence")
    assert not contains_in_order(text, "First sentence there.")


def test_a_word_hyphenated_across_lines_matches_the_unbroken_quote() -> None:
    text = normalise("no self-\nregulatory standards, nor regu-\nlation")
    assert contains_in_order(text, "no self-regulatory standards, nor regulation")
    assert contains_in_order(text, "no selfregulatory standards")


def _seeded(tmp_path: Path, text: str) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / SEED_NAME).write_text(text, encoding="utf-8")
    return seeds


SEED_NAME = "999_0123456789abcdef.txt"


def test_a_quote_may_run_across_the_cited_line_range(tmp_path: Path) -> None:
    seeds = _seeded(tmp_path, "intro\nThe court may order\nthe removal of content.\nend\n")
    spanning = Passage("X (x-1)", f"seed:{SEED_NAME}", span((2, 3)), "may order the removal of content")
    assert check_quotes([spanning], seeds) == []
    too_short = Passage("X (x-1)", f"seed:{SEED_NAME}", span((2, 2)), "may order the removal of content")
    (problem,) = check_quotes([too_short], seeds)
    assert str(problem) == (
        f"error: X (x-1): quote 'may order the removal of content' not found word for word in {SEED_NAME}, line 2"
    )


def test_lines_past_the_end_of_the_seed_are_reported(tmp_path: Path) -> None:
    seeds = _seeded(tmp_path, "one line\n")
    (problem,) = check_quotes([Passage("X", f"seed:{SEED_NAME}", span((1, 3)), "one")], seeds)
    assert "lines 1-3 are not all within" in problem.message


OFFICIAL_HEADER = (
    "dataset,source,locator,jurisdiction,institution_type,institution,period_start,period_end,offence_local,"
    "offence,mapping,stage,unit,count,status,is_total,dimension,category,note\n"
)


def _official(tmp_path: Path, locator: str, note: str) -> Path:
    folder = tmp_path / "official"
    folder.mkdir(parents=True)
    row = (
        f'zz-table,"Invented study (seed {SEED_NAME})","{locator}",ZZ,court_first_instance,Court,2020-01,2020-12,'
        f'Offence,other,close,convicted,cases,1,stated,no,,,"{note}"\n'
    )
    (folder / "zz.csv").write_text(OFFICIAL_HEADER + row, encoding="utf-8")
    return folder


def test_official_dataset_quotes_are_checked_at_their_cited_lines(tmp_path: Path) -> None:
    seeds = _seeded(tmp_path, "a table row\nsome text\nno data was made available\n")
    good = list(
        official_quotes.passages(
            _official(tmp_path / "a", "Table 1, line 1; text line 3", "“no data was made available”.")
        )
    )
    assert [(p.lines, p.quote) for p in good] == [((1, 3), "no data was made available")]
    assert check_quotes(good, seeds) == []
    wrong = list(official_quotes.passages(_official(tmp_path / "b", "Text line 2", "“no data was made available”")))
    (problem,) = check_quotes(wrong, seeds)
    assert problem.where == "observatory/data/official/zz.csv line 2"
    assert "'no data was made available' not found word for word" in problem.message and "line 2" in problem.message


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not on this machine")
def test_the_shipped_official_datasets_quote_their_seeds_at_the_cited_lines() -> None:
    found = list(official_quotes.passages())
    assert len(found) >= 10  # the DCAF tables' and the NCMEC letter's quoted notes
    assert check_quotes(found, SEEDS) == []


def test_the_montenegrin_art_175a_row_cites_the_line_it_quotes_and_says_its_period_is_assumed() -> None:
    (row,) = [f for f in official.shipped() if f.offence == "intimate_content_misuse"]
    assert row.locator == "Text line 376"
    assert "The period is an assumption" in row.note
