"""The ``sepakat poverty`` command: output shape, formats and errors (exit code 2)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from sepakat.analytics.cli import main


@pytest.fixture
def survey_csv(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    pl.DataFrame(
        {
            "prov": ["32", "32", "32", "32", "33", "33", "33", "33"],
            "kab": ["32.01", "32.01", "32.10", "32.10", "33.01", "33.01", "33.02", "33.02"],
            "strata": ["a", "a", "b", "b", "c", "c", "d", "d"],
            "psu": [1, 2, 3, 4, 5, 6, 7, 8],
            "exp": [100.0, 300.0, 120.0, 500.0, 90.0, 400.0, 200.0, 130.0],
            "wt": [10.0, 20.0, 15.0, 5.0, 8.0, 12.0, 9.0, 11.0],
            "hhsize": [4, 3, 5, 2, 6, 3, 4, 4],
            "line": [150.0, 150.0, 140.0, 140.0, 160.0, 160.0, 150.0, 150.0],
        }
    ).write_csv(path)
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_it_writes_one_row_per_group_and_measure(
    survey_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        [
            str(survey_csv),
            "--welfare",
            "exp",
            "--weight",
            "wt",
            "--size",
            "hhsize",
            "--strata",
            "strata",
            "--psu",
            "psu",
            "--line-col",
            "line",
            "--by",
            "prov",
            "--by",
            "kab",
            "--measures",
            "fgt0,gini",
        ],
        capsys,
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "prov",
        "kab",
        "measure",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "cv",
        "n",
        "population",
        "cv_flag",
    ]
    assert len(rows) == (1 + 2 + 4) * 2
    nation = [r for r in rows if r["prov"] == "" and r["kab"] == ""]
    assert [r["measure"] for r in nation] == ["fgt0", "gini"]
    assert nation[0]["n"] == "8"
    # kab codes keep their text form (32.10 is not 32.1)
    assert {r["kab"] for r in rows} >= {"32.10", "32.01"}
    assert all(r["se"] != "" for r in rows)


def test_it_leaves_se_empty_without_a_design(
    survey_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        [
            str(survey_csv),
            "--welfare",
            "exp",
            "--weight",
            "wt",
            "--line",
            "150",
            "--measures",
            "fgt0",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    rows = json.loads(out)
    assert rows == [
        {
            "measure": "fgt0",
            "estimate": pytest.approx(rows[0]["estimate"]),
            "se": None,
            "ci_low": None,
            "ci_high": None,
            "cv": None,
            "n": 8,
            "population": pytest.approx(90.0),
            "cv_flag": None,
        }
    ]


def test_it_prints_a_table_and_writes_to_a_file(
    survey_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_path = tmp_path / "out.csv"
    code, out, _ = run(
        [
            str(survey_csv),
            "--welfare",
            "exp",
            "--weight",
            "wt",
            "--line",
            "150",
            "--measures",
            "fgt0,mean",
            "--output",
            str(out_path),
        ],
        capsys,
    )
    assert code == 0 and out == ""
    assert out_path.read_text().startswith("measure,estimate,se")
    code, out, _ = run(
        [
            str(survey_csv),
            "--welfare",
            "exp",
            "--weight",
            "wt",
            "--line",
            "150",
            "--measures",
            "fgt0",
            "--format",
            "table",
        ],
        capsys,
    )
    assert code == 0
    assert out.splitlines()[0].split() == [
        "measure",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "cv",
        "n",
        "population",
        "cv_flag",
    ]


@pytest.mark.parametrize(
    ("args", "column", "rows"),
    [
        (["--welfare", "nope", "--weight", "wt"], "nope", None),
        (["--welfare", "exp", "--weight", "strata"], "strata", "1, 2, 3"),
        (["--welfare", "exp", "--weight", "wt", "--strata", "missing"], "missing", None),
    ],
)
def test_it_names_the_bad_column_and_exits_2(
    survey_csv: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    column: str,
    rows: str | None,
) -> None:
    code, out, err = run([str(survey_csv), *args, "--line", "150"], capsys)
    assert code == 2
    assert out == ""
    assert repr(column) in err
    if rows:
        assert rows in err


def test_it_reports_negative_weights_with_their_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "neg.csv"
    path.write_text("y,w\n10,1\n20,-1\n30,2\n40,-3\n")
    code, _, err = run([str(path), "--welfare", "y", "--weight", "w", "--line", "25"], capsys)
    assert code == 2
    assert "'w' has negative weights: 2 record(s) (first rows: 2, 4)" in err


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity"])
def test_it_refuses_nan_and_infinite_values_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    engine: str,
    value: str,
) -> None:
    """They used to give numbers (an infinite weight: FGT0 = 1, 1.8e308 poor) with exit 0."""
    path = tmp_path / "odd.csv"
    path.write_text(f"y,w\n10,1\n20,{value}\n30,2\n")
    code, out, err = run(
        [str(path), "--welfare", "y", "--weight", "w", "--line", "25", "--engine", engine],
        capsys,
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("sepakat poverty: error: column 'w' has ")
    if engine != "spark":  # Spark reads only NaN and Infinity as numbers; inf is missing there
        assert "'w' has NaN or infinite values: 1 record(s) (first rows: 2)" in err


def test_it_reports_text_in_a_weight_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "text.csv"
    path.write_text("y,w\n10,1\n20,abc\n30,2\n")
    code, _, err = run([str(path), "--welfare", "y", "--weight", "w", "--line", "25"], capsys)
    assert code == 2
    assert "'w' is not numeric" in err and "first rows: 2" in err


def test_it_exits_2_on_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["file.csv", "--welfare", "y"]) == 2
    assert (
        main(["file.csv", "--welfare", "y", "--weight", "w", "--line", "1", "--line-col", "z"]) == 2
    )


def test_it_runs_as_a_module_and_imports_no_django(survey_csv: Path) -> None:
    code = (
        f"import sys, runpy; sys.argv = ['x', 'poverty', {str(survey_csv)!r}, '--welfare', 'exp', '--weight',"
        " 'wt', '--line', '150', '--measures', 'fgt0'];"
        "\ntry:\n    runpy.run_module('sepakat.analytics', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("measure,estimate")


def test_the_cli_module_starts_without_heavy_imports() -> None:
    code = (
        "import sys; import sepakat.analytics.cli;"
        "heavy = [m for m in ('polars', 'duckdb', 'pyspark', 'pandas', 'narwhals', 'django')"
        " if m in sys.modules]; print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
