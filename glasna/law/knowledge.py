"""The legal knowledge base: every jurisdiction's provisions and Table 6 row, loaded from
`glasna/law/data/<JURISDICTION>/` and validated as a whole.

`check()` reads everything and reports all problems (errors and warnings); `load()` is what the rest of
Glasna calls, and refuses data with errors. The rules are documented in `glasna/law/data/README.md`."""

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from glasna.core import freshness
from glasna.law import coverage, quotes
from glasna.law.fields import ERROR, WARNING, Problem, ReviewRule
from glasna.law.schema import Coverage, Jurisdiction, Provision
from glasna.law.validation import read_jurisdiction, read_provision

DATA_DIR = Path(__file__).parent / "data"
DIRECTORY = re.compile(r"^[A-Z]{2,3}(-[A-Z]+)?$")


class KnowledgeError(Exception):
    """The legal data has errors; `glasna law check` lists them."""


@dataclass(frozen=True)
class KnowledgeBase:
    jurisdictions: dict[str, Jurisdiction]
    provisions: tuple[Provision, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def provisions_for(self, jurisdiction: str) -> list[Provision]:
        return [p for p in self.provisions if p.jurisdiction == jurisdiction]


def review_days() -> int:
    """How old a `reviewed` date may be before `check` warns (setting GLASNA_LAW_REVIEW_DAYS)."""
    return freshness.allowed_days("law")


def check(
    data_dir: Path | None = None,
    *,
    today: dt.date | None = None,
    review_after_days: int | None = None,
    seeds_dir: Path | None = None,
    also_quoted: Iterable[quotes.Passage] = (),
) -> KnowledgeBase:
    """Read and validate all data; with `seeds_dir`, also match every quote against its seed, and the
    passages in `also_quoted` (other data quoting the same seeds, such as the official datasets)."""
    data_dir = data_dir or DATA_DIR
    rule = ReviewRule(
        today=today or dt.date.today(),
        days=review_days() if review_after_days is None else review_after_days,
    )
    problems: list[Problem] = []
    jurisdictions: dict[str, Jurisdiction] = {}
    provisions: list[Provision] = []
    directories = sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not directories:
        problems.append(Problem(ERROR, str(data_dir), "no jurisdiction folders"))
    for directory in directories:
        code = directory.name
        if not DIRECTORY.match(code):
            problems.append(Problem(ERROR, code, "a folder name must be a jurisdiction code like AL or BA-FBIH"))
            continue
        raw = _read_yaml(directory / "jurisdiction.yaml", problems)
        if raw is not None:
            jurisdiction = read_jurisdiction(raw, f"{code}/jurisdiction.yaml", code, rule, problems)
            if jurisdiction is not None:
                jurisdictions[code] = jurisdiction
        provisions += _read_provisions(directory, rule, problems)
    _check_across(jurisdictions, provisions, problems)
    if seeds_dir is not None:
        found = itertools.chain(quotes.passages(jurisdictions, tuple(provisions)), also_quoted)
        problems += quotes.check_quotes(found, seeds_dir)
    return KnowledgeBase(jurisdictions, tuple(provisions), tuple(problems))


def load(data_dir: Path | None = None) -> KnowledgeBase:
    """The knowledge base for use; raises KnowledgeError when the data has errors (warnings pass)."""
    knowledge = check(data_dir)
    if knowledge.errors:
        listed = "\n".join(str(p) for p in knowledge.errors)
        raise KnowledgeError(f"legal data has {len(knowledge.errors)} error(s):\n{listed}")
    return knowledge


@functools.cache
def cached() -> KnowledgeBase:
    """The shipped knowledge base, read once per process: the data changes only with a deployment."""
    return load()


def coverage_matrix(knowledge: KnowledgeBase | None = None) -> dict[str, Coverage]:
    """Table 6 of the DCAF study: one row per jurisdiction that carries one (AL, ME, MK, RS)."""
    return coverage.matrix((knowledge or cached()).jurisdictions)


def coverage_csv(knowledge: KnowledgeBase | None = None) -> str:
    return coverage.to_csv(coverage_matrix(knowledge))


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    where = f"{path.parent.name}/{path.name}"
    if not path.is_file():
        problems.append(Problem(ERROR, where, "file missing"))
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        problems.append(Problem(ERROR, where, f"not valid YAML: {exc}"))
        return None


def _read_provisions(directory: Path, rule: ReviewRule, problems: list[Problem]) -> list[Provision]:
    where = f"{directory.name}/provisions.yaml"
    raw = _read_yaml(directory / "provisions.yaml", problems)
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("provisions"), list):
        problems.append(Problem(ERROR, where, "expected a mapping with a `provisions` list"))
        return []
    unknown = sorted(str(key) for key in raw if key not in ("provisions", "shared"))
    if unknown:
        problems.append(Problem(ERROR, where, f"unknown top-level field(s): {', '.join(unknown)}"))
    found = []
    for n, item in enumerate(raw["provisions"]):
        provision = read_provision(item, f"{where} provisions[{n}]", directory.name, rule, problems)
        if provision is not None:
            found.append(provision)
    return found


def _check_across(jurisdictions: dict[str, Jurisdiction], provisions: list[Provision], problems: list[Problem]) -> None:
    """Rules that need more than one record: unique ids, obligations only where states are bound."""
    seen: dict[str, str] = {}
    for provision in provisions:
        where = f"{provision.jurisdiction}/provisions.yaml ({provision.id})"
        if provision.id in seen:
            problems.append(Problem(ERROR, where, f"duplicate id {provision.id!r} (also in {seen[provision.id]})"))
        seen.setdefault(provision.id, provision.jurisdiction)
        jurisdiction = jurisdictions.get(provision.jurisdiction)
        if (
            jurisdiction is not None
            and provision.classification == "obligation"
            and jurisdiction.kind != "supranational"
        ):
            problems.append(
                Problem(ERROR, where, "`classification: obligation` is only for EU or Council of Europe texts")
            )


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key written twice in one mapping (PyYAML silently keeps the last)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in keys:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        keys.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
