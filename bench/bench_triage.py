"""Triage on a labelled synthetic set: precision and recall per cue and per language, against a
plain keyword-list baseline measured in the same run, and language-identification accuracy.

    .venv/bin/python bench/bench_triage.py [bench/data/triage_eval.yaml]

It also times the image explicitness classifier (glasna/triage/explicitness.py) on generated
pattern images: the one-off model load, then the cost per image against reading and resizing the
same image with Pillow alone (the part every preview pays anyway), measured in the same run.

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


def pattern_jpeg(size: tuple[int, int], seed: int) -> bytes:
    """A generated picture (stripes, a circle, noise), never a photograph."""
    import io
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), 90, 160))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 12):
        draw.line([(x, 0), (x, size[1])], fill=(rng.randrange(256), 255, 255), width=3)
    draw.ellipse([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=(250, 200, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def bench_images(rounds: int = int(os.environ.get("GLASNA_BENCH_ROUNDS", "20"))) -> None:
    import time

    django_setup()
    from glasna.triage import explicitness

    images = {size: [pattern_jpeg(size, seed) for seed in range(rounds)] for size in ((640, 480), (1920, 1080))}
    started = time.perf_counter()
    explicitness._session()
    print(f"\nImages: model load {time.perf_counter() - started:.2f} s once per process")
    for size, batch in images.items():
        started = time.perf_counter()
        for data in batch:
            explicitness._input(data)
        decode = (time.perf_counter() - started) / rounds
        started = time.perf_counter()
        scores = [explicitness.score(data) for data in batch]
        classify = (time.perf_counter() - started) / rounds
        print(
            f"  {size[0]}x{size[1]} JPEG: {classify * 1000:6.1f} ms per image with the classifier, "
            f"{decode * 1000:5.1f} ms to read and resize only ({classify / decode:4.1f}x); "
            f"scores {min(scores):.3f}-{max(scores):.3f}"
        )


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
    import django

    django.setup()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    bench_images()
