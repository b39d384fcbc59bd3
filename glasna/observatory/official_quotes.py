"""The seed passages the shipped official datasets quote, for `glasna law check --seeds` to match.

A row quotes its seed when its `source` names one ("(seed 003_….txt)"), its `locator` gives line
numbers ("Table 2, line 385; text line 368") and its `note` has words in “curly quotes”. Each quoted
phrase must appear, word for word, in the cited lines taken together."""

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from glasna.law.quotes import Passage
from glasna.observatory.official import SHIPPED_DIR

_SEED = re.compile(r"\(seed ([0-9]{3}_[0-9a-f]{16}\.txt)\)")
_LINE = re.compile(r"\blines? (\d+)")
_QUOTED = re.compile(r"“([^”]+)”")


def passages(directory: Path = SHIPPED_DIR) -> Iterator[Passage]:
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                number = reader.line_num  # the file line where the row ends (a note may span lines)
                seed = _SEED.search(row.get("source") or "")
                lines = sorted({int(n) for n in _LINE.findall((row.get("locator") or "").lower())})
                if seed is None or not lines:
                    continue
                where = f"observatory/data/official/{path.name} line {number}"
                for quote in _QUOTED.findall(row.get("note") or ""):
                    yield Passage(where, f"seed:{seed.group(1)}", tuple(lines), quote)
