"""Reading YAML mappings field by field, collecting every problem rather than stopping at the first, so
that a reviewer sees the whole list in one `glasna law check`."""

import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from glasna.core import freshness
from glasna.law.schema import Source

ERROR = "error"
WARNING = "warning"


SEED_DOCUMENT = re.compile(r"^seed:[0-9]{3}_[0-9a-f]{16}\.txt$")


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def errors_since(problems: list[Problem], before: int) -> bool:
    """Whether an error was recorded after the first `before` problems. Warnings (a stale review
    date) never make an entry unreadable: data that has aged is shown with its warning, not dropped."""
    return any(problem.level == ERROR for problem in problems[before:])


@dataclass(frozen=True)
class ReviewRule:
    """When an entry's `reviewed` date is acceptable: never in the future, and fresh within `days`."""

    today: dt.date
    days: int


class Fields:
    """One YAML mapping being read. Each accessor records a problem and returns None when the value is
    missing or wrong, so reading goes on and every problem in the file is reported."""

    def __init__(self, raw: object, where: str, problems: list[Problem], allowed: Collection[str]) -> None:
        self.where = where
        self.problems = problems
        self.raw: dict[str, Any] = {}
        if not isinstance(raw, dict):
            self.error(f"expected a mapping, found {_kind(raw)}")
            return
        self.raw = raw
        for key in raw:
            if key not in allowed:
                self.error(f"unknown field `{key}` (allowed: {', '.join(allowed)})")

    def error(self, message: str) -> None:
        self.problems.append(Problem(ERROR, self.where, message))

    def warning(self, message: str) -> None:
        self.problems.append(Problem(WARNING, self.where, message))

    def present(self, key: str) -> bool:
        if key not in self.raw:
            self.error(f"`{key}` is required")
            return False
        return True

    def text(self, key: str, *, nullable: bool = False, optional: bool = False) -> str | None:
        if optional and key not in self.raw:
            return None
        if not self.present(key):
            return None
        value = self.raw[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(f"`{key}` must be non-empty text" + (" or null" if nullable else ""))
            return None
        return value.strip()

    def choice(self, key: str, options: Iterable[str]) -> str | None:
        if not self.present(key):
            return None
        return self._one_of(key, self.raw[key], tuple(options))

    def choices(self, key: str, options: Iterable[str]) -> tuple[str, ...] | None:
        if not self.present(key):
            return None
        values = self.raw[key]
        if not isinstance(values, list) or not values:
            self.error(f"`{key}` must be a non-empty list")
            return None
        allowed = tuple(options)
        checked = [self._one_of(key, value, allowed) for value in values]
        duplicates = sorted({value for value in values if isinstance(value, str) and values.count(value) > 1})
        if duplicates:
            self.error(f"`{key}` lists {', '.join(duplicates)} more than once")
        if None in checked or duplicates:
            return None
        return tuple(value for value in checked if value is not None)

    def _one_of(self, key: str, value: object, options: tuple[str, ...]) -> str | None:
        if isinstance(value, bool):
            # YAML 1.1 reads an unquoted yes/no as a boolean.
            self.error(f'`{key}`: write "yes"/"no" in quotes (YAML read {value!r} as a boolean)')
            return None
        if value not in options:
            self.error(f"`{key}`: unknown value {value!r} (allowed: {', '.join(options)})")
            return None
        return str(value)

    def date(self, key: str) -> dt.date | None:
        if not self.present(key):
            return None
        value = self.raw[key]
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.error(f"`{key}` must be a date (YYYY-MM-DD)")
            return None
        return value

    def line_range(self, key: str) -> tuple[int, int] | None:
        if not self.present(key):
            return None
        value = self.raw[key]
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
            and 1 <= value[0] <= value[1]
        ):
            return (value[0], value[1])
        self.error(f"`{key}` must be [first, last] line numbers, 1 <= first <= last")
        return None

    def months(self, key: str) -> int | None:
        if not self.present(key):
            return None
        value = self.raw[key]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(f"`{key}` must be a positive whole number of months or null")
            return None
        return value

    def items(self, key: str) -> list[Any]:
        if not self.present(key):
            return []
        value = self.raw[key]
        if not isinstance(value, list):
            self.error(f"`{key}` must be a list")
            return []
        return value


def _kind(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def check_review(fields: Fields, reviewed: dt.date | None, rule: ReviewRule) -> None:
    if reviewed is None:
        return
    if reviewed > rule.today:
        fields.error(f"`reviewed` {reviewed.isoformat()} is in the future")
    elif freshness.older_than(reviewed, rule.days, rule.today):
        fields.warning(
            f"`reviewed` {reviewed.isoformat()} is older than {rule.days} days: review the entry against its source"
        )


def read_source(raw: object, where: str, problems: list[Problem]) -> Source | None:
    before = len(problems)
    fields = Fields(raw, where, problems, ("document", "citation", "section", "lines", "quote", "url"))
    document = fields.text("document", optional=True)
    citation = fields.text("citation", optional=True)
    section = fields.text("section", optional=True)
    url = fields.text("url", optional=True, nullable=True)
    lines = fields.line_range("lines") if "lines" in fields.raw else None
    quote = fields.text("quote", optional=True)
    if fields.raw and document is None and citation is None:
        fields.error("a source needs a `document` (a seed) or a `citation`")
    if document is not None:
        if not SEED_DOCUMENT.match(document):
            fields.error(f"`document` {document!r} must name a seed, like seed:003_8a045da9d2fb1327.txt")
        for key in ("section", "lines", "quote"):
            if key not in fields.raw:
                fields.error(f"a seed source needs `{key}`")
    if errors_since(problems, before):
        return None
    return Source(document, citation, section, lines, quote, url)
