"""The import format: a malformed file is refused whole, with every problem by line number."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from glasna.observatory import official
from glasna.observatory.models import OfficialFigure

pytestmark = pytest.mark.django_db

HEADER = ",".join(official.COLUMNS)
GOOD = "my-foi-2025,FOI answer of the Basic Court Skopje,page 2 table 1,MK,court_first_instance,Basic Court Skopje,2024-01,2024-12,Misuse of personal data,misuse_personal_data,close,sent_to_court,cases,12,stated,no,,,"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_imports_and_reimport_replaces(tmp_path: Path) -> None:
    path = write(
        tmp_path, "good.csv", f"{HEADER}\n{GOOD}\n{GOOD.replace(',12,', ',7,').replace('sent_to_court', 'convicted')}\n"
    )
    call_command("observatory", "import", str(path))
    assert OfficialFigure.objects.count() == 2
    call_command("observatory", "import", str(path))
    assert OfficialFigure.objects.count() == 2
    assert {f.dataset for f in official.all_figures()} >= {"my-foi-2025", "dcaf-al-table3"}


def test_a_malformed_csv_gives_line_numbered_errors_and_imports_nothing(tmp_path: Path) -> None:
    bad_lines = [
        GOOD,  # line 2: fine
        GOOD.replace(",12,", ",twelve,"),  # line 3
        GOOD.replace(",MK,", ",XX,"),  # line 4
        GOOD.replace("2024-01,2024-12", "2024-13,2024-12"),  # line 5
        GOOD.replace(",sent_to_court,", ",arrested,"),  # line 6
        GOOD + ",extra",  # line 7
    ]
    path = write(tmp_path, "bad.csv", HEADER + "\n" + "\n".join(bad_lines) + "\n")
    with pytest.raises(CommandError) as caught:
        call_command("observatory", "import", str(path))
    message = str(caught.value)
    assert "nothing imported" in message
    for line in (3, 4, 5, 6, 7):
        assert f"line {line}:" in message
    assert "line 2:" not in message
    assert "“count” must be a whole number" in message and "“XX” is not a codebook code" in message
    assert not OfficialFigure.objects.exists()


def test_errors_are_translated() -> None:
    data = f"{HEADER}\n{GOOD.replace(',12,', ',-3,')}\n".encode()
    with translation.override("sq"), pytest.raises(official.InvalidFile) as caught:
        official.parse(data, "x.csv")
    assert caught.value.errors[0].line == 2
    assert str(caught.value.errors[0]).startswith(("line 2", "rreshti 2"))  # the sq catalogue fills this in after merge


def test_json_errors_name_the_record(tmp_path: Path) -> None:
    good = dict(zip(official.COLUMNS, GOOD.split(","), strict=True))
    records = [good, {**good, "stage": "nope"}, {**good, "unknown_column": "x"}]
    path = write(tmp_path, "bad.json", json.dumps(records))
    with pytest.raises(CommandError) as caught:
        call_command("observatory", "import", str(path))
    assert "line 2:" in str(caught.value) and "line 3:" in str(caught.value) and "line 1:" not in str(caught.value)
    assert not OfficialFigure.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", HEADER + "\n", "holds no figures"),
        ("cols.csv", "dataset,count\nx,1\n", "missing column"),
        ("broken.json", "[{", "not valid JSON"),
        ("latin.csv", None, "not UTF-8"),
        ("shipped.csv", f"{HEADER}\n{GOOD.replace('my-foi-2025', 'dcaf-al-table3')}\n", "already shipped"),
    ],
)
def test_whole_file_problems(tmp_path: Path, name: str, content: str | None, expected: str) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(f"{HEADER}\n{GOOD}\n".replace("Misuse", "Misusé").encode("latin-1"))
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        call_command("observatory", "import", str(path))
    assert not OfficialFigure.objects.exists()


def test_not_stated_figures_need_an_empty_count() -> None:
    row = GOOD.replace(",12,stated,", ",12,not_stated,")
    with pytest.raises(official.InvalidFile, match="empty count"):
        official.parse(f"{HEADER}\n{row}\n".encode(), "x.csv")
    figures = official.parse(f"{HEADER}\n{GOOD.replace(',12,stated,', ',,not_stated,')}\n".encode(), "x.csv")
    assert figures[0].count is None


def test_check_command_passes_on_shipped_data() -> None:
    call_command("observatory", "check")
