"""Triage on a labelled synthetic set: precision and recall per cue and per language, against a
plain keyword-list baseline measured in the same run, and language-identification accuracy.

    .venv/bin/python bench/bench_triage.py [bench/data/triage_eval.yaml]

The baseline is what one would write first: the same phrase lists (glasna/triage/data/cues.yaml),
lower-cased and searched as plain substrings of the lower-cased text, with no folding of
diacritics or Cyrillic, no word boundaries and no age or amount patterns. The set is small and
written by the developers, so the figures show where the method fails, not how well it will do
on real reports."""

import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import yaml  # noqa: E402

from glasna.triage.cues import CUE_KINDS, CUES_FILE, find_cues  # noqa: E402
from glasna.triage.language import BCMS, detect_language  # noqa: E402

DEFAULT = Path(__file__).parent / "data" / "triage_eval.yaml"


def baseline_lists() -> dict[str, list[str]]:
    data = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))["cues"]
    out: dict[str, list[str]] = {}
    for kind, spec in data.items():
        mode = "all_of" if "all_of" in spec else "any_of"
        out[kind] = [p.rstrip("*").lower() for per in spec[mode].values() for ps in per.values() for p in ps]
    return out


def baseline(text: str, lists: dict[str, list[str]]) -> set[str]:
    lowered = text.lower()
    return {kind for kind, phrases in lists.items() if any(p in lowered for p in phrases)}


def prf(counts: Counter[str]) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
    return f"P {precision} R {recall} (tp {tp:2d} fp {fp:2d} fn {fn:2d})"


def main(path: Path) -> None:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]
    lists = baseline_lists()
    counts: dict[tuple[str, str, str], Counter[str]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    for row in rows:
        truth = set(row["cues"])
        predicted = {"triage": {c.kind for c in find_cues(row["text"])}, "baseline": baseline(row["text"], lists)}
        for method, got in predicted.items():
            for kind in CUE_KINDS:
                outcome = (
                    "tp" if kind in got and kind in truth else "fp" if kind in got else "fn" if kind in truth else ""
                )
                if outcome:
                    for key in ((method, kind, "all"), (method, kind, row["lang"]), (method, "all", row["lang"])):
                        counts.setdefault(key, Counter())[outcome] += 1
        guess = detect_language(row["text"])
        confusion[(row["lang"], guess.language or guess.group or "undecided")] += 1

    print(f"{len(rows)} texts from {path}")
    print("\nCues, all languages:")
    for kind in CUE_KINDS:
        print(f"  {kind:30s} triage {prf(counts.get(('triage', kind, 'all'), Counter()))}")
        print(f"  {'':30s} keyword baseline {prf(counts.get(('baseline', kind, 'all'), Counter()))}")
    print("\nAll cues, per language:")
    for lang in sorted({r["lang"] for r in rows}):
        print(f"  {lang:4s} triage {prf(counts.get(('triage', 'all', lang), Counter()))}")
        print(f"  {'':4s} keyword baseline {prf(counts.get(('baseline', 'all', lang), Counter()))}")
    exact = sum(n for (truth, got), n in confusion.items() if truth == got)
    grouped = sum(n for (truth, got), n in confusion.items() if got == "bcms" and truth in BCMS)
    wrong = sum(n for (truth, got), n in confusion.items() if got not in (truth, "bcms", "mk-sr", "undecided"))
    wrong += sum(n for (truth, got), n in confusion.items() if got == "bcms" and truth not in BCMS)
    print(f"\nLanguage: exact {exact}/{len(rows)}, right group (bcms) {grouped}, wrong {wrong}")
    print("  confusion (true -> reported: count)")
    for (truth, got), n in sorted(confusion.items()):
        print(f"    {truth:4s} -> {got:10s} {n}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
