"""Table 6 of the DCAF study as data: reading each jurisdiction's row, and the matrix and CSV built
from the rows."""

import csv
import io

from glasna.law import schema
from glasna.law.fields import Fields, Problem, errors_since, read_source
from glasna.law.schema import Coverage, CoverageCell, Jurisdiction, Reading


def read_coverage(raw: object, where: str, problems: list[Problem]) -> Coverage | None:
    before = len(problems)
    fields = Fields(raw, where, problems, ("table", "row", "source", "cells"))
    table, row = fields.text("table"), fields.text("row")
    source = read_source(fields.raw["source"], f"{where} source", problems) if fields.present("source") else None
    if source is not None and not source.is_seed:
        fields.error("coverage must cite the study as a seed `source.document`")
    cells: list[CoverageCell] = []
    if fields.present("cells"):
        keys = [column.key for column in schema.COVERAGE_COLUMNS]
        raw_cells = Fields(fields.raw["cells"], f"{where} cells", problems, keys)
        for column in schema.COVERAGE_COLUMNS:
            if raw_cells.present(column.key):
                cell = _read_cell(raw_cells.raw[column.key], column, f"{where} cells.{column.key}", problems)
                if cell is not None:
                    cells.append(cell)
    if errors_since(problems, before):
        return None
    assert table and row and source  # narrowed: no problem was recorded
    return Coverage(table, row, source, tuple(cells))


def _read_cell(raw: object, column: schema.CoverageColumn, where: str, problems: list[Problem]) -> CoverageCell | None:
    before = len(problems)
    fields = Fields(raw, where, problems, ("value", "cell_text", "reading"))
    value = fields.choice("value", schema.COVERAGE_VALUES)
    cell_text = fields.raw.get("cell_text") if fields.present("cell_text") else None
    if "cell_text" in fields.raw and not isinstance(cell_text, str):
        fields.error('`cell_text` must be the cell\'s text, "" when the cell is empty')
    elif isinstance(cell_text, str) and value is not None and (cell_text.strip() == "") != (value == "not_stated"):
        fields.error("`value` is not_stated exactly when `cell_text` is empty")
    reading = None
    if fields.present("reading") and fields.raw["reading"] is not None:
        reading_fields = Fields(
            fields.raw["reading"], f"{where} reading", problems, ("value", "lines", "quote", "note")
        )
        reading_value = reading_fields.choice("value", schema.READING_VALUES)
        lines = reading_fields.line_range("lines")
        quote = reading_fields.text("quote")
        note = reading_fields.text("note", nullable=True)
        if reading_value and lines and quote:
            reading = Reading(reading_value, lines, quote, note)
    if errors_since(problems, before) or value is None or not isinstance(cell_text, str):
        return None
    return CoverageCell(column, value, cell_text, reading)


def matrix(jurisdictions: dict[str, Jurisdiction]) -> dict[str, Coverage]:
    """Table 6 rows by jurisdiction code, for the jurisdictions that carry one."""
    return {code: j.coverage for code, j in sorted(jurisdictions.items()) if j.coverage is not None}


def csv_header() -> list[str]:
    header = ["jurisdiction", "study_row"]
    for column in schema.COVERAGE_COLUMNS:
        header += [column.key, f"{column.key}_reading"]
    return header


def to_csv(rows: dict[str, Coverage]) -> str:
    """One line per jurisdiction: each Table 6 column as the table states it (`not_stated` for an empty
    cell), followed by Glasna's reading of the study's prose for that column (empty when none)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header())
    for code, coverage in rows.items():
        line = [code, coverage.row]
        for cell in coverage.cells:
            line += [cell.value, cell.reading.value if cell.reading else ""]
        writer.writerow(line)
    return out.getvalue()
