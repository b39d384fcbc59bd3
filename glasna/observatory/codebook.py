"""The codebook as data: codes and alignments from data/codebook.yaml, labels from codebook_labels."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from glasna.observatory import codebook_labels as labels

PATH = Path(__file__).parent / "data" / "codebook.yaml"
FORM_DIMENSION = "form"


@dataclass(frozen=True)
class Codebook:
    forms: tuple[dict[str, Any], ...]
    dimensions: dict[str, tuple[str, ...]]
    funnel: tuple[str, ...]
    exits: tuple[str, ...]
    platform_types: dict[str, str]
    units: tuple[str, ...]
    institution_types: tuple[str, ...]
    instruments: dict[str, dict[str, Any]]

    def codes(self, dimension: str) -> tuple[str, ...]:
        if dimension == FORM_DIMENSION:
            return tuple(form["code"] for form in self.forms)
        return self.dimensions[dimension]

    def is_code(self, dimension: str, code: str) -> bool:
        return code in self.codes(dimension)


@cache
def load() -> Codebook:
    raw = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return Codebook(
        forms=tuple(raw["forms"]),
        dimensions={name: tuple(str(c) for c in codes) for name, codes in raw["dimensions"].items()},
        funnel=tuple(raw["funnel"]),
        exits=tuple(raw["exits"]),
        platform_types=dict(raw["platform_types"]),
        units=tuple(raw["units"]),
        institution_types=tuple(raw["institution_types"]),
        instruments=dict(raw["instruments"]),
    )


def label(dimension: str, code: str) -> str:
    """The code's label in the active language; the code itself when it has none."""
    if code == "other_merged":
        return str(labels.OTHER_MERGED)
    return str(labels.LABELS.get(dimension, {}).get(code, code))


def dimension_label(dimension: str) -> str:
    return str(labels.DIMENSIONS.get(dimension, dimension))


def problems() -> list[str]:
    """Codes without labels and labels without codes: both are mistakes."""
    book = load()
    found = []
    for dimension in [FORM_DIMENSION, *book.dimensions]:
        codes = set(book.codes(dimension))
        known = set(labels.LABELS.get(dimension, {}))
        found += [f"{dimension}: code {code!r} has no label" for code in sorted(codes - known)]
        found += [f"{dimension}: label {code!r} has no code" for code in sorted(known - codes)]
        if dimension not in labels.DIMENSIONS:
            found.append(f"dimension {dimension!r} has no label")
    for unit in book.units:
        if unit not in labels.UNITS:
            found.append(f"unit {unit!r} has no label")
    for kind in book.institution_types:
        if kind not in labels.INSTITUTION_TYPES:
            found.append(f"institution type {kind!r} has no label")
    for platform, kind in book.platform_types.items():
        if platform not in book.codes("platform") or kind not in book.codes("platform_type"):
            found.append(f"platform_types: {platform} → {kind} is not in the codebook")
    for form in book.forms:
        for instrument in ("grevio_gr1", "directive_2024_1385", "dsa_tdb"):
            if form.get(instrument, {}).get("certainty") not in labels.CERTAINTY:
                found.append(f"form {form['code']}: {instrument} needs a certainty")
    return found
