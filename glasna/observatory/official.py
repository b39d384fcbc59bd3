"""Official statistics: the import format (docs/observatory.md), its validation and the datasets.

A file is read whole and checked row by row; any error refuses the whole file, listing every
problem with its line number (CSV: the file's line; JSON: the record's position in the list)."""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from glasna.core import freshness
from glasna.observatory import codebook
from glasna.observatory.models import OfficialFigure

SHIPPED_DIR = Path(__file__).parent / "data" / "official"
COLUMNS = (
    "dataset",
    "source",
    "locator",
    "jurisdiction",
    "institution_type",
    "institution",
    "period_start",
    "period_end",
    "offence_local",
    "offence",
    "mapping",
    "stage",
    "unit",
    "count",
    "status",
    "is_total",
    "dimension",
    "category",
    "note",
)
REQUIRED = ("dataset", "source", "locator", "jurisdiction", "institution_type", "institution", "offence_local")
MAPPINGS = ("exact", "close", "uncertain")
STATUSES = ("stated", "derived", "not_stated")
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
DATASET = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Figure:
    dataset: str
    source: str
    locator: str
    jurisdiction: str
    institution_type: str
    institution: str
    period_start: str
    period_end: str
    offence_local: str
    offence: str
    mapping: str
    stage: str
    unit: str
    count: int | None
    status: str
    is_total: bool
    dimension: str
    category: str
    note: str
    foi_request_id: int | None = None


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class InvalidFile(Exception):
    """The file was refused; `errors` lists every problem found, by line."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def _check_row(raw: dict[str, Any], line: int) -> tuple[Figure | None, list[LineError]]:
    book = codebook.load()
    errors: list[LineError] = []

    def bad(message: str) -> None:
        errors.append(LineError(line, message))

    unknown = sorted(set(raw) - set(COLUMNS))
    if unknown:
        bad(_("unknown column(s): %(names)s") % {"names": ", ".join(unknown)})
    value = {name: str(raw.get(name) if raw.get(name) is not None else "").strip() for name in COLUMNS}
    for name in REQUIRED:
        if not value[name]:
            bad(_("“%(column)s” is empty") % {"column": name})
    if value["dataset"] and not DATASET.match(value["dataset"]):
        bad(_("“dataset” must be lower-case letters, digits and hyphens"))
    checks = [
        ("jurisdiction", "country"),
        ("offence", "offence"),
        ("stage", "stage"),
    ]
    for column, dimension in checks:
        if not book.is_code(dimension, value[column]):
            bad(_("“%(value)s” is not a codebook code for %(column)s") % {"value": value[column], "column": column})
    if value["institution_type"] and value["institution_type"] not in book.institution_types:
        bad(_("“%(value)s” is not an institution type") % {"value": value["institution_type"]})
    if value["unit"] not in book.units:
        bad(_("“%(value)s” is not a unit") % {"value": value["unit"]})
    if value["mapping"] not in MAPPINGS:
        bad(_("“mapping” must be one of: %(values)s") % {"values": ", ".join(MAPPINGS)})
    status = value["status"] or "stated"
    if status not in STATUSES:
        bad(_("“status” must be one of: %(values)s") % {"values": ", ".join(STATUSES)})
    for column in ("period_start", "period_end"):
        if value[column] and not MONTH.match(value[column]):
            bad(_("“%(column)s” must be a month written YYYY-MM") % {"column": column})
    if bool(value["period_start"]) != bool(value["period_end"]):
        bad(_("give both ends of the period, or neither when the source does not state it"))
    elif value["period_start"] and value["period_start"] > value["period_end"]:
        bad(_("the period ends before it starts"))
    count: int | None = None
    if status == "not_stated":
        if value["count"]:
            bad(_("a figure marked not_stated must have an empty count"))
    elif not re.fullmatch(r"\d{1,12}", value["count"]):
        bad(_("“count” must be a whole number of zero or more"))
    else:
        count = int(value["count"])
    if value["is_total"] not in ("", "yes", "no", "true", "false"):
        bad(_("“is_total” must be yes or no"))
    if bool(value["dimension"]) != bool(value["category"]):
        bad(_("give both a dimension and a category, or neither"))
    elif value["dimension"]:
        if value["dimension"] not in book.dimensions and value["dimension"] != codebook.FORM_DIMENSION:
            bad(_("“%(value)s” is not a codebook dimension") % {"value": value["dimension"]})
        elif not book.is_code(value["dimension"], value["category"]):
            bad(
                _("“%(value)s” is not a code of %(dimension)s")
                % {"value": value["category"], "dimension": value["dimension"]}
            )
    if errors:
        return None, errors
    return (
        Figure(
            dataset=value["dataset"],
            source=value["source"],
            locator=value["locator"],
            jurisdiction=value["jurisdiction"],
            institution_type=value["institution_type"],
            institution=value["institution"],
            period_start=value["period_start"],
            period_end=value["period_end"],
            offence_local=value["offence_local"],
            offence=value["offence"],
            mapping=value["mapping"],
            stage=value["stage"],
            unit=value["unit"],
            count=count,
            status=status,
            is_total=value["is_total"] in ("yes", "true"),
            dimension=value["dimension"],
            category=value["category"],
            note=value["note"],
        ),
        [],
    )


def parse(data: bytes, name: str) -> list[Figure]:
    """Raise InvalidFile with every problem, or return all figures. CSV or JSON by the file name."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFile([LineError(1, _("the file is not UTF-8 text"))]) from exc
    rows: list[tuple[int, dict[str, Any]]] = []
    if name.lower().endswith(".json"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidFile([LineError(exc.lineno, _("not valid JSON: %(error)s") % {"error": exc.msg})]) from exc
        if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
            raise InvalidFile([LineError(1, _("a JSON file must hold a list of objects"))])
        rows = [(index + 1, item) for index, item in enumerate(loaded)]
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise InvalidFile([LineError(1, _("missing column(s): %(names)s") % {"names": ", ".join(missing)})])
        try:
            for record in reader:
                if None in record:
                    rows.append((reader.line_num, {"__extra__": "x"}))
                    continue
                rows.append((reader.line_num, record))
        except csv.Error as exc:
            raise InvalidFile([LineError(reader.line_num, _("not valid CSV: %(error)s") % {"error": exc})]) from exc
    if not rows:
        raise InvalidFile([LineError(1, _("the file holds no figures"))])
    if len(rows) > MAX_ROWS:
        raise InvalidFile([LineError(1, _("too many rows (at most %(max)d)") % {"max": MAX_ROWS})])
    figures: list[Figure] = []
    errors: list[LineError] = []
    for line, raw in rows:
        if "__extra__" in raw:
            errors.append(LineError(line, _("this row has more cells than the header")))
            continue
        figure, found = _check_row(raw, line)
        errors += found
        if figure is not None:
            figures.append(figure)
    if errors:
        raise InvalidFile(errors)
    return figures


@cache
def shipped() -> tuple[Figure, ...]:
    """The curated datasets under data/official (the DCAF tables, the NCMEC figures)."""
    out: list[Figure] = []
    for path in sorted(SHIPPED_DIR.glob("*.csv")):
        out += parse(path.read_bytes(), path.name)
    return tuple(out)


def aged_datasets(figures: Iterable[Figure], today: dt.date | None = None) -> list[tuple[str, str]]:
    """(dataset, latest period_end) for each dataset whose newest period ended longer ago than
    GLASNA_OFFICIAL_STALE_DAYS: still published, and worth an FOI request for newer figures."""
    latest: dict[str, str] = {}
    for figure in figures:
        if figure.period_end and figure.period_end > latest.get(figure.dataset, ""):
            latest[figure.dataset] = figure.period_end
    return sorted(
        (dataset, end)
        for dataset, end in latest.items()
        if freshness.is_stale(freshness.month_end(end), "official", today)
    )


def shipped_datasets() -> set[str]:
    return {f.dataset for f in shipped()}


def import_file(data: bytes, name: str) -> int:
    """Import all figures or none; a dataset imported again replaces its earlier rows."""
    figures = parse(data, name)
    clash = sorted({f.dataset for f in figures} & shipped_datasets())
    if clash:
        raise InvalidFile(
            [LineError(1, _("dataset name(s) already shipped with Glasna: %(names)s") % {"names": ", ".join(clash)})]
        )
    with transaction.atomic():
        OfficialFigure.objects.filter(dataset__in={f.dataset for f in figures}, foi_request__isnull=True).delete()
        OfficialFigure.objects.bulk_create(OfficialFigure(**_model_fields(f)) for f in figures)
    return len(figures)


def _model_fields(figure: Figure) -> dict[str, Any]:
    return asdict(figure)


def all_figures() -> list[Figure]:
    """Shipped datasets, then imported ones and those extracted from FOI answers."""
    names = [f.name for f in fields(Figure)]
    stored = [Figure(**{n: getattr(row, n) for n in names}) for row in OfficialFigure.objects.all()]
    return [*shipped(), *stored]
