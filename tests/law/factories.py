"""Synthetic legal data for tests: a small, valid data folder that each test breaks in one way.
Invented provisions only; nothing here is law."""

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

REVIEWED = dt.date(2026, 11, 1)
SEED = "seed:999_0123456789abcdef.txt"
SEED_TEXT = "line one\nThe Code penalises **invented conduct** (Article 1)<sup>4</sup>, with a fine.\nline three\n"


def source(**overrides: Any) -> dict[str, Any]:
    return {
        "document": SEED,
        "section": "Invented section",
        "lines": [2, 2],
        "quote": "The Code penalises invented conduct (Article 1), with a fine.",
    } | overrides


def provision(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "zz-cc-1",
        "jurisdiction": "ZZ",
        "code": "Invented Code",
        "article": "1",
        "title": {"original": "Izmišljeno", "en": "Invented conduct"},
        "relevance": "core",
        "elements": ["distribute"],
        "victims": "any",
        "classification": "crime",
        "penalty": "a fine",
        "prosecution": "ex_officio",
        "deadline": {"text": "three months", "months": 3},
        "civil_remedies": [],
        "confidence": "verified_in_seed",
        "source": source(),
        "reviewed": REVIEWED,
        "notes": None,
    } | overrides


def coverage_row(**cells: dict[str, Any]) -> dict[str, Any]:
    keys = [
        "creating_altering",
        "recording",
        "processing_distributing",
        "threatening_to_distribute",
        "digital_means_defined",
        "consent_defined",
        "intimate_images_explicit",
        "burden_of_proof_on_victim",
        "damage_compensation",
        "platform_responsibility",
    ]
    empty = {"value": "not_stated", "cell_text": "", "reading": None}
    return {
        "table": "Table 6. Invented",
        "row": "Zedland",
        "source": source(quote="line one", lines=[1, 1]),
        "cells": {key: cells.get(key, copy.deepcopy(empty)) for key in keys},
    }


def jurisdiction(**overrides: Any) -> dict[str, Any]:
    return {
        "code": "ZZ",
        "kind": "national",
        "country": "ZZ",
        "name": {"en": "Zedland", "local": "Zedlandia"},
        "languages": ["en"],
        "reviewed": REVIEWED,
        "official_texts": [],
        "notes": None,
        "coverage": coverage_row(),
    } | overrides


def write_data(root: Path, folders: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]) -> Path:
    """Write `{code: (jurisdiction, provisions)}` as a data folder under `root`; returns it."""
    for code, (about, provisions) in folders.items():
        folder = root / code
        folder.mkdir(parents=True)
        (folder / "jurisdiction.yaml").write_text(yaml.safe_dump(about, allow_unicode=True), encoding="utf-8")
        (folder / "provisions.yaml").write_text(
            yaml.safe_dump({"provisions": provisions}, allow_unicode=True), encoding="utf-8"
        )
    return root


def write_seed(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / SEED.removeprefix("seed:")).write_text(SEED_TEXT, encoding="utf-8")
    return root
