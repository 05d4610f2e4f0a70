"""A file that cannot be read gets one line saying what is wrong with it, on every engine.

Random bytes named ``.csv``, a ``.parquet`` that is not Parquet, an empty file, column names
without a record, a folder: each is an ``UnreadableFileError`` (an ``InputError``) whose
``reason`` says which, and ``sepakat poverty`` prints it on one line and exits with code 2,
never a traceback. The web upload of microdata reports the same reasons in Indonesian
(``tests/datahub/test_microdata.py``).
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from sepakat.analytics import poverty_measures
from sepakat.analytics.cli import main
from sepakat.analytics.errors import UnreadableFileError
from tests.datahub.badfiles import xml_entities, zip_bomb

GOOD = pl.DataFrame({"y": [100.0, 200.0, 300.0] * 20, "w": [1.0, 2.0, 3.0] * 20})
NOISE = random.Random(20250301).randbytes(4096)  # the same "random" file every run


def _header_only_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["y", "w"])
    book.save(path)


def _good_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["y", "w"])
    for row in GOOD.iter_rows():
        sheet.append(list(row))
    book.save(path)


def _entities_xlsx(seed: int) -> Callable[[Path], object]:
    """A good workbook with a billion-laughs or external-entity DTD in one XML part."""

    def write(path: Path) -> None:
        _good_xlsx(path)
        _, content = xml_entities(random.Random(seed), path.read_bytes())
        path.write_bytes(content)

    return write


def _header_only_stata(path: Path) -> None:
    import pyreadstat

    pyreadstat.write_dta(GOOD.head(0).to_pandas(), str(path))


def _corrupted_parquet(path: Path) -> None:
    GOOD.write_parquet(path)
    content = bytearray(path.read_bytes())
    content[4:40] = b"\xff" * 36  # the first page header: the PAR1 markers are intact
    path.write_bytes(bytes(content))


def _zip_that_is_no_workbook(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")


# name, how to make the file, the reason reported
CASES: dict[str, tuple[str, Callable[[Path], object], str]] = {
    "random bytes named .csv": ("noise.csv", lambda p: p.write_bytes(NOISE), "binary"),
    "a Latin-1 CSV": (
        "latin1.csv",
        lambda p: p.write_bytes("y,w,desa\n100,1,Cipanas Séla\n".encode("latin-1")),
        "encoding",
    ),
    "a UTF-16 CSV (Excel's Unicode text)": (
        "utf16.csv",
        lambda p: p.write_bytes("y,w\n100,1\n".encode("utf-16")),
        "encoding",
    ),
    "random bytes named .parquet": (
        "noise.parquet",
        lambda p: p.write_bytes(NOISE),
        "wrong_format",
    ),
    "a CSV named .parquet": (
        "text.parquet",
        lambda p: p.write_text("y,w\n100,1\n200,2\n"),
        "wrong_format",
    ),
    "random bytes named .dta": ("noise.dta", lambda p: p.write_bytes(NOISE), "wrong_format"),
    "random bytes named .sav": ("noise.sav", lambda p: p.write_bytes(NOISE), "wrong_format"),
    "random bytes named .xlsx": ("noise.xlsx", lambda p: p.write_bytes(NOISE), "wrong_format"),
    "an empty .csv": ("empty.csv", lambda p: p.write_bytes(b""), "empty"),
    "a .csv of blank lines": ("blank.csv", lambda p: p.write_text("\n\n  \n"), "empty"),
    "an empty .parquet": ("empty.parquet", lambda p: p.write_bytes(b""), "empty"),
    "an empty .dta": ("empty.dta", lambda p: p.write_bytes(b""), "empty"),
    "a header-only .csv": ("header.csv", lambda p: p.write_text("y,w\n"), "no_records"),
    "a header-only .parquet": (
        "header.parquet",
        lambda p: GOOD.head(0).write_parquet(p),
        "no_records",
    ),
    "a header-only .xlsx": ("header.xlsx", _header_only_xlsx, "no_records"),
    "a header-only .dta": ("header.dta", _header_only_stata, "no_records"),
    "a corrupted .parquet": ("corrupted.parquet", _corrupted_parquet, "unreadable"),
    "a zip named .xlsx": ("archive.xlsx", _zip_that_is_no_workbook, "unreadable"),
    "a zip bomb named .xlsx": ("bomb.xlsx", lambda p: p.write_bytes(zip_bomb()), "bomb"),
    "an .xlsx with a DTD": ("laughs.xlsx", _entities_xlsx(1), "entities"),
    "an .xlsx with another DTD": ("entity.xlsx", _entities_xlsx(2), "entities"),
    "a Stata header and nothing after it": (
        "cut.dta",
        lambda p: p.write_bytes(b"<stata_dta>" + NOISE),
        "unreadable",
    ),
    "a file that does not exist": ("nowhere.csv", lambda p: None, "not_found"),
    "a directory": ("folder.csv", lambda p: p.mkdir(), "directory"),
}


def make(case: str, folder: Path) -> tuple[Path, str]:
    name, write, reason = CASES[case]
    path = folder / name
    write(path)
    return path, reason


@pytest.mark.parametrize("case", list(CASES))
def test_it_says_what_is_wrong_with_the_file(
    case: str, engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    path, reason = make(case, tmp_path)
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    with pytest.raises(UnreadableFileError) as exc:
        poverty_measures(
            path, welfare="y", weight="w", line=150, measures=["fgt0"], engine=engine, spark=spark
        )
    assert exc.value.reason == reason
    assert exc.value.file_name == path.name and path.name in str(exc.value)
    assert exc.value.column is None  # the file is at fault, not a column of it
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("random bytes named .csv", "noise.csv is not a CSV text file: it holds binary data"),
        ("a CSV named .parquet", "text.parquet is not in Parquet format"),
        ("random bytes named .xlsx", "noise.xlsx is not in Excel format"),
        ("an empty .csv", "empty.csv is empty: it has no column names and no records"),
        ("a header-only .csv", "header.csv has column names but no records"),
        ("a header-only .parquet", "header.parquet has column names but no records"),
        ("a corrupted .parquet", "corrupted.parquet cannot be read as Parquet: "),
        ("a zip bomb named .xlsx", "bomb.xlsx inflates to 3145728"),
        ("an .xlsx with a DTD", "laughs.xlsx holds an XML entity declaration (DOCTYPE)"),
        ("a directory", "folder.csv is a folder, not a file"),
        ("a file that does not exist", "file not found: "),
    ],
)
def test_the_command_prints_one_line_and_exits_2(
    case: str,
    says: str,
    engine: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    if engine == "spark":
        request.getfixturevalue("spark_session")
    path, _ = make(case, tmp_path)
    args = [str(path), "--welfare", "y", "--weight", "w", "--line", "150", "--engine", engine]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("sepakat poverty: error: ")
    assert says in err


def test_a_header_only_file_is_not_blamed_on_its_columns(tmp_path: Path) -> None:
    """Column names without records used to read as text and be reported as 'not numeric'."""
    path, _ = make("a header-only .csv", tmp_path)
    with pytest.raises(UnreadableFileError) as exc:
        poverty_measures(path, welfare="y", weight="w", line=150, measures=["fgt0"])
    assert "not numeric" not in str(exc.value)


def test_a_frame_without_records_is_refused() -> None:
    with pytest.raises(Exception, match="the input table has no records"):
        poverty_measures(GOOD.head(0), welfare="y", weight="w", line=150, measures=["fgt0"])


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_a_value_past_the_type_sample_is_a_readable_error(engine: str, tmp_path: Path) -> None:
    """DuckDB and Polars guess a CSV's types from its first rows; a value further down that
    does not fit is found only when the query runs, and named with its line."""
    path = tmp_path / "late.csv"
    rows = ["y,w"] + [f"{100 + i % 50},1.5" for i in range(30_000)] + ["abc,1.5"]
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(UnreadableFileError) as exc:
        poverty_measures(path, welfare="y", weight="w", line=150, measures=["fgt0"], engine=engine)
    assert exc.value.reason == "unreadable"
    assert "abc" in str(exc.value) and "\n" not in str(exc.value)


def test_the_command_never_shows_a_traceback(tmp_path: Path) -> None:
    """The whole process, as a user runs it: one line on standard error, exit code 2."""
    options = ["--welfare", "y", "--weight", "w", "--line", "150", "--engine", "pandas"]
    for case in ("random bytes named .csv", "random bytes named .parquet", "an empty .csv"):
        path, _ = make(case, tmp_path)
        done = subprocess.run(
            [sys.executable, "-m", "sepakat.analytics", "poverty", str(path), *options],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1 and path.name in done.stderr
