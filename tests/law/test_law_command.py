"""`glasna law check` and `glasna law matrix`: output and exit codes, as an operator runs them."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import ManagementUtility

from glasna.law import knowledge, quotes
from tests.law import factories
from tests.law.seeds import SEEDS


def glasna(*argv: str) -> int:
    """Run a `glasna` command line in this process; returns its exit code."""
    try:
        ManagementUtility(["glasna", *argv]).execute()
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


def test_check_passes_on_the_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert glasna("law", "check", "--no-seeds") == 0
    out = capsys.readouterr().out
    assert "ME " in out and "HR " in out and "Table 6 row" in out
    assert "0 error(s)" in out
    assert "quotes not matched (no seeds folder)" in out


def test_a_plain_check_uses_the_seeds_beside_the_checkout_when_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(quotes, "DEFAULT_SEEDS_DIR", tmp_path / "nowhere")
    assert glasna("law", "check") == 0
    assert "quotes not matched (no seeds folder)" in capsys.readouterr().out
    # A seeds folder without the study: every seed quote of the shipped data is then an error.
    (tmp_path / "seeds").mkdir()
    monkeypatch.setattr(quotes, "DEFAULT_SEEDS_DIR", tmp_path / "seeds")
    assert glasna("law", "check") == 1
    assert "not found in" in capsys.readouterr().err
    assert glasna("law", "check", "--no-seeds") == 0


def test_check_fails_on_broken_data_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = factories.provision(elements=["deepfake"])
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [broken])})
    assert glasna("law", "check", "--data", str(root)) == 1
    captured = capsys.readouterr()
    assert "1 error(s)" in captured.out
    assert "unknown value 'deepfake'" in captured.err


def test_check_passes_with_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = factories.provision(reviewed=dt.date(2020, 1, 1))
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [old])})
    assert glasna("law", "check", "--data", str(root)) == 0
    assert "warning: ZZ/provisions.yaml provisions[0] (zz-cc-1): `reviewed` 2020-01-01" in capsys.readouterr().out


def test_check_matches_quotes_when_given_the_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = factories.write_data(tmp_path / "data", {"ZZ": (factories.jurisdiction(), [factories.provision()])})
    seeds = factories.write_seed(tmp_path / "seeds")
    assert glasna("law", "check", "--data", str(root), "--seeds", str(seeds)) == 0
    assert "quotes matched against seeds" in capsys.readouterr().out
    assert glasna("law", "check", "--seeds", str(tmp_path / "nowhere")) == 1


def test_matrix_csv_prints_the_coverage_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert glasna("law", "matrix", "--csv") == 0
    assert capsys.readouterr().out == knowledge.coverage_csv()


def test_matrix_as_text_names_the_studys_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert glasna("law", "matrix") == 0
    out = capsys.readouterr().out
    assert "N. Macedonia" in out and "Regulation of the responsibility of online platforms" in out


def test_matrix_refuses_broken_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [factories.provision(victims="all")])})
    assert glasna("law", "matrix", "--csv", "--data", str(root)) == 1
    assert "`victims`: unknown value 'all'" in capsys.readouterr().err


def test_an_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert glasna("law", "publish") == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not on this machine")
def test_check_with_the_seeds_matches_the_shipped_data_and_official_datasets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert glasna("law", "check", "--seeds", str(SEEDS)) == 0
    assert "quotes matched against seeds; 0 error(s)" in capsys.readouterr().out
    if SEEDS == quotes.DEFAULT_SEEDS_DIR:  # the usual layout: a plain run does the same
        assert glasna("law", "check") == 0
        assert "quotes matched against seeds; 0 error(s)" in capsys.readouterr().out
