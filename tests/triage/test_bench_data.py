"""The labelled synthetic set behind bench/bench_triage.py stays well-formed and the bench runs."""

import runpy
from pathlib import Path

import yaml

from glasna.triage.cues import CUE_KINDS

DATA = Path(__file__).parents[2] / "bench" / "data" / "triage_eval.yaml"
BENCH = Path(__file__).parents[2] / "bench" / "bench_triage.py"


def test_labels_are_known_and_every_language_is_present():
    rows = yaml.safe_load(DATA.read_text(encoding="utf-8"))["texts"]
    assert {r["lang"] for r in rows} == {"sq", "mk", "sr", "bs", "hr", "cnr", "en"}
    for row in rows:
        assert set(row["cues"]) <= set(CUE_KINDS), row
        assert row["text"].strip()
    # both scripts for the languages written in both
    assert any("\u0400" <= ch <= "\u04ff" for r in rows if r["lang"] == "sr" for ch in r["text"])
    assert any(r["text"].isascii() for r in rows if r["lang"] == "sr")


def test_bench_runs_and_reports_both_methods(capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", [str(BENCH)])
    monkeypatch.setenv("GLASNA_BENCH_ROUNDS", "1")
    runpy.run_path(str(BENCH), run_name="__main__")
    out = capsys.readouterr().out
    assert "keyword baseline" in out and "Language: exact" in out
    assert "per image with the classifier" in out


def test_the_set_is_large_enough_in_every_language_and_script():
    rows = yaml.safe_load(DATA.read_text(encoding="utf-8"))["texts"]
    assert len(rows) >= 400
    for lang in ("sq", "mk", "sr", "bs", "hr", "cnr", "en"):
        assert sum(1 for r in rows if r["lang"] == lang) >= 40, lang
        assert any(r["text"].isascii() for r in rows if r["lang"] == lang), lang  # typed without diacritics
    for kind in CUE_KINDS:
        assert sum(1 for r in rows if kind in r["cues"]) >= 40, kind
    assert sum(1 for r in rows if not r["cues"]) >= 80
