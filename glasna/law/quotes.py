"""Checking that each quoted passage really is in its seed document, within the lines the entry gives.

The seeds are not shipped with Glasna, so this check runs only when the operator points
`glasna law check --seeds DIR` at a folder holding them."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from glasna.law.fields import ERROR, Problem
from glasna.law.schema import SEED_PREFIX, Jurisdiction, Provision, Source

# Markdown emphasis and the HTML the extracted seeds carry; footnote markers go with their number.
_MARKUP = re.compile(r"<sup>.*?</sup>|</?(?:b|i|sup)>|\*+")
_ELISION = re.compile(r"\s*\[…\]\s*")
_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Passage:
    where: str
    document: str
    lines: tuple[int, int]
    quote: str


def normalise(text: str) -> str:
    """The text as words: markup dropped, typographic quotes made plain, whitespace collapsed."""
    return " ".join(_MARKUP.sub("", text).translate(_TYPOGRAPHIC).split())


def passages(jurisdictions: dict[str, Jurisdiction], provisions: tuple[Provision, ...]) -> Iterator[Passage]:
    """Every quote the knowledge base takes from a seed, with where it is used."""

    def of(where: str, source: Source) -> Iterator[Passage]:
        if source.is_seed and source.document and source.lines and source.quote:
            yield Passage(where, source.document, source.lines, source.quote)

    for provision in provisions:
        where = f"{provision.jurisdiction}/provisions.yaml ({provision.id})"
        yield from of(where, provision.source)
        for n, remedy in enumerate(provision.civil_remedies):
            yield from of(f"{where} civil_remedies[{n}]", remedy.source)
    for code, jurisdiction in jurisdictions.items():
        coverage = jurisdiction.coverage
        if coverage is None or coverage.source.document is None:
            continue
        where = f"{code}/jurisdiction.yaml coverage"
        yield from of(where, coverage.source)
        for cell in coverage.cells:
            if cell.reading is not None:
                reading = cell.reading
                yield Passage(
                    f"{where} {cell.column.key} reading", coverage.source.document, reading.lines, reading.quote
                )


def check_quotes(found: Iterator[Passage], seeds_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    texts: dict[str, list[str] | None] = {}
    for passage in found:
        name = passage.document.removeprefix(SEED_PREFIX)
        if name not in texts:
            path = seeds_dir / name
            texts[name] = path.read_text(encoding="utf-8").splitlines() if path.is_file() else None
        lines = texts[name]
        if lines is None:
            problems.append(Problem(ERROR, passage.where, f"seed {name} not found in {seeds_dir}"))
            continue
        first, last = passage.lines
        if last > len(lines):
            problems.append(Problem(ERROR, passage.where, f"lines {first}-{last} are past the end of {name}"))
            continue
        if not contains_in_order(normalise(" ".join(lines[first - 1 : last])), passage.quote):
            problems.append(
                Problem(ERROR, passage.where, f"quote not found word for word in {name}, lines {first}-{last}")
            )
    return problems


def contains_in_order(text: str, quote: str) -> bool:
    """Whether each part of the quote (split at " […] ") occurs in the text, in order."""
    position = 0
    for part in _ELISION.split(normalise(quote)):
        if not part:
            continue
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True
