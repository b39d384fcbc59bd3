"""Checking that each quoted passage really is in its seed document, within the lines the entry gives.

The seeds are not shipped with Glasna, so this check runs only when they are there: in the folder
`glasna law check --seeds DIR` names, or else in `../shared/seeds` beside the checkout (where
developers and CI keep them), checked for the shipped data."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from glasna.law.fields import ERROR, Problem
from glasna.law.schema import SEED_PREFIX, Jurisdiction, Provision, Source

# `../shared/seeds` relative to the repository root: the seeds' usual place beside a checkout.
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def default_seeds_dir() -> Path | None:
    """The seeds folder a plain `glasna law check` uses, when it exists."""
    return DEFAULT_SEEDS_DIR if DEFAULT_SEEDS_DIR.is_dir() else None


# Markdown emphasis and the HTML the extracted seeds carry; footnote markers go with their number.
_MARKUP = re.compile(r"<sup>.*?</sup>|</?(?:b|i|sup)>|\*+")
_ELISION = re.compile(r"\s*\[…\]\s*")
_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00ad": None})
# A hyphen between two letters, with or without a line break after it: "self-regulatory",
# "self-\nregulatory" and "regu-\nlatory" all read the same once the hyphen and the break are gone.
_HYPHEN = re.compile(r"(?<=\w)-\s*(?=\w)")


@dataclass(frozen=True)
class Passage:
    """A quote and the seed lines it must be found in, taken together in order (a quote may run
    from one cited line into the next)."""

    where: str
    document: str
    lines: tuple[int, ...]
    quote: str

    @property
    def cited(self) -> str:
        first, last = self.lines[0], self.lines[-1]
        if list(self.lines) == list(range(first, last + 1)):
            return f"lines {first}-{last}" if last > first else f"line {first}"
        return "lines " + ", ".join(str(n) for n in self.lines)


def span(lines: tuple[int, int]) -> tuple[int, ...]:
    """The line numbers of a `[first, last]` range."""
    return tuple(range(lines[0], lines[1] + 1))


def normalise(text: str) -> str:
    """The text as words: markup dropped, typographic quotes made plain, hyphens between letters (and
    a line break after one) dropped, whitespace collapsed."""
    return " ".join(_HYPHEN.sub("", _MARKUP.sub("", text).translate(_TYPOGRAPHIC)).split())


def passages(jurisdictions: dict[str, Jurisdiction], provisions: tuple[Provision, ...]) -> Iterator[Passage]:
    """Every quote the knowledge base takes from a seed, with where it is used."""

    def of(where: str, source: Source) -> Iterator[Passage]:
        if source.is_seed and source.document and source.lines and source.quote:
            yield Passage(where, source.document, span(source.lines), source.quote)

    for provision in provisions:
        where = f"{provision.jurisdiction}/provisions.yaml ({provision.id})"
        yield from of(where, provision.source)
        for n, remedy in enumerate(provision.civil_remedies):
            yield from of(f"{where} civil_remedies[{n}]", remedy.source)
        for n, change in enumerate(provision.pending_changes):
            yield from of(f"{where} pending_changes[{n}]", change.source)
    for code, jurisdiction in jurisdictions.items():
        for n, change in enumerate(jurisdiction.pending_changes):
            yield from of(f"{code}/jurisdiction.yaml pending_changes[{n}]", change.source)
        coverage = jurisdiction.coverage
        if coverage is None or coverage.source.document is None:
            continue
        where = f"{code}/jurisdiction.yaml coverage"
        yield from of(where, coverage.source)
        for cell in coverage.cells:
            if cell.reading is not None:
                reading = cell.reading
                yield Passage(
                    f"{where} {cell.column.key} reading", coverage.source.document, span(reading.lines), reading.quote
                )


def check_quotes(found: Iterable[Passage], seeds_dir: Path) -> list[Problem]:
    """A problem for every passage whose quote is not in its seed at the cited lines."""
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
        if not passage.lines or passage.lines[0] < 1 or passage.lines[-1] > len(lines):
            problems.append(Problem(ERROR, passage.where, f"{passage.cited} are not all within {name}"))
            continue
        cited = normalise(" ".join(lines[n - 1] for n in passage.lines))
        if not contains_in_order(cited, passage.quote):
            problems.append(
                Problem(
                    ERROR,
                    passage.where,
                    f"quote {_shown(passage.quote)} not found word for word in {name}, {passage.cited}",
                )
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


def _shown(quote: str, limit: int = 90) -> str:
    words = " ".join(quote.split())
    return repr(words if len(words) <= limit else words[: limit - 1] + "…")
