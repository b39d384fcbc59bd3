"""The OWASP ASVS 5.0 Level 2 self-assessment (docs/security/asvs.yaml) stays complete and true:
every Level 1 and 2 requirement, and the Level 3 ones chosen, has an answer; every file it points
to exists; every test it names exists; docs/security/asvs.md is rendered from it.

    GLASNA_WRITE_DOCS=1 .venv/bin/pytest tests/test_security_assessment.py   # re-render asvs.md
"""

import ast
import csv
import os
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "security"
STATUSES = ("met", "partial", "gap", "not_applicable")
LABELS = {"met": "met", "partial": "partly met", "gap": "gap", "not_applicable": "not applicable"}
FIELDS = {"status", "asks", "answer", "where", "tests"}


def _requirements() -> dict[str, dict[str, str]]:
    with (FOLDER / "asvs-5.0.0-requirements.csv").open(encoding="utf-8") as handle:
        return {row["req_id"]: row for row in csv.DictReader(handle)}


def _assessment() -> dict:
    return yaml.safe_load((FOLDER / "asvs.yaml").read_text(encoding="utf-8"))


@cache
def _tests_in(path: Path) -> frozenset[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    return frozenset(name for name in names if name.startswith("test_"))


def _problems_of(req_id: str, entry: object) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{req_id}: not a mapping"]
    problems = [f"{req_id}: unknown field {name!r}" for name in sorted(set(entry) - FIELDS)]
    if entry.get("status") not in STATUSES:
        problems.append(f"{req_id}: status must be one of {STATUSES}")
    for name in ("asks", "answer"):
        if not isinstance(entry.get(name), str) or len(entry[name].strip()) < 6:
            problems.append(f"{req_id}: `{name}` must say it in a sentence")
    where, tests = entry.get("where", []), entry.get("tests", [])
    if entry.get("status") in ("met", "partial") and not (where and tests):
        problems.append(f"{req_id}: a met or partial requirement names where (code) and tests")
    for path in where:
        if not (ROOT / path.split("::")[0]).exists():
            problems.append(f"{req_id}: {path} does not exist")
    for node in tests:
        file, _, name = node.partition("::")
        if not (ROOT / file).is_file():
            problems.append(f"{req_id}: test file {file} does not exist")
        elif name and name.split("[")[0] not in _tests_in(ROOT / file):
            problems.append(f"{req_id}: {file} has no test {name}")
    return problems


def test_every_level_1_and_2_requirement_and_the_chosen_level_3_ones_are_answered() -> None:
    requirements, assessment = _requirements(), _assessment()
    wanted = {rid for rid, row in requirements.items() if row["level"] in ("1", "2")}
    wanted |= set(assessment["level_3_chosen"])
    answered = set(assessment["requirements"])
    assert sorted(wanted - answered) == [], "requirements without an answer"
    assert sorted(answered - set(requirements)) == [], "answers to requirements ASVS 5.0.0 does not have"


def test_every_answer_points_at_code_and_tests_that_exist() -> None:
    problems = []
    for req_id, entry in _assessment()["requirements"].items():
        problems += _problems_of(req_id, entry)
    assert problems == []


def test_the_checker_refuses_what_it_should() -> None:
    assert _problems_of("V0", {"status": "met", "asks": "a sentence here", "answer": "a sentence too"})
    assert _problems_of(
        "V0",
        {
            "status": "met",
            "asks": "a sentence here",
            "answer": "a sentence too",
            "where": ["glasna/no_such_module.py"],
            "tests": ["tests/test_security_assessment.py::test_no_such_test"],
        },
    ) == [
        "V0: glasna/no_such_module.py does not exist",
        "V0: tests/test_security_assessment.py has no test test_no_such_test",
    ]


def render(assessment: dict, requirements: dict[str, dict[str, str]]) -> str:
    entries = assessment["requirements"]
    counts = {status: sum(1 for e in entries.values() if e["status"] == status) for status in STATUSES}
    lines = [
        "# OWASP ASVS 5.0.0 Level 2: self-assessment",
        "",
        "Generated from `docs/security/asvs.yaml` by `tests/test_security_assessment.py`, which also",
        "checks that every Level 1 and 2 requirement has an answer and that every file and test named",
        "exists. The requirement texts are OWASP's (CC BY-SA 4.0): read them in the standard; the",
        "`asks` column is our one-line summary. Level 3 requirements assessed as well: "
        + ", ".join(assessment["level_3_chosen"])
        + ".",
        "",
        f"Reviewed {assessment['reviewed']}. "
        + ", ".join(f"{LABELS[status]}: {counts[status]}" for status in STATUSES)
        + ".",
        "",
    ]
    chapter = None
    for req_id in sorted(entries, key=lambda r: tuple(int(p) for p in r[1:].split("."))):
        row, entry = requirements[req_id], entries[req_id]
        if row["chapter"] != chapter:
            chapter = row["chapter"]
            lines += [
                f"## {req_id.split('.')[0]} {chapter}",
                "",
                "| Req. | L | Asks | Status | Answer | Code | Tests |",
            ]
            lines += ["|---|---|---|---|---|---|---|"]
        cells = [
            req_id,
            row["level"],
            entry["asks"].strip(),
            LABELS[entry["status"]],
            entry["answer"].strip(),
            "<br>".join(f"`{p}`" for p in entry.get("where", [])),
            "<br>".join(f"`{t}`" for t in entry.get("tests", [])),
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def test_the_markdown_is_rendered_from_the_data() -> None:
    rendered = render(_assessment(), _requirements())
    target = FOLDER / "asvs.md"
    if os.environ.get("GLASNA_WRITE_DOCS"):
        target.write_text(rendered, encoding="utf-8")
    if not target.exists() or target.read_text(encoding="utf-8") != rendered:
        pytest.fail(
            "docs/security/asvs.md is out of date: GLASNA_WRITE_DOCS=1 pytest tests/test_security_assessment.py"
        )
