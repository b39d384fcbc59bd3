"""Table 6 of the DCAF study, as the data records it, checked against the study's own text."""

import csv
import io

import pytest

from glasna.law import knowledge
from glasna.law.schema import COVERAGE_COLUMNS
from tests.law.seeds import SEEDS

SEED = SEEDS / "003_8a045da9d2fb1327.txt"

# Table 6 as printed in the study (seed 003, lines 485-496), written out by hand from the text. The
# study prints ten column headings in two halves and four rows, and every cell is empty: the values
# did not survive the extraction of the PDF. An empty cell states nothing.
STUDY_HEADINGS = [
    "Creating/ altering",
    "Recording",
    "Processing/ distributing",
    "Threatening to distribute",
    "Clear definitions of digital means/ aspects",
    "Clear definition of consent",
    "Explicit addressing of intimate images",
    "The burden of proof on the victim",
    "Damage compensation",
    "Regulation of the responsibility of online platforms",
]
STUDY_ROWS = {"AL": "Albania", "MK": "N. Macedonia", "ME": "Montenegro", "RS": "Serbia"}
STUDY_CELLS = {code: [""] * 10 for code in STUDY_ROWS}


def test_the_matrix_has_the_studys_rows_and_columns() -> None:
    matrix = knowledge.coverage_matrix()
    assert set(matrix) == set(STUDY_ROWS)
    assert [column.study_label for column in COVERAGE_COLUMNS] == STUDY_HEADINGS
    for code, coverage in matrix.items():
        assert coverage.row == STUDY_ROWS[code]
        assert [cell.column.study_label for cell in coverage.cells] == STUDY_HEADINGS


def test_the_matrix_states_what_table_6_states_and_nothing_more() -> None:
    for code, coverage in knowledge.coverage_matrix().items():
        assert [cell.cell_text for cell in coverage.cells] == STUDY_CELLS[code]
        assert {cell.value for cell in coverage.cells} == {"not_stated"}


def test_readings_of_the_prose_carry_their_evidence() -> None:
    readings = {
        (code, cell.column.key): cell.reading
        for code, coverage in knowledge.coverage_matrix().items()
        for cell in coverage.cells
        if cell.reading is not None
    }
    assert all(reading.quote and reading.lines for reading in readings.values())
    # The study's clearest statements (lines 117, 151-171, 481):
    assert readings["AL", "creating_altering"].value == "no"
    assert readings["AL", "threatening_to_distribute"].value == "no"
    assert readings["ME", "creating_altering"].value == "yes"
    assert all(readings[code, "platform_responsibility"].value == "no" for code in STUDY_ROWS)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed documents are not on this machine")
def test_the_hand_written_table_matches_the_seed() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()[486:496]  # lines 487-496
    clean = [
        [
            cell.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "")
            for cell in line.split("\t")
        ]
        for line in lines
    ]
    first_half, second_half = clean[0:5], clean[5:10]
    assert first_half[0][1:] + second_half[0][1:] == STUDY_HEADINGS
    for half, offset in ((first_half, 0), (second_half, 5)):
        for code, label in STUDY_ROWS.items():
            row = next(r for r in half[1:] if r[0] == label)
            assert row[1:] == STUDY_CELLS[code][offset : offset + 5]


def test_the_csv_has_one_line_per_jurisdiction() -> None:
    rows = list(csv.DictReader(io.StringIO(knowledge.coverage_csv())))
    assert [row["jurisdiction"] for row in rows] == ["AL", "ME", "MK", "RS"]
    albania = rows[0]
    assert albania["study_row"] == "Albania"
    assert albania["creating_altering"] == "not_stated"
    assert albania["creating_altering_reading"] == "no"
    assert albania["damage_compensation_reading"] == "yes"
    assert len(albania) == 2 + 2 * len(COVERAGE_COLUMNS)
