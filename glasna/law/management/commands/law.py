"""`glasna law`: the operator's tool for the legal knowledge base (glasna/law/data/README.md)."""

from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.law import knowledge, quotes
from glasna.law.schema import COVERAGE_COLUMNS
from glasna.observatory import official_quotes


class Command(BaseCommand):
    help = (
        "Legal knowledge base. `check`: validate every data file, print a summary and warnings, fail on errors "
        "(--seeds DIR also matches each quote, and those in the shipped official datasets, against its seed "
        "document at the cited lines; without --seeds or --data, ../shared/seeds beside the checkout is used when "
        "it exists, unless --no-seeds; changes in progress unreviewed for six months are warnings). "
        "`matrix`: print Table 6 of the DCAF study per jurisdiction (--csv for CSV)."
    )
    requires_system_checks: list[str] = []  # reads data files only: no database, no system checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subcommand", choices=["check", "matrix"])
        parser.add_argument("--csv", action="store_true", help="matrix: print CSV")
        parser.add_argument("--seeds", type=Path, help="check: folder holding the seed documents quoted by the data")
        parser.add_argument("--no-seeds", action="store_true", help="check: do not use the default seeds folder")
        parser.add_argument("--data", type=Path, help="data folder (default: glasna/law/data)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check":
            seeds = options["seeds"]
            if seeds is None and options["data"] is None and not options["no_seeds"]:
                seeds = quotes.default_seeds_dir()  # a plain run matches quotes wherever the seeds are
            self._check(options["data"], seeds)
        else:
            self._matrix(options["data"], as_csv=options["csv"])

    def _check(self, data_dir: Path | None, seeds_dir: Path | None) -> None:
        if seeds_dir is not None and not seeds_dir.is_dir():
            raise CommandError(f"--seeds {seeds_dir}: not a folder")
        # The shipped official datasets quote the same seeds: check them with the shipped legal data.
        official = official_quotes.passages() if seeds_dir is not None and data_dir is None else ()
        kb = knowledge.check(data_dir, seeds_dir=seeds_dir, also_quoted=official)
        for code, jurisdiction in sorted(kb.jurisdictions.items()):
            provisions = kb.provisions_for(code)
            confidence = Counter(p.confidence for p in provisions)
            detail = ", ".join(f"{n} {level}" for level, n in sorted(confidence.items())) or "none yet"
            table = ", Table 6 row" if jurisdiction.coverage else ""
            self.stdout.write(f"{code:8} {len(provisions):3} provision(s) ({detail}){table}")
        checked = "quotes matched against seeds" if seeds_dir else "quotes not matched (no seeds folder)"
        self.stdout.write(
            f"{len(kb.jurisdictions)} jurisdictions, {len(kb.provisions)} provisions; {checked}; "
            f"{len(kb.errors)} error(s), {len(kb.warnings)} warning(s)"
        )
        for problem in kb.warnings:
            self.stdout.write(str(problem))
        if kb.errors:
            raise CommandError("legal data has errors:\n" + "\n".join(str(p) for p in kb.errors))

    def _matrix(self, data_dir: Path | None, *, as_csv: bool) -> None:
        try:
            kb = knowledge.load(data_dir)
        except knowledge.KnowledgeError as exc:
            raise CommandError(str(exc)) from exc
        if as_csv:
            self.stdout.write(knowledge.coverage_csv(kb), ending="")
            return
        rows = knowledge.coverage_matrix(kb)
        self.stdout.write(
            "Table 6 as the study states it (cells empty in the seed: not_stated), then Glasna's reading of its prose."
        )
        for code, coverage in rows.items():
            self.stdout.write(f"\n{code} ({coverage.row})")
            for column, cell in zip(COVERAGE_COLUMNS, coverage.cells, strict=True):
                reading = (
                    f"{cell.reading.value} (lines {cell.reading.lines[0]}-{cell.reading.lines[1]})"
                    if cell.reading
                    else "-"
                )
                self.stdout.write(f"  {column.study_label:55} {cell.value:11} {reading}")
